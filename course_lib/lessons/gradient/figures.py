"""Figuras de la lección del gradiente (notebook 02): recorridos, pérdida de la recta y minilotes.

Constructores de ``matplotlib.figure.Figure`` (sin pyplot): :func:`draw_run` (un recorrido),
:func:`compare_runs_figure` (varios, lado a lado), :func:`regression_loss_figure` (la pérdida
de la recta como función de los pesos) y :func:`batch_comparison_figure` (por lotes,
estocástico y por minilotes). :data:`VERDICT_LABELS` da el texto de cada veredicto.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks
from course_lib.rendering import Painter
from course_lib.lessons.gradient.compute import VERDICTS, DescentRun
from course_lib.lessons.gradient.regression import as_minibatch_runs, check_xy, least_squares, mse, mse_grid
from course_lib.lessons.gradient.surfaces import Surface

__all__ = [
    "VERDICT_LABELS",
    "verdict_label",
    "draw_run",
    "RunPainter",
    "compare_runs_figure",
    "regression_loss_figure",
    "batch_comparison_figure",
]

#: Texto de cada veredicto de ``compute.classify_run`` (lo que ve el estudiante).
VERDICT_LABELS = {
    "converges": "Converge",
    "converges_oscillating": "Converge oscilando",
    "oscillates": "Oscila sin asentarse",
    "diverges": "Diverge",
    "slow": "Avanza despacio",
}
assert set(VERDICT_LABELS) == set(VERDICTS)

_VERDICT_COLORS = {"converges": "#1b7f3b", "converges_oscillating": "#2f7f6f", "oscillates": "#c25e00",
                   "diverges": "#b00020", "slow": "#555555"}

#: Suelo para dibujar pérdidas exactamente 0 en escala logarítmica.
_LOG_FLOOR = 1e-16


def verdict_label(run: DescentRun) -> str:
    """El veredicto de un recorrido en español: «Converge», «Converge tras oscilar», «Diverge»…"""
    label = VERDICT_LABELS[run.verdict]
    if run.verdict == "converges" and run.oscillated:
        label += " tras oscilar"
    return label


# --------------------------------------------------------------------------- recorridos
#
# Cada panel se construye en dos partes: ``_build_*`` crea los ejes y los artistas de lo que no
# cambia con el recorrido (la superficie, sus mínimos, las etiquetas, la leyenda) y
# ``_update_*`` pone en ellos los datos de un recorrido. :class:`RunPainter` (el explorador)
# construye una vez por superficie y, al mover un control, solo cambia los datos.


def _build_path(ax, s: Surface, legend: bool = True) -> SimpleNamespace:
    """La superficie ``s`` (curva o curvas de nivel), sus mínimos y los artistas vacíos del camino."""
    parts = SimpleNamespace(ax=ax, surface=s)
    if s.dim == 1:
        parts.curve, = ax.plot([], [], color="#333333", linewidth=2, label="pérdida", zorder=1)
        parts.line, = ax.plot([], [], "-", color="#d62728", linewidth=1, alpha=0.7, zorder=2)
        parts.dots = ax.scatter(np.zeros(0), np.zeros(0), c=np.zeros(0), cmap="plasma", zorder=3,
                                edgecolors="none")
        for point, is_global in s.minima:
            label = ("mínimo global" if len(s.minima) > 1 else "mínimo") if is_global else "mínimo local"
            ax.plot(point[0], s.loss(np.array(point)), "*", markersize=14, color="gold" if is_global else "white",
                    markeredgecolor="black", zorder=4, label=label)
        ax.set_xlabel("peso w")
        ax.set_ylabel("pérdida f(w)")
    else:
        from matplotlib.colors import LogNorm

        xs = np.linspace(*s.xlim, 181)
        ys = np.linspace(*s.ylim, 181)
        grid_x, grid_y = np.meshgrid(xs, ys)
        z = s.loss(np.stack([grid_x, grid_y]))
        top = float(z.max())
        levels = np.geomspace(max(top * 1e-5, 1e-3), top, 16)
        ax.contourf(grid_x, grid_y, np.maximum(z, levels[0]), levels=np.concatenate([[levels[0] * 0.5], levels]),
                    norm=LogNorm(), cmap="viridis", alpha=0.35)
        ax.contour(grid_x, grid_y, np.maximum(z, levels[0]), levels=levels, norm=LogNorm(), cmap="viridis",
                   linewidths=0.8)
        parts.line, = ax.plot([], [], "-o", color="#d62728", linewidth=1.2, zorder=3)
        for point, is_global in s.minima:
            ax.plot(*point, "*", markersize=15, color="gold", markeredgecolor="black", zorder=4,
                    label="mínimo" if is_global else "mínimo local")
        ax.set_xlim(*s.xlim)
        ax.set_ylim(*s.ylim)
        ax.set_aspect("equal")
        ax.set_xlabel("peso $w_1$")
        ax.set_ylabel("peso $w_2$")
    parts.start, = ax.plot([], [], "o", markersize=9, color="white", markeredgecolor="black", zorder=5,
                           label="inicio")
    parts.end, = ax.plot([], [], "X", markersize=10, color="#d62728", markeredgecolor="black", zorder=5,
                         label="final")
    if legend:
        ax.legend(fontsize=8, loc="best" if s.dim == 1 else "lower right", framealpha=0.85)
    return parts


def _update_path(parts: SimpleNamespace, run: DescentRun) -> None:
    """El camino de ``run`` (y, en 1-D, el tramo de la curva que recorre) sobre su superficie."""
    s, path, ax = parts.surface, run.path, parts.ax
    marker_size = 2 if len(path) > 120 else 4
    parts.start.set_data(*([value] for value in _point_on(s, path[0])))
    parts.end.set_data(*([value] for value in _point_on(s, path[-1])))
    if s.dim == 2:
        parts.line.set_data(path[:, 0], path[:, 1])
        parts.line.set_markersize(marker_size)
        return
    lo, hi = s.xlim
    width = hi - lo
    w = path[:, 0]
    lo = max(min(lo, float(w.min())), s.xlim[0] - 3 * width)
    hi = min(max(hi, float(w.max())), s.xlim[1] + 3 * width)
    grid = np.linspace(lo, hi, 400)
    curve = s.loss(grid[None, :])
    parts.curve.set_data(grid, curve)
    losses = s.loss(path.T)
    parts.line.set_data(w, losses)
    order = np.arange(len(w))
    parts.dots.set_offsets(np.column_stack([w, losses]))
    parts.dots.set_array(order)
    parts.dots.norm.autoscale(order)
    parts.dots.set_sizes([marker_size * 6])
    top = float(curve.max())
    bottom = float(curve.min())
    ax.set_xlim(lo, hi)
    ax.set_ylim(bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom))


def _point_on(s: Surface, point) -> tuple[float, float]:
    """Dónde se dibuja un punto del camino: (w, f(w)) en 1-D, (w₁, w₂) en 2-D."""
    return (float(point[0]), float(s.loss(point))) if s.dim == 1 else (float(point[0]), float(point[1]))


def _build_losses(ax) -> SimpleNamespace:
    """Los ejes de la pérdida por paso (escala logarítmica), con la línea y el aviso vacíos."""
    line, = ax.semilogy([], [], markersize=3, linewidth=1.5)
    ax.set_xlabel("paso")
    ax.set_ylabel("pérdida (escala logarítmica)")
    ax.grid(True, which="major", alpha=0.3)
    stop = ax.annotate("se detiene:\nla pérdida se dispara", xy=(0, 1), xytext=(0.55, 0.45),
                       textcoords="axes fraction", fontsize=9,
                       arrowprops={"arrowstyle": "->", "color": "#b00020"}, color="#b00020", visible=False)
    return SimpleNamespace(ax=ax, line=line, stop=stop)


def _update_losses(parts: SimpleNamespace, run: DescentRun) -> None:
    steps = np.arange(len(run.losses))
    values = np.maximum(run.losses, _LOG_FLOOR)
    parts.line.set_data(steps, values)
    parts.line.set_color(_VERDICT_COLORS[run.verdict])
    parts.line.set_marker("o" if len(steps) <= 60 else "None")
    parts.ax.relim()
    parts.ax.autoscale_view(scalex=False)
    parts.ax.set_xlim(0, max(run.steps, 1))
    parts.stop.set_visible(run.stopped_at is not None)
    parts.stop.xy = (steps[-1], values[-1])


class RunPainter(Painter):
    """La figura de un recorrido, reutilizada: se construye una vez por superficie y, al mover la
    tasa, el momento, los pasos o el inicio, solo cambian el camino, la pérdida y el título.

    Las curvas de nivel de una superficie 2-D se calculan y se crean al construir: no se repiten
    en cada fotograma. Cada explorador tiene su propio ``RunPainter``.
    """

    def structure(self, run: DescentRun):
        return run.surface

    def build(self, run: DescentRun):
        fig = Figure(figsize=(10.5, 4.3), layout="constrained")
        ax_path, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        path = _build_path(ax_path, run.surface)
        # Títulos con su altura fija (``y=1``, donde los pondría matplotlib: arriba no hay números
        # ni un factor de escala del eje y): así no se recalcula su sitio en cada fotograma.
        ax_path.set_title(f"{run.surface.name}: {run.surface.formula}", fontsize=11, y=1.0)
        losses = _build_losses(ax_loss)
        ax_loss.set_title("Pérdida en cada paso", fontsize=11, y=1.0)
        title = fig.suptitle("", fontsize=13, fontweight="bold")
        positions = [(ax, ax.get_position(original=True).frozen(), ax.get_position(original=False).frozen())
                     for ax in fig.axes]
        return fig, SimpleNamespace(path=path, losses=losses, title=title, positions=positions)

    def update(self, parts: SimpleNamespace, run: DescentRun) -> None:
        # La colocación automática parte de donde están los ejes, y sus cuentas varían en la
        # última cifra según el punto de partida: se vuelve al de una figura recién construida,
        # para que el fotograma sea idéntico, píxel a píxel, al de una figura nueva.
        for ax, original, active in parts.positions:
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
        _update_path(parts.path, run)
        _update_losses(parts.losses, run)
        momentum = f", μ = {run.momentum:.2f}" if run.momentum else ", sin momento"
        parts.title.set_text(f"η = {run.learning_rate:.3g}{momentum}  →  {verdict_label(run)}")
        parts.title.set_color(_VERDICT_COLORS[run.verdict])


def draw_run(run: DescentRun) -> Figure:
    """Figura de un recorrido: la superficie con el camino (izquierda) y la pérdida por paso (derecha)."""
    return RunPainter().fresh(run)


def compare_runs_figure(runs: Sequence[DescentRun], title: str | None = None) -> Figure:
    """Varios recorridos lado a lado: arriba el camino, abajo la pérdida por paso."""
    runs = list(runs)
    if not runs or not all(isinstance(r, DescentRun) for r in runs):
        raise ValueError("compare_runs_figure espera una lista no vacía de recorridos de gradient.descend(...).")
    n = len(runs)
    fig = Figure(figsize=(3.9 * n, 6.6), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for i, run in enumerate(runs):
        _update_path(_build_path(axes[0, i], run.surface, legend=(i == 0)), run)
        _update_losses(_build_losses(axes[1, i]), run)
        momentum = f", μ = {run.momentum:.2f}" if run.momentum else ""
        axes[0, i].set_title(f"η = {run.learning_rate:.3g}{momentum}\n{verdict_label(run)}",
                             color=_VERDICT_COLORS[run.verdict], fontsize=11, fontweight="bold")
    if title:
        fig.suptitle(title, fontsize=13)
    return fig


# --------------------------------------------------------------------------- la recta


def regression_loss_figure(x, y, weights: Sequence[float] = (0.5, 1.5, 4.5)) -> Figure:
    """La pérdida como función de los pesos, en tres paneles.

    1. Los datos y una recta por cada ``w`` de ``weights`` (con ``b`` fijo en su mejor valor).
    2. La pérdida ``L(w)`` con ``b`` fijo: cada recta del panel 1 es un punto de esta curva.
    3. La pérdida ``L(w, b)`` como mapa de contorno: un cuenco alargado con el mínimo marcado.
    """
    x, y = check_xy(x, y)
    weights = [checks.number(v, "Cada peso w") for v in weights]
    if not weights:
        raise ValueError("weights debe tener al menos un valor de w que dibujar.")
    w_best, b_best, loss_best = least_squares(x, y)
    colors = [f"C{i}" for i in range(len(weights))]
    fig = Figure(figsize=(14, 4.2), layout="constrained")
    ax_data, ax_curve, ax_map = fig.subplots(1, 3)

    ax_data.scatter(x, y, s=10, color="#777777", alpha=0.6, label="datos")
    xs = np.array([x.min(), x.max()])
    for w, color in zip(weights, colors):
        ax_data.plot(xs, w * xs + b_best, color=color, linewidth=2, label=f"w = {w:g}")
    ax_data.plot(xs, w_best * xs + b_best, "--", color="black", linewidth=2, label=f"mejor: w = {w_best:.2f}")
    ax_data.set(title=f"Datos y rectas ŷ = w·x + b  (b = {b_best:.2f})", xlabel="x", ylabel="y")
    ax_data.legend(fontsize=8)

    lo, hi = min(min(weights), w_best) - 1.0, max(max(weights), w_best) + 1.0
    grid_w = np.linspace(lo, hi, 300)
    ax_curve.plot(grid_w, mse_grid(grid_w, b_best, x, y), color="#333333", linewidth=2)
    for w, color in zip(weights, colors):
        ax_curve.plot(w, mse((w, b_best), x, y), "o", color=color, markersize=9, markeredgecolor="black")
    ax_curve.plot(w_best, loss_best, "*", color="gold", markersize=16, markeredgecolor="black",
                  label=f"mínimo: w = {w_best:.2f}")
    ax_curve.set(title="Pérdida (ECM) en función de w", xlabel="peso w", ylabel="pérdida L(w)")
    ax_curve.legend(fontsize=8)

    from matplotlib.colors import LogNorm

    ws = np.linspace(w_best - 3.5, w_best + 3.5, 200)
    bs = np.linspace(b_best - 3.5, b_best + 3.5, 200)
    gw, gb = np.meshgrid(ws, bs)
    z = mse_grid(gw, gb, x, y)
    levels = np.geomspace(loss_best * 1.05, float(z.max()), 14)
    ax_map.contourf(gw, gb, z, levels=np.concatenate([[loss_best], levels]), norm=LogNorm(), cmap="viridis",
                    alpha=0.35)
    ax_map.contour(gw, gb, z, levels=levels, norm=LogNorm(), cmap="viridis", linewidths=0.8)
    ax_map.plot(w_best, b_best, "*", color="gold", markersize=16, markeredgecolor="black",
                label=f"mínimo ({w_best:.2f}, {b_best:.2f})")
    ax_map.set(title="Pérdida L(w, b): curvas de nivel", xlabel="peso w", ylabel="sesgo b")
    ax_map.set_aspect("equal")
    ax_map.legend(fontsize=8, loc="upper right")
    return fig


# --------------------------------------------------------------------------- minilotes


_METHOD_COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def batch_comparison_figure(runs: Mapping[int, tuple], x, y, title: str | None = None) -> Figure:
    """Tres paneles: exceso de pérdida por época, por paso, y el camino de (w, b) sobre el cuenco.

    ``runs`` es ``{tamaño de lote: (path, losses)}``, lo que da el bucle de minilotes del notebook.
    """
    from matplotlib.colors import LogNorm

    x, y = check_xy(x, y)
    runs = as_minibatch_runs(runs, len(x))
    w_best, b_best, loss_best = least_squares(x, y)
    fig = Figure(figsize=(15, 4.5), layout="constrained")
    ax_epoch, ax_step, ax_path = fig.subplots(1, 3)
    for i, r in enumerate(runs):
        color = _METHOD_COLORS[i % len(_METHOD_COLORS)]
        excess = np.maximum(r.losses - loss_best, 1e-8)
        steps = np.arange(len(excess))
        noisy = r.steps_per_epoch > 20
        width, alpha = (0.7, 0.6) if noisy else (2.0, 1.0)
        # Los métodos con menos pasos por época, encima: si no, el ruido del estocástico los tapa.
        order = 3 + 1.0 / r.steps_per_epoch
        label = f"{r.name} · {r.steps_per_epoch} paso{'s' if r.steps_per_epoch != 1 else ''}/época"
        ax_epoch.semilogy(steps / r.steps_per_epoch, excess, color=color, linewidth=width, alpha=alpha,
                          marker="o" if r.total_steps <= 40 else None, markersize=4, label=label, zorder=order)
        ax_step.loglog(steps[1:], excess[1:], color=color, linewidth=width, alpha=alpha, label=r.name,
                       zorder=order)
        ax_path.plot(r.path[:, 0], r.path[:, 1], "-", color=color, linewidth=width, alpha=alpha, label=r.name,
                     zorder=order)
    ax_epoch.set(title="Distancia al mínimo frente a épocas", xlabel="época",
                 ylabel="pérdida − pérdida mínima (escala log.)")
    ax_epoch.legend(fontsize=8)
    ax_epoch.grid(True, alpha=0.3)
    ax_step.set(title="Distancia al mínimo frente a pasos", xlabel="paso (escala log.)",
                ylabel="pérdida − pérdida mínima (escala log.)")
    ax_step.grid(True, alpha=0.3)
    all_w = np.concatenate([r.path[:, 0] for r in runs] + [[w_best]])
    all_b = np.concatenate([r.path[:, 1] for r in runs] + [[b_best]])
    pad_w, pad_b = 0.15 * np.ptp(all_w) + 0.2, 0.15 * np.ptp(all_b) + 0.2
    ws = np.linspace(all_w.min() - pad_w, all_w.max() + pad_w, 200)
    bs = np.linspace(all_b.min() - pad_b, all_b.max() + pad_b, 200)
    gw, gb = np.meshgrid(ws, bs)
    z = mse_grid(gw, gb, x, y)
    levels = np.geomspace(loss_best * 1.02, float(z.max()), 14)
    ax_path.contour(gw, gb, z, levels=levels, norm=LogNorm(), cmap="viridis", linewidths=0.7)
    ax_path.plot(*runs[0].path[0], "o", color="white", markeredgecolor="black", markersize=9, label="inicio",
                 zorder=10)
    ax_path.plot(w_best, b_best, "*", color="gold", markeredgecolor="black", markersize=16, label="mínimo",
                 zorder=10)
    ax_path.set(title="Camino de los pesos (w, b)", xlabel="peso w", ylabel="sesgo b")
    ax_path.legend(fontsize=8, loc="best")
    if title:
        fig.suptitle(title, fontsize=12)
    return fig
