from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_seven_truth_values(broadcasting_statements):
    assert broadcasting_statements is not ..., 'Hint: replace the ... after broadcasting_statements = with your answer, and run that cell'
    assert broadcasting_statements is not None and len(broadcasting_statements) == 7, 'Hint: store a tuple of seven answers, one per statement'
    assert all((str(answer) in ('True', 'False') and (not isinstance(answer, str)) for answer in broadcasting_statements)), 'Hint: answer each statement with True or False (not a string)'

@test_case(points=None, hidden=True)
def test_hidden_statements(broadcasting_statements):
    expected = ['True', 'False', 'False', 'False', 'False', 'True', 'True']
    assert [str(answer) for answer in broadcasting_statements] == expected

