from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 4

@test_case(points=None, hidden=False)
def test_a_small_network(backprop):
    import numpy as np
    import nnlib
    from nnlib import ops
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5]])
    labels = np.array([0, 2, 1])
    W1 = np.array([[0.5, -0.3, 0.8, -0.6], [0.2, 0.4, -0.5, 0.1]])
    b1 = np.array([0.1, -0.1, 0.0, 0.2])
    W2 = np.array([[0.3, -0.2, 0.5], [-0.4, 0.6, 0.1], [0.2, 0.3, -0.7], [0.5, -0.5, 0.2]])
    b2 = np.array([0.0, 0.1, -0.1])
    out = backprop(X, labels, W1, b1, W2, b2)
    assert out is not None and len(out) == 4, 'Hint: return the tuple (dW1, db1, dW2, db2)'
    dW1, db1, dW2, db2 = (np.asarray(g, dtype=float) for g in out)
    assert dW1.shape == (2, 4) and dW2.shape == (4, 3), f"Hint: each gradient has its weight's shape: dW1 (2, 4), dW2 (4, 3); got {dW1.shape} and {dW2.shape}; X^T delta1 is (d, n) @ (n, k)"
    assert db1.size == 4 and db2.size == 3, f'Hint: db1 has 4 entries and db2 3 (got {db1.size} and {db2.size}): a bias was added to every row, so its gradient is its delta summed over the rows'
    weights = [nnlib.Variable(v) for v in (W1, b1, W2, b2)]
    with nnlib.GradientTape() as tape:
        hidden = ops.relu(ops.matmul(X, weights[0]) + weights[1])
        logits = ops.matmul(hidden, weights[2]) + weights[3]
        loss = nnlib.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
        loss = ops.mean(loss)
    grads = tape.gradient(loss, weights)
    tape_dW1, tape_db1, tape_dW2, tape_db2 = (g.numpy() for g in grads)
    assert not np.allclose(dW2, 3 * tape_dW2), 'Hint: L is a mean: delta2 carries a 1/n'
    assert np.allclose(dW2, tape_dW2) and np.allclose(np.ravel(db2), tape_db2), f'Hint: steps 1 and 2: delta2 = (softmax(Z2) - one-hot labels) / n, then dW2 = H^T delta2 and db2 = delta2 summed over the rows; for this example db2 = {np.round(tape_db2, 4)}'
    assert np.allclose(dW1, tape_dW1) and np.allclose(np.ravel(db1), tape_db1), f"Hint: the output layer is right; check steps 3 to 5: dL/dH = delta2 W2^T, then relu's slope (1 where Z1 > 0, 0 elsewhere) multiplies it entry by entry; for this example db1 = {np.round(tape_db1, 4)}"

@test_case(points=None, hidden=True)
def test_hidden_like_tensorflow(backprop):
    import numpy as np
    import tensorflow as tf
    import keras
    rng = np.random.default_rng(505)
    X, labels = (rng.normal(size=(6, 4)), rng.integers(0, 3, size=6))
    start = [rng.normal(scale=0.7, size=(4, 5)), rng.normal(scale=0.3, size=5), rng.normal(scale=0.7, size=(5, 3)), rng.normal(scale=0.3, size=3)]
    out = [np.asarray(g, dtype=float) for g in backprop(X, labels, *start)]
    weights = [tf.Variable(v) for v in start]
    with tf.GradientTape() as tape:
        hidden = keras.ops.relu(keras.ops.matmul(X, weights[0]) + weights[1])
        logits = keras.ops.matmul(hidden, weights[2]) + weights[3]
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))
    for mine, theirs in zip(out, tape.gradient(loss, weights)):
        theirs = theirs.numpy()
        same_shape = theirs.ndim == 1 or mine.shape == theirs.shape
        assert mine.size == theirs.size and same_shape
        assert np.allclose(mine.reshape(theirs.shape), theirs, rtol=1e-05, atol=1e-08)

