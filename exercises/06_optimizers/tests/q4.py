from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_two_numbers(adam_first_step):
    assert adam_first_step is not ..., 'Hint: replace the ... after adam_first_step = with your answer, and run that cell'
    import numpy as np
    out = np.asarray(adam_first_step, dtype=float)
    assert out.shape == (2,), 'Hint: store the two new weights'
    assert out[0] < 0 < out[1], 'Hint: each weight moves against its own gradient'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_and_keras_adam(adam_first_step):
    import keras
    import numpy as np
    import nnlib
    from nnlib import optimizers
    w = nnlib.Variable(np.zeros(2))
    optimizers.Adam(learning_rate=0.1).apply_gradients([(np.array([0.5, -2.0]), w)])
    assert np.allclose(np.asarray(adam_first_step, dtype=float), w.numpy(), atol=1e-06)
    kw = keras.Variable(np.zeros(2, dtype='float32'))
    keras.optimizers.Adam(learning_rate=0.1).apply_gradients([(keras.ops.convert_to_tensor(np.array([0.5, -2.0], dtype='float32')), kw)])
    assert np.allclose(np.asarray(adam_first_step, dtype=float), keras.ops.convert_to_numpy(kw), atol=1e-05)

