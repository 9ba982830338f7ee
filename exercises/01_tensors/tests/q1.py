from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_shape_and_memory_agree(ppg_shape, ppg_megabytes):
    assert ppg_shape is not ..., 'Hint: replace the ... after ppg_shape = with your answer, and run that cell'
    assert ppg_megabytes is not ..., 'Hint: replace the ... after ppg_megabytes = with your answer, and run that cell'
    import numpy as np

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    shape = as_shape(ppg_shape)
    assert shape is not None, 'Hint: store the shape as a tuple of whole numbers, such as (12, 1500, 2)'
    assert len(shape) == 3, f"Hint: the layout (segments, time steps, channels) has 3 axes, your shape {shape} has {len(shape)}: all the volunteers' segments share one axis"
    assert shape[1] != 45, 'Hint: a time step is one reading, not one second: how many readings does a 45-second segment at 32 readings a second hold?'
    assert shape[2] < shape[1], f'Hint: the channels come last: (segments, time steps, channels); yours is {shape}'
    numbers = int(np.prod(shape))
    assert np.isclose(float(ppg_megabytes), numbers * 4 / 1000000.0, rtol=1e-05), f'Hint: your shape holds {numbers} numbers; a float32 number takes 4 bytes, and 1 MB is 1,000,000 bytes'

@test_case(points=None, hidden=True)
def test_hidden_exact(ppg_shape, ppg_megabytes):
    import numpy as np

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    assert as_shape(ppg_shape) == (10 * 6, 45 * 32, 3)
    assert np.isclose(float(ppg_megabytes), 1.0368, rtol=1e-05)

