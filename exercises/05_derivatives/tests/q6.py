from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_a_large_step(central_differences):
    import numpy as np
    X = np.array([[1.0, -2.0, 0.5], [0.3, 1.0, -1.0], [-1.5, 0.2, 2.0], [2.0, 0.5, 1.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    out = central_differences(np.array([0.2, -0.4, 0.3]), X, y, 0.5)
    assert out is not None, 'Hint: return the estimates (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (3,), f'Hint: one estimate per weight, 3 here; got {out.shape}'
    assert not np.allclose(out, [0.54298451, 0.33373854, -0.095988481]), 'Hint: these are one-sided differences (L(w + h) - L(w)) / h; step to both sides'
    assert not np.allclose(out, [0.87902268, 0.54037571, -0.37368908]), 'Hint: the two points are 2h apart: divide by 2h'
    assert np.allclose(out, [0.43951134, 0.27018786, -0.18684454]), 'Hint: with h = 0.5 the central differences here are [0.4395, 0.2702, -0.1868]; move one weight at a time'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib(central_differences):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(506)
    X, y = (rng.normal(size=(20, 4)), rng.integers(0, 2, size=20).astype(float))
    w0 = rng.normal(size=4)
    w = nnlib.Variable(w0)

    def loss():
        p = nnlib.ops.sigmoid(nnlib.ops.matmul(X, w))
        return nnlib.ops.mean(-(y * nnlib.ops.log(p) + (1 - y) * nnlib.ops.log(1 - p)))
    for h in (0.1, 0.0001):
        out = np.ravel(np.asarray(central_differences(w0, X, y, h), dtype=float))
        expected, = nnlib.numeric_gradient(loss, [w], h=h)
        assert np.allclose(out, expected, rtol=1e-05, atol=1e-09)

