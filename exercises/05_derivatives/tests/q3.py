from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_the_chapters_values(graph_gradients):
    import numpy as np
    out = graph_gradients(5.0, 4.0, 2.0)
    assert out is not None and len(out) == 4, 'Hint: return four numbers: K, dK/da, dK/db, dK/dc'
    K, dK_da, dK_db, dK_dc = (float(v) for v in out)
    assert np.isclose(K, 330.0), 'Hint: at a = 5, b = 4, c = 2, J = 66 and K = a J = 330'
    assert not np.isclose(dK_da, 60.0), 'Hint: you followed only the path through u; a also reaches K directly, and the contributions of the two paths add up'
    assert not np.isclose(dK_da, 66.0), 'Hint: you followed only the direct path (dK/da = J); a also reaches K through u = ab'
    assert np.allclose([dK_da, dK_db, dK_dc], [126.0, 75.0, 15.0]), 'Hint: at a = 5, b = 4, c = 2 the gradients are dK/da = 126, dK/db = 75, dK/dc = 15'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(graph_gradients):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(503)
    for values in [(1.0, -2.0, 7.0), tuple(rng.normal(size=3) * 3)]:
        a, b, c = (nnlib.Variable(float(v)) for v in values)
        with nnlib.GradientTape() as tape:
            K = a * (3 * (a * b + c))
        grads = tape.gradient(K, [a, b, c])
        expected = [float(K.numpy())] + [float(g.numpy()) for g in grads]
        out = [float(v) for v in graph_gradients(*(float(v) for v in values))]
        assert np.allclose(out, expected, rtol=1e-05)

