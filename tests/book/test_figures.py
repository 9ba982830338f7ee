"""The chapters' figures keep their colours apart for readers with a colour-vision deficiency.

About one man in twelve sees colours with a deficiency: deuteranopia and protanopia (red and green
look alike) are the common ones. Each figure stored in a chapter is read as its readers would see it:
its inks (the saturated colours that cover at least 0.1% of it: lines, markers, filled shapes, not
greys nor the pale tints of anti-aliasing) are simulated as a deuteranope and a protanope see them
(Machado, Oliveira and Fernandes 2009, severity 1, in linear RGB), and any two inks that differ
clearly in normal vision (CIELAB distance 30 or more) must stay apart (distance 10 or more) for both.
tab10's red and green, for example, are 120 apart and fall to 7 for a deuteranope; Okabe and Ito's
palette, which chapters 3 to 5 use, keeps every pair apart.

What this cannot check, and review must: that a figure whose colours stay apart does not rely on
colour alone (a second encoding: line style, marker, hatching or a label), and that its alt text says
what it shows. A figure whose colours are its data (an RGB image shown as an RGB image) is tagged
`colour-is-data` and says why in its cell's metadata under `colour_is_data`.
"""
import base64
import io
import itertools

import nbformat
import numpy as np
import pytest

from tools.notebooks import ROOT, toc_files

matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is in the book extra")
import matplotlib.image  # noqa: E402

# Machado et al. (2009), severity 1.0: linear RGB as a dichromat sees it.
DEFICIENCIES = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
MIN_CHROMA = 40      # an ink is saturated: greys, black, white and pale tints are not inks
MIN_SHARE = 0.001    # ... and covers at least this share of the figure
SAME_INK = 15        # colours closer than this (CIELAB) are one ink, shaded by anti-aliasing
DISTINCT = 30        # inks this far apart in normal vision are meant to be told apart
STAY_APART = 10      # ... and must stay this far apart as a dichromat sees them


def linear(rgb):
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def lab(rgb, deficiency=None):
    """CIELAB (D65) of sRGB colours in [0, 1], as seen in normal vision or with a deficiency."""
    lin = linear(np.asarray(rgb, dtype=float))
    if deficiency:
        lin = np.clip(lin @ DEFICIENCIES[deficiency].T, 0, 1)
    xyz = lin @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def inks(png):
    """The figure's inks, most used first: [(rgb, pixels), ...]."""
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3].reshape(-1, 3)
    colours = lab(pixels)
    saturated = pixels[np.hypot(colours[:, 1], colours[:, 2]) >= MIN_CHROMA]
    if not len(saturated):
        return []
    bins, where, counts = np.unique((saturated * 15).round().astype(int), axis=0, return_inverse=True,
                                    return_counts=True)
    where = where.ravel()
    means = np.stack([np.bincount(where, weights=saturated[:, i]) / counts for i in range(3)], -1)
    means_lab = lab(means)
    found = []  # [index of the ink's colour, pixels]
    for i in np.argsort(-counts):
        if counts[i] < MIN_SHARE / 10 * len(pixels):  # the rest: a colour map's shades, stray pixels
            break
        for ink in found:
            if np.linalg.norm(means_lab[ink[0]] - means_lab[i]) < SAME_INK or shade_of(means[i], means[ink[0]]):
                ink[1] += counts[i]
                break
        else:
            found.append([i, counts[i]])
    return [(means[i], n) for i, n in found if n >= MIN_SHARE * len(pixels)]


def shade_of(colour, ink):
    """Whether colour is ink mixed with a grey (white, black, a grey line): anti-aliasing at its edges.

    Mixed in sRGB with a grey, a colour keeps the direction of its distance from the grey axis.
    """
    away = [c - np.mean(c) for c in (colour, ink)]
    return float(away[0] @ away[1]) > 0.995 * np.linalg.norm(away[0]) * np.linalg.norm(away[1])


def confusions(png):
    """Pairs of inks meant to be told apart that a deuteranope or a protanope cannot tell apart."""
    found = []
    for (a, _), (b, _) in itertools.combinations(inks(png), 2):
        if np.linalg.norm(lab(a) - lab(b)) < DISTINCT:
            continue
        for deficiency in DEFICIENCIES:
            apart = np.linalg.norm(lab(a, deficiency) - lab(b, deficiency))
            if apart < STAY_APART:
                hexes = ["#%02x%02x%02x" % tuple(int(round(v * 255)) for v in c) for c in (a, b)]
                found.append(f"{hexes[0]} and {hexes[1]} look alike with {deficiency} "
                             f"({apart:.0f} apart instead of {np.linalg.norm(lab(a) - lab(b)):.0f})")
    return found


def figures():
    """(id, cell, png) for every figure stored in a chapter of the table of contents."""
    found = []
    for entry in toc_files():
        path = ROOT / f"{entry}.ipynb"
        if not entry.startswith("chapters/") or not path.exists():
            continue
        code = [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
        for index, cell in enumerate(code):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    found.append((f"{entry}::Cell {index}", cell, base64.b64decode(output["data"]["image/png"])))
    return found


FIGURES = figures()


@pytest.mark.parametrize("where, cell, png", FIGURES, ids=[f[0] for f in FIGURES])
def test_figure_colours_stay_apart_with_a_colour_vision_deficiency(where, cell, png):
    if "colour-is-data" in cell.metadata.get("tags", []):
        assert len(cell.metadata.get("colour_is_data", "")) > 10, (
            f"{where} is tagged colour-is-data: say why in its metadata under 'colour_is_data'")
        return
    found = confusions(png)
    assert not found, (f"{where}: " + "; ".join(found) + ". Use colours that stay apart (Okabe and Ito's "
                       "palette: #0072B2, #E69F00, #009E73, #D55E00, #CC79A7, #56B4E9) and a second "
                       "encoding (line style, marker, label)")


def test_the_check_catches_red_against_green():
    """Not vacuous: tab10's red and green lines, drawn as a chapter draws them, are caught."""
    plt = pytest.importorskip("matplotlib.pyplot")
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1], color="tab:red", lw=2)
    ax.plot([0, 1], [1, 0], color="tab:green", lw=2, ls="--")
    red_green = io.BytesIO()
    fig.savefig(red_green, format="png")
    ax.lines[0].set_color("#D55E00")
    ax.lines[1].set_color("#009E73")
    okabe_ito = io.BytesIO()
    fig.savefig(okabe_ito, format="png")
    plt.close(fig)
    assert any("deuteranopia" in c for c in confusions(red_green.getvalue()))
    assert confusions(okabe_ito.getvalue()) == []
