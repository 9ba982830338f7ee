from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_four_samples(gradients):
    import numpy as np
    W1, b1 = (np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7]]), np.array([0.15, -0.2, 0.1]))
    W2 = np.array([[0.5, -0.3, 0.2], [-0.4, 0.6, 0.1], [0.3, 0.2, -0.5]])
    b2 = np.array([0.0, 0.1, -0.1])
    x = np.array([[0.5, -1.0], [1.5, 0.5], [-0.5, 2.0], [1.0, 1.0]])
    out = gradients(x, np.array([0, 1, 2, 1]), [W1, b1, W2, b2])
    assert out is not None, 'Hint: gradients returned None: return [dW1, db1, dW2, db2]'
    dW1, db1, dW2, db2 = [np.asarray(g, dtype=float) for g in out]
    assert dW1.shape == (2, 3) and dW2.shape == (3, 3), f'Hint: dW1 has the shape of W1, (2, 3), and dW2 that of W2, (3, 3); got {dW1.shape} and {dW2.shape}'
    db1, db2 = (db1.reshape(-1), db2.reshape(-1))
    assert db1.shape == (3,) and db2.shape == (3,), "Hint: each bias's gradient has the shape of the bias, (3,): sum over the samples"
    assert not np.allclose(db2, [-0.134192, 0.156689, -0.022497], atol=1e-05), 'Hint: your gradients have the wrong sign: they point to where the loss falls'
    assert not np.allclose(db2, [0.536768, -0.626756, 0.089988], atol=1e-05), 'Hint: L is the mean over the n = 4 samples, not their sum'
    assert not np.allclose(db2, [0.384192, 0.343311, 0.272497], atol=1e-05), 'Hint: your output gradients do not depend on the labels y; the loss -log p_(i, y_i) does'
    assert np.allclose(db2, [0.134192, -0.156689, 0.022497], atol=1e-05), 'Hint: for this example db2 is about [0.1342, -0.1567, 0.0225]'
    assert np.allclose(dW2, [[0.219778, -0.259261, 0.039483], [0.061548, 0.131607, -0.193155], [-0.125734, 0.081359, 0.044375]], atol=1e-05), 'Hint: your db2 is right; dW2[0] should be about [0.2198, -0.2593, 0.0395] for this example'
    assert not np.allclose(db1, [0.118602, -0.145441, -0.002329], atol=1e-05), "Hint: a hidden unit passes no gradient back for a sample that switches it off (Z1 < 0): multiply by relu'(Z1)"
    assert np.allclose(db1, [0.118602, 0.031845, -0.087629], atol=1e-05), "Hint: your output layer's gradients are right; db1 should be about [0.1186, 0.0318, -0.0876] for this example"
    assert np.allclose(dW1, [[0.294625, -0.015922, -0.085262], [0.199745, 0.06369, 0.025458]], atol=1e-05), 'Hint: your db1 is right; dW1[0] should be about [0.2946, -0.0159, -0.0853] for this example'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_tape(gradients):
    import numpy as np
    import nnlib
    from nnlib import ops
    rng = np.random.default_rng(802)
    for n, d, h, k in [(7, 3, 5, 4), (12, 2, 8, 3)]:
        x, y = (rng.normal(size=(n, d)), rng.integers(0, k, size=n))
        values = [rng.normal(size=(d, h)), rng.normal(size=h), rng.normal(size=(h, k)), rng.normal(size=k)]
        W1, b1, W2, b2 = variables = [nnlib.Variable(v) for v in values]
        with nnlib.GradientTape() as tape:
            logits = ops.matmul(ops.relu(ops.matmul(x, W1) + b1), W2) + b2
            loss = ops.mean(nnlib.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
        expected = tape.gradient(loss, variables)
        out = gradients(x, y, values)
        assert len(out) == 4
        for g, e in zip(out, expected):
            assert np.allclose(np.asarray(g, dtype=float).reshape(e.shape), e.numpy(), rtol=1e-05, atol=1e-07)
            assert np.shape(g) in [e.shape, e.shape + (1,)]

@test_case(points=None, hidden=True)
def test_hidden_like_tf_tape(gradients):
    import keras
    import numpy as np
    import tensorflow as tf
    rng = np.random.default_rng(803)
    x, y = (rng.normal(size=(10, 4)), rng.integers(0, 3, size=10))
    values = [rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=(6, 3)), rng.normal(size=3)]
    W1, b1, W2, b2 = variables = [tf.Variable(v) for v in values]
    with tf.GradientTape() as tape:
        logits = tf.matmul(tf.nn.relu(tf.matmul(x, W1) + b1), W2) + b2
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
    expected = tape.gradient(loss, variables)
    for g, e in zip(gradients(x, y, values), expected):
        assert np.allclose(np.asarray(g, dtype=float).reshape(e.shape), e.numpy(), rtol=1e-05, atol=1e-07)

