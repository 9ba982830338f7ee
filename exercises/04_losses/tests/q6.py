from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_four_customers(weighted_bce):
    import numpy as np
    y, p = (np.array([1.0, 0.0, 0.0, 0.0]), np.array([0.4, 0.2, 0.1, 0.3]))
    out = weighted_bce(y, p, {0: 1.0, 1: 4.0})
    assert out is not None, 'Hint: return the loss (your function returns None)'
    out = float(np.ravel(out)[0])
    per_sample = -np.log(np.where(y == 1, p, 1 - p))
    assert not np.isclose(out, per_sample.mean()), "Hint: your loss ignores class_weight: each sample's loss is multiplied by the weight of its class"
    assert not np.isclose(out, np.sum([1, 4, 4, 4] * per_sample) / 4), 'Hint: class_weight[1] belongs to the samples whose label is 1'
    assert not np.isclose(out, np.sum([4, 1, 1, 1] * per_sample) / 7), 'Hint: Keras divides the weighted sum by the number of samples, not by the sum of the weights'
    expected = np.sum([4, 1, 1, 1] * per_sample) / 4
    assert np.isclose(out, expected), f'Hint: for this batch the weighted loss is {expected:.4f}'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_and_nnlib(weighted_bce):
    import numpy as np
    import keras
    from nnlib import losses
    rng = np.random.default_rng(406)
    y = (rng.uniform(size=40) < 0.2).astype(float)
    p = rng.uniform(0.02, 0.98, size=40)
    out = float(np.ravel(weighted_bce(y, p, {0: 0.7, 1: 6.5}))[0])
    w = np.where(y == 1, 6.5, 0.7)
    keras_loss = keras.losses.BinaryCrossentropy()
    theirs = float(keras_loss(y[:, None], p[:, None], sample_weight=w))
    assert np.isclose(out, theirs, rtol=1e-05)
    ours = float(losses.BinaryCrossentropy()(y[:, None], p[:, None], sample_weight=w))
    assert np.isclose(out, ours, rtol=1e-06)

