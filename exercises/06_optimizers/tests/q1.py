from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_from_rest(momentum_velocity):
    import numpy as np
    out = np.asarray(momentum_velocity(np.zeros(2), np.array([1.0, -2.0]), 0.1, 0.9), dtype=float)
    assert np.allclose(out, [-0.1, 0.2]), 'Hint: starting from v = 0, the first velocity is -learning_rate * grad'

@test_case(points=None, hidden=False)
def test_keeps_old_velocity(momentum_velocity):
    import numpy as np
    out = np.asarray(momentum_velocity(np.array([1.0]), np.array([0.0]), 0.1, 0.9), dtype=float)
    assert np.allclose(out, [0.9]), 'Hint: with a zero gradient the velocity shrinks by the factor momentum'

@test_case(points=None, hidden=True)
def test_hidden_random(momentum_velocity):
    import numpy as np
    rng = np.random.default_rng(14)
    v, g = (rng.normal(size=5), rng.normal(size=5))
    assert np.allclose(np.asarray(momentum_velocity(v, g, 0.05, 0.8), dtype=float), 0.8 * v - 0.05 * g)

