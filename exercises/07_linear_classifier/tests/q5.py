from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_two_lines(boundary_line):
    import numpy as np
    out = boundary_line(np.array([[1.0], [2.0]]), 3.0)
    assert out is not None, 'Hint: boundary_line returned None: return (slope, intercept, above)'
    slope, intercept, above = [float(np.squeeze(v)) for v in out]
    assert np.isclose(slope, -0.5, rtol=1e-05), 'Hint: for w = (1, 2) the line 1 x1 + 2 x2 + 3 = 0 falls by 1 in x2 for every 2 in x1'
    assert np.isclose(intercept, -1.5, rtol=1e-05), 'Hint: for w = (1, 2) and b = 3 the line crosses x1 = 0 where 2 x2 + 3 = 0'
    assert above == 1, 'Hint: for w = (1, 2) and b = 3, the point (0, 0), above the line, has z = 3 > 0'
    slope, intercept, above = [float(np.squeeze(v)) for v in boundary_line(np.array([[3.0], [-1.25]]), 0.5)]
    assert np.isclose(slope, 2.4, rtol=1e-05) and np.isclose(intercept, 0.4, rtol=1e-05), 'Hint: for w = (3, -1.25) and b = 0.5 the line goes through (0, 0.4) and (1, 2.8)'
    assert above == 0, 'Hint: for w = (3, -1.25) and b = 0.5, the point (0, 1), above the line, has z = -0.75 < 0'

@test_case(points=None, hidden=True)
def test_hidden_against_the_model(boundary_line):
    import numpy as np
    rng = np.random.default_rng(707)
    for _ in range(6):
        w, b = (rng.normal(size=(2, 1)), float(rng.normal()))
        slope, intercept, above = [float(np.squeeze(v)) for v in boundary_line(w, b)]
        x1 = rng.uniform(-3, 3, size=5)
        on_line = np.column_stack([x1, slope * x1 + intercept])
        assert np.allclose(on_line @ w + b, 0, atol=1e-06)
        p_above = 1 / (1 + np.exp(-(np.column_stack([x1, slope * x1 + intercept + 1.0]) @ w + b)))
        assert np.all((p_above > 0.5) == (above == 1)) and above in (0, 1)

