from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_at_zero(silu_derivative):
    import numpy as np
    out = silu_derivative(np.array([0.0]))
    assert out is not None, 'Hint: return the derivative'
    assert np.allclose(np.asarray(out, dtype=float).ravel(), [0.5]), 'Hint: at z = 0 the slope of z * sigmoid(z) is sigmoid(0) = 0.5'

@test_case(points=None, hidden=False)
def test_both_sides(silu_derivative):
    import numpy as np
    out = np.asarray(silu_derivative(np.array([2.0, -2.0])), dtype=float).ravel()
    assert np.allclose(out, [1.09078425, -0.09078425]), "Hint: SiLU's slope is about 1.091 at z = 2 (more than 1) and -0.091 at z = -2 (below 0: SiLU still falls there); the two add up to 1"

@test_case(points=None, hidden=False)
def test_huge_inputs(silu_derivative):
    import numpy as np
    out = np.asarray(silu_derivative(np.array([-1000.0, 1000.0])), dtype=float).ravel()
    assert np.all(np.isfinite(out)) and np.allclose(out, [0.0, 1.0]), 'Hint: far below 0 SiLU is flat (slope 0), far above 0 it is the line z (slope 1); compute the sigmoid so that e^1000 never appears'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(silu_derivative):
    import numpy as np
    import nnlib
    z = np.linspace(-8, 8, 65)
    v = nnlib.Variable(z)
    with nnlib.GradientTape() as tape:
        y = nnlib.activations.silu(v)
    expected = tape.gradient(y, v).numpy()
    assert np.allclose(np.asarray(silu_derivative(z), dtype=float).ravel(), expected, rtol=1e-05, atol=1e-09)

