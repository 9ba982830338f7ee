from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_two_limits(stability_limits):
    import numpy as np
    assert stability_limits is not ..., 'Hint: replace the ... after stability_limits = with your answer, and run that cell'
    assert len(stability_limits) == 2, 'Hint: store the pair (heavy_ball_limit, nesterov_limit)'
    heavy_ball, nesterov = (float(v) for v in stability_limits)
    assert not np.isclose(heavy_ball, 0.16) and (not np.isclose(nesterov, 0.16)), "Hint: 2 / 12.5 = 0.16 is plain descent's limit; momentum changes it"
    assert heavy_ball > nesterov, "Hint: Nesterov's look-ahead makes its steps react more strongly to the curvature: at the same momentum it tolerates the smaller learning rate"

@test_case(points=None, hidden=True)
def test_hidden_limits_and_runs(stability_limits):
    import numpy as np
    import nnlib
    from nnlib import optimizers
    heavy_ball, nesterov = (float(v) for v in stability_limits)
    assert np.allclose([heavy_ball, nesterov], [0.288, 3.6 / 32.5], rtol=0.001)
    for limit, look_ahead in [(heavy_ball, False), (nesterov, True)]:
        for factor, shrinks in [(0.97, True), (1.03, False)]:
            w = nnlib.Variable(1.0)
            optimizer = optimizers.SGD(learning_rate=factor * limit, momentum=0.8, nesterov=look_ahead)
            for _ in range(300):
                optimizer.apply_gradients([(12.5 * w.numpy(), w)])
            assert (abs(float(w.numpy())) < 0.001) == shrinks

