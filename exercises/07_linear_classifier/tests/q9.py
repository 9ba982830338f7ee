from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_six_answers(statements):
    assert statements is not ..., 'Hint: replace the ... after statements = with your six answers, and run that cell'
    import numpy as np
    assert statements is not None and len(statements) == 6, 'Hint: store six answers, one per statement, in order'
    assert all((isinstance(s, (bool, np.bool_)) for s in statements)), 'Hint: each answer is True or False'

@test_case(points=None, hidden=True)
def test_hidden_answers(statements):
    assert [bool(s) for s in statements] == [False, True, True, False, False, True]

