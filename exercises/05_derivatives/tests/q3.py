from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_is_a_positive_number(slope):
    assert slope is not ..., 'Hint: replace the ... after slope = with your answer, and run that cell'
    import numpy as np
    assert slope is not None and np.isfinite(float(slope)), 'Hint: store one number in slope'
    assert 0 < float(slope) < 0.75, "Hint: the sigmoid's slope is at most 1/4, and the inner function multiplies it by 3"

@test_case(points=None, hidden=True)
def test_hidden_like_the_tape(slope):
    import numpy as np
    import nnlib
    x = nnlib.Variable(0.5)
    with nnlib.GradientTape() as tape:
        y = nnlib.ops.sigmoid(3 * x + 1)
    assert np.isclose(float(slope), float(tape.gradient(y, x).numpy()))

