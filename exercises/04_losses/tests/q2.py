from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_four_errors(huber_gradient):
    import numpy as np
    out = huber_gradient(np.zeros(4), np.array([0.5, -3.0, 2.0, -0.2]), 1.0)
    assert out is not None, 'Hint: return the slopes (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (4,), f'Hint: one slope per prediction, 4 here; got {out.shape}'
    assert not np.allclose(out, [0.5, -1.0, 1.0, -0.2]), 'Hint: L is the MEAN over the 4 samples; each slope carries a factor 1/n'
    assert np.allclose(out[[0, 3]], [0.125, -0.05]), 'Hint: inside |e| <= delta the loss is e^2 / 2, so the slope of the mean is e / n: 0.5 / 4 = 0.125 for the first prediction (error = prediction - truth)'
    assert np.allclose(out[[1, 2]], [-0.25, 0.25]), 'Hint: beyond |e| > delta the loss grows like delta |e|: its slope has the size delta / n, here 1 / 4, with the sign of the error'

@test_case(points=None, hidden=False)
def test_another_delta(huber_gradient):
    import numpy as np
    out = huber_gradient(np.ones(4), np.array([1.5, -2.0, 3.0, 0.8]), 2.0)
    out = np.ravel(np.asarray(out, dtype=float))
    assert np.allclose(out, [0.125, -0.5, 0.5, -0.05]), 'Hint: with delta = 2 the errors [0.5, -3, 2, -0.2] have the slopes [0.5, -2, 2, -0.2] / 4: the slope is limited to delta, not to 1'

@test_case(points=None, hidden=True)
def test_hidden_like_both_tapes(huber_gradient):
    import numpy as np
    import tensorflow as tf
    import keras
    import nnlib
    from nnlib import losses
    rng = np.random.default_rng(402)
    y, p = (rng.normal(size=20), rng.normal(scale=2.0, size=20))
    out = np.ravel(np.asarray(huber_gradient(y, p, 1.5), dtype=float))
    pred = nnlib.Variable(p[:, None])
    with nnlib.GradientTape() as tape:
        loss = losses.Huber(delta=1.5)(y[:, None], pred)
    expected = tape.gradient(loss, pred).numpy()[:, 0]
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-09)
    pred_tf = tf.Variable(p[:, None])
    with tf.GradientTape() as tape_tf:
        loss_tf = keras.ops.mean(keras.losses.huber(y[:, None], pred_tf, delta=1.5))
    expected = tape_tf.gradient(loss_tf, pred_tf).numpy()[:, 0]
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-09)

