"""The chapters' set-up: compact PNG figures (the quiet imports are checked by tests/book)."""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from nnlib.notebook import compact_png  # noqa: E402


def test_a_figure_becomes_a_palette_png_that_looks_the_same():
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 6, 200)
    for shift, style in [(0, "-"), (1, "--"), (2, ":")]:
        ax.plot(x, np.sin(x + shift), style)
    ax.contourf(*np.meshgrid(x, x), np.sin(x)[:, None] * np.cos(x), alpha=0.3)
    full = io.BytesIO()
    fig.savefig(full, format="png", bbox_inches="tight")
    compact = compact_png(fig)
    plt.close(fig)

    image = Image.open(io.BytesIO(compact))
    reference = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    assert image.mode == "P" and len(image.getcolors(256)) <= 256
    assert image.size == (reference.shape[1], reference.shape[0])
    # Every pixel within a few levels of the full-colour figure's, on average far closer.
    difference = np.abs(np.asarray(image.convert("RGB"), dtype=float) - reference)
    assert difference.mean() < 2 and np.percentile(difference, 99) < 16
    assert len(compact) < full.getbuffer().nbytes


def test_in_a_kernel_figures_are_displayed_as_compact_pngs():
    from IPython.core.interactiveshell import InteractiveShell

    from nnlib import notebook

    shell = InteractiveShell.instance()
    try:
        notebook._store_figures_compactly()
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1, 2], [1, 0, 1], "o-")
        shown, _ = shell.display_formatter.format(fig)
        plt.close(fig)
    finally:
        InteractiveShell.clear_instance()
    png = shown["image/png"]
    png = png if isinstance(png, bytes) else __import__("base64").b64decode(png)
    assert Image.open(io.BytesIO(png)).mode == "P"
