"""nnlib.landscapes: the surfaces, the path an optimizer takes, and the theory of momentum.

Gradients are compared with finite differences (nnlib.gradcheck) and with derivatives worked out by
hand; paths with the update rules written out in numpy; the theory with hand-computed values and with
runs. The last tests are the issue's claim: on a quadratic with condition number 100, the measured
rates of plain gradient descent and of momentum agree with theory to within 5%.
"""
import subprocess
import sys

import numpy as np
import pytest

import nnlib
from nnlib import landscapes, optimizers

SURFACES = [landscapes.quadratic(), landscapes.quadratic(l1=1.0, ln=100.0),
            landscapes.quadratic(angle=45.0), landscapes.quadratic(l1=1.0, ln=4.0, angle=30.0),
            landscapes.rosenbrock(), landscapes.logistic_regression(), landscapes.saddle()]
POINTS = [(-4.5, 1.2), (0.3, -0.7), (1.7, 2.2)]


def hand_hessian_of_quadratic(l1, ln, angle):
    """R diag(l1, ln) R^T, with R the rotation by angle, multiplied out by hand."""
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    return np.array([[l1 * c * c + ln * s * s, (l1 - ln) * c * s],
                     [(l1 - ln) * c * s, l1 * s * s + ln * c * c]])


def hand_gradient(surface, w):
    w1, w2 = w
    if "quadratic" in surface.name:
        p = surface.params
        return hand_hessian_of_quadratic(p["l1"], p["ln"], p["angle"]) @ np.array(w)
    if surface.name == "saddle":
        return np.array([2 * w1, -2 * w2 + 2 * w2 ** 3])
    if "Rosenbrock" in surface.name:
        a, b = surface.params["a"], surface.params["b"]
        return np.array([-2 * (a - w1) - 4 * b * w1 * (w2 - w1 ** 2), 2 * b * (w2 - w1 ** 2)])
    X, y = surface.params["X"], surface.params["y"]
    p = 1 / (1 + np.exp(-(X @ np.array(w))))
    return X.T @ (p - y) / len(y)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
@pytest.mark.parametrize("point", POINTS)
def test_gradient_matches_finite_differences_and_the_hand_derivation(surface, point):
    w = nnlib.Variable(point)
    assert nnlib.gradcheck(lambda: surface(w), [w]) < 1e-4
    np.testing.assert_allclose(surface.gradient(point), hand_gradient(surface, point), rtol=1e-10,
                               atol=1e-12)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_grid_evaluation_matches_pointwise_evaluation(surface):
    W1, W2, heights = surface.grid(n=7)
    assert heights.shape == (7, 7) and isinstance(heights, np.ndarray)
    for i, j in [(0, 0), (3, 5), (6, 2)]:
        at_point = surface(nnlib.Variable([W1[i, j], W2[i, j]]))
        assert isinstance(at_point, nnlib.Tensor)
        np.testing.assert_allclose(heights[i, j], at_point.numpy(), rtol=1e-12)


def test_surface_values_by_hand():
    assert landscapes.quadratic(l1=2.0, ln=8.0)(np.array([1.0, -1.0])) == pytest.approx(5.0)
    # turned 45 degrees: u1 = (w1 + w2) / sqrt(2) = sqrt(2), u2 = (w2 - w1) / sqrt(2) = 0 at (1, 1)
    assert landscapes.quadratic(l1=2.0, ln=8.0, angle=45)(np.array([1.0, 1.0])) == pytest.approx(2.0)
    assert landscapes.saddle()(np.array([1.0, 2.0])) == pytest.approx(1 - 4 + 8)
    assert landscapes.rosenbrock()(np.array([-1.0, 2.0])) == pytest.approx(4 + 100 * 1)
    surface = landscapes.logistic_regression()
    X, y = surface.params["X"], surface.params["y"]
    w = np.array([0.4, -1.3])
    p = 1 / (1 + np.exp(-(X @ w)))
    bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert surface(w) == pytest.approx(bce, rel=1e-12)


def test_hessian_and_curvatures_match_the_hand_derivations():
    for l1, ln, angle in [(0.5, 10.0, 0.0), (0.5, 10.0, 45.0), (1.0, 4.0, 30.0)]:
        surface = landscapes.quadratic(l1, ln, angle)
        np.testing.assert_allclose(surface.hessian([0.3, -2.0]),
                                   hand_hessian_of_quadratic(l1, ln, angle), atol=1e-8)
        np.testing.assert_allclose(surface.curvatures(), [l1, ln], rtol=1e-8)
    a, b = 1.0, 100.0  # Rosenbrock at its minimum (a, a^2)
    rosenbrock = np.array([[2 + 8 * b * a * a, -4 * b * a], [-4 * b * a, 2 * b]])
    np.testing.assert_allclose(landscapes.rosenbrock().hessian([a, a * a]), rosenbrock, rtol=1e-6)
    logistic = landscapes.logistic_regression()
    X, y = logistic.params["X"], logistic.params["y"]
    p = 1 / (1 + np.exp(-(X @ logistic.minimum)))
    by_hand = X.T @ (X * (p * (1 - p))[:, None]) / len(y)
    np.testing.assert_allclose(logistic.curvatures(), np.linalg.eigvalsh(by_hand), rtol=1e-6)
    saddle = landscapes.saddle()
    np.testing.assert_allclose(saddle.hessian([0.0, 0.0]), np.diag([2.0, -2.0]), atol=1e-7)
    np.testing.assert_allclose(saddle.curvatures(), [2.0, 4.0], rtol=1e-6)  # at the minimum (0, 1)


def test_the_turned_bowl_is_the_same_bowl_turned():
    plain, turned = landscapes.quadratic(), landscapes.quadratic(angle=45.0)
    assert np.linalg.norm(turned.start) == pytest.approx(np.linalg.norm(plain.start))
    assert turned(turned.start) == pytest.approx(plain(plain.start))
    # SGD treats every direction alike: the same distances and losses at every step
    for optimizer in (lambda: optimizers.SGD(0.1), lambda: optimizers.SGD(0.1, momentum=0.9)):
        p1, l1 = landscapes.path(plain, optimizer(), steps=50)
        p2, l2 = landscapes.path(turned, optimizer(), steps=50)
        np.testing.assert_allclose(np.linalg.norm(p2, axis=1), np.linalg.norm(p1, axis=1),
                                   rtol=1e-9)
        np.testing.assert_allclose(l2, l1, rtol=1e-8, atol=1e-300)
    # Adagrad scales each weight on its own: on the bowl along the axes it is far better
    _, aligned = landscapes.path(plain, optimizers.Adagrad(learning_rate=3.0), steps=50)
    _, rotated = landscapes.path(turned, optimizers.Adagrad(learning_rate=3.0), steps=50)
    assert aligned[-1] < 1e-30 and rotated[-1] > 1e-3


def test_descent_started_on_the_saddles_stable_manifold_ends_at_the_saddle():
    surface = landscapes.saddle()
    points, losses = landscapes.path(surface, optimizers.SGD(learning_rate=0.1), start=(-1.8, 0.0),
                                     steps=200)
    assert np.all(points[:, 1] == 0)  # it never leaves the line w2 = 0
    np.testing.assert_allclose(points[-1], [0.0, 0.0], atol=1e-12)
    assert losses[-1] == pytest.approx(0.0, abs=1e-12)  # the saddle's loss, not the minimum's -1/2
    # with momentum too
    points, _ = landscapes.path(surface, optimizers.SGD(learning_rate=0.1, momentum=0.9),
                                start=(-1.8, 0.0), steps=300)
    np.testing.assert_allclose(points[-1], [0.0, 0.0], atol=1e-6)
    # gradient noise gets off the line, and the run reaches a minimum
    points, losses = landscapes.path(surface, optimizers.SGD(learning_rate=0.1), start=(-1.8, 0.0),
                                     steps=200, noise=0.1, seed=1)
    assert losses[-1] < -0.45 and abs(abs(points[-1, 1]) - 1) < 0.2


def test_path_with_noise_adds_normal_draws_to_each_gradient():
    surface, lr, noise, steps = landscapes.quadratic(), 0.05, 0.3, 20
    points, _ = landscapes.path(surface, optimizers.SGD(learning_rate=lr), steps=steps, noise=noise,
                                seed=7)
    rng, w = np.random.default_rng(7), surface.start.copy()
    expected = [w.copy()]
    for _ in range(steps):
        w = w - lr * (hand_gradient(surface, w) + noise * rng.standard_normal(2))
        expected.append(w.copy())
    np.testing.assert_allclose(points, expected, rtol=1e-12, atol=1e-14)
    again, _ = landscapes.path(surface, optimizers.SGD(learning_rate=lr), steps=steps, noise=noise,
                               seed=7)
    np.testing.assert_array_equal(points, again)


def test_minima_are_where_the_gradient_vanishes():
    for surface in SURFACES:
        np.testing.assert_allclose(surface.gradient(surface.minimum), 0, atol=1e-10)
    logistic = landscapes.logistic_regression()
    assert logistic.min_loss < logistic(logistic.minimum + [0.05, 0]) - 1e-6  # a true minimum
    assert 0 < logistic.min_loss < np.log(2)  # better than guessing, not perfect: classes overlap


def test_surface_rejects_a_wrong_shape_and_bad_curvatures():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        landscapes.quadratic()(np.zeros(3))
    with pytest.raises(ValueError, match="l1 <= ln"):
        landscapes.quadratic(l1=5.0, ln=1.0)


def test_path_of_plain_descent_on_the_quadratic_is_the_closed_form():
    # w_k = (1 - lr * l)^k * w_0 along each axis
    surface, lr, steps = landscapes.quadratic(l1=0.5, ln=10.0), 0.05, 30
    points, losses = landscapes.path(surface, optimizers.SGD(learning_rate=lr), steps=steps)
    assert points.shape == (steps + 1, 2) and losses.shape == (steps + 1,)
    np.testing.assert_array_equal(points[0], surface.start)
    k = np.arange(steps + 1)[:, None]
    expected = surface.start * (1 - lr * np.array([0.5, 10.0])) ** k
    np.testing.assert_allclose(points, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(losses, [surface(p) for p in points], rtol=1e-12)


def test_path_with_momentum_is_the_heavy_ball_written_out():
    surface = landscapes.rosenbrock()
    lr, beta, steps = 1e-3, 0.9, 25
    points, _ = landscapes.path(surface, optimizers.SGD(learning_rate=lr, momentum=beta), steps=steps)
    w, previous = surface.start.copy(), surface.start.copy()
    expected = [w.copy()]
    for _ in range(steps):  # w_{t+1} = w_t - lr * grad(w_t) + beta * (w_t - w_{t-1})
        w, previous = w - lr * hand_gradient(surface, w) + beta * (w - previous), w
        expected.append(w.copy())
    np.testing.assert_allclose(points, expected, rtol=1e-10)


def test_path_stops_where_a_run_diverges():
    surface = landscapes.quadratic(l1=0.5, ln=10.0)  # plain descent diverges for lr > 2 / 10
    points, losses = landscapes.path(surface, optimizers.SGD(learning_rate=0.3), steps=200)
    assert 1 < len(points) < 201 and len(losses) == len(points)
    assert np.all(np.isfinite(points)) and np.all(np.isfinite(losses))
    assert np.max(np.abs(points[-1])) > 100  # it stopped because it was running away (past 1e3)


def test_theory_by_hand():
    # l1 = 1, ln = 100: kappa = 100, sqrt(l1) = 1, sqrt(ln) = 10
    assert landscapes.best_gd_step(1.0, 100.0) == pytest.approx(2 / 101)
    assert landscapes.gd_rate(100.0) == pytest.approx(99 / 101)
    alpha, beta = landscapes.best_momentum(1.0, 100.0)
    assert alpha == pytest.approx((2 / 11) ** 2) and beta == pytest.approx((9 / 11) ** 2)
    assert landscapes.momentum_rate(100.0) == pytest.approx(9 / 11)
    # The spectral radius of the heavy ball's step agrees with the closed forms.
    assert landscapes.heavy_ball_rate([1.0, 100.0], 2 / 101) == pytest.approx(99 / 101)
    assert landscapes.heavy_ball_rate([1.0, 100.0], alpha, beta) == pytest.approx(9 / 11, rel=1e-6)
    assert landscapes.heavy_ball_rate([1.0, 100.0], 0.021) > 1  # past 2 / ln plain descent diverges


def nesterov_eigenvalues_by_hand(lam, alpha, beta):
    """The roots of z^2 - trace z + det for Nesterov's matrix, trace and determinant worked out by hand."""
    trace = 1 + beta - alpha * lam * (1 + beta)
    det = beta * (1 - alpha * lam)
    root = np.sqrt(complex(trace ** 2 - 4 * det))
    return np.array([(trace + root) / 2, (trace - root) / 2])


def test_nesterov_rate_by_hand():
    for lam, alpha, beta in [(10.0, 0.05, 0.9), (0.5, 0.13, 0.9), (10.0, 0.2, 0.3), (3.0, 0.1, 0.0)]:
        by_hand = np.max(np.abs(nesterov_eigenvalues_by_hand(lam, alpha, beta)))
        assert landscapes.nesterov_rate([lam], alpha, beta) == pytest.approx(by_hand, rel=1e-9)
    # without momentum, Nesterov is plain descent: |1 - alpha l| for the worst curvature
    assert landscapes.nesterov_rate([0.5, 10.0], 0.15, 0.0) == pytest.approx(1 - 0.15 * 0.5)
    # at alpha l = 1 its matrix is nilpotent: that direction is gone after two steps
    assert landscapes.nesterov_rate([10.0], 0.1, 0.9) == pytest.approx(0.0, abs=1e-7)


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.13, 0.135])
def test_nesterov_converges_at_its_spectral_radius(alpha):
    surface = landscapes.quadratic(l1=0.5, ln=10.0)
    # a long window: the eigenvalues are complex, so the distance swings as it shrinks
    points, _ = landscapes.path(surface, optimizers.SGD(alpha, momentum=0.9, nesterov=True),
                                steps=1200)
    assert len(points) == 1201
    measured = landscapes.convergence_rate(points, start=200, stop=1200)
    assert measured == pytest.approx(landscapes.nesterov_rate([0.5, 10.0], alpha, 0.9), rel=0.01)


def test_stability_limits_of_heavy_ball_and_nesterov():
    ln, beta = 10.0, 0.9
    heavy, nesterov = landscapes.stability_limit(ln, beta), landscapes.stability_limit(ln, beta, True)
    assert heavy == pytest.approx(0.38) and nesterov == pytest.approx(3.8 / 28)  # 2(1.9) / (2.8 * 10)
    assert landscapes.stability_limit(ln) == pytest.approx(0.2)  # plain descent: 2 / ln
    curvatures = [0.5, ln]
    assert landscapes.heavy_ball_rate(curvatures, heavy * 0.999, beta) < 1
    assert landscapes.heavy_ball_rate(curvatures, heavy * 1.001, beta) > 1
    assert landscapes.nesterov_rate(curvatures, nesterov * 0.999, beta) < 1
    assert landscapes.nesterov_rate(curvatures, nesterov * 1.001, beta) > 1
    # and in runs: at lr 0.3 heavy ball converges, Nesterov diverges
    surface = landscapes.quadratic(l1=0.5, ln=ln)
    points, _ = landscapes.path(surface, optimizers.SGD(0.3, momentum=beta), steps=300)
    assert len(points) == 301 and np.linalg.norm(points[-1]) < 1e-3
    points, _ = landscapes.path(surface, optimizers.SGD(0.3, momentum=beta, nesterov=True), steps=300)
    assert len(points) < 301


def test_rate_map_is_the_rate_at_every_point_of_the_grid():
    curvatures, rates, momenta = [0.5, 10.0], [0.01, 0.1, 0.3, 0.5], [0.0, 0.4, 0.9]
    for nesterov, one in ((False, landscapes.heavy_ball_rate), (True, landscapes.nesterov_rate)):
        grid = landscapes.rate_map(curvatures, rates, momenta, nesterov=nesterov)
        assert grid.shape == (3, 4)
        for i, m in enumerate(momenta):
            for j, lr in enumerate(rates):
                assert grid[i, j] == pytest.approx(one(curvatures, lr, m), rel=1e-9, abs=1e-9)


def test_convergence_rate_of_a_geometric_sequence():
    points = np.outer(0.9 ** np.arange(40), [3.0, -4.0])  # distance 5 * 0.9^t
    assert landscapes.convergence_rate(points) == pytest.approx(0.9)
    assert landscapes.convergence_rate(points + [1, 2], minimum=[1, 2], start=3, stop=10) \
        == pytest.approx(0.9)
    with pytest.raises(ValueError, match="start < stop"):
        landscapes.convergence_rate(points, start=10, stop=5)


# The item 5: theory and measurement agree to within 5% --------------------------------------

L1, LN = 1.0, 100.0  # condition number 100


def measured_rate(learning_rate, momentum, steps, start, stop):
    surface = landscapes.quadratic(l1=L1, ln=LN)
    optimizer = optimizers.SGD(learning_rate=learning_rate, momentum=momentum)
    points, _ = landscapes.path(surface, optimizer, start=(1.0, 1.0), steps=steps)
    assert len(points) == steps + 1
    return landscapes.convergence_rate(points, start=start, stop=stop)


def test_plain_descent_at_its_best_step_converges_at_the_theoretical_rate():
    rate = measured_rate(landscapes.best_gd_step(L1, LN), 0.0, steps=3000, start=1000, stop=3000)
    theory = landscapes.gd_rate(LN / L1)
    assert abs(rate - theory) / theory < 0.05
    assert rate == pytest.approx(theory, rel=1e-6)  # both directions shrink by exactly this factor


def test_momentum_at_its_best_converges_at_the_theoretical_rate():
    alpha, beta = landscapes.best_momentum(L1, LN)
    rate = measured_rate(alpha, beta, steps=600, start=200, stop=600)
    theory = landscapes.momentum_rate(LN / L1)
    assert abs(rate - theory) / theory < 0.05
    assert abs(rate - theory) / theory < 0.005  # the late window makes the factor t negligible
    # Early on, the extra factor t of the critically damped directions still shows: over the first
    # 50 steps the distance shrinks more slowly than the rate says (which is why the window is late).
    early = measured_rate(alpha, beta, steps=50, start=0, stop=50)
    assert early > theory * 1.05
    # And momentum beats plain descent by far: about 0.82 per step against 0.98.
    assert rate < landscapes.gd_rate(LN / L1) - 0.15


@pytest.mark.parametrize("alpha, beta", [(0.02, 0.3), ((2 / 11) ** 2, 0.7), ((2 / 11) ** 2, 0.9)])
def test_off_optimal_momentum_converges_at_the_spectral_radius(alpha, beta):
    rate = measured_rate(alpha, beta, steps=1500, start=500, stop=1500)
    assert rate == pytest.approx(landscapes.heavy_ball_rate([L1, LN], alpha, beta), rel=0.01)
    assert rate > landscapes.momentum_rate(LN / L1)  # slower than at the best alpha and beta


def test_importing_landscapes_imports_no_plotting_or_widgets():
    code = ("import sys, nnlib, nnlib.landscapes; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'tensorflow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
