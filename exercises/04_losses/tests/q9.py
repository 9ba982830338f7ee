from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_five_letters(loss_choices):
    assert loss_choices is not ..., 'Hint: replace the ... after loss_choices = with your answer, and run that cell'
    letters = [str(x).strip().upper() for x in loss_choices]
    assert len(letters) == 5 and set(letters) <= set('ABCDEF'), 'Hint: five letters from A to F, one per task, in the order of the tasks'
    assert letters[3] not in ('C', 'E'), 'Hint: task 4 can have several tags at once; a softmax makes the 8 probabilities sum to 1, so it cannot say yes to two tags'

@test_case(points=None, hidden=True)
def test_hidden_choices(loss_choices):
    letters = [str(x).strip().upper() for x in loss_choices]
    assert letters == ['F', 'B', 'C', 'D', 'A']

