from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_vector_against_column(mse):
    import numpy as np
    out = mse(np.array([1.0, 2.0, 3.0, 4.0]), np.array([[1.0], [2.0], [3.0], [5.0]]))
    assert out is not None, 'Hint: return the mean squared error'
    assert np.isclose(float(out), 0.25), f'Hint: for y_true = [1, 2, 3, 4] and y_pred = [[1], [2], [3], [5]] the MSE is 0.25 (one error of 1 among 4); {float(out):.4g} means the two broadcast to a (4, 4) table'

@test_case(points=None, hidden=False)
def test_column_against_vector_and_lists(mse):
    import numpy as np
    out = mse(np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 2.0, 2.0]))
    assert np.isclose(float(out), 2 / 3), 'Hint: for y_true = [[1], [2], [3]] and y_pred = [2, 2, 2] the errors are 1, 0, 1, so the MSE is 2/3; make both the same shape first'
    out = mse([0.0, 0.0], [1.0, 3.0])
    assert np.isclose(float(out), 5.0), 'Hint: lists work too: for [0, 0] and [1, 3] the MSE is (1 + 9) / 2 = 5'

@test_case(points=None, hidden=True)
def test_hidden_every_combination_like_keras(mse):
    import keras
    import numpy as np
    rng = np.random.default_rng(44)
    y_true, y_pred = (rng.normal(size=9), rng.normal(size=9))
    reference = float(keras.losses.MeanSquaredError()(y_true, y_pred))
    for a in [y_true, y_true[:, None]]:
        for b in [y_pred, y_pred[:, None]]:
            assert np.isclose(float(mse(a, b)), reference, rtol=1e-05)

