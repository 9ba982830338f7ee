from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_two_numbers(fewest_units):
    assert fewest_units is not ..., 'Hint: replace the ... after fewest_units = with your two numbers, and run that cell'
    assert fewest_units is not None and len(fewest_units) == 2, 'Hint: store two numbers: (in_a_line, in_space)'
    in_a_line, in_space = [float(v) for v in fewest_units]
    assert in_a_line == int(in_a_line) and in_space == int(in_space), 'Hint: count whole units'
    assert in_a_line != 1, "Hint: one unit's ramp is flat on one side of its switching point and rises without limit on the other"
    assert in_space != 3, 'Hint: in space, each unit switches on across a plane; do three planes close off a bounded region?'
    assert in_a_line >= 1 and in_space >= 1, 'Hint: count the hidden units, at least 1'

@test_case(points=None, hidden=True)
def test_hidden_values(fewest_units):
    assert [float(v) for v in fewest_units] == [2, 4]

