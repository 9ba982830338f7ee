from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_one_sigmoid_layer(chain_gradient):
    import numpy as np
    out = chain_gradient(0.0, [2.0], [0.0], 'sigmoid')
    assert out is not None, 'Hint: return the derivative'
    assert np.isclose(float(out), 0.5), "Hint: one layer h_1 = sigmoid(2 x0) at x0 = 0: the sigmoid's slope 0.25 at z = 0, times the weight 2"

@test_case(points=None, hidden=False)
def test_two_tanh_layers(chain_gradient):
    import numpy as np
    out = float(chain_gradient(0.3, [1.5, -2.0], [0.0, 0.5], 'tanh'))
    assert np.isclose(out, -2.19604804, rtol=1e-05), "Hint: the derivative is a product with one factor per layer, phi'(z_l) * w_l, where z_l = w_l h_(l-1) + b_l is what goes into phi; here it is about -2.196"

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(chain_gradient):
    import numpy as np
    import nnlib
    rng = np.random.default_rng(66)
    for activation, depth in [('sigmoid', 10), ('tanh', 6)]:
        weights = list(rng.normal(1.0, 0.8, size=depth))
        biases = list(rng.normal(0.0, 0.5, size=depth))
        x0 = nnlib.Variable(0.2)
        function = nnlib.activations.get(activation)
        with nnlib.GradientTape() as tape:
            h = x0
            for w, b in zip(weights, biases):
                h = function(h * w + b)
        expected = float(tape.gradient(h, x0).numpy())
        out = chain_gradient(0.2, weights, biases, activation)
        assert np.isclose(float(out), expected, rtol=1e-05, atol=0), (activation, depth)

