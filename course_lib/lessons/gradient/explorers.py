"""Explorador y textos de la lección del gradiente (notebook 02).

* :func:`descent_explorer`: el explorador del descenso del gradiente
  (:class:`course_lib.explorer.Explorer`), con la regla de actualización que le pasa el notebook.
* Textos en español: :func:`summarize_run` (una línea por recorrido),
  :func:`format_gradient_comparison`, :func:`batch_table` y la comprobación del ejercicio 4,
  :func:`convergence_problem`.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from course_lib import checks
from course_lib.formatting import thousands
from course_lib.explorer import Explorer
from course_lib.lessons.gradient.compute import (
    MAX_MOMENTUM,
    DescentRun,
    check_learning_rate,
    descend,
    explore_descent,
    momentum_step,
)
from course_lib.lessons.gradient.figures import RunPainter, verdict_label
from course_lib.lessons.gradient.regression import as_minibatch_runs, check_xy, least_squares
from course_lib.lessons.gradient.surfaces import SURFACES, get_surface

__all__ = [
    "summarize_run",
    "format_gradient_comparison",
    "convergence_problem",
    "batch_table",
    "descent_explorer",
]


# --------------------------------------------------------------------------- textos


def _fmt_loss(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        return f"{value:.1e}"
    return f"{value:.3g}"


def _fmt_point(point) -> str:
    values = [f"{float(x):.2f}" for x in point]
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def _fmt_vector(v, decimals: int) -> str:
    # + 0.0 convierte -0.0 en 0.0 para que la salida no dependa del signo del cero.
    return "[" + ", ".join(f"{round(float(x), decimals) + 0.0:.{decimals}f}" for x in v) + "]"


def format_gradient_comparison(result: dict, decimals: int = 4, tol: float = 1e-4, title: str = "") -> str:
    """Texto en español con los tres gradientes de ``compare_gradients``, redondeados."""
    agree = result["max_difference"] <= tol
    lines = [title] if title else []
    lines += [
        f"  en el punto {_fmt_vector(result['point'], 2)}",
        f"  diferencias finitas: {_fmt_vector(result['numerical'], decimals)}",
        f"  analítico:           {_fmt_vector(result['analytic'], decimals)}",
        f"  tf.GradientTape:     {_fmt_vector(result['tape'], decimals)}",
        f"  ¿coinciden (diferencia < {tol:g})? {'sí' if agree else 'NO'}",
    ]
    return "\n".join(lines)


def summarize_run(run: DescentRun) -> str:
    """Una línea en español: el veredicto, por qué y los hiperparámetros del recorrido."""
    settings = f"η = {run.learning_rate:.3g}, momento μ = {run.momentum:.2f}, {thousands(run.steps)} pasos."
    loss = _fmt_loss(run.final_loss)
    start = _fmt_loss(float(run.losses[0]))
    if run.verdict == "converges":
        k = run.converged_at
        when = "desde el inicio" if k == 0 else f"en {thousands(k)} paso{'s' if k != 1 else ''}"
        target = "al mínimo"
        if run.nearest_minimum is not None and len(run.surface.minima) > 1:
            point, is_global = run.nearest_minimum
            name = "w" if run.surface.dim == 1 else "(w₁, w₂)"
            target = (f"al mínimo global, {name} ≈ {_fmt_point(point)}" if is_global
                      else f"a un mínimo local, {name} ≈ {_fmt_point(point)}, y no al global")
        return f"{verdict_label(run)}: {when} llega {target} (pérdida {loss}). {settings}"
    if run.verdict == "converges_oscillating":
        return (f"Converge oscilando: cambia de lado del mínimo en cada paso, pero la pérdida baja en cada "
                f"paso (de {start} a {loss}); en {thousands(run.n_steps)} pasos aún no ha llegado "
                f"(|∇L| = {run.grad_norms[-1]:.2g}). {settings}")
    if run.verdict == "oscillates":
        return (f"Oscila sin asentarse: tras {thousands(run.n_steps)} pasos sigue saltando de un lado a otro "
                f"del mínimo y la pérdida sube y baja (de {start} a {loss}). {settings}")
    if run.verdict == "diverges":
        if run.stopped_at is not None:
            return (f"Diverge: la pérdida se dispara y el recorrido se detiene en el paso {run.stopped_at} "
                    f"(pérdida {loss}). {settings}")
        return f"Diverge: se aleja del mínimo; la pérdida pasa de {start} a {loss}. {settings}"
    return (f"Avanza despacio: tras {thousands(run.n_steps)} pasos aún no ha llegado al mínimo (pérdida {loss}); "
            f"prueba más pasos, una tasa mayor o momento. {settings}")


def convergence_problem(answer, surface: str = "bowl", steps: int = 40, start: Sequence[float] | None = None,
                        step: Callable = momentum_step) -> str | None:
    """Comprobación para ``exercises.check_with``: ¿converge ``answer = (η, μ)`` en ``steps`` pasos?

    Devuelve ``None`` si converge, o la razón en español (con el resumen del recorrido) si no.
    Ejemplo::

        exercises.check_with(respuesta, lambda r: gradient.convergence_problem(r, "bowl", steps=40))
    """
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return ("escribe la respuesta como una tupla de dos números, (eta, mu), por ejemplo (0.05, 0.3); "
                f"has escrito {answer!r}.")
    eta, mu = answer
    try:
        run = descend(surface, learning_rate=eta, momentum=mu, steps=steps, start=start, step=step)
    except ValueError as exc:
        return str(exc)
    if run.verdict != "converges":
        return f"con η = {eta:g} y μ = {mu:g} no converge en {steps} pasos. {summarize_run(run)}"
    return None


def batch_table(runs: Mapping[int, tuple], x, y) -> str:
    """Tabla en español: tamaño de lote, pasos por época, pasos totales y pérdida final de cada método.

    ``runs`` es ``{tamaño de lote: (path, losses)}``, lo que da el bucle de minilotes del notebook.
    """
    x, y = check_xy(x, y)
    runs = as_minibatch_runs(runs, len(x))
    epochs = runs[0].epochs
    header = (f"{'Método':<30}{'lote':>6}{'pasos/época':>13}{f'pasos en {epochs} épocas':>20}"
              f"{'pérdida final':>15}")
    lines = [header, "-" * len(header)]
    for r in runs:
        lines.append(f"{r.name:<30}{thousands(r.batch_size):>6}{thousands(r.steps_per_epoch):>13}"
                     f"{thousands(r.total_steps):>20}"
                     f"{r.losses[-1]:>15.4f}")
    lines.append(f"(pérdida mínima posible, la de la mejor recta: {least_squares(x, y)[2]:.4f})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- explorador


def _link(explorer: Explorer, name: str) -> None:
    """Controles enlazados: en las superficies de una variable, w₂ no existe y se desactiva."""
    if name == "surface":
        explorer.controls["start_w2"].disabled = get_surface(explorer.controls["surface"].value).dim == 1


def descent_explorer(step: Callable = momentum_step, surface: str = "parabola", learning_rate: float = 0.1,
                     momentum: float = 0.0, steps: int = 50, start: Sequence[float] = (-1.5, 2.0)) -> Explorer:
    """Explorador del descenso del gradiente: tasa de aprendizaje, momento, pasos, superficie e inicio.

    ``step`` es la regla de actualización, ``w, v = step(w, v, grad, learning_rate, momentum)``:
    el notebook le pasa la suya. Muestra el recorrido sobre la superficie y la pérdida en cada
    paso, y dice si converge, converge oscilando, oscila, diverge o avanza despacio. Desde Python::

        exp = descent_explorer(step=momentum_step)
        exp.set(learning_rate=1.1)
        exp.result.verdict          # 'diverges'
    """
    import ipywidgets as w

    if not callable(step):
        raise ValueError(f"step debe ser una función, como momentum_step, no {step!r}.")
    s = get_surface(surface)
    learning_rate = check_learning_rate(learning_rate)
    momentum = checks.number(momentum, "El momento μ", 0, MAX_MOMENTUM,
                             advice="El deslizador va de 0 a 0.99 (μ tiene que ser menor que 1).")
    steps = checks.integer(steps, "El número de pasos", 1, 1000)
    start = tuple(start) + (2.0,) * (2 - len(tuple(start)))
    start = (checks.number(start[0], "El inicio w (o w₁)", -2, 2),
             checks.number(start[1], "El inicio w₂", -1, 3))
    controls = {
        "learning_rate": w.FloatLogSlider(value=learning_rate, base=10, min=-4, max=0.5, step=0.05,
                                          description="Tasa de aprendizaje η", readout_format=".3g",
                                          continuous_update=False),
        "momentum": w.FloatSlider(value=momentum, min=0.0, max=MAX_MOMENTUM, step=0.01,
                                  description="Momento μ", readout_format=".2f", continuous_update=False),
        "steps": w.IntSlider(value=steps, min=1, max=1000, description="Pasos", continuous_update=False),
        "surface": w.Dropdown(options=[(f"{x.name} ({x.dim}-D)", k) for k, x in SURFACES.items()],
                              value=s.key, description="Superficie"),
        "start_w1": w.FloatSlider(value=start[0], min=-2.0, max=2.0, step=0.05,
                                  description="Inicio: w (o w₁)", continuous_update=False),
        "start_w2": w.FloatSlider(value=start[1], min=-1.0, max=3.0, step=0.05,
                                  description="Inicio: w₂ (solo 2-D)", continuous_update=False),
    }

    def run(**values) -> DescentRun:
        return explore_descent(step=step, **values)

    # Su propio RunPainter: la figura se construye una vez por superficie y cada cambio de un
    # control solo cambia sus datos.
    explorer = Explorer(controls, run, RunPainter(), summarize_run,
                        title="Explorador del descenso del gradiente", link=_link)
    _link(explorer, "surface")
    return explorer
