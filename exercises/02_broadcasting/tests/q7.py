from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_small_layer(bias_gradient):
    import numpy as np
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 0.0]])
    b = np.array([0.5, -0.5, 0.0])
    Y = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    out = bias_gradient(X, W, b, Y)
    assert out is not None, 'Hint: return the gradient'
    out = np.asarray(out, dtype=float)
    assert out.size == 3, f'Hint: one number per entry of b, shape (3,); yours has shape {out.shape}: sum over the axis that b was broadcast along'
    assert np.allclose(out.ravel(), [1 / 6, -1 / 3, -2 / 3]), 'Hint: here out - Y = [[0.5, 0.5, -1], [0, -1.5, -1]], L averages its 6 squares, and dL/db = [1/6, -1/3, -2/3]'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(bias_gradient):
    import numpy as np
    import nnlib
    from nnlib import ops
    rng = np.random.default_rng(77)
    X, W, Y = (rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=(6, 3)))
    b = nnlib.Variable(rng.normal(size=3))
    with nnlib.GradientTape() as tape:
        loss = ops.mean(ops.square(ops.matmul(X, W) + b - Y))
    expected = tape.gradient(loss, b).numpy()
    out = np.asarray(bias_gradient(X, W, b.numpy(), Y), dtype=float)
    assert np.allclose(out.ravel(), expected, rtol=1e-05)

