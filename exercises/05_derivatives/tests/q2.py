from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_zero_weights(logistic_gradient):
    import numpy as np
    X, y = (np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([1.0, 0.0]))
    out = np.asarray(logistic_gradient(np.zeros(2), 0.0, X, y), dtype=float)
    assert out.shape == (3,), f'Hint: d + 1 = 3 numbers, the bias derivative last; got shape {out.shape}'
    dz = (np.array([0.5, 0.5]) - y) / 2
    assert np.allclose(out, np.append(X.T @ dz, dz.sum())), 'Hint: with w = 0 and b = 0 every p is 0.5; the gradient is X^T (p - y) / n, and the bias gets the sum of (p - y) / n'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_tape(logistic_gradient):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(11)
    X, y = (rng.normal(size=(25, 3)), rng.integers(0, 2, size=25).astype(float))
    w0, b0 = (rng.normal(size=3), 0.3)
    w, b = (nnlib.Variable(w0), nnlib.Variable(b0))
    with nnlib.GradientTape() as tape:
        p = nnlib.ops.sigmoid(nnlib.ops.matmul(X, w) + b)
        loss = nnlib.ops.mean(-(y * nnlib.ops.log(p) + (1 - y) * nnlib.ops.log(1 - p)))
    gw, gb = tape.gradient(loss, [w, b])
    expected = np.append(gw.numpy(), gb.numpy())
    assert np.allclose(np.asarray(logistic_gradient(w0, b0, X, y), dtype=float), expected)

