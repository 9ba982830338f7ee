from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_two_customers(two_input_model):
    import numpy as np
    x_a = np.array([[1.0, -0.5, 2.0], [0.0, 1.5, -1.0]])
    x_b = np.array([[0.5, -1.0], [2.0, 0.25]])
    weights = {'hidden_kernel': np.array([[0.5, -0.4], [0.3, 0.8], [-0.2, 0.1]]), 'hidden_bias': np.array([0.1, -0.2]), 'output_kernel': np.array([[0.7], [-0.6], [0.4], [-0.3]]), 'output_bias': np.array([0.05])}
    out = two_input_model(x_a, x_b, weights)
    assert out is not None, 'Hint: two_input_model returned None: return (model.count_params(), predictions)'
    count, predictions = out
    assert np.shape(predictions) in [(2, 1), (2,)], f'Hint: one prediction per customer, shape (2, 1); got {np.shape(predictions)}'
    p = np.asarray(predictions, dtype=float).reshape(-1)
    assert not np.allclose(p, [0.734973, 0.790841], atol=1e-05), "Hint: join the hidden layer's outputs first and x_b second: the first 2 rows of output_kernel multiply the 2 hidden units"
    assert not np.allclose(p, [0.743645, 0.681354], atol=1e-05), "Hint: the hidden layer uses ReLU: the first customer's second hidden unit is 0"
    assert np.allclose(p, [0.642217, 0.681354], atol=1e-05), 'Hint: for these two customers the predictions are about [0.6422, 0.6814]'
    assert float(count) == 13, 'Hint: count_params() counts the weights and biases of both Dense layers (Input and Concatenate have none)'

@test_case(points=None, hidden=True)
def test_hidden_other_sizes(two_input_model):
    import numpy as np
    rng = np.random.default_rng(709)
    for n, d_a, units, d_b in [(5, 4, 3, 2), (3, 2, 6, 5)]:
        x_a, x_b = (rng.normal(size=(n, d_a)), rng.normal(size=(n, d_b)))
        weights = {'hidden_kernel': rng.normal(size=(d_a, units)), 'hidden_bias': rng.normal(size=units), 'output_kernel': rng.normal(size=(units + d_b, 1)), 'output_bias': rng.normal(size=1)}
        hidden = np.maximum(x_a @ weights['hidden_kernel'] + weights['hidden_bias'], 0)
        z = np.hstack([hidden, x_b]) @ weights['output_kernel'] + weights['output_bias']
        count, predictions = two_input_model(x_a, x_b, weights)
        assert float(count) == d_a * units + units + (units + d_b) + 1
        assert np.shape(predictions) in [(n, 1), (n,)]
        assert np.allclose(np.asarray(predictions, dtype=float).reshape(-1), 1 / (1 + np.exp(-z.reshape(-1))), atol=1e-05)

