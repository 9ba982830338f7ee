from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_two_steps(sgd_momentum):
    import numpy as np
    grads = np.array([[1.0, 0.5], [1.0, 0.5]])
    out = sgd_momentum(np.array([1.0, -2.0]), grads, 0.1, 0.5)
    assert out is not None, 'Hint: return the final weights (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (2,), f'Hint: one final weight per weight, 2 here; got {out.shape}'
    assert not np.allclose(out, [0.8, -2.1]), 'Hint: that is plain gradient descent: two steps of -0.1 * g. With momentum the second step also carries 0.5 times the first step'
    assert not np.allclose(out, [0.675, -2.1625]), "Hint: that is Nesterov's update; Keras's default (nesterov=False) moves the weights by the new velocity"
    assert np.allclose(out, [0.75, -2.125]), 'Hint: step 1: v = -0.1 g = [-0.1, -0.05], w = [0.9, -2.05]; step 2: v = 0.5 v - 0.1 g = [-0.15, -0.075], w = [0.75, -2.125]'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_and_keras(sgd_momentum):
    import numpy as np
    import keras
    import nnlib
    from nnlib import optimizers
    rng = np.random.default_rng(601)
    w0, grads = (rng.normal(size=3), rng.normal(size=(6, 3)))
    w = nnlib.Variable(w0.copy())
    optimizer = optimizers.SGD(learning_rate=0.05, momentum=0.9)
    for g in grads:
        optimizer.apply_gradients([(g, w)])
    out = np.ravel(np.asarray(sgd_momentum(w0, grads, 0.05, 0.9), dtype=float))
    assert np.allclose(out, w.numpy(), rtol=1e-05, atol=1e-08)
    w0, grads = (rng.normal(size=4), rng.normal(size=(5, 4)))
    kw = keras.Variable(w0.astype('float32'))
    keras_optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.7)
    for g in grads:
        gradient = keras.ops.convert_to_tensor(g.astype('float32'))
        keras_optimizer.apply_gradients([(gradient, kw)])
    out = np.ravel(np.asarray(sgd_momentum(w0, grads, 0.1, 0.7), dtype=float))
    assert np.allclose(out, keras.ops.convert_to_numpy(kw), rtol=1e-05, atol=1e-05)

