from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_the_chapter_4x4(systolic):
    import numpy as np
    out = systolic(4, 4, 4)
    assert out is not None, 'Hint: systolic returned None: return the pair (ticks, utilisation)'
    ticks, utilisation = [float(v) for v in out]
    assert ticks == 10, "Hint: the chapter's 4 x 4 array with depth 4 took 10 ticks: its last cell (3, 3) does its last multiply-add, k = 3, at tick 9"
    assert np.isclose(utilisation, 0.4, rtol=1e-05), 'Hint: 64 multiply-adds in 16 cells over 10 ticks: the grid is never full'
    ticks, utilisation = [float(v) for v in systolic(3, 5, 20)]
    assert ticks == 26 and np.isclose(utilisation, 20 / 26, rtol=1e-05), 'Hint: a 3 x 5 array with depth 20 takes 26 ticks, and its utilisation is 20 / 26 = 0.769: a long inner dimension fills the array'

@test_case(points=None, hidden=True)
def test_hidden_simulated(systolic):
    import numpy as np
    rng = np.random.default_rng(906)
    for _ in range(4):
        rows, cols, depth = [int(v) for v in rng.integers(1, 12, size=3)]
        busy_per_tick = {}
        for i in range(rows):
            for j in range(cols):
                for k in range(depth):
                    busy_per_tick[i + j + k] = busy_per_tick.get(i + j + k, 0) + 1
        ticks = max(busy_per_tick) + 1
        out = [float(v) for v in systolic(rows, cols, depth)]
        assert out[0] == ticks
        assert np.isclose(out[1], sum(busy_per_tick.values()) / (rows * cols * ticks), rtol=1e-05)

