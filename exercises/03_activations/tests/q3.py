from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_is_a_slope(max_sigmoid_slope):
    assert max_sigmoid_slope is not ..., 'Hint: replace the ... after max_sigmoid_slope = with your answer, and run that cell'
    assert max_sigmoid_slope is not None and 0 < float(max_sigmoid_slope) < 1, 'Hint: the sigmoid rises by less than its input does, so its slope is below 1; where is it steepest?'

@test_case(points=None, hidden=True)
def test_hidden_values(max_sigmoid_slope, ten_layer_bound):
    import numpy as np
    assert np.isclose(float(max_sigmoid_slope), 0.25)
    assert np.isclose(float(ten_layer_bound), 0.25 ** 10, rtol=1e-06)

