from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_at_zero(sigmoid_derivative):
    import numpy as np
    out = np.asarray(sigmoid_derivative(np.array([0.0])), dtype=float)
    assert np.allclose(out, [0.25]), 'Hint: sigma(0) = 0.5, so the slope there is 0.5 * (1 - 0.5) = 0.25'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(sigmoid_derivative):
    import numpy as np
    import nnlib
    z = np.linspace(-8, 8, 33)
    v = nnlib.Variable(z)
    with nnlib.GradientTape() as tape:
        s = nnlib.ops.sigmoid(v)
    expected = tape.gradient(s, v).numpy()
    assert np.allclose(np.asarray(sigmoid_derivative(z), dtype=float), expected)
    assert np.allclose(np.asarray(sigmoid_derivative(z), dtype=float), nnlib.activations.sigmoid_derivative(z))

