from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_two_products(matmul_intensity):
    import numpy as np
    out = matmul_intensity(64, 64, 64, 4)
    assert out is not None, 'Hint: matmul_intensity returned None: return the FLOPs per byte'
    assert np.isclose(float(out), 64 / 6, rtol=1e-05), "Hint: for n = k = m = 64 and float32 the chapter's n / 6 gives 10.67 FLOPs per byte"
    out = float(matmul_intensity(128, 256, 64, 2))
    assert not np.isclose(out, 42.666667, rtol=1e-05), 'Hint: the output is moved too: the product writes its (n, m) result to memory'
    assert not np.isclose(out, 18.285714, rtol=1e-05), 'Hint: each of the n * k * m multiply-adds is 2 FLOPs'
    assert not np.isclose(out, 73.142857, rtol=1e-05), 'Hint: a bfloat16 number is 2 bytes: divide by the bytes, not the numbers'
    assert np.isclose(out, 36.571429, rtol=1e-05), 'Hint: (128, 256) @ (256, 64) in bfloat16 does about 36.57 FLOPs per byte'

@test_case(points=None, hidden=True)
def test_hidden_random_shapes(matmul_intensity):
    import numpy as np
    rng = np.random.default_rng(903)
    for _ in range(4):
        n, k, m = [int(v) for v in rng.integers(1, 3000, size=3)]
        size = int(rng.choice([2, 4, 8]))
        a, b = (np.zeros((n, k), dtype=f'f{size}'), np.zeros((k, m), dtype=f'f{size}'))
        moved = a.nbytes + b.nbytes + np.zeros((n, m), dtype=f'f{size}').nbytes
        assert np.isclose(float(matmul_intensity(n, k, m, size)), 2 * n * k * m / moved, rtol=1e-05)

