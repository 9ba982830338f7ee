from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_relu_and_a_large_product_on_an_h100(roofline):
    import numpy as np
    out = roofline(0.125, 67000000000000.0, 3350000000000.0)
    assert out is not None, 'Hint: roofline returned None: return the pair (attainable, bound)'
    attainable, bound = out
    assert np.isclose(float(attainable), 418750000000.0, rtol=1e-05), 'Hint: ReLU (0.125 FLOPs per byte) on an H100 (3.35 TB/s) attains 0.125 * 3.35e12 = 4.1875e11 FLOP/s, far below the peak'
    assert bound == 'memory', 'Hint: an operation held below the peak by the bandwidth is memory-bound: "memory"'
    attainable, bound = roofline(170.67, 67000000000000.0, 3350000000000.0)
    assert np.isclose(float(attainable), 67000000000000.0, rtol=1e-05) and bound == 'compute', 'Hint: a 1024 x 1024 product (170.67 FLOPs per byte) could be fed 5.7e14 FLOP/s, more than the peak: it attains the peak, 6.7e13, and is "compute"-bound'

@test_case(points=None, hidden=True)
def test_hidden_both_sides_of_the_ridge(roofline):
    import numpy as np
    rng = np.random.default_rng(904)
    for _ in range(6):
        peak, bandwidth = (float(rng.uniform(100000000000.0, 1000000000000000.0)), float(rng.uniform(50000000000.0, 5000000000000.0)))
        ridge = peak / bandwidth
        for intensity in (ridge * float(rng.uniform(0.01, 0.9)), ridge * float(rng.uniform(1.1, 50))):
            attainable, bound = roofline(intensity, peak, bandwidth)
            expected = min(peak, intensity * bandwidth)
            assert np.isclose(float(attainable), expected, rtol=1e-05)
            assert bound == ('memory' if intensity < ridge else 'compute')

