from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_order_of_magnitude(gflops_per_second):
    assert gflops_per_second is not ..., 'Hint: replace the ... after gflops_per_second = with your answer, and run that cell'
    import numpy as np
    assert gflops_per_second is not None and np.isfinite(float(gflops_per_second)), 'Hint: store one number'
    assert 100 < float(gflops_per_second) < 1000, 'Hint: count 2 * 4096**3 FLOPs, divide by the seconds, then by 1e9 for giga'

@test_case(points=None, hidden=True)
def test_hidden_value(gflops_per_second):
    import numpy as np
    assert np.isclose(float(gflops_per_second), 2 * 4096 ** 3 / 0.25 / 1000000000.0)

