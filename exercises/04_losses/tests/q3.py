from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_two_tickets(crossentropy_logit_gradient):
    import numpy as np
    Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    out = crossentropy_logit_gradient(np.array([0, 2]), Z)
    assert out is not None, 'Hint: return the slopes (your function returns None)'
    out = np.asarray(out, dtype=float)
    assert out.shape == (2, 3), f'Hint: one slope per logit: the shape of Z, (2, 3); got {out.shape}'
    probs = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert not np.allclose(out, probs / 2), 'Hint: the first term, -z_(i c_i), adds -1 to the slope of the true class'
    assert np.allclose(out.sum(axis=1), 0.0, atol=1e-06), 'Hint: each row of slopes sums to 0 (the softmax sums to 1, the label too)'
    assert out[0, 0] < 0 < out[0, 1], "Hint: raising the true class's logit lowers the loss: its slope is negative"
    assert np.isclose(out[0, 1], probs[0, 1] / 2), f'Hint: for a wrong class the slope is its softmax probability divided by the batch size n = 2: {probs[0, 1] / 2:.4f} for class 1 of the first ticket'
    assert np.isclose(out[0, 0], (probs[0, 0] - 1) / 2), f'Hint: for the true class it is (probability - 1) / n: {(probs[0, 0] - 1) / 2:.4f}'

@test_case(points=None, hidden=False)
def test_huge_logits(crossentropy_logit_gradient):
    import numpy as np
    out = crossentropy_logit_gradient(np.array([1]), np.array([[1000.0, 0.0, -1000.0]]))
    out = np.asarray(out, dtype=float)
    assert np.all(np.isfinite(out)), "Hint: exp(1000) overflows; subtract each row's largest logit before exp (the softmax does not change)"
    assert np.allclose(out, [[1.0, -1.0, 0.0]]), 'Hint: for logits [1000, 0, -1000] and true class 1 the softmax is [1, 0, 0], so the slopes are [1, -1, 0]'

@test_case(points=None, hidden=True)
def test_hidden_like_tensorflow_and_nnlib(crossentropy_logit_gradient):
    import numpy as np
    import tensorflow as tf
    import keras
    import nnlib
    rng = np.random.default_rng(403)
    Z = rng.normal(scale=3.0, size=(8, 4))
    labels = rng.integers(0, 4, size=8)
    out = np.asarray(crossentropy_logit_gradient(labels, Z), dtype=float)
    Z_tf = tf.Variable(Z)
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(labels, Z_tf, from_logits=True))
    assert np.allclose(out, tape.gradient(loss, Z_tf).numpy(), rtol=1e-05, atol=1e-09)
    Z[0] = [900.0, -900.0, 3.0, 899.0]
    out = np.asarray(crossentropy_logit_gradient(labels, Z), dtype=float)
    Z_nn = nnlib.Variable(Z)
    with nnlib.GradientTape() as tape_nn:
        loss_nn = nnlib.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, Z_nn)
    expected = tape_nn.gradient(loss_nn, Z_nn).numpy()
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-09)

