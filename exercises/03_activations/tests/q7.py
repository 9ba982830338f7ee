from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=None, hidden=False)
def test_six_units(saturated_share):
    import numpy as np
    Z = np.array([[0.0, 3.0, -3.0], [0.5, 1.5, 1.0]])
    out = saturated_share(Z)
    assert out is not None, 'Hint: return the share'
    assert np.isclose(float(out), 1 / 3), "Hint: for Z = [[0, 3, -3], [0.5, 1.5, 1]], tanh' is about [[1, 0.0099, 0.0099], [0.79, 0.18, 0.42]]: 2 of the 6 are below 0.1, a share of 1/3"

@test_case(points=None, hidden=False)
def test_other_threshold(saturated_share):
    import numpy as np
    Z = np.array([[0.0, 3.0, -3.0], [0.5, 1.5, 1.0]])
    out = saturated_share(Z, threshold=0.2)
    assert np.isclose(float(out), 0.5), 'Hint: with threshold=0.2, 3 of these 6 tanh slopes are below it (at z = 3, -3 and 1.5)'

@test_case(points=None, hidden=True)
def test_hidden_random(saturated_share):
    import numpy as np
    from nnlib.activations import tanh_derivative
    rng = np.random.default_rng(77)
    Z = rng.normal(scale=2.0, size=(40, 30))
    for threshold in [0.1, 0.05]:
        expected = np.count_nonzero(tanh_derivative(Z) < threshold) / Z.size
        out = saturated_share(Z) if threshold == 0.1 else saturated_share(Z, threshold=threshold)
        assert np.isclose(float(out), expected, rtol=1e-05)

