from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_a_short_schedule(warmup_cosine):
    import numpy as np
    out = warmup_cosine(np.array([0, 2, 4, 8, 12, 20]), 0.1, 4, 8)
    assert out is not None, 'Hint: return the learning rates (your function returns None)'
    out = np.ravel(np.asarray(out, dtype=float))
    assert out.shape == (6,), f'Hint: one learning rate per step, 6 here; got {out.shape}'
    assert np.allclose(out[:3], [0.0, 0.05, 0.1]), 'Hint: with peak 0.1 and 4 warm-up steps the rate is 0, 0.05 and 0.1 at steps 0, 2 and 4'
    assert np.all(out >= 0), 'Hint: the cosine part goes from peak down to 0, never below'
    assert np.isclose(out[3], 0.05), 'Hint: step 8 is halfway through the decay (4 of its 8 steps), where half a cosine period is at half the peak'
    assert np.allclose(out[4:], 0.0), 'Hint: the decay ends at step warmup_steps + decay_steps = 12; after it the rate stays at 0'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_and_nnlib(warmup_cosine):
    import numpy as np
    import keras
    from nnlib.optimizers import schedules
    steps = np.arange(0, 66)
    out = np.ravel(np.asarray(warmup_cosine(steps, 0.003, 10, 50), dtype=float))
    ours = schedules.CosineDecay(0.0, decay_steps=50, warmup_target=0.003, warmup_steps=10)
    assert np.allclose(out, [ours(int(t)) for t in steps], rtol=1e-05, atol=1e-10)
    theirs = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=25, warmup_target=0.5, warmup_steps=7)
    steps = np.arange(0, 40, 3)
    out = np.ravel(np.asarray(warmup_cosine(steps, 0.5, 7, 25), dtype=float))
    expected = [float(keras.ops.convert_to_numpy(theirs(int(t)))) for t in steps]
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-07)

