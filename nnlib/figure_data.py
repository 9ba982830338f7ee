"""The numbers of the book's interactive figures, computed by nnlib and stored in short codes.

The book's web pages run no Python, so a figure that moves there (:mod:`nnlib.interactive` draws it)
holds every number it can show, computed here when the notebook runs, on a grid of settings: the
optimizer explorer's paths from :func:`nnlib.landscapes.path` with :mod:`nnlib.optimizers`, an
activation and its derivative from nnlib's tape, gradient descent on a parabola. This module needs
numpy and nnlib alone (no Altair), and ``import nnlib`` does not import it::

    from nnlib import figure_data
    runs = figure_data.explorer_runs()              # the optimizer explorer's grid, as plain numbers
    tables = figure_data.explorer_datasets(runs)    # the same, as the chart stores it

Codes. Nothing stored depends on the machine: a position is kept to 1/10,000 of the drawn frame and a
loss to 0.02 of a decade, each in a few base-36 characters that the chart decodes with
``parseInt(code, 36)`` (:func:`encode_coordinates`, :func:`encode_losses`, :func:`encode_rates`; each
has its decoder here, which computes what the chart computes).

Computing, figure by figure: :func:`explorer_runs`, :func:`learning_rate_grid`, :func:`explorer_frame`
and :func:`contour_lines`, stored by :func:`explorer_datasets` (chapter 6, the optimizer explorer);
:func:`activation_table`, stored by :func:`activation_rows` (chapter 3); :func:`descent_runs`, stored
by :func:`descent_rows` (chapter 5).

In the book: chapters 3, 5 and 6, through :mod:`nnlib.interactive`'s charts.
"""
import numpy as np

from . import activations, optimizers
from .autodiff import GradientTape, Variable
from .explorer import SUGGESTED_LEARNING_RATE, make_surface, run
from .landscapes import rate_map

# The codes ---------------------------------------------------------------------------------------

# Base-36 codes of the stored numbers (parseInt(code, 36) in the chart). A coordinate is 3 characters:
# its distance from the frame's lower edge in 1/10,000 of the frame's width, plus an offset, so that
# points up to 1.8 frames outside it are kept too; "zzz" marks a point further out (the line breaks
# there). A loss above the surface's minimum is 2 characters: its log10, from -16, in steps of 0.02.
COORD_SCALE, COORD_OFFSET, COORD_MISSING = 10_000, 18_000, 36 ** 3 - 1
LOSS_FLOOR, LOSS_SCALE, LOSS_TOP = -16.0, 50, 36 ** 2 - 1
# The theory's rate per step in 3 characters: -log10(1 - rate) in steps of 1/2,000 (so rates close to
# 1 keep their distance from 1 to 0.1%), and "zzz" for a rate of 1 or more (the run diverges).
RATE_SCALE = 2_000
RATE_DIVERGES = 36 ** 3 - 1
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(codes, width):
    """Whole numbers as base-36 text, ``width`` characters each, one after the other."""
    out = []
    for code in codes:
        code = int(code)
        chars = []
        for _ in range(width):
            code, digit = divmod(code, 36)
            chars.append(_DIGITS[digit])
        out.append("".join(reversed(chars)))
    return "".join(out)


def _from_base36(codes, width):
    """The inverse of :func:`_base36`, as floats: ``parseInt`` of every ``width`` characters."""
    return np.array([int(codes[i:i + width], 36) for i in range(0, len(codes), width)], dtype=float)


def encode_coordinates(values, low, width):
    """Codes of 3 characters for ``values``, in 1/10,000 of ``width`` from ``low`` (``"zzz"``: out of
    reach, more than 1.8 widths outside).

    >>> encode_coordinates([-5.0, 0.0, 5.0, 50.0], low=-5.0, width=10.0)
    'dw0hqwllszzz'
    """
    q = np.round((np.asarray(values, dtype=float) - low) / width * COORD_SCALE) + COORD_OFFSET
    q = np.where(np.isfinite(q) & (q >= 0) & (q < COORD_MISSING), q, COORD_MISSING)
    return _base36(q, 3)


def decode_coordinates(codes, low, width):
    """The inverse of :func:`encode_coordinates` (NaN for ``"zzz"``), as the chart computes it."""
    q = _from_base36(codes, 3)
    return np.where(q == COORD_MISSING, np.nan, low + (q - COORD_OFFSET) * width / COORD_SCALE)


def encode_losses(gaps):
    """Codes of 2 characters for losses above the minimum: log10 from -16 in steps of 0.02 (capped
    at 10 ** 9.9); a gap of 0 or below is stored as 1e-16."""
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.log10(np.maximum(np.asarray(gaps, dtype=float), 10 ** LOSS_FLOOR))
    q = np.clip(np.round((np.nan_to_num(exponent, nan=LOSS_FLOOR, posinf=99.0) - LOSS_FLOOR)
                         * LOSS_SCALE), 0, LOSS_TOP)
    return _base36(q, 2)


def decode_losses(codes):
    """The inverse of :func:`encode_losses`, as the chart computes it."""
    return 10 ** (LOSS_FLOOR + _from_base36(codes, 2) / LOSS_SCALE)


def encode_rates(rates):
    """Codes of 3 characters for rates per step: -log10(1 - rate) in steps of 1/2,000, up to 20
    (a rate of 1 - 1e-20), and ``"zzz"`` for 1 or more.

    >>> encode_rates([0.0, 0.9, 0.99999, 1.0, 1.5])
    '0001jk7pszzzzzz'
    """
    rates = np.asarray(rates, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.round(-np.log10(np.clip(1 - rates, 1e-20, 1)) * RATE_SCALE)
    return _base36(np.where(rates >= 1, RATE_DIVERGES, q), 3)


def decode_rates(codes):
    """The inverse of :func:`encode_rates` (inf for a rate of 1 or more), as the chart computes it."""
    q = _from_base36(codes, 3)
    return np.where(q == RATE_DIVERGES, np.inf, 1 - 10 ** (-q / RATE_SCALE))


def numbers_text(values, digits=4):
    """Numbers as text, ``digits`` significant digits, separated by spaces (``-0`` written ``0``):
    what the chart splits and reads with ``toNumber``.

    >>> numbers_text([-0.0, 0.123456, 2.0])
    '0 0.1235 2'
    """
    return " ".join(f"{v + 0.0:.{digits}g}" for v in np.asarray(values, dtype=float))


# Chapter 6: the optimizer explorer's grid --------------------------------------------------------

EXPLORER_SURFACES = ("quadratic", "rotated quadratic", "Rosenbrock", "logistic regression", "saddle")
SURFACE_LABELS = ("quadratic bowl (kappa 20)", "the same bowl turned 45 degrees", "Rosenbrock's valley",
                  "logistic-regression loss", "saddle")
# SGD's momentum is a slider; Adam and Adagrad run with Keras's defaults (Adam's beta_1 0.9). The
# live explorer (nnlib.explorer) has every optimizer and moves their momentum too: its grid would not
# fit in a page. RMSprop is left out here: near a minimum its step, a gradient divided by the root of
# its own running square, stays about the learning rate while the gradient shrinks to the rounding
# error of the sum that computes it, so where such a run goes depends on the last digits of that sum,
# which differ between CPUs and numpy releases; a page stores only runs that every machine draws alike
# (nbval compares them, as another machine and at the oldest and newest releases too).
EXPLORER_OPTIMIZERS = ("SGD", "Adam", "Adagrad")
VARIES_MOMENTUM = ("SGD",)
MOMENTA = tuple(round(0.1 * i, 1) for i in range(10))  # 0, 0.1, ..., 0.9
PER_DECADE = 5  # learning rates 10 ** (k / 5): five a decade
WINDOW = (-2 * PER_DECADE, PER_DECADE)  # from 1/100 to 10 times the rate that suits the setting
EXPLORER_STEPS = 60


def explorer_frame(surface):
    """The square that the explorer draws a surface in: ``(x0, y0, width)``, centred on the
    surface's own window (``xlim`` by ``ylim``) and as wide as its longer side, so both weights have
    the same scale."""
    cx, cy = np.mean(surface.xlim), np.mean(surface.ylim)
    width = float(max(np.ptp(surface.xlim), np.ptp(surface.ylim)))
    return float(cx - width / 2), float(cy - width / 2), width


def suggested_k(surface, optimizer):
    """The exponent ``k`` of the stored learning rate ``10 ** (k / PER_DECADE)`` nearest to the rate
    that suits a surface and an optimizer (names; ``nnlib.explorer.SUGGESTED_LEARNING_RATE``).

    >>> suggested_k("quadratic", "SGD")
    -7
    """
    return int(np.round(np.log10(SUGGESTED_LEARNING_RATE[surface][optimizer]) * PER_DECADE))


def learning_rate_grid(surface, optimizer):
    """The exponents ``k`` of the learning rates ``10 ** (k / PER_DECADE)`` stored for a surface and
    an optimizer (names): from 1/100 to 10 times the rate that suits them
    (``nnlib.explorer.SUGGESTED_LEARNING_RATE``), five a decade.

    >>> learning_rate_grid("quadratic", "SGD")[[0, -1]]
    array([-17,  -2])
    """
    k0 = suggested_k(surface, optimizer)
    return np.arange(k0 + WINDOW[0], k0 + WINDOW[1] + 1)


def loss_floor(surface):
    """The smallest loss above the minimum that a run's losses can tell apart from rounding: 1e-16
    where the minimum is 0, else 1e-12 times the minimum's size (a loss of 0.61 carries rounding
    noise of about 1e-16, so its gap to the minimum means nothing below that)."""
    return 1e-16 if surface.min_loss == 0 else 1e-12 * abs(surface.min_loss)


def explorer_runs(steps=EXPLORER_STEPS, surfaces=EXPLORER_SURFACES, optimizer_names=EXPLORER_OPTIMIZERS):
    """Every run of the optimizer explorer's grid, computed by :func:`nnlib.landscapes.path`.

    One dict per setting (a tidy table, one row a run): ``surface`` and ``optimizer`` (names),
    ``k`` and ``learning_rate`` (``10 ** (k / PER_DECADE)``, on :func:`learning_rate_grid`),
    ``momentum`` (from :data:`MOMENTA` for SGD, None for the others, which keep Keras's defaults),
    ``points`` and ``losses`` (``path``'s output, ``steps`` steps from the surface's start),
    ``diverged`` (the run stopped early: a weight beyond 1,000 or a loss no longer finite) and
    ``kept``, the number of points the chart stores: all, or, for a run that diverged, until it left
    the frame of :func:`explorer_frame` for good.
    """
    rows = []
    for surface_name in surfaces:
        surface = make_surface(surface_name)
        frame = explorer_frame(surface)
        for name in optimizer_names:
            momenta = MOMENTA if name in VARIES_MOMENTUM else (None,)
            for k in learning_rate_grid(surface_name, name):
                for momentum in momenta:
                    rows.append(_explorer_run(surface_name, surface, frame, name, k, momentum, steps))
    return rows


def _explorer_run(surface_name, surface, frame, name, k, momentum, steps):
    """One row of :func:`explorer_runs` (``k`` as the grid holds it, a numpy integer): the live
    explorer's :func:`nnlib.explorer.run` of that setting, with the grid's own names."""
    learning_rate = 10 ** (k / PER_DECADE)
    done = run(surface, name, learning_rate, momentum, steps)
    return {"surface": surface_name, "optimizer": name, "k": int(k), "learning_rate": learning_rate,
            "momentum": momentum, "points": done["points"], "losses": done["losses"],
            "diverged": done["diverged"], "kept": _kept(done["points"], done["diverged"], frame)}


def _kept(points, diverged, frame):
    """How many points a run stores: all of them, or for a run that diverged, up to the first point
    outside the frame after which it never comes back (the line leaves the frame)."""
    if not diverged:
        return int(len(points))
    x0, y0, width = frame
    inside = np.all((points >= [x0, y0]) & (points <= [x0 + width, y0 + width]), axis=1)
    where = np.flatnonzero(inside)
    return int(min(len(points), (where[-1] + 2) if len(where) else 1))


def contour_lines(surface, frame=None, n=101):
    """The contour lines of ``surface`` at its ``levels``, over ``frame`` (default
    :func:`explorer_frame`) sampled on an ``n`` by ``n`` grid: a list of (level index, (m, 2) array).

    Uses contourpy, matplotlib's contouring library (imported here, not with nnlib).
    """
    import contourpy

    x0, y0, width = explorer_frame(surface) if frame is None else frame
    W1, W2 = np.meshgrid(np.linspace(x0, x0 + width, n), np.linspace(y0, y0 + width, n))
    generator = contourpy.contour_generator(W1, W2, surface(np.stack([W1, W2])))
    return [(i, line) for i, level in enumerate(surface.levels) for line in generator.lines(level)
            if len(line) > 1]


# Chapter 6: the explorer's tables, as the chart stores them ---------------------------------------

def explorer_datasets(runs):
    """The optimizer explorer's stored tables, by the names the chart reads them under. Surfaces
    and optimizers are numbered as in :data:`EXPLORER_SURFACES` and :data:`EXPLORER_OPTIMIZERS`,
    momenta as in :data:`MOMENTA`; ``runs`` are rows of :func:`explorer_runs`."""
    return {"explorer_runs": run_rows(runs), "explorer_contours": contour_rows(),
            "explorer_windows": window_rows(), "explorer_theory": theory_rows(),
            "explorer_surfaces": surface_rows()}


def point_codes(points, losses, surface, frame=None):
    """The chart's code of each point of a run, 8 characters: its two coordinates (3 characters
    each, :func:`encode_coordinates` over ``frame``, default :func:`explorer_frame`) and its loss above
    the minimum (2, :func:`encode_losses`, floored at :func:`loss_floor`)."""
    frame = explorer_frame(surface) if frame is None else frame
    gaps = encode_losses(np.maximum(np.asarray(losses) - surface.min_loss, loss_floor(surface)))
    return [xy + gaps[2 * i: 2 * i + 2] for i, xy in enumerate(_xy_codes(points, frame))]


def _xy_codes(points, frame):
    """The code of each point (x, y) in ``frame`` (x0, y0, width), 6 characters: x's 3, then y's."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    x0, y0, width = frame
    xs, ys = encode_coordinates(points[:, 0], x0, width), encode_coordinates(points[:, 1], y0, width)
    return [xs[i: i + 3] + ys[i: i + 3] for i in range(0, len(xs), 3)]


def run_rows(runs):
    """One row a run: ``o``, ``s``, ``k``, ``m`` (the setting; ``m`` -1 without momentum), ``n`` (the
    points stored), ``d`` (the length of a diverged run, else -1) and ``p`` (the points' codes,
    :func:`point_codes`)."""
    surfaces = {name: make_surface(name) for name in EXPLORER_SURFACES}
    rows = []
    for run in runs:
        kept, surface = run["kept"], surfaces[run["surface"]]
        codes = "".join(point_codes(run["points"][:kept], run["losses"][:kept], surface))
        rows.append({"o": EXPLORER_OPTIMIZERS.index(run["optimizer"]),
                     "s": EXPLORER_SURFACES.index(run["surface"]), "k": run["k"],
                     "m": -1 if run["momentum"] is None else MOMENTA.index(run["momentum"]),
                     "n": kept, "d": len(run["points"]) if run["diverged"] else -1, "p": codes})
    return rows


def contour_rows():
    """One row a contour line of a surface (``s``): its number ``c``, its ``n`` points (every second
    one of :func:`contour_lines`) and their codes ``p``, 6 characters a point."""
    rows = []
    for i, surface_name in enumerate(EXPLORER_SURFACES):
        surface = make_surface(surface_name)
        frame = explorer_frame(surface)
        for line_id, (level, line) in enumerate(contour_lines(surface)):
            codes = "".join(_xy_codes(line[::2], frame))
            rows.append({"s": i, "c": line_id, "n": len(codes) // 6, "p": codes})
    return rows


def window_rows():
    """One row an optimizer (``o``) and a surface (``s``): the first and last ``k`` stored for them,
    ``lo`` and ``hi`` (:func:`learning_rate_grid`)."""
    rows = []
    for s, surface_name in enumerate(EXPLORER_SURFACES):
        for o, optimizer_name in enumerate(EXPLORER_OPTIMIZERS):
            grid = learning_rate_grid(surface_name, optimizer_name)
            rows.append({"o": o, "s": s, "lo": int(grid[0]), "hi": int(grid[-1])})
    return rows


def theory_rows():
    """One row a surface (``s``): the theory's rate per step for SGD with momentum
    (:func:`nnlib.landscapes.rate_map`) over its ``n`` learning rates from ``k = lo`` and the
    :data:`MOMENTA`, in codes ``r`` (:func:`encode_rates`), the learning rate varying fastest."""
    rows = []
    for i, surface_name in enumerate(EXPLORER_SURFACES):
        grid = learning_rate_grid(surface_name, "SGD")
        rates = rate_map(make_surface(surface_name).curvatures(), 10 ** (grid / PER_DECADE), MOMENTA)
        rows.append({"s": i, "lo": int(grid[0]), "n": len(grid), "r": encode_rates(rates.ravel())})
    return rows


def surface_rows():
    """One row a surface (``s``): its start (``sx``, ``sy``) and its minimum (``mx``, ``my``)."""
    rows = []
    for i, surface_name in enumerate(EXPLORER_SURFACES):
        surface = make_surface(surface_name)
        rows.append({"s": i, "sx": round(float(surface.start[0]), 6),
                     "sy": round(float(surface.start[1]), 6),
                     "mx": round(float(surface.minimum[0]), 6),
                     "my": round(float(surface.minimum[1]), 6)})
    return rows


# Chapter 3: an activation and its derivative ----------------------------------------------------

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu")
Z_LOW, Z_STEP, Z_COUNT = -6.0, 0.05, 241  # z from -6 to 6


def activation_table(names=ACTIVATIONS):
    """Each activation of :mod:`nnlib.activations` and its derivative on ``z = -6, -5.95, ..., 6``:
    a list of dicts ``{"name", "z", "value", "derivative"}``, the derivative from nnlib's tape (the
    gradient of the sum, as the chapter computes it)."""
    from . import ops

    z = Z_LOW + Z_STEP * np.arange(Z_COUNT)
    rows = []
    for name in names:
        variable = Variable(z)
        with GradientTape() as tape:
            value = activations.get(name)(variable)
            total = ops.sum(value)
        rows.append({"name": name, "z": z, "value": value.numpy(),
                     "derivative": tape.gradient(total, variable).numpy()})
    return rows


def activation_rows(table):
    """The chart's rows of :func:`activation_table`: the activation's number ``a``, the derivative's
    largest size ``peak``, and the values ``f`` and derivatives ``d`` as text (:func:`numbers_text`)."""
    return [{"a": i, "peak": float(np.max(np.abs(r["derivative"]))), "f": numbers_text(r["value"]),
             "d": numbers_text(r["derivative"])} for i, r in enumerate(table)]


# Chapter 5: gradient descent on one weight, against the learning rate ----------------------------

DESCENT_RATES = tuple(round(0.01 * i, 2) for i in range(1, 111))  # 0.01, 0.02, ..., 1.1
DESCENT_STEPS = 30
DESCENT_W = (-2, 8)  # the weights drawn


def descent_loss(w):
    """The chapter's parabola, ``(w - 3) ** 2 + 1``: lowest, 1, at ``w = 3``."""
    return (w - 3) ** 2 + 1


def descent_runs(learning_rates=DESCENT_RATES, steps=DESCENT_STEPS, start=-1.0):
    """Gradient descent on :func:`descent_loss` from ``start``, one run per learning rate, with nnlib's
    tape and ``optimizers.SGD``: a list of dicts ``{"learning_rate", "w"}`` (``w``: steps + 1
    values)."""
    rows = []
    for learning_rate in learning_rates:
        w = Variable(start)
        optimizer = optimizers.SGD(learning_rate=learning_rate)
        values = [start]
        for _ in range(steps):
            with GradientTape() as tape:
                loss = descent_loss(w)
            optimizer.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
            values.append(float(w.numpy()))
        rows.append({"learning_rate": learning_rate, "w": np.array(values)})
    return rows


def descent_rows(runs):
    """The chart's rows of :func:`descent_runs`: the run's number ``r`` and its weights ``w`` as text,
    6 significant digits (:func:`numbers_text`)."""
    return [{"r": i, "w": numbers_text(run["w"], 6)} for i, run in enumerate(runs)]


def descent_curve_rows():
    """The parabola itself, 101 points over :data:`DESCENT_W`: rows ``{"w", "loss"}``."""
    return [{"w": float(w), "loss": float(descent_loss(w))}
            for w in np.round(np.linspace(*DESCENT_W, 101), 4)]
