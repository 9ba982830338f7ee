from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_small_inputs(softplus_derivative):
    import numpy as np
    out = softplus_derivative(np.array([0.0, 2.0, -2.0]))
    assert out is not None, 'Hint: return the derivative'
    out = np.asarray(out, dtype=float).ravel()
    assert np.isclose(out[0], 0.5), 'Hint: at z = 0 the slope of ln(1 + e^z) is 1/2'
    assert np.allclose(out[1:], [0.88079708, 0.11920292]), 'Hint: softplus rises, and more steeply for larger z: its slope is about 0.881 at z = 2 and 0.119 at z = -2'

@test_case(points=None, hidden=False)
def test_huge_inputs(softplus_derivative):
    import numpy as np
    out = np.asarray(softplus_derivative(np.array([-1000.0, 1000.0])), dtype=float).ravel()
    assert np.all(np.isfinite(out)), 'Hint: e^1000 overflows to inf; rewrite the result so that it never divides inf by inf (only ever exponentiate numbers at most 0)'
    assert np.allclose(out, [0.0, 1.0]), 'Hint: far below 0 softplus is flat (slope 0); far above 0 it is the line z (slope 1)'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(softplus_derivative):
    import numpy as np
    import nnlib
    z = np.linspace(-30, 30, 61)
    v = nnlib.Variable(z)
    with nnlib.GradientTape() as tape:
        s = nnlib.activations.softplus(v)
    expected = tape.gradient(s, v).numpy()
    assert np.allclose(np.asarray(softplus_derivative(z), dtype=float).ravel(), expected, rtol=1e-05, atol=1e-12)

