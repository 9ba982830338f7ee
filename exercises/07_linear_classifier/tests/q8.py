from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 1

@test_case(points=None, hidden=False)
def test_consistent(cifar_shapes):
    assert cifar_shapes is not None and all((cifar_shapes.get(k, ...) is not ... for k in ('W', 'b', 'scores', 'parameters'))), 'Hint: replace each ... in cifar_shapes with your answer, and run that cell'
    for key in ('W', 'b', 'scores'):
        assert isinstance(cifar_shapes[key], (tuple, list)), f'Hint: write the shape under {key!r} as a tuple, such as (5, 7) or (5,)'
    W, b, scores = [tuple((int(s) for s in cifar_shapes[key])) for key in ('W', 'b', 'scores')]
    assert len(W) == 2 and len(b) == 1 and (len(scores) == 2), 'Hint: a kernel and a batch of scores have 2 axes, a bias 1; write (5,) for a shape with one axis'
    assert W[1] == b[0] == scores[1] == 10, "Hint: as in the chapter's (64, 10) kernel, the kernel has one row per input value and one column per class"
    assert scores[0] == 64, 'Hint: the scores have one row per image of the batch'
    assert float(cifar_shapes['parameters']) == W[0] * W[1] + b[0], 'Hint: the parameters are every entry of the kernel and of the bias'

@test_case(points=None, hidden=True)
def test_hidden_like_keras(cifar_shapes):
    import keras
    import numpy as np
    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])
    kernel, bias = model.get_weights()
    assert np.array_equal(np.asarray(cifar_shapes['W'], dtype=float), kernel.shape)
    assert np.array_equal(np.asarray(cifar_shapes['b'], dtype=float).reshape(-1), bias.shape)
    assert np.array_equal(np.asarray(cifar_shapes['scores'], dtype=float), (64,) + model.output_shape[1:])
    assert float(cifar_shapes['parameters']) == model.count_params()

