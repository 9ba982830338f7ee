from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_small_example(mse):
    import numpy as np
    out = mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.5, 5.0]))
    assert out is not None and np.isclose(float(out), (0 + 0.25 + 4) / 3), 'Hint: square each difference, then average (do not sum)'

@test_case(points=None, hidden=True)
def test_hidden_like_keras(mse):
    import keras
    import numpy as np
    rng = np.random.default_rng(6)
    y, p = (rng.normal(size=50), rng.normal(size=50))
    expected = float(keras.ops.convert_to_numpy(keras.losses.MeanSquaredError()(y, p)))
    assert np.isclose(float(mse(y, p)), expected, rtol=1e-05)

