from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_three_customers(bce_from_logits):
    import numpy as np
    y, z = (np.array([1.0, 0.0, 1.0]), np.array([2.0, -1.0, 0.5]))
    out = bce_from_logits(y, z)
    assert out is not None, 'Hint: return the mean loss (your function returns None)'
    p = 1 / (1 + np.exp(-z))
    per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.size(out) == 1, 'Hint: return one number, the mean over the samples'
    assert np.isclose(float(np.ravel(out)[0]), per_sample.mean()), f'Hint: for y = [1, 0, 1] and z = [2, -1, 0.5] the mean loss is {per_sample.mean():.4f} (-log p for y = 1, -log(1 - p) for y = 0)'

@test_case(points=None, hidden=False)
def test_huge_logits(bce_from_logits):
    import numpy as np
    out = float(np.ravel(bce_from_logits(np.array([1.0, 0.0]), np.array([-1000.0, 1000.0])))[0])
    assert np.isfinite(out), 'Hint: e^1000 overflows; for z < 0 write log(1 + e^-z) as -z + log(1 + e^z)'
    assert not np.isclose(out, -np.log(1e-07)), 'Hint: 16.12 is the clipped loss from probabilities; from logits there is no ceiling'
    assert np.isclose(out, 1000.0), 'Hint: a label 1 with logit -1000 costs -log(sigmoid(-1000)) = 1000 (up to e^-1000), and so does a label 0 with logit 1000'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_and_nnlib(bce_from_logits):
    import numpy as np
    import keras
    from nnlib import losses
    rng = np.random.default_rng(404)
    y = rng.integers(0, 2, size=30).astype(float)
    z = rng.normal(scale=5.0, size=30)
    out = float(np.ravel(bce_from_logits(y, z))[0])
    expected = float(keras.ops.mean(keras.losses.binary_crossentropy(y[:, None], z[:, None], from_logits=True)))
    assert np.isclose(out, expected, rtol=1e-05)
    y[:4], z[:4] = ([0.0, 1.0, 0.0, 1.0], [800.0, -800.0, 95.0, -95.0])
    out = float(np.ravel(bce_from_logits(y, z))[0])
    loss = losses.BinaryCrossentropy(from_logits=True)
    expected = float(loss(y[:, None], z[:, None]))
    assert np.isclose(out, expected, rtol=1e-06)

