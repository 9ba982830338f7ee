"""A tiny set for the grader's own tests: q1, a stable softmax (2 points)."""
from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2


@test_case(hidden=False, failure_message="Subtract each row's maximum before taking exp.")
def test_rows_sum_to_one(softmax):
    import numpy as np
    out = softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]]))
    assert np.all(np.isfinite(out)), "softmax gave inf or nan for large inputs"
    np.testing.assert_allclose(out.sum(axis=1), [1.0, 1.0])


@test_case(hidden=True)
def test_against_numpy(softmax):
    import numpy as np
    x = np.random.default_rng(7).normal(size=(4, 5))
    expected = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax(x), expected, rtol=1e-6)
