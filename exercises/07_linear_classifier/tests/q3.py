from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_four_samples(accuracy):
    import numpy as np
    out = accuracy(np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.4, 0.2, 0.6]))
    assert out is not None and np.isclose(float(out), 0.5), 'Hint: predict 1 where p > 0.5, then count how often the prediction equals the label, and divide by n'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_binary_accuracy(accuracy):
    import keras
    import numpy as np
    rng = np.random.default_rng(19)
    y, p = (rng.integers(0, 2, size=64).astype('float32'), rng.uniform(size=64).astype('float32'))
    metric = keras.metrics.BinaryAccuracy()
    metric.update_state(y, p)
    assert np.isclose(float(accuracy(y, p)), float(keras.ops.convert_to_numpy(metric.result())))

