from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_condition_number_100(momentum_theory):
    import numpy as np
    out = momentum_theory(1.0, 100.0)
    assert out is not None and len(out) == 4, 'Hint: return four numbers: learning_rate, momentum, steps_plain, steps_momentum'
    learning_rate, momentum, steps_plain, steps_momentum = (float(v) for v in out)
    assert not np.isclose(learning_rate, 2 / 11), 'Hint: the best learning rate is (2 / (sqrt(l1) + sqrt(ln))) squared'
    assert np.isclose(learning_rate, 4 / 121) and np.isclose(momentum, 81 / 121), 'Hint: for l1 = 1 and ln = 100 the best settings are 4/121 and 81/121'
    assert np.isclose(steps_plain, 690.75, rtol=0.002), 'Hint: plain descent at its best learning rate has the rate 99/101 per step; solve rate^t = 1e-6 for t: about 691 steps'
    assert np.isclose(steps_momentum, 68.85, rtol=0.002), "Hint: heavy ball's rate is (sqrt(kappa) - 1) / (sqrt(kappa) + 1) = 9/11 for kappa = 100: about 69 steps"

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_landscapes(momentum_theory):
    import numpy as np
    from nnlib import landscapes
    for l1, ln in [(0.2, 45.0), (3.0, 12.0)]:
        out = [float(v) for v in momentum_theory(l1, ln)]
        kappa = ln / l1
        expected = list(landscapes.best_momentum(l1, ln)) + [np.log(1e-06) / np.log(landscapes.gd_rate(kappa)), np.log(1e-06) / np.log(landscapes.momentum_rate(kappa))]
        assert np.allclose(out[:2], expected[:2], rtol=1e-05)
        assert np.allclose(out[2:], expected[2:], rtol=0.002)

