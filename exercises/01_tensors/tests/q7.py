from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=None, hidden=False)
def test_shapes_fit_together(kernel_shape, bias_shape, output_shape, n_params):
    for answer in [kernel_shape, bias_shape, output_shape, n_params]:
        assert answer is not ..., 'Hint: replace every ... with your answer, and run that cell'
    import numpy as np

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    kernel, bias, output = (as_shape(kernel_shape), as_shape(bias_shape), as_shape(output_shape))
    assert None not in (kernel, bias, output), 'Hint: store each shape as a tuple of whole numbers, such as (4, 1) or (5,)'
    assert kernel[0] == 20, f"Hint: Keras's kernel has one row per input feature and one column per unit; yours is {kernel}"
    assert len(bias) == 1, f'Hint: the bias is a vector, one number per unit; yours has shape {bias}'
    assert len(output) == 2 and output[0] == 32, f'Hint: the output has one row per sample and one column per unit; yours is {output}'
    assert float(n_params) == np.prod(kernel) + np.prod(bias), "Hint: the trainable parameters are the kernel's entries and the bias's entries"

@test_case(points=None, hidden=True)
def test_hidden_like_keras(kernel_shape, bias_shape, output_shape, n_params):
    import keras

    def as_shape(answer):
        try:
            sizes = [float(n) for n in answer]
        except (TypeError, ValueError):
            return None
        if not all((n.is_integer() and n >= 0 for n in sizes)):
            return None
        return tuple((int(n) for n in sizes))
    layer = keras.layers.Dense(8, activation='relu')
    layer.build((None, 20))
    assert as_shape(kernel_shape) == tuple(layer.kernel.shape)
    assert as_shape(bias_shape) == tuple(layer.bias.shape)
    assert as_shape(output_shape) == tuple(layer.compute_output_shape((32, 20)))
    assert float(n_params) == layer.count_params()

