from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_three_points(f_slope):
    import numpy as np
    out = f_slope(np.array([0.5, -1.5, 2.0]))
    assert out is not None, 'Hint: return the slopes (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (3,), f'Hint: one slope per entry of x, 3 here; got {out.shape}'
    assert not np.allclose(out, [0.94001485, 0.043464919, 0.0013409507]), 'Hint: the chain rule multiplies by the inner derivative, du/dx = 2x'
    assert not np.allclose(out, [0.78644773, -0.54211992, 0.2826033]), "Hint: tanh's slope, 1 - tanh(u)^2, is taken at the inner value u = x^2"
    assert np.allclose(out, [0.94001485, -0.13039476, 0.0053638027]), "Hint: at x = 0.5, f'(x) = 2 * 0.5 * (1 - tanh(0.25)^2) = 0.9400"

@test_case(points=None, hidden=True)
def test_hidden_like_both_tapes(f_slope):
    import numpy as np
    import tensorflow as tf
    import nnlib
    rng = np.random.default_rng(501)
    x = rng.normal(scale=1.2, size=12)
    out = np.ravel(np.asarray(f_slope(x), dtype=float))
    v = nnlib.Variable(x)
    with nnlib.GradientTape() as tape:
        f = nnlib.ops.tanh(v * v)
    assert np.allclose(out, tape.gradient(f, v).numpy(), rtol=1e-05, atol=1e-09)
    v_tf = tf.Variable(x)
    with tf.GradientTape() as tape_tf:
        f_tf = tf.tanh(v_tf * v_tf)
    assert np.allclose(out, tape_tf.gradient(f_tf, v_tf).numpy(), rtol=1e-05, atol=1e-09)

