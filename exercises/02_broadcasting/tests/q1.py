from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_four_answers(answers):
    assert answers is not ..., 'Hint: replace the ... after answers = with your answer, and run that cell'
    assert answers is not None and len(answers) == 4, 'Hint: store a list of four answers'

@test_case(points=None, hidden=False)
def test_first_pair(answers):
    assert answers is not ..., 'Hint: replace the ... after answers = with your answer, and run that cell'
    assert tuple(answers[0]) == (4, 3), 'Hint: (3,) is aligned with the last axis of (4, 3) and repeated along the first'

@test_case(points=None, hidden=True)
def test_hidden_every_pair(answers):
    import numpy as np
    pairs = [((4, 3), (3,)), ((3, 1), (1, 4)), ((2, 1, 5), (3, 1)), ((4, 3), (4,))]
    for answer, (a, b) in zip(answers, pairs):
        try:
            expected = np.broadcast_shapes(a, b)
        except ValueError:
            expected = None
        got = None if answer is None else tuple((int(n) for n in answer))
        assert got == expected

