from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_rank_matches_shape(batch_shape, batch_rank):
    assert batch_shape is not ..., 'Hint: replace the ... after batch_shape = with your answer, and run that cell'
    assert batch_rank is not ..., 'Hint: replace the ... after batch_rank = with your answer, and run that cell'
    assert batch_shape is not None and batch_rank is not None, 'Hint: store both answers'
    assert len(tuple(batch_shape)) == int(batch_rank), 'Hint: the rank is the number of entries of the shape'

@test_case(points=None, hidden=False)
def test_batch_axis_first(batch_shape):
    assert batch_shape is not ..., 'Hint: replace the ... after batch_shape = with your answer, and run that cell'
    assert tuple(batch_shape)[0] == 16, 'Hint: the batch axis comes first and counts the images'

@test_case(points=None, hidden=True)
def test_hidden_batch_shape_exact(batch_shape, batch_rank):
    assert tuple((int(n) for n in batch_shape)) == (16, 28, 28, 3)
    assert int(batch_rank) == 4

