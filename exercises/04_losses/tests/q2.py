from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_two_samples(binary_crossentropy):
    import numpy as np
    out = binary_crossentropy(np.array([1.0, 0.0]), np.array([0.9, 0.2]))
    expected = -(np.log(0.9) + np.log(0.8)) / 2
    assert out is not None and np.isclose(float(out), expected), 'Hint: for y = 1 the loss is -log(p); for y = 0 it is -log(1 - p); then average'

@test_case(points=None, hidden=False)
def test_certain_and_wrong_is_finite(binary_crossentropy):
    import numpy as np
    out = float(binary_crossentropy(np.array([1.0]), np.array([0.0])))
    assert np.isfinite(out), 'Hint: clip p to [1e-7, 1 - 1e-7] before taking logarithms'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_with_extremes(binary_crossentropy):
    import keras
    import numpy as np
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, size=40).astype(float)
    p = np.concatenate([rng.uniform(size=36), [0.0, 1.0, 1.0, 0.0]])
    expected = float(keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(y, p)))
    assert np.isclose(float(binary_crossentropy(y, p)), expected, rtol=0.0001)

