from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_four_numbers_each(float32_losses, logit_losses):
    import numpy as np
    assert float32_losses is not ... and logit_losses is not ..., 'Hint: replace both ... with your answers, and run that cell'
    mine = np.ravel(np.asarray(float32_losses, dtype=float))
    exact = np.ravel(np.asarray(logit_losses, dtype=float))
    assert mine.shape == (4,) and exact.shape == (4,), "Hint: store four per-sample losses in each, in the customers' order"
    assert np.all(np.isfinite(mine)), 'Hint: clip p to [1e-7, 1 - 1e-7] before the logarithm, as the losses do'
    assert not np.isclose(mine[3], exact[3]), "Hint: float32_losses is the colleague's loss from probabilities, not the exact loss from the logits"
    assert not np.isclose(mine[3], mine[1]), "Hint: the two ceilings differ in float32: near 1 float32's steps are coarser than near 0; did you compute in float64?"
    assert np.allclose(exact[[0, 2]], 12.0, atol=0.0001), 'Hint: from the logits, a wrong label at |z| = 12 costs about 12 (softplus(12) = 12.000006)'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_and_keras(float32_losses, logit_losses):
    import numpy as np
    import keras
    from nnlib import losses
    y = np.array([[1.0], [1.0], [0.0], [0.0]], dtype=np.float32)
    z = np.array([[-12.0], [-40.0], [12.0], [40.0]], dtype=np.float32)
    p = 1 / (1 + np.exp(-z))
    mine = np.ravel(np.asarray(float32_losses, dtype=float))
    ours = losses.binary_crossentropy(y, p).numpy()
    theirs = keras.losses.binary_crossentropy(y, p).numpy()
    assert np.allclose(mine, ours, rtol=0.002) and np.allclose(mine, theirs, rtol=0.002)
    exact = losses.binary_crossentropy(y, z.astype(float), from_logits=True).numpy()
    exact_given = np.ravel(np.asarray(logit_losses, dtype=float))
    assert np.allclose(exact_given, exact, rtol=1e-05)

