from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_six_truth_values(perceptron_statements):
    assert perceptron_statements is not ..., 'Hint: replace the ... after perceptron_statements = with your answer, and run that cell'
    assert perceptron_statements is not None and len(perceptron_statements) == 6, 'Hint: store a tuple of six answers, one per statement'
    assert all((str(answer) in ('True', 'False') and (not isinstance(answer, str)) for answer in perceptron_statements)), 'Hint: answer each statement with True or False (not a string)'

@test_case(points=None, hidden=True)
def test_hidden_statements(perceptron_statements):
    assert [str(answer) for answer in perceptron_statements] == ['True', 'False', 'True', 'False', 'False', 'True']

