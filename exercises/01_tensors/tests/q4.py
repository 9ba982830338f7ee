from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_two_segments(ppg_amplitude):
    import numpy as np
    ppg = np.array([[0.5, 2.0, -1.0, 1.0], [1.0, 1.5, 0.0, 0.5]])
    motion = np.array([[0.0, 0.1, -0.1, 0.0], [0.3, 0.0, 0.0, 0.1]])
    batch = np.stack([ppg, motion], axis=-1)
    out = ppg_amplitude(batch)
    assert out is not None, 'Hint: return the amplitudes'
    out = np.asarray(out, dtype=float)
    assert out.size == 2, f'Hint: one amplitude per segment: 2 numbers for this batch of shape (2, 4, 2); yours has shape {out.shape}'
    assert np.allclose(out.ravel(), [3.0, 1.5]), "Hint: segment 0's PPG readings are [0.5, 2.0, -1.0, 1.0]: its amplitude is 2.0 - (-1.0) = 3.0; segment 1's is 1.5"

@test_case(points=None, hidden=True)
def test_hidden_random_batch(ppg_amplitude):
    import numpy as np
    rng = np.random.default_rng(41)
    batch = rng.normal(size=(5, 50, 3))
    expected = [max(segment[:, 0]) - min(segment[:, 0]) for segment in batch]
    out = np.asarray(ppg_amplitude(batch), dtype=float).ravel()
    assert np.allclose(out, expected, rtol=1e-05)

