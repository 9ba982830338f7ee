from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_three_samples(logistic_gradient):
    import numpy as np
    X = np.array([[1.0, 2.0], [3.0, -1.0], [-0.5, 1.0]])
    out = logistic_gradient(np.array([0.5, -0.5]), 0.2, X, np.array([1.0, 0.0, 1.0]))
    assert out is not None and len(out) == 2, 'Hint: return the pair (grad_w, grad_b)'
    grad_w = np.ravel(np.asarray(out[0], dtype=float))
    grad_b = float(np.ravel(out[1])[0])
    assert grad_w.shape == (2,), f'Hint: one derivative per weight; got {grad_w.shape}'
    assert not np.allclose(grad_w, [2.4433738, -2.6832701]), 'Hint: L is a mean: divide by n = 3'
    assert not np.allclose(grad_w, [-0.81445794, 0.89442338]), 'Hint: dL/dz = phi - y (prediction minus label), not y - phi'
    assert np.allclose(grad_w, [0.81445794, -0.89442338]), 'Hint: here phi = [0.4256, 0.9002, 0.3659]; each sample adds (phi_i - y_i) x_i, and the mean divides by 3: grad_w = [0.8145, -0.8944]'
    assert np.isclose(grad_b, -0.1027762), 'Hint: dz/db = 1, so the bias gets the mean of phi - y: -0.1028'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(logistic_gradient):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(504)
    X, y = (rng.normal(size=(25, 3)), rng.integers(0, 2, size=25).astype(float))
    w0, b0 = (rng.normal(size=3), 0.3)
    out = logistic_gradient(w0, b0, X, y)
    w, b = (nnlib.Variable(w0), nnlib.Variable(b0))
    with nnlib.GradientTape() as tape:
        p = nnlib.ops.sigmoid(nnlib.ops.matmul(X, w) + b)
        loss = nnlib.ops.mean(-(y * nnlib.ops.log(p) + (1 - y) * nnlib.ops.log(1 - p)))
    gw, gb = tape.gradient(loss, [w, b])
    assert np.allclose(np.ravel(np.asarray(out[0], dtype=float)), gw.numpy(), rtol=1e-05)
    assert np.isclose(float(np.ravel(out[1])[0]), float(gb.numpy()), rtol=1e-05)

