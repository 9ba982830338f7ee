from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_prediction_near_measurement(predicted_std_naive, predicted_std_glorot, share_naive, share_glorot, X_layer, W_naive, W_glorot, saturated_share):
    for answer in [predicted_std_naive, predicted_std_glorot, share_naive, share_glorot]:
        assert answer is not ..., 'Hint: replace every ... with your answer, and run that cell'
    import numpy as np
    layers = [('naive', predicted_std_naive, W_naive), ('Glorot', predicted_std_glorot, W_glorot)]
    for name, predicted, W in layers:
        measured = float(np.std(np.asarray(X_layer) @ np.asarray(W)))
        assert abs(float(predicted) - measured) < 0.1 * measured, f"Hint: the {name} layer's pre-activations have a standard deviation of {measured:.3g}; your prediction {float(predicted):.3g} is more than 10% away: Var(z) = d Var(w) E[x^2], and the spread is its square root"
        assert not np.isclose(float(predicted), measured, rtol=1e-09, atol=0), f'Hint: {measured:.6g} is the measured spread of the {name} layer; store the spread that the rule predicts from d, Var(w) and E[x^2] alone'
    shares = [('share_naive', share_naive, W_naive), ('share_glorot', share_glorot, W_glorot)]
    for name, share, W in shares:
        mine = float(saturated_share(np.asarray(X_layer) @ np.asarray(W)))
        assert np.isclose(float(share), mine, atol=0.0002), f'Hint: {name} should be your saturated_share of X_layer @ W, which gives {mine:.4g}'

@test_case(points=None, hidden=True)
def test_hidden_values(predicted_std_naive, predicted_std_glorot, share_naive, share_glorot):
    import numpy as np
    from nnlib.activations import tanh_derivative
    gen = np.random.default_rng(3)
    batch = gen.normal(size=(200, 100))
    naive, glorot = (gen.normal(0.0, 1.0, size=(100, 64)), gen.normal(0.0, np.sqrt(2 / 164), size=(100, 64)))
    assert np.isclose(float(predicted_std_naive), 10.0, rtol=0.001)
    assert np.isclose(float(predicted_std_glorot), np.sqrt(200 / 164), rtol=0.001)
    assert np.isclose(float(share_naive), np.mean(tanh_derivative(batch @ naive) < 0.1), atol=0.0002)
    assert np.isclose(float(share_glorot), np.mean(tanh_derivative(batch @ glorot) < 0.1), atol=0.0002)

