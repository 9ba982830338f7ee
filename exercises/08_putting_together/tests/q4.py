from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_two_by_three_by_two(collapse):
    import numpy as np
    W1, b1 = (np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0]]), np.array([1.0, -1.0, 2.0]))
    W2, b2 = (np.array([[2.0, 1.0], [-1.0, 0.5], [0.5, -3.0]]), np.array([0.25, -0.5]))
    out = collapse(W1, b1, W2, b2)
    assert out is not None, 'Hint: collapse returned None: return the pair (W, b)'
    W, b = out
    W, b = (np.asarray(W, dtype=float), np.asarray(b, dtype=float).reshape(-1))
    assert W.shape == (2, 2) and b.shape == (2,), f'Hint: W maps 2 inputs to 2 outputs, shape (2, 2), and b has shape (2,); got {W.shape} and {np.shape(out[1])}'
    assert np.allclose(W, [[4.25, -1.5], [0.5, -8.5]], atol=1e-05), 'Hint: for this example W is [[4.25, -1.5], [0.5, -8.5]]: an input reaches each output through every hidden unit'
    assert not np.allclose(b, [0.25, -0.5], atol=1e-05), 'Hint: b1 passes through W2 too: it is not lost'
    assert not np.allclose(b, [4.0, -5.5], atol=1e-05), 'Hint: b2 is still added at the output'
    assert np.allclose(b, [4.25, -6.0], atol=1e-05), 'Hint: for this example b is [4.25, -6.0]: what the network outputs for x = 0'

@test_case(points=None, hidden=True)
def test_hidden_same_outputs(collapse):
    import numpy as np
    rng = np.random.default_rng(804)
    for d, h, k in [(3, 5, 2), (4, 2, 6)]:
        W1, b1, W2, b2 = (rng.normal(size=(d, h)), rng.normal(size=h), rng.normal(size=(h, k)), rng.normal(size=k))
        x = rng.normal(size=(8, d))
        W, b = collapse(W1, b1, W2, b2)
        assert np.shape(W) == (d, k) and np.size(b) == k
        assert np.allclose(x @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float).reshape(-1), (x @ W1 + b1) @ W2 + b2, rtol=1e-05, atol=1e-06)

