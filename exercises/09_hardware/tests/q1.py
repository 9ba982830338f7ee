from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_small(matmul_flops):
    out = matmul_flops(2, 3, 4)
    assert out is not None and int(out) == 48, 'Hint: 2 * 4 = 8 entries, each 3 multiplications and 3 additions'

@test_case(points=None, hidden=True)
def test_hidden_more_shapes(matmul_flops):
    for n, k, m in [(1, 1, 1), (4096, 4096, 4096), (32, 784, 128), (7, 1, 9)]:
        assert int(matmul_flops(n, k, m)) == 2 * n * k * m

