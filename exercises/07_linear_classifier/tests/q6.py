from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_one_epoch_on_five_images(train_flat_softmax):
    import numpy as np
    images = np.arange(20).reshape(5, 2, 2) / 20
    labels = np.array([0, 2, 1, 1, 2])
    kernel0 = np.linspace(-0.5, 0.6, 12).reshape(4, 3).round(2)
    out = train_flat_softmax(images, labels, kernel0, np.array([0.1, -0.1, 0.0]), 0.5, 1, 2)
    assert out is not None, 'Hint: train_flat_softmax returned None: return model.get_weights()'
    kernel, bias = out
    kernel, bias = (np.asarray(kernel, dtype=float), np.asarray(bias, dtype=float).reshape(-1))
    assert kernel.shape == (4, 3), f'Hint: the kernel has one row per value of a 2 x 2 image and one column per class: shape (4, 3); got {kernel.shape}'
    assert bias.shape == (3,), f'Hint: the bias has one entry per class, shape (3,); got {bias.shape}'
    assert np.allclose(bias, [-0.04123, -0.1784, 0.21963], atol=1e-05), 'Hint: after one epoch (batches of 2, 2 and 1 images) the bias is about [-0.0412, -0.1784, 0.2196]'
    assert np.allclose(kernel[0], [-0.64708, -0.47224, -0.08068], atol=1e-05), "Hint: your bias is right; after one epoch the kernel's first row is about [-0.6471, -0.4722, -0.0807]: flatten each image row by row, as reshape does"
    assert np.allclose(kernel, [[-0.64708, -0.47224, -0.08068], [-0.35414, -0.17616, 0.2303], [-0.0612, 0.11992, 0.54128], [0.23173, 0.416, 0.85226]], atol=1e-05)

@test_case(points=None, hidden=True)
def test_hidden_like_keras_flatten_dense(train_flat_softmax):
    import keras
    import numpy as np
    rng = np.random.default_rng(708)
    images, labels = (rng.uniform(size=(11, 3, 4)), rng.integers(0, 3, size=11))
    kernel0, bias0 = (rng.normal(scale=0.3, size=(12, 3)), rng.normal(scale=0.1, size=3))
    model = keras.Sequential([keras.Input((3, 4)), keras.layers.Flatten(), keras.layers.Dense(3, activation='softmax')])
    model.set_weights([kernel0, bias0])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.4), loss='sparse_categorical_crossentropy')
    model.fit(images.astype('float32'), labels, batch_size=4, epochs=2, shuffle=False, verbose=0)
    expected_kernel, expected_bias = model.get_weights()
    kernel, bias = train_flat_softmax(images, labels, kernel0, bias0, 0.4, 2, 4)
    assert np.allclose(np.asarray(kernel, dtype=float), expected_kernel, rtol=0.0001, atol=1e-05)
    assert np.allclose(np.asarray(bias, dtype=float).reshape(-1), expected_bias, rtol=0.0001, atol=1e-05)

