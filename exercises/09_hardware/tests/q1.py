from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_a_784_to_128_layer(dense_flops):
    out = dense_flops(32, 784, 128, False)
    assert out is not None, 'Hint: dense_flops returned None: return the pair (forward, backward)'
    forward, backward = [float(v) for v in out]
    assert forward != 3211264, 'Hint: the product (32, 784) @ (784, 128) does 32 * 784 * 128 multiply-adds, each 2 FLOPs'
    assert forward == 6422528, 'Hint: the forward product of 32 samples through a 784 -> 128 layer costs 6,422,528 FLOPs'
    assert backward != forward, 'Hint: a layer that is not the first computes two gradients in the backward pass, each a product as large as the forward one'
    assert backward == 12845056, 'Hint: here backward is 12,845,056 FLOPs'
    forward, backward = [float(v) for v in dense_flops(32, 784, 128, True)]
    assert forward == 6422528 and backward == 6422528, 'Hint: the first layer skips the gradient for its inputs: one backward product, as large as the forward one'

@test_case(points=None, hidden=True)
def test_hidden_counted_by_loops(dense_flops):
    import numpy as np

    def counted(shape_a, shape_b):
        flops = 0
        for i in range(shape_a[0]):
            for j in range(shape_b[1]):
                for k in range(shape_a[1]):
                    flops += 2
        return flops
    rng = np.random.default_rng(901)
    for _ in range(3):
        batch, n_in, n_out = [int(v) for v in rng.integers(2, 9, size=3)]
        forward = counted((batch, n_in), (n_in, n_out))
        grad_w = counted((n_in, batch), (batch, n_out))
        grad_x = counted((batch, n_out), (n_out, n_in))
        assert [float(v) for v in dense_flops(batch, n_in, n_out, False)] == [forward, grad_w + grad_x]
        assert [float(v) for v in dense_flops(batch, n_in, n_out, True)] == [forward, grad_w]
    assert [float(v) for v in dense_flops(256, 4096, 1000, False)] == [2 * 256 * 4096 * 1000, 4 * 256 * 4096 * 1000]

