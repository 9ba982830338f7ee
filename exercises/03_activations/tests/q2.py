from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_at_zero(tanh_derivative):
    import numpy as np
    out = tanh_derivative(np.array([0.0]))
    assert out is not None, 'Hint: return the derivative'
    assert np.allclose(np.asarray(out, dtype=float).ravel(), [1.0]), "Hint: at z = 0 tanh's slope is 1: near 0, tanh z is almost the line z"

@test_case(points=None, hidden=False)
def test_both_sides(tanh_derivative):
    import numpy as np
    out = np.asarray(tanh_derivative(np.array([1.0, -1.0, 3.0])), dtype=float).ravel()
    assert np.allclose(out, [0.41997434, 0.41997434, 0.00986604]), 'Hint: the slope is the same at z and -z, about 0.420 at z = 1 and -1, and below 0.01 at z = 3'

@test_case(points=None, hidden=False)
def test_far_from_zero(tanh_derivative):
    import numpy as np
    out = np.asarray(tanh_derivative(np.array([-800.0, 800.0])), dtype=float).ravel()
    assert np.all(np.isfinite(out)) and np.allclose(out, 0.0), 'Hint: far from 0 tanh is flat, and its slope is 0 (and must not come out as nan)'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(tanh_derivative):
    import numpy as np
    import nnlib
    z = np.linspace(-6, 6, 49)
    v = nnlib.Variable(z)
    with nnlib.GradientTape() as tape:
        t = nnlib.activations.tanh(v)
    expected = tape.gradient(t, v).numpy()
    assert np.allclose(np.asarray(tanh_derivative(z), dtype=float).ravel(), expected, rtol=1e-05, atol=1e-09)

