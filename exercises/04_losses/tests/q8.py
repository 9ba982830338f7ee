from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_five_stores(noise_scales):
    import numpy as np
    out = noise_scales(np.array([12.0, 15.0, 9.0, 20.0, 10.0]), np.array([11.0, 16.0, 9.0, 18.0, 15.0]))
    assert out is not None and len(out) == 2, 'Hint: return the pair (sigma, b)'
    sigma, b = (float(out[0]), float(out[1]))
    assert not np.isclose(sigma, 6.2), 'Hint: 6.2 is the MSE, an estimate of sigma^2; return sigma itself'
    assert not np.isclose(sigma, np.sqrt(5.84)), 'Hint: the likelihood measures the errors from 0 (the prediction is the centre), not from their mean: np.std subtracts the mean'
    assert np.isclose(sigma, np.sqrt(6.2)), 'Hint: for errors [-1, 1, 0, -2, 5], sigma = sqrt(31 / 5) = 2.490'
    assert np.isclose(b, 1.8), 'Hint: for errors [-1, 1, 0, -2, 5], b = 9 / 5 = 1.8'

@test_case(points=None, hidden=True)
def test_hidden_no_slope_at_the_maximum(noise_scales):
    import numpy as np
    import nnlib
    from nnlib import ops
    rng = np.random.default_rng(408)
    y, p = (rng.normal(size=25), rng.normal(0.3, 2.0, size=25))
    sigma, b = (float(v) for v in noise_scales(y, p))
    assert sigma > 0 and b > 0
    e = p - y
    s, scale = (nnlib.Variable(sigma), nnlib.Variable(b))
    with nnlib.GradientTape() as tape:
        gaussian = ops.mean(e ** 2 / (2 * s * s) + ops.log(s))
        laplace = ops.mean(np.abs(e) / scale + ops.log(2 * scale))
        both = gaussian + laplace
    slope_sigma, slope_b = tape.gradient(both, [s, scale])
    assert abs(float(slope_sigma.numpy())) < 1e-06 and abs(float(slope_b.numpy())) < 1e-06

