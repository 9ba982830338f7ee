from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_small_example(softmax_gradients):
    import numpy as np
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 0.0]])
    y = np.array([0, 2, 1, 2])
    W = np.array([[0.2, -0.1, 0.4], [0.3, 0.1, -0.2]])
    b = np.array([0.1, 0.0, -0.1])
    out = softmax_gradients(X, y, W, b)
    assert out is not None, 'Hint: softmax_gradients returned None: return the pair (dW, db)'
    dW, db = out
    dW, db = (np.asarray(dW, dtype=float), np.asarray(db, dtype=float).reshape(-1))
    assert dW.shape == (2, 3), f'Hint: dW has the shape of W, (d, k) = (2, 3); got {dW.shape}'
    assert db.shape == (3,), f'Hint: db has one entry per class, like b: shape (3,); got {db.shape}'
    expected_dW = np.array([[0.007887, -0.043871, 0.035984], [-0.271808, 0.451833, -0.180025]])
    expected_db = np.array([0.137734, 0.028911, -0.166645])
    assert not np.allclose(dW, -expected_dW, atol=1e-05), 'Hint: your gradient has the wrong sign: it points to where the loss falls, not where it grows'
    assert not np.allclose(dW, 4 * expected_dW, atol=1e-05), 'Hint: L is the mean over the n = 4 samples, not their sum'
    assert not np.allclose(dW, [[0.257887, 0.081129, 0.285984], [0.228192, 0.076833, -0.055025]], atol=1e-05), 'Hint: your dW does not depend on the labels y; the loss -log p_(i, y_i) does'
    assert np.allclose(db, expected_db, atol=1e-05), 'Hint: for this example db is about [0.1377, 0.0289, -0.1666]'
    assert np.allclose(dW, expected_dW, atol=1e-05), 'Hint: your db is right; for this example dW[0] is about [0.0079, -0.0439, 0.0360] and dW[1] about [-0.2718, 0.4518, -0.1800]'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_tape(softmax_gradients):
    import numpy as np
    import nnlib
    from nnlib import ops
    rng = np.random.default_rng(702)
    for n, d, k in [(9, 4, 3), (16, 3, 5)]:
        X, y = (rng.normal(size=(n, d)), rng.integers(0, k, size=n))
        W, b = (nnlib.Variable(rng.normal(size=(d, k))), nnlib.Variable(rng.normal(size=k)))
        with nnlib.GradientTape() as tape:
            logits = ops.matmul(X, W) + b
            loss = ops.mean(nnlib.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
        expected_dW, expected_db = tape.gradient(loss, [W, b])
        dW, db = softmax_gradients(X, y, W.numpy(), b.numpy())
        assert np.allclose(np.asarray(dW, dtype=float), expected_dW.numpy(), rtol=1e-05, atol=1e-07)
        assert np.allclose(np.asarray(db, dtype=float).reshape(-1), expected_db.numpy(), rtol=1e-05, atol=1e-07)

@test_case(points=None, hidden=True)
def test_hidden_like_tf_tape(softmax_gradients):
    import keras
    import numpy as np
    import tensorflow as tf
    rng = np.random.default_rng(703)
    X, y = (rng.normal(size=(11, 5)), rng.integers(0, 4, size=11))
    W, b = (tf.Variable(rng.normal(size=(5, 4))), tf.Variable(rng.normal(size=4)))
    with tf.GradientTape() as tape:
        logits = tf.matmul(X, W) + b
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
    expected_dW, expected_db = tape.gradient(loss, [W, b])
    dW, db = softmax_gradients(X, y, W.numpy(), b.numpy())
    assert np.allclose(np.asarray(dW, dtype=float), expected_dW.numpy(), rtol=1e-05, atol=1e-07)
    assert np.allclose(np.asarray(db, dtype=float).reshape(-1), expected_db.numpy(), rtol=1e-05, atol=1e-07)

