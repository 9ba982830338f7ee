from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_seven_answers(optimizer_statements):
    import numpy as np
    assert optimizer_statements is not ..., 'Hint: replace the ... after optimizer_statements = with your answer, and run that cell'
    answers = list(optimizer_statements)
    truth_values = all((isinstance(a, (bool, np.bool_)) for a in answers))
    assert len(answers) == 7 and truth_values, 'Hint: seven answers, each True or False (not strings), in the order of the statements'
    assert not answers[0], 'Hint: statement 1: Adam divides the running mean of the gradients by the root of the running mean of their squares; work out its first step for g = 1000 and for g = 1'

@test_case(points=None, hidden=True)
def test_hidden_answers(optimizer_statements):
    expected = [False, True, False, False, True, True, False]
    assert [bool(a) for a in optimizer_statements] == expected

