from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_six_answers(statements):
    import numpy as np
    assert statements is not ..., 'Hint: replace the ... after statements = with your answer, and run that cell'
    answers = list(statements)
    truth_values = all((isinstance(a, (bool, np.bool_)) for a in answers))
    assert len(answers) == 6 and truth_values, 'Hint: six answers, each True or False (not strings), in the order of the statements'
    assert not answers[2], 'Hint: statement 3: one backward pass of a tape gives the derivative of the loss with respect to every weight at once; it is forward mode that needs one pass per weight'

@test_case(points=None, hidden=True)
def test_hidden_answers(statements):
    assert [bool(a) for a in statements] == [True, True, False, False, True, False]

