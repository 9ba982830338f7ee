from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_shape_and_sum(bias_gradient):
    import numpy as np
    G = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = np.asarray(bias_gradient(G))
    assert out.shape == (3,), f'Hint: one number per entry of b, shape (3,), not {out.shape}'
    assert np.allclose(out, [5.0, 7.0, 9.0]), 'Hint: add up the rows of G (sum over axis 0)'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(bias_gradient):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(4)
    A, G = (rng.normal(size=(6, 4)), rng.normal(size=(6, 4)))
    b = nnlib.Variable(rng.normal(size=4))
    with nnlib.GradientTape() as tape:
        loss = nnlib.ops.sum(nnlib.ops.multiply(G, A + b))
    expected = tape.gradient(loss, b).numpy()
    assert np.allclose(np.asarray(bias_gradient(G)), expected)

