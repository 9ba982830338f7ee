"""A tiny set for the grader's own tests: q2, the mean squared error and one value of it (1 point)."""
from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1


@test_case(hidden=False, failure_message="loss_value is mse([1, 2, 3], [1, 2, 6]).")
def test_value(loss_value):
    assert isinstance(loss_value, float) and abs(loss_value - 3.0) < 1e-9, "loss_value is not 3.0"


@test_case(hidden=True)
def test_function(mse):
    import numpy as np
    assert abs(mse(np.array([1.0, 2.0]), np.array([1.0, 4.0])) - 2.0) < 1e-12
