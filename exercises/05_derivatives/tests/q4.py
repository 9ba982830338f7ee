from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_one_step(gradient_descent):
    import numpy as np
    X, y = (np.array([[1.0], [2.0]]), np.array([1.0, 2.0]))
    out = np.asarray(gradient_descent(np.array([2.0]), X, y, 0.1, 1), dtype=float)
    assert np.allclose(out, [1.5]), 'Hint: one step from w = 2 with gradient 5 and learning rate 0.1 lands on 2 - 0.1 * 5 = 1.5'

@test_case(points=None, hidden=True)
def test_hidden_converges_to_least_squares(gradient_descent):
    import numpy as np
    rng = np.random.default_rng(12)
    X = rng.normal(size=(40, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.01 * rng.normal(size=40)
    out = np.asarray(gradient_descent(np.zeros(3), X, y, 0.1, 300), dtype=float)
    assert np.allclose(out, np.linalg.lstsq(X, y, rcond=None)[0], atol=0.0001)

@test_case(points=None, hidden=True)
def test_hidden_exact_steps(gradient_descent):
    import numpy as np
    rng = np.random.default_rng(13)
    X, y, w = (rng.normal(size=(8, 2)), rng.normal(size=8), rng.normal(size=2))
    out = np.asarray(gradient_descent(w, X, y, 0.05, 7), dtype=float)
    for _ in range(7):
        w = w - 0.05 * 2 / 8 * X.T @ (X @ w - y)
    assert np.allclose(out, w)

