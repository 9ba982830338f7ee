from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_is_a_number(huber_value):
    assert huber_value is not ..., 'Hint: replace the ... after huber_value = with your answer, and run that cell'
    import numpy as np
    assert huber_value is not None and np.isfinite(float(huber_value)), 'Hint: store one number'
    assert float(huber_value) < 4.5 / 2, 'Hint: beyond |e| = 1 the loss grows like |e|, not like e squared'

@test_case(points=None, hidden=True)
def test_hidden_like_keras(huber_value):
    import keras
    import numpy as np
    expected = float(keras.ops.convert_to_numpy(keras.losses.Huber(delta=1.0)(np.array([0.0, 0.0]), np.array([0.5, 3.0]))))
    assert np.isclose(float(huber_value), expected, rtol=1e-06)

