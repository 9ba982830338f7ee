from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 3

@test_case(points=None, hidden=False)
def test_six_by_three_on_a_4x4_grid(tiled_systolic):
    import numpy as np
    out = tiled_systolic(4, 4, 4, 4)
    assert out is not None, 'Hint: tiled_systolic returned None: return the pair (ticks, utilisation)'
    assert np.allclose([float(v) for v in out], [10, 0.4], rtol=1e-05), "Hint: a product that fits the grid is one tile: question 8's (10, 0.4) for 4 x 4 x 4"
    ticks, utilisation = [float(v) for v in tiled_systolic(6, 5, 3, 4)]
    assert ticks != 22, 'Hint: the second tile holds the last 2 rows only: 2 x 3 entries, not a full 4 x 4'
    assert ticks == 18, 'Hint: (6, 5) @ (5, 3) on a 4 x 4 grid is two tiles, 4 x 3 and 2 x 3 entries, taking 10 + 8 = 18 ticks'
    assert np.isclose(utilisation, 90 / 288, rtol=1e-05), 'Hint: 6 * 3 * 5 = 90 multiply-adds in 18 ticks of all 16 cells: a utilisation of 0.3125'

@test_case(points=None, hidden=True)
def test_hidden_by_brute_force(tiled_systolic):
    import numpy as np
    rng = np.random.default_rng(907)
    for _ in range(4):
        n, k, m, grid = [int(v) for v in rng.integers(1, 40, size=4)]
        tick_of_tile = {}
        for i in range(n):
            for j in range(m):
                tile = (i // grid, j // grid)
                last = i % grid + j % grid + k - 1
                tick_of_tile[tile] = max(tick_of_tile.get(tile, 0), last + 1)
        ticks = sum(tick_of_tile.values())
        out = [float(v) for v in tiled_systolic(n, k, m, grid)]
        assert out[0] == ticks
        assert np.isclose(out[1], n * m * k / (grid * grid * ticks), rtol=1e-05)

