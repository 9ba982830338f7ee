from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_two_steps(adam):
    import numpy as np
    one = adam(np.zeros(2), np.array([[0.5, -2.0]]), 0.1)
    assert one is not None, 'Hint: return the final weights (your function returns None)'
    one = np.ravel(np.asarray(one, dtype=float))
    assert one.shape == (2,), f'Hint: one final weight per weight, 2 here; got {one.shape}'
    assert np.allclose(one, [-0.1, 0.1], rtol=0.0001), "Hint: with the bias correction, Adam's first step is about learning_rate long for every weight, whatever the size of its gradient: from 0, [-0.1, 0.1] here"
    two = adam(np.zeros(2), np.array([[0.5, -2.0], [0.5, 1.0]]), 0.1)
    two = np.ravel(np.asarray(two, dtype=float))
    assert np.allclose(two, [-0.19999892, 0.12663351], rtol=1e-05), "Hint: after a second gradient [0.5, 1.0] Keras's Adam is at [-0.19999892, 0.12663351]: m and v are running means, and the correction uses t = 2"

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_and_keras(adam):
    import numpy as np
    import keras
    import nnlib
    from nnlib import optimizers
    rng = np.random.default_rng(605)
    w0, grads = (rng.normal(size=3), rng.normal(scale=2.0, size=(5, 3)))
    w = nnlib.Variable(w0.copy())
    optimizer = optimizers.Adam(learning_rate=0.02)
    for g in grads:
        optimizer.apply_gradients([(g, w)])
    out = np.ravel(np.asarray(adam(w0, grads, 0.02), dtype=float))
    assert np.allclose(out, w.numpy(), rtol=1e-05, atol=1e-08)
    kw = keras.Variable(w0.astype('float32'))
    keras_optimizer = keras.optimizers.Adam(learning_rate=0.3)
    for g in grads[:3]:
        gradient = keras.ops.convert_to_tensor(g.astype('float32'))
        keras_optimizer.apply_gradients([(gradient, kw)])
    out = np.ravel(np.asarray(adam(w0, grads[:3], 0.3), dtype=float))
    assert np.allclose(out, keras.ops.convert_to_numpy(kw), rtol=0.0001, atol=1e-05)

