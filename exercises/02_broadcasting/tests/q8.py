from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 4

@test_case(points=None, hidden=False)
def test_bias_over_rows(unbroadcast):
    import numpy as np
    out = unbroadcast(np.ones((4, 3)), (3,))
    assert out is not None, 'Hint: return the summed gradient'
    out = np.asarray(out, dtype=float)
    assert out.size == 3 and np.allclose(out.ravel(), [4.0, 4.0, 4.0]), 'Hint: a (3,) bias broadcast over 4 rows was used 4 times: unbroadcast(np.ones((4, 3)), (3,)) is [4, 4, 4]'

@test_case(points=None, hidden=False)
def test_stretched_axis_kept(unbroadcast):
    import numpy as np
    grad = np.arange(24.0).reshape(2, 3, 4)
    out = np.asarray(unbroadcast(grad, (2, 1, 4)), dtype=float)
    assert out.shape == (2, 1, 4), f'Hint: the result has exactly the shape (2, 1, 4): sum over axis 1 and keep it with size 1 (keepdims=True); yours has {out.shape}'
    assert np.allclose(out[0, 0], [12.0, 15.0, 18.0, 21.0]), 'Hint: out[0, 0, 0] = grad[0, 0, 0] + grad[0, 1, 0] + grad[0, 2, 0] = 0 + 4 + 8 = 12'

@test_case(points=None, hidden=False)
def test_added_and_stretched(unbroadcast):
    import numpy as np
    grad = np.arange(120.0).reshape(5, 2, 3, 4)
    out = np.asarray(unbroadcast(grad, (2, 1, 4)), dtype=float)
    assert out.shape == (2, 1, 4), f'Hint: (2, 1, 4) broadcast to (5, 2, 3, 4) gained axis 0 and was stretched along axis 2: sum over both; your shape is {out.shape}'
    assert np.isclose(out[0, 0, 0], 780.0), 'Hint: out[0, 0, 0] sums grad[:, 0, :, 0], 15 numbers, to 780'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_and_the_tape(unbroadcast):
    import numpy as np
    import nnlib
    from nnlib import ops
    from nnlib.shapes import unbroadcast as reference
    rng = np.random.default_rng(88)
    cases = [((3, 1, 5), (2, 3, 4, 5)), ((1,), (6, 2)), ((), (3, 2)), ((4, 1, 1), (4, 3, 2)), ((1, 3), (5, 2, 3)), ((2, 3), (2, 3))]
    for shape, big in cases:
        grad = rng.normal(size=big)
        out = np.asarray(unbroadcast(grad, shape), dtype=float)
        assert out.shape == shape, (shape, big, out.shape)
        assert np.allclose(out, reference(grad, shape)), (shape, big)
    v = nnlib.Variable(rng.normal(size=(3, 1, 5)))
    upstream = rng.normal(size=(2, 3, 4, 5))
    with nnlib.GradientTape() as tape:
        loss = ops.sum(ops.multiply(upstream, v + np.zeros((2, 3, 4, 5))))
    assert np.allclose(np.asarray(unbroadcast(upstream, (3, 1, 5)), dtype=float), tape.gradient(loss, v).numpy())

