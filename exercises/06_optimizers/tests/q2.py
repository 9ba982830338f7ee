from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_two_steps(sgd_momentum):
    import numpy as np
    out = np.asarray(sgd_momentum(np.array([1.0]), np.array([[1.0], [1.0]]), 0.1, 0.5), dtype=float)
    assert np.allclose(out, [1.0 - 0.1 - 0.15]), 'Hint: step 1: v = -0.1, w = 0.9; step 2: v = 0.5 * (-0.1) - 0.1 = -0.15, w = 0.75'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_sgd(sgd_momentum):
    import numpy as np
    import nnlib
    from nnlib import optimizers
    rng = np.random.default_rng(15)
    w0, grads = (rng.normal(size=3), rng.normal(size=(6, 3)))
    w = nnlib.Variable(w0.copy())
    opt = optimizers.SGD(learning_rate=0.05, momentum=0.9)
    for g in grads:
        opt.apply_gradients([(g, w)])
    assert np.allclose(np.asarray(sgd_momentum(w0, grads, 0.05, 0.9), dtype=float), w.numpy())

@test_case(points=None, hidden=True)
def test_hidden_like_keras_sgd(sgd_momentum):
    import keras
    import numpy as np
    rng = np.random.default_rng(16)
    w0, grads = (rng.normal(size=4), rng.normal(size=(5, 4)))
    w = keras.Variable(w0.astype('float32'))
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.7)
    for g in grads:
        opt.apply_gradients([(keras.ops.convert_to_tensor(g.astype('float32')), w)])
    theirs = keras.ops.convert_to_numpy(w)
    assert np.allclose(np.asarray(sgd_momentum(w0, grads, 0.1, 0.7), dtype=float), theirs, rtol=1e-05, atol=1e-05)

