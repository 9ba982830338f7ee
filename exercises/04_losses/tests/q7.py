from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=None, hidden=False)
def test_ten_percent_leave(best_constant_probability):
    import numpy as np
    out = best_constant_probability(0.1, 1.0)
    assert out is not None and len(out) == 2, 'Hint: return the pair (p_best, logit_best)'
    assert np.allclose([float(v) for v in out], [0.1, np.log(1 / 9)]), 'Hint: without weights the best constant probability is the share itself, 0.1, and its logit is log(0.1 / 0.9) = -2.197'
    p4, logit4 = (float(v) for v in best_constant_probability(0.1, 4.0))
    assert not np.isclose(p4, 0.1), 'Hint: the weight changes the best p'
    assert 0 < p4 < 1 and (not np.isclose(p4, 0.4)), 'Hint: p must stay a probability: set the derivative of -(w pi log p + (1 - pi) log(1 - p)) to zero and solve for p'
    assert np.isclose(logit4, np.log(p4 / (1 - p4))), 'Hint: the logit of p is log(p / (1 - p))'

@test_case(points=None, hidden=True)
def test_hidden_the_tape_finds_no_slope(best_constant_probability):
    import numpy as np
    import nnlib
    from nnlib import losses
    for n_left, weight in [(3, 5.0), (11, 2.5), (7, 0.4)]:
        y = np.zeros((40, 1))
        y[:n_left] = 1.0
        answer = best_constant_probability(n_left / 40, weight)
        p_best, logit_best = (float(v) for v in answer)
        assert np.isclose(p_best, 1 / (1 + np.exp(-logit_best)), rtol=1e-06)
        logit = nnlib.Variable(logit_best)
        with nnlib.GradientTape() as tape:
            probs = nnlib.ops.sigmoid(logit * np.ones((40, 1)))
            loss = losses.BinaryCrossentropy()(y, probs, sample_weight=np.where(y[:, 0] == 1, weight, 1.0))
        assert abs(float(tape.gradient(loss, logit).numpy())) < 1e-06

