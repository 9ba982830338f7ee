from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_two_gradients(clip_by_global_norm):
    import numpy as np
    out = clip_by_global_norm([np.array([3.0, 4.0]), np.array([12.0])], 5.2)
    assert out is not None and len(out) == 2, 'Hint: return a list with one clipped array per gradient'
    first, second = (np.ravel(np.asarray(g, dtype=float)) for g in out)
    assert first.shape == (2,) and second.shape == (1,), "Hint: each clipped gradient keeps its gradient's shape"
    assert not (np.allclose(first, [3.0, 4.0]) and np.allclose(second, [5.2])), 'Hint: that clips each gradient by its own length; global clipping measures the length of all of them together: sqrt(3^2 + 4^2 + 12^2) = 13'
    assert np.allclose(first, [1.2, 1.6]) and np.allclose(second, [4.8]), 'Hint: the total length is 13 > 5.2, so every entry is multiplied by 5.2 / 13 = 0.4: [1.2, 1.6] and [4.8]'
    out = clip_by_global_norm([np.array([3.0, 4.0]), np.array([12.0])], 20.0)
    first, second = (np.ravel(np.asarray(g, dtype=float)) for g in out)
    assert np.allclose(first, [3.0, 4.0]) and np.allclose(second, [12.0]), 'Hint: when the total length, 13, is below clipnorm = 20, nothing changes'

@test_case(points=None, hidden=True)
def test_hidden_like_tensorflow_and_nnlib(clip_by_global_norm):
    import numpy as np
    import tensorflow as tf
    from nnlib import optimizers
    rng = np.random.default_rng(608)
    grads = [rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(scale=3, size=4)]
    for clipnorm in (1.5, 40.0):
        out = clip_by_global_norm(grads, clipnorm)
        theirs, _ = tf.clip_by_global_norm([tf.constant(g) for g in grads], clipnorm)
        ours = optimizers.SGD(global_clipnorm=clipnorm).clip_gradients(grads)
        assert len(out) == 3
        for mine, their, our in zip(out, theirs, ours):
            mine = np.asarray(mine, dtype=float)
            assert mine.size == our.size and (our.ndim == 1 or mine.shape == our.shape)
            assert np.allclose(mine.reshape(our.shape), their.numpy(), rtol=1e-05)
            assert np.allclose(mine.reshape(our.shape), our, rtol=1e-05)

