from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_a_constant_slope(terminal_velocity):
    import numpy as np
    out = terminal_velocity(np.array([2.0, -0.5]), 0.1, 0.75)
    assert out is not None, 'Hint: return the velocity (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (2,), f'Hint: one velocity per weight, 2 here; got {out.shape}'
    assert not np.allclose(out, [-0.2, 0.05]), 'Hint: -learning_rate * grad is only the first velocity; each later step adds momentum times the previous velocity'
    assert np.all(out * np.array([2.0, -0.5]) < 0), 'Hint: the velocity points downhill, against the gradient'
    assert np.allclose(out, [-0.8, 0.2]), 'Hint: for g = [2, -0.5], learning rate 0.1 and momentum 0.75 the velocity settles at [-0.8, 0.2]: four times the first velocity'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_after_many_steps(terminal_velocity):
    import numpy as np
    import nnlib
    from nnlib import optimizers
    rng = np.random.default_rng(602)
    for learning_rate, momentum in [(0.03, 0.9), (0.2, 0.6)]:
        g = rng.normal(size=3)
        w = nnlib.Variable(np.zeros(3))
        optimizer = optimizers.SGD(learning_rate=learning_rate, momentum=momentum)
        for _ in range(400):
            before = w.numpy().copy()
            optimizer.apply_gradients([(g, w)])
        out = terminal_velocity(g, learning_rate, momentum)
        out = np.ravel(np.asarray(out, dtype=float))
        assert np.allclose(out, w.numpy() - before, rtol=1e-05, atol=1e-09)

