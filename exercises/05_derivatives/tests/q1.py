from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_one_feature(mse_gradient):
    import numpy as np
    X, y = (np.array([[1.0], [2.0]]), np.array([1.0, 2.0]))
    out = np.asarray(mse_gradient(np.array([2.0]), X, y), dtype=float)
    assert out.shape == (1,), f'Hint: one derivative per weight, shape (1,), not {out.shape}'
    assert np.allclose(out, [5.0]), 'Hint: with w = 2 the errors are X w - y = [1, 2]; the gradient is 2/n X^T (X w - y) = 5'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_tape(mse_gradient):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(9)
    X, y, w0 = (rng.normal(size=(30, 4)), rng.normal(size=30), rng.normal(size=4))
    w = nnlib.Variable(w0)
    with nnlib.GradientTape() as tape:
        loss = nnlib.ops.mean(nnlib.ops.square(nnlib.ops.matmul(X, w) - y))
    assert np.allclose(np.asarray(mse_gradient(w0, X, y), dtype=float), tape.gradient(loss, w).numpy())

@test_case(points=None, hidden=True)
def test_hidden_like_tensorflow(mse_gradient):
    import numpy as np
    import tensorflow as tf
    rng = np.random.default_rng(10)
    X, y, w0 = (rng.normal(size=(12, 3)), rng.normal(size=12), rng.normal(size=3))
    w = tf.Variable(w0)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.linalg.matvec(X, w) - y) ** 2)
    assert np.allclose(np.asarray(mse_gradient(w0, X, y), dtype=float), tape.gradient(loss, w).numpy())

