from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False)
def test_default_slope(leaky_relu_derivative):
    import numpy as np
    out = leaky_relu_derivative(np.array([-2.0, 3.0]))
    assert out is not None, 'Hint: return the derivative'
    out = np.asarray(out, dtype=float).ravel()
    assert np.isclose(out[1], 1.0), 'Hint: above 0 leaky ReLU is the line z: slope 1'
    assert np.isclose(out[0], 0.2), 'Hint: below 0 the slope is negative_slope, whose default in keras.activations.leaky_relu is 0.2 (the layer LeakyReLU has another default)'

@test_case(points=None, hidden=False)
def test_given_slope(leaky_relu_derivative):
    import numpy as np
    out = np.asarray(leaky_relu_derivative(np.array([-0.5, 0.5, -4.0]), negative_slope=0.05), dtype=float)
    assert np.allclose(out.ravel(), [0.05, 1.0, 0.05]), 'Hint: with negative_slope=0.05 the slope is 0.05 for every negative input, whatever its size'

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(leaky_relu_derivative):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(44)
    z = rng.normal(scale=3, size=20)
    for slope in [None, 0.1]:
        v = nnlib.Variable(z)
        with nnlib.GradientTape() as tape:
            y = nnlib.activations.leaky_relu(v) if slope is None else nnlib.activations.leaky_relu(v, slope)
        expected = tape.gradient(y, v).numpy()
        out = leaky_relu_derivative(z) if slope is None else leaky_relu_derivative(z, negative_slope=slope)
        assert np.allclose(np.asarray(out, dtype=float).ravel(), expected)

