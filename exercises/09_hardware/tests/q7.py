from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_a_4096_layer_on_an_h100(smallest_compute_bound_batch):
    out = smallest_compute_bound_batch(4096, 4096, 67000000000000.0, 3350000000000.0, 4)
    assert out is not None, 'Hint: smallest_compute_bound_batch returned None: return the batch size'
    assert float(out) == int(float(out)), f'Hint: a batch size is a whole number; got {out}'
    assert float(out) != 40, 'Hint: at a batch of 40 the intensity is still just below the ridge point (20 FLOPs per byte): round up'
    assert float(out) == 41, "Hint: for a 4096 -> 4096 layer in float32 on the H100's float32 cores, the smallest compute-bound batch is 41"
    out = float(smallest_compute_bound_batch(4096, 4096, 989000000000000.0, 3350000000000.0, 2))
    assert out != 830, 'Hint: with bfloat16 each number is 2 bytes, not 4'
    assert out == 345, 'Hint: on the tensor cores (989 TFLOP/s) with bfloat16 numbers, the same layer needs a batch of 345'

@test_case(points=None, hidden=True)
def test_hidden_like_a_search(smallest_compute_bound_batch):
    import numpy as np
    rng = np.random.default_rng(905)
    for _ in range(5):
        n_in, n_out = [int(v) for v in rng.integers(256, 8192, size=2)]
        size = int(rng.choice([2, 4]))
        bandwidth = float(rng.uniform(500000000000.0, 4000000000000.0))
        ridge = float(rng.uniform(2, 0.4 * min(n_in, n_out) / size))
        batch = 1
        while 2 * batch * n_in * n_out / (size * (batch * n_in + n_in * n_out + batch * n_out)) < ridge:
            batch += 1
        assert float(smallest_compute_bound_batch(n_in, n_out, ridge * bandwidth, bandwidth, size)) == batch

