from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_three_samples(mae_gradient):
    import numpy as np
    X = np.array([[1.0, 2.0], [3.0, -2.0], [0.5, 1.0]])
    out = mae_gradient(np.array([0.5, 0.5]), 0.0, X, np.array([1.0, 0.0, 2.0]))
    assert out is not None and len(out) == 2, 'Hint: return the pair (grad_w, grad_b)'
    grad_w = np.ravel(np.asarray(out[0], dtype=float))
    grad_b = float(np.ravel(out[1])[0])
    assert grad_w.shape == (2,), f'Hint: one derivative per weight, shape (2,); got {grad_w.shape}'
    assert not np.allclose(grad_w, [3.5, -1]), 'Hint: L is a mean: divide by n = 3'
    assert not np.allclose(grad_w, [-1.1666667, 0.33333333]), 'Hint: the error is e = y_hat - y, and d|e|/de = sign(e)'
    assert np.allclose(grad_w, [1.1666667, -0.33333333]), 'Hint: here the errors are [0.5, 0.5, -1.25]; only their signs [1, 1, -1] enter, each times its row of X, averaged: grad_w = [1.1667, -0.3333]'
    assert np.isclose(grad_b, 0.33333333), 'Hint: the bias gets the mean of the signs: (1 + 1 - 1) / 3'

@test_case(points=None, hidden=True)
def test_hidden_like_both_tapes(mae_gradient):
    import numpy as np
    import tensorflow as tf
    import nnlib
    rng = np.random.default_rng(502)
    X, y = (rng.normal(size=(30, 4)), rng.normal(size=30))
    w0, b0 = (rng.normal(size=4), 0.4)
    out = mae_gradient(w0, b0, X, y)
    w, b = (nnlib.Variable(w0), nnlib.Variable(b0))
    with nnlib.GradientTape() as tape:
        loss = nnlib.ops.mean(nnlib.ops.abs(nnlib.ops.matmul(X, w) + b - y))
    gw, gb = tape.gradient(loss, [w, b])
    assert np.allclose(np.ravel(np.asarray(out[0], dtype=float)), gw.numpy(), rtol=1e-05)
    assert np.isclose(float(np.ravel(out[1])[0]), float(gb.numpy()), rtol=1e-05)
    X, y, w0 = (rng.normal(size=(9, 3)), rng.normal(size=9), rng.normal(size=3))
    out = mae_gradient(w0, -0.2, X, y)
    w_tf, b_tf = (tf.Variable(w0), tf.Variable(-0.2, dtype=tf.float64))
    with tf.GradientTape() as tape_tf:
        loss_tf = tf.reduce_mean(tf.abs(tf.linalg.matvec(X, w_tf) + b_tf - y))
    gw_tf, gb_tf = tape_tf.gradient(loss_tf, [w_tf, b_tf])
    grad_w = np.ravel(np.asarray(out[0], dtype=float))
    assert np.allclose(grad_w, gw_tf.numpy(), rtol=1e-05)
    assert np.isclose(float(np.ravel(out[1])[0]), float(gb_tf.numpy()), rtol=1e-05)

