from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_and_truth_table(w_and, b_and):
    assert w_and is not ..., 'Hint: replace the ... after w_and = with your answer, and run that cell'
    assert b_and is not ..., 'Hint: replace the ... after b_and = with your answer, and run that cell'
    import numpy as np
    from nnlib.perceptron import step
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    assert w_and is not None and b_and is not None, 'Hint: store your weights and bias'
    predictions = step(X @ np.asarray(w_and, dtype=float) + float(b_and))
    assert predictions.tolist() == [0, 0, 0, 1], f'Hint: your perceptron outputs {predictions.tolist()}; only [1, 1] should give a positive x . w + b'

@test_case(points=None, hidden=True)
def test_hidden_and_with_a_margin(w_and, b_and):
    import numpy as np
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    z = X @ np.asarray(w_and, dtype=float) + float(b_and)
    assert np.asarray(w_and).shape == (2,)
    assert z[3] > 0 and np.all(z[:3] <= 0)

