from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_equal_weights(best_constants):
    import numpy as np
    out = best_constants(np.array([12.0, 15.0, 9.0, 20.0, 30.0]), np.ones(5))
    assert out is not None and len(out) == 2, 'Hint: return the pair (c_mse, c_mae)'
    c_mse, c_mae = (float(out[0]), float(out[1]))
    assert np.isclose(c_mse, 17.2) and np.isclose(c_mae, 15.0), 'Hint: with equal weights the answer for y = [12, 15, 9, 20, 30] is the mean 17.2 and the median 15, in that order'

@test_case(points=None, hidden=False)
def test_weights_count(best_constants):
    import numpy as np
    y = np.array([12.0, 15.0, 9.0, 20.0, 30.0])
    out = best_constants(y, np.array([1.0, 1.0, 1.0, 1.0, 3.0]))
    c_mse, c_mae = (float(out[0]), float(out[1]))
    assert not np.isclose(c_mse, 17.2) and (not np.isclose(c_mae, 15.0)), 'Hint: your answer ignores the weights: a sample of weight 3 counts as much as three samples of weight 1'
    assert not np.isclose(c_mse, 146 / 5), 'Hint: the derivative of (1/n) sum w_i (c - y_i)^2 is zero at a c that does not depend on n; divide by the sum of the weights'
    assert np.isclose(c_mse, 146 / 7), 'Hint: for weights [1, 1, 1, 1, 3] the weighted mean is 146 / 7'
    assert np.isclose(c_mae, 20.0), 'Hint: for weights [1, 1, 1, 1, 3] the weight below c = 20 is 3 and the weight above it 3, of a total of 7: neither side has half, so 20 is the weighted median'

@test_case(points=None, hidden=True)
def test_hidden_against_the_weighted_losses(best_constants):
    import numpy as np
    from nnlib import losses
    rng = np.random.default_rng(401)
    for n in (9, 14):
        y = rng.normal(50.0, 10.0, size=n)
        y[0] = 140.0
        w = rng.uniform(0.2, 3.0, size=n)
        c_mse, c_mae = (float(v) for v in best_constants(y, w))
        assert np.isclose(c_mse, np.average(y, weights=w), rtol=1e-06)
        mae = [float(losses.MeanAbsoluteError()(y[:, None], np.full((n, 1), c), sample_weight=w)) for c in y]
        assert np.isclose(c_mae, y[int(np.argmin(mae))], rtol=1e-06)

