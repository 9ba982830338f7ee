from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=None, hidden=False)
def test_two_ratios(error_ratios):
    import numpy as np
    assert error_ratios is not ..., 'Hint: replace the ... after error_ratios = with your answer, and run that cell'
    assert len(error_ratios) == 2, 'Hint: store the pair (one_sided_ratio, central_ratio)'
    one_sided, central = (float(v) for v in error_ratios)
    assert one_sided > 1 and central > 1, 'Hint: each ratio is the error at h = 0.1 divided by the error at h = 0.01; the larger step has the larger error'
    assert one_sided < central, "Hint: the central difference's error shrinks faster: its ratio is the larger"
    assert not np.isclose(one_sided, 10.0), 'Hint: measure the one-sided ratio: the error is not exactly proportional to h'

@test_case(points=None, hidden=True)
def test_hidden_measured(error_ratios):
    import numpy as np
    f = np.poly1d([1.0, 0.0, 0.0, 0.0, 0.0])
    ratios = []
    for one_sided in (True, False):
        errors = [(f(1 + h) - f(1)) / h - 4 if one_sided else (f(1 + h) - f(1 - h)) / (2 * h) - 4 for h in (0.1, 0.01)]
        ratios.append(errors[0] / errors[1])
    assert np.allclose([float(v) for v in error_ratios], ratios, rtol=1e-05)

