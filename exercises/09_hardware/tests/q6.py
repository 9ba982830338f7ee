from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_two_answers(h100_layer):
    assert h100_layer is not None and all((h100_layer.get(k, ...) is not ... for k in ('batch_32', 'batch_512'))), 'Hint: replace each ... in h100_layer with your (bound, microseconds), and run that cell'
    for key in ('batch_32', 'batch_512'):
        assert len(h100_layer[key]) == 2, f'Hint: store a pair (bound, microseconds) under {key!r}'
        bound, microseconds = h100_layer[key]
        assert bound in ('memory', 'compute'), f'Hint: the bound of {key} is the string "memory" or "compute"; got {bound!r}'
        assert 1 < float(microseconds) < 100000, f'Hint: give the time in microseconds (1e-6 s): {key} takes more than 1 microsecond and less than 0.1 s'
    assert float(h100_layer['batch_32'][1]) > 20, 'Hint: whatever the batch, the product reads all of W, 4096 x 4096 float32 numbers, from memory: how long does that alone take?'

@test_case(points=None, hidden=True)
def test_hidden_values(h100_layer):
    import numpy as np
    peak, bandwidth = (67000000000000.0, 3350000000000.0)
    for batch in (32, 512):
        bound, microseconds = h100_layer[f'batch_{batch}']
        flops, moved = (2 * batch * 4096 * 4096, 4 * (batch * 4096 + 4096 * 4096 + batch * 4096))
        assert bound == ('memory' if moved / bandwidth > flops / peak else 'compute')
        assert np.isclose(float(microseconds), max(flops / peak, moved / bandwidth) * 1000000.0, rtol=0.0001)

