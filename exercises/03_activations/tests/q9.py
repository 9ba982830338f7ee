from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_six_pairs(output_layers):
    assert output_layers is not ..., 'Hint: replace the ... after output_layers = with your answer, and run that cell'
    assert output_layers is not None and len(output_layers) == 6, 'Hint: store a list of six pairs, one per task'
    classes = [10, 20, 3, 14, 5, 8]
    for number, (pair, k) in enumerate(zip(output_layers, classes), start=1):
        assert len(pair) == 2, f"Hint: task {number}: a pair (activation, units), such as ('softmax', 3)"
        activation, units = pair
        assert str(activation).strip().lower() in ('softmax', 'sigmoid'), f"Hint: task {number}: the activation is 'softmax' or 'sigmoid'"
        assert float(units) == k, f'Hint: task {number}: one output unit per class or label, whichever the activation'

@test_case(points=None, hidden=True)
def test_hidden_choices(output_layers):
    chosen = [str(activation).strip().lower() for activation, _ in output_layers]
    assert chosen == ['softmax', 'sigmoid', 'softmax', 'sigmoid', 'softmax', 'sigmoid']

