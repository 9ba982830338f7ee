"""Loss surfaces of two weights, the path an optimizer takes on them, and the theory of momentum.

A surface is a function of two weights ``w = (w1, w2)``. Call it on an nnlib Variable of shape (2,)
inside a GradientTape and the tape gives its gradient; call it on a numpy array of shape (2, ...)
(two stacked grids, from ``np.meshgrid``) and it gives a numpy array of heights, for a contour plot::

    surface = landscapes.quadratic(l1=0.5, ln=10.0)
    w = nnlib.Variable([-4.0, 1.5])
    with nnlib.GradientTape() as tape:
        loss = surface(w)
    W1, W2, heights = surface.grid()
    points, losses = landscapes.path(surface, optimizers.SGD(learning_rate=0.1), steps=50)

Four surfaces, each a classic lesson:

- :func:`quadratic`, ``(l1 w1^2 + ln w2^2) / 2``: a bowl that is ``ln / l1`` times steeper across
  than along (its *condition number*). The theory of momentum below is exact for it. With
  ``angle=45`` the same bowl is turned by 45 degrees: its axes no longer lie along the weights.
- :func:`rosenbrock`, ``(a - w1)^2 + b (w2 - w1^2)^2``: a curved, flat-bottomed valley.
- :func:`logistic_regression`: the mean binary cross-entropy of a logistic regression with two
  weights (no bias) on a fixed generated data set, a real model's loss.
- :func:`saddle`, ``w1^2 - w2^2 + w2^4 / 2``: a saddle point between two minima.

The theory (Goh, "Why Momentum Really Works", Distill 2017): on a quadratic whose curvatures run from
``l1`` to ``ln``, gradient descent ``w <- w - alpha * grad`` converges fastest with
``alpha = 2 / (l1 + ln)``, and then the distance to the minimum shrinks by ``(kappa - 1) / (kappa + 1)``
per step, ``kappa = ln / l1``. Momentum (heavy ball), ``v <- beta v - alpha grad; w <- w + v``, is
fastest with ``alpha = (2 / (sqrt(l1) + sqrt(ln)))^2`` and
``beta = ((sqrt(ln) - sqrt(l1)) / (sqrt(ln) + sqrt(l1)))^2``, and then shrinks the distance by
``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)`` per step. Keras's ``SGD(learning_rate, momentum)`` is exactly
this heavy ball with ``alpha = learning_rate`` and ``beta = momentum``. For any step and momentum,
:func:`heavy_ball_rate` and :func:`nesterov_rate` give the rate (above 1: the run diverges),
:func:`stability_limit` the largest step that does not diverge, and :func:`rate_map` the rate over a
grid of steps and momenta (the explorer's heat map).

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import numpy as np

from . import ops
from .autodiff import GradientTape, Tensor, Variable


class Surface:
    """A loss surface of two weights, with what a picture of it needs.

    ``f(w1, w2)`` computes the loss from the two weights with :mod:`nnlib.ops` (so a tape follows it)
    and broadcasts over grids. ``minimum`` is where the loss is lowest, ``start`` a good starting point,
    ``xlim``/``ylim`` the region to draw and ``levels`` the contour levels.
    """

    def __init__(self, name, f, minimum, start, xlim, ylim, levels, **params):
        self.name, self._f = name, f
        self.minimum = np.array(minimum, dtype=float)
        self.start = np.array(start, dtype=float)
        self.xlim, self.ylim, self.levels = xlim, ylim, levels
        self.params = params  # the numbers that define the surface (eigenvalues, a and b, the data)
        self._grids = {}
        self.min_loss = float(np.asarray(self(self.minimum)))

    def __call__(self, w):
        """The loss at ``w``: a Tensor for a Tensor/Variable of shape (2,), else a numpy array.

        For numpy input, ``w`` has shape (2, ...): ``w[0]`` holds the values of w1, ``w[1]`` of w2.
        """
        if not isinstance(w, Tensor):
            w = np.asarray(w, dtype=float)
        if w.shape[:1] != (2,):
            raise ValueError(f"a surface takes two weights: w must have shape (2,) or (2, ...), "
                             f"got shape {w.shape}")
        value = self._f(w[0], w[1])
        return value if isinstance(w, Tensor) else np.asarray(value)

    def gradient(self, w):
        """The gradient at a point, from an nnlib GradientTape (a numpy array of shape (2,))."""
        w = Variable(np.asarray(w, dtype=float))
        with GradientTape() as tape:
            loss = self(w)
        return tape.gradient(loss, w).numpy()

    def hessian(self, w, h=1e-4):
        """The matrix of second derivatives at ``w`` (2 x 2), by central differences of the tape's
        gradient: column j is ``(gradient(w + h e_j) - gradient(w - h e_j)) / 2h``, then symmetrized.
        """
        w = np.asarray(w, dtype=float)
        columns = [(self.gradient(w + h * e) - self.gradient(w - h * e)) / (2 * h) for e in np.eye(2)]
        H = np.stack(columns, axis=1)
        return (H + H.T) / 2

    def curvatures(self):
        """The curvatures at the minimum, smallest first: the eigenvalues of :meth:`hessian` there.

        Near its minimum every smooth surface looks like a quadratic bowl with these curvatures, so
        the theory of momentum holds there for any surface (for the quadratic it holds everywhere).
        """
        return np.linalg.eigvalsh(self.hessian(self.minimum))

    def grid(self, n=201):
        """``(W1, W2, heights)`` on an n-by-n grid over ``xlim`` x ``ylim``, for ``contour``.

        Computed once per ``n`` and kept: the explorer redraws the same contours many times.
        """
        if n not in self._grids:
            W1, W2 = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
            self._grids[n] = (W1, W2, self(np.stack([W1, W2])))
        return self._grids[n]

    def __repr__(self):
        return f"<Surface {self.name}: minimum {self.minimum.tolist()}, loss {self.min_loss:.4g}>"


# The surfaces -------------------------------------------------------------------------------------

def quadratic(l1=0.5, ln=10.0, angle=0.0):
    """``(l1 u1^2 + ln u2^2) / 2``: curvature ``l1`` along the bowl's long axis, ``ln`` across it;
    minimum 0 at (0, 0).

    ``u1, u2`` are the coordinates along the bowl's axes, turned ``angle`` degrees (anticlockwise)
    from the weights' axes: ``u1 = c w1 + s w2``, ``u2 = -s w1 + c w2`` with ``c = cos(angle)``,
    ``s = sin(angle)``. With ``angle=0`` (the default) ``u = w``: the bowl is
    ``(l1 w1^2 + ln w2^2) / 2``, its gradient ``(l1 w1, ln w2)``. In general the gradient is ``H w``
    with ``H = R diag(l1, ln) R^T`` (``R`` the rotation by ``angle``), and the condition number is
    ``kappa = ln / l1`` at any angle. The start point is turned with the bowl, so an optimizer that
    treats every direction alike (SGD, with or without momentum) takes the same path, turned.
    """
    if not 0 < l1 <= ln:
        raise ValueError(f"the curvatures must satisfy 0 < l1 <= ln, got l1={l1}, ln={ln}")
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))

    def f(w1, w2):
        u1, u2 = c * w1 + s * w2, -s * w1 + c * w2
        return 0.5 * (l1 * u1 ** 2 + ln * u2 ** 2)

    reach = 5.0
    start = (c * -4.5 - s * 1.2, s * -4.5 + c * 1.2)  # (-4.5, 1.2) turned by angle
    if angle == 0:
        name, xlim = f"quadratic bowl (kappa = {ln / l1:g})", (-reach, reach)
        across = max(reach * np.sqrt(l1 / ln), 1.6)  # where the path can zigzag, at least
        ylim = (-across, across)
    else:
        name, xlim = f"quadratic bowl (kappa = {ln / l1:g}), turned {angle:g}°", (-reach, reach)
        ylim = xlim
    return Surface(name, f, minimum=(0, 0), start=start, xlim=xlim, ylim=ylim,
                   levels=0.5 * l1 * reach ** 2 * np.geomspace(1e-3, 4, 12), l1=l1, ln=ln,
                   angle=angle)


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's valley ``(a - w1)^2 + b (w2 - w1^2)^2``: minimum 0 at (a, a^2).

    Its gradient is ``(-2 (a - w1) - 4 b w1 (w2 - w1^2), 2 b (w2 - w1^2))``.
    """
    def f(w1, w2):
        return (a - w1) ** 2 + b * (w2 - w1 ** 2) ** 2

    return Surface("Rosenbrock valley", f, minimum=(a, a * a), start=(-1.2, 1.0),
                   xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), levels=np.geomspace(0.01, 1000, 12),
                   a=a, b=b)


def logistic_data(n=100, seed=0):
    """A fixed data set for :func:`logistic_regression`: features ``X`` (n, 2) and labels ``y`` (n,).

    The two features are correlated (which stretches the loss surface into a valley), and the labels
    are drawn from the model itself with weights (1.5, -1), so the classes overlap and the loss has a
    finite minimum.
    """
    rng = np.random.default_rng(seed)
    X = rng.multivariate_normal([0.0, 0.0], [[1.0, 0.8], [0.8, 1.0]], size=n)
    p = 1 / (1 + np.exp(-(X @ np.array([1.5, -1.0]))))
    y = (rng.random(n) < p).astype(float)
    return X, y


def logistic_loss(w1, w2, X, y):
    """Mean binary cross-entropy of ``sigmoid(w1 x1 + w2 x2)`` against labels ``y``.

    Written with ``softplus`` (``-log sigmoid(z) = softplus(-z)``), so it never takes the log of 0.
    ``w1`` and ``w2`` may be scalars or grids: the samples run along a new first axis.
    """
    extra = (1,) * np.ndim(w1)  # one sample axis in front of the grid's axes
    x1, x2 = X[:, 0].reshape((-1,) + extra), X[:, 1].reshape((-1,) + extra)
    yy = y.reshape((-1,) + extra)
    z = x1 * w1 + x2 * w2
    return ops.mean(yy * ops.softplus(-z) + (1 - yy) * ops.softplus(z), axis=0)


def logistic_regression(n=100, seed=0):
    """The loss of a logistic regression with two weights (no bias) on :func:`logistic_data`.

    Its gradient is ``X^T (sigmoid(X w) - y) / n``. The minimum is found once, by Newton's method in
    plain numpy (independent of the tape).
    """
    X, y = logistic_data(n, seed)
    w = np.zeros(2)
    for _ in range(50):  # Newton's method: the loss is convex and smooth
        p = 1 / (1 + np.exp(-(X @ w)))
        hessian = X.T @ (X * (p * (1 - p))[:, None]) / n
        w = w - np.linalg.solve(hessian, X.T @ (p - y) / n)

    def f(w1, w2):
        return logistic_loss(w1, w2, X, y)

    surface = Surface("logistic-regression loss", f, minimum=w, start=(-3.0, 3.5), xlim=(-4.0, 5.0),
                      ylim=(-4.0, 4.0), levels=None, X=X, y=y)
    surface.levels = surface.min_loss + np.geomspace(0.005, 3, 12)
    return surface


def saddle():
    """``w1^2 - w2^2 + w2^4 / 2``: a saddle point at (0, 0) between two minima, at (0, 1) and (0, -1).

    Its gradient is ``(2 w1, -2 w2 + 2 w2^3)``. At the saddle the loss is 0 and the curvatures are 2
    along w1 (the surface curves up) and -2 along w2 (it curves down); at each minimum the loss is
    -1/2 and the curvatures are 2 and 4. On the line ``w2 = 0`` the gradient has no w2 part, so a path
    of plain descent started there stays on it and ends at the saddle (the line is the saddle's
    *stable manifold*). ``minimum`` is (0, 1), the minimum above that line.
    """
    def f(w1, w2):
        return w1 ** 2 - w2 ** 2 + 0.5 * w2 ** 4

    return Surface("saddle", f, minimum=(0, 1), start=(-1.8, 0.01), xlim=(-2.0, 2.0),
                   ylim=(-1.6, 1.6), levels=[-0.45, -0.3, -0.15, 0.0, 0.3, 0.7, 1.2, 2.0, 3.0, 4.0],
                   saddle=(0.0, 0.0), minima=((0.0, 1.0), (0.0, -1.0)))


SURFACES = {"quadratic": quadratic, "rotated quadratic": lambda: quadratic(angle=45.0),
            "Rosenbrock": rosenbrock, "logistic regression": logistic_regression, "saddle": saddle}


# The path of an optimizer -------------------------------------------------------------------------

def path(surface, optimizer, start=None, steps=50, limit=1e3, noise=0.0, seed=0):
    """Run ``optimizer`` on ``surface`` from ``start``: ``(points, losses)``.

    ``points`` has shape (steps + 1, 2): the start, then the weights after each step; ``losses[k]`` is
    the loss at ``points[k]``. Each step records a GradientTape and calls
    ``optimizer.apply_gradients(zip(grads, [w]))``, as a Keras training step does. ``optimizer``
    should be fresh: it keeps state (momentum, running averages) for the weights it has seen.

    ``noise`` > 0 adds to each gradient a random vector of independent normal entries with standard
    deviation ``noise`` (from ``numpy.random.default_rng(seed)``, two draws per step): a stand-in for
    the noise of a mini-batch gradient.

    A run that diverges (a weight beyond ``limit`` in size, or a loss that is no longer finite) stops
    there: the arrays then end at the last finite point, so they are shorter than steps + 1.
    """
    start = surface.start if start is None else start
    rng = np.random.default_rng(seed)
    w = Variable(np.array(start, dtype=np.float64), name="w")
    points, losses = [], []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence is reported by stopping
        for step in range(steps + 1):
            with GradientTape() as tape:
                loss = surface(w)
            value, point = float(loss.numpy()), w.numpy().copy()
            if not (np.isfinite(value) and np.all(np.isfinite(point))
                    and np.max(np.abs(point)) <= limit):
                break
            points.append(point)
            losses.append(value)
            if step < steps:
                grads = tape.gradient(loss, [w])
                if noise:
                    grads = [grads[0].numpy() + noise * rng.standard_normal(2)]
                optimizer.apply_gradients(zip(grads, [w]))
    return np.array(points).reshape(-1, 2), np.array(losses)


# The theory of momentum on a quadratic -------------------------------------------------------------

def best_gd_step(l1, ln):
    """The learning rate that makes gradient descent fastest: ``2 / (l1 + ln)``."""
    return 2 / (l1 + ln)


def gd_rate(kappa):
    """Plain gradient descent's best rate: ``(kappa - 1) / (kappa + 1)`` per step."""
    return (kappa - 1) / (kappa + 1)


def best_momentum(l1, ln):
    """The best heavy-ball parameters: ``(alpha, beta)`` =
    ``((2 / (sqrt(l1) + sqrt(ln)))^2, ((sqrt(ln) - sqrt(l1)) / (sqrt(ln) + sqrt(l1)))^2)``."""
    r1, rn = np.sqrt(l1), np.sqrt(ln)
    return float((2 / (r1 + rn)) ** 2), float(((rn - r1) / (rn + r1)) ** 2)


def momentum_rate(kappa):
    """Momentum's best rate: ``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)`` per step."""
    return (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)


def heavy_ball_rate(curvatures, alpha, beta=0.0):
    """The rate of heavy ball (``beta = 0``: plain descent) for any step and momentum.

    Along a direction of curvature ``l`` the pair (distance now, distance before) is multiplied at
    every step by the matrix ``[[1 + beta - alpha l, -beta], [1, 0]]``; the slowest direction's
    largest eigenvalue in size (the spectral radius) is the rate. Above 1 the run diverges.
    (:func:`rate_map` writes the matrix; this is its entry for one pair.)
    """
    return float(rate_map(np.atleast_1d(curvatures), [alpha], [beta])[0, 0])


def nesterov_rate(curvatures, alpha, beta):
    """The rate of Keras's Nesterov momentum (``SGD(nesterov=True)``) for any step and momentum.

    Keras's rule is ``v <- beta v - alpha g(w)``, then ``w <- w + beta v - alpha g(w)``. Along a
    direction of curvature ``l`` the gradient is ``g = l w``, so the pair (w, v) is multiplied at
    every step by the matrix ``[[1 - alpha l (1 + beta), beta^2], [-alpha l, beta]]``, whose trace is
    ``1 + beta - alpha l (1 + beta)`` and determinant ``beta (1 - alpha l)``. As for
    :func:`heavy_ball_rate`, the rate is the largest spectral radius over the curvatures.
    """
    return float(rate_map(np.atleast_1d(curvatures), [alpha], [beta], nesterov=True)[0, 0])


def stability_limit(ln, beta=0.0, nesterov=False):
    """The largest learning rate that does not diverge on a quadratic whose largest curvature is ``ln``.

    Heavy ball (and plain descent, ``beta = 0``): ``2 (1 + beta) / ln``. Nesterov:
    ``2 (1 + beta) / ((1 + 2 beta) ln)``. Both are where an eigenvalue of the step's matrix reaches
    -1, that is where ``1 + trace + determinant = 0`` (see :func:`heavy_ball_rate` and
    :func:`nesterov_rate`): ``2 + 2 beta - alpha ln = 0`` for heavy ball,
    ``2 + 2 beta - alpha ln (1 + 2 beta) = 0`` for Nesterov.
    """
    return 2 * (1 + beta) / ((1 + 2 * beta) * ln if nesterov else ln)


def rate_map(curvatures, learning_rates, momenta, nesterov=False):
    """The rate for every pair of a learning rate and a momentum: an array of shape
    ``(len(momenta), len(learning_rates))``, row i for ``momenta[i]``; values of 1 or more diverge.

    Each entry is :func:`heavy_ball_rate` (or :func:`nesterov_rate`) of that pair: the matrices
    those describe, for the whole grid at once (``np.linalg.eigvals`` takes a stack of matrices).
    """
    a = np.asarray(learning_rates, dtype=float)[None, :, None]
    b = np.asarray(momenta, dtype=float)[:, None, None]
    lam = np.asarray(curvatures, dtype=float)[None, None, :]
    a, b, lam = np.broadcast_arrays(a, b, lam)  # (momenta, learning rates, curvatures)
    if nesterov:
        rows = [[1 - a * lam * (1 + b), b ** 2], [-a * lam, b]]
    else:
        rows = [[1 + b - a * lam, -b], [np.ones_like(a), np.zeros_like(a)]]
    matrices = np.stack([np.stack(row, axis=-1) for row in rows], axis=-2)  # (..., 2, 2)
    radii = np.max(np.abs(np.linalg.eigvals(matrices)), axis=-1)
    return radii.max(axis=-1)


def convergence_rate(points, minimum=(0.0, 0.0), start=None, stop=None):
    """The measured rate: by how much the distance to the minimum shrinks per step, on average.

    ``(d[stop] / d[start]) ** (1 / (stop - start))``, the geometric mean of the ratios
    ``d[t + 1] / d[t]`` over steps ``start`` to ``stop`` (by default, the second half of the run).
    A late window matters: early on, the faster directions still contribute, and near the best
    momentum the distance shrinks like ``t * rate^t``, whose extra factor ``t`` fades only over long
    windows.
    """
    d = np.linalg.norm(np.asarray(points, dtype=float) - np.asarray(minimum, dtype=float), axis=-1)
    stop = len(d) - 1 if stop is None else stop
    start = stop // 2 if start is None else start
    if not 0 <= start < stop < len(d):
        raise ValueError(f"need 0 <= start < stop < {len(d)} (the number of points), "
                         f"got start={start}, stop={stop}")
    if d[start] == 0 or d[stop] == 0:
        raise ValueError("the run reached the minimum exactly; measure over an earlier window")
    return float((d[stop] / d[start]) ** (1 / (stop - start)))
