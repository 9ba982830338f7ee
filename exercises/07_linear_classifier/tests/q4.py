from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_is_a_fraction(train_accuracy):
    assert train_accuracy is not ..., 'Hint: replace the ... after train_accuracy = with your answer, and run that cell'
    import numpy as np
    assert train_accuracy is not None and 0 <= float(train_accuracy) <= 1, 'Hint: an accuracy is a fraction between 0 and 1'
    assert float(train_accuracy) > 0.5, 'Hint: the two clouds are far apart; a trained classifier gets most points right'

@test_case(points=None, hidden=True)
def test_hidden_exact_accuracy(train_accuracy):
    import numpy as np
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(-1.0, 1.0, size=(50, 2)), rng.normal(1.0, 1.0, size=(50, 2))])
    y = np.repeat([0.0, 1.0], 50)
    w, b = (np.zeros(2), 0.0)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w, b = (w - 0.5 * X.T @ (p - y) / 100, b - 0.5 * np.mean(p - y))
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert np.isclose(float(train_accuracy), np.mean((p > 0.5) == y))

