from otter.test_files import test_case

OK_FORMAT = False

name = "q10"
points = 4

@test_case(points=None, hidden=False)
def test_equal_logits(softmax_backward):
    import numpy as np
    out = softmax_backward(np.array([[0.0, 0.0, 0.0]]), np.array([[1.0, 0.0, 0.0]]))
    assert out is not None, 'Hint: return the gradient with respect to z'
    out = np.asarray(out, dtype=float)
    assert out.shape == (1, 3), f'Hint: the gradient has the shape of z, (1, 3) here; yours has {out.shape}'
    assert np.allclose(out, [[2 / 9, -1 / 9, -1 / 9]]), 'Hint: with p = [1/3, 1/3, 1/3] and upstream [1, 0, 0], raising z_1 raises p_1 but lowers p_2 and p_3: the gradient is [2/9, -1/9, -1/9]'

@test_case(points=None, hidden=False)
def test_two_rows(softmax_backward):
    import numpy as np
    z = np.array([[1.0, 2.0, 0.5], [0.0, 0.0, 3.0]])
    upstream = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    out = np.asarray(softmax_backward(z, upstream), dtype=float)
    assert out.shape == (2, 3), f'Hint: the gradient has the shape of z, (2, 3) here; yours has {out.shape}'
    assert np.allclose(out[1], 0.0, atol=1e-12), 'Hint: an upstream gradient equal for every class (row 1) gives 0: adding the same number to every logit changes no probability'
    assert np.allclose(out[0], [0.16935555, -0.48244146, 0.31308591]), 'Hint: row 0 is about [0.169, -0.482, 0.313]; each row of the gradient sums to 0'

@test_case(points=None, hidden=False)
def test_large_logits(softmax_backward):
    import numpy as np
    out = softmax_backward(np.array([[1000.0, 1000.0, 1000.0]]), np.array([[1.0, 0.0, 0.0]]))
    out = np.asarray(out, dtype=float)
    assert np.all(np.isfinite(out)), 'Hint: for logits [1000, 1000, 1000] compute the probabilities as a stable softmax does (question 1): e^1000 overflows'
    assert np.allclose(out, [[2 / 9, -1 / 9, -1 / 9]]), 'Hint: logits [1000, 1000, 1000] give the same probabilities, and the same gradient, as [0, 0, 0]'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(softmax_backward):
    import numpy as np
    import nnlib
    from nnlib import ops
    rng = np.random.default_rng(1010)
    for shape, offset in [((4, 5), 0.0), ((3, 3), 900.0)]:
        z, upstream = (rng.normal(scale=2, size=shape) + offset, rng.normal(size=shape))
        v = nnlib.Variable(z)
        with nnlib.GradientTape() as tape:
            loss = ops.sum(ops.multiply(upstream, nnlib.activations.softmax(v)))
        expected = tape.gradient(loss, v).numpy()
        out = np.asarray(softmax_backward(z, upstream), dtype=float)
        assert out.shape == shape and np.allclose(out, expected, rtol=1e-05, atol=1e-09)

