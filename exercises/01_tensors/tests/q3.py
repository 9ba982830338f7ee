from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_small_batch(to_channels_first):
    import numpy as np
    images = np.arange(2 * 4 * 5 * 3).reshape(2, 4, 5, 3)
    out = to_channels_first(images)
    assert out is not None, 'Hint: return the new array'
    out = np.asarray(out)
    assert out.shape == (2, 3, 4, 5), f'Hint: a batch of shape (2, 4, 5, 3) becomes (2, 3, 4, 5); yours has shape {out.shape}'
    assert np.array_equal(out[1, 0], images[1, :, :, 0]), "Hint: out[1, 0] must be image 1's channel 0, images[1, :, :, 0]; a reshape to the right shape scrambles pixels and channels"
    assert np.array_equal(out[0, 2], images[0, :, :, 2]), "Hint: out[0, 2] must be image 0's channel 2, images[0, :, :, 2]"

@test_case(points=None, hidden=True)
def test_hidden_random_batch(to_channels_first):
    import numpy as np
    rng = np.random.default_rng(31)
    images = rng.normal(size=(3, 6, 7, 2))
    expected = np.einsum('nhwc->nchw', images)
    out = np.asarray(to_channels_first(images), dtype=float)
    assert out.shape == (3, 2, 6, 7)
    assert np.allclose(out, expected, rtol=1e-06)

