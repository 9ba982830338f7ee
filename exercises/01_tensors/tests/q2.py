from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_two_layouts(image_shape, image_shape_torch, flat_features):
    assert image_shape is not ..., 'Hint: replace the ... after image_shape = with your answer, and run that cell'
    assert image_shape_torch is not ..., 'Hint: replace the ... after image_shape_torch = with your answer, and run that cell'
    assert flat_features is not ..., 'Hint: replace the ... after flat_features = with your answer, and run that cell'
    import numpy as np

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    last, first = (as_shape(image_shape), as_shape(image_shape_torch))
    assert last is not None and first is not None, 'Hint: store each shape as a tuple of whole numbers, such as (4, 8, 8, 3)'
    assert len(last) == 4 and len(first) == 4, 'Hint: a batch of colour images is rank 4: (batch, height, width, channels)'
    assert last[-1] == 3, f"Hint: in Keras's layout the 3 colour channels come last; yours is {last}"
    assert first[1] == 3, f"Hint: in PyTorch's layout the 3 colour channels come right after the batch axis; yours is {first}"
    assert last[1] < last[2], 'Hint: the height (96 pixels) comes before the width (128 pixels)'
    assert sorted(first) == sorted(last), 'Hint: the two layouts hold the same four sizes, in another order'
    features = float(flat_features)
    assert features == np.prod(last[1:]), f'Hint: flattening keeps the batch axis and multiplies the other three sizes of your shape {last}'

@test_case(points=None, hidden=True)
def test_hidden_exact(image_shape, image_shape_torch, flat_features):

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    assert as_shape(image_shape) == (32, 96, 128, 3)
    assert as_shape(image_shape_torch) == (32, 3, 96, 128)
    assert float(flat_features) == 36864

