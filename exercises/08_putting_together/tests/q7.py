from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 1

@test_case(points=None, hidden=False)
def test_consistent(batch_plan):
    assert batch_plan is not ..., 'Hint: replace the ... after batch_plan = with your three numbers, and run that cell'
    assert batch_plan is not None and len(batch_plan) == 3, 'Hint: store three numbers: (updates_per_epoch, last_batch, total_updates)'
    updates, last, total = [float(v) for v in batch_plan]
    assert 0 < last < 64, 'Hint: 64 does not divide 1,000, so the last batch holds fewer than 64 samples'
    assert 64 * (updates - 1) + last == 1000, 'Hint: the full batches and the last one together hold all 1,000 samples, each sample once per epoch'
    assert total == 12 * updates, 'Hint: every epoch makes the same number of updates'

@test_case(points=None, hidden=True)
def test_hidden_like_a_loop(batch_plan):
    import numpy as np
    sizes = [len(np.arange(1000)[start:start + 64]) for start in range(0, 1000, 64)]
    assert [float(v) for v in batch_plan] == [len(sizes), sizes[-1], 12 * len(sizes)]

