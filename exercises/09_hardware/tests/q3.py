from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False)
def test_a_4096_product(achieved_gflops):
    import numpy as np
    out = achieved_gflops(4096, 4096, 4096, 0.25)
    assert out is not None, 'Hint: achieved_gflops returned None: return the speed'
    assert not np.isclose(float(out), 274.877906944, rtol=1e-05), 'Hint: the product does 4096**3 multiply-adds, each 2 FLOPs'
    assert not np.isclose(float(out), 549755.813888, rtol=1e-05), 'Hint: giga is 1e9 (mega is 1e6)'
    assert np.isclose(float(out), 549.755813888, rtol=1e-05), 'Hint: two 4096 x 4096 matrices multiplied in 0.25 s make about 549.8 GFLOP/s'

@test_case(points=None, hidden=True)
def test_hidden_other_products(achieved_gflops):
    import numpy as np
    rng = np.random.default_rng(902)
    for _ in range(3):
        n, k, m = [int(v) for v in rng.integers(100, 5000, size=3)]
        seconds = float(rng.uniform(0.001, 2))
        assert np.isclose(float(achieved_gflops(n, k, m, seconds)), 2 * n * k * m / seconds / 1000000000.0, rtol=1e-05)

