"""El gradiente del error y el descenso del gradiente (notebook 02).

Tres bloques, todos con funciones puras (sin widgets ni figuras) y figuras aparte:

* **Gradientes**: :func:`numerical_gradient` (diferencias finitas), :func:`tape_gradient`
  (``tf.GradientTape``) y :func:`compare_gradients`, que los compara con el gradiente analítico.
* **Descenso del gradiente sobre superficies de pérdida** de una y dos variables
  (:data:`SURFACES`: parábola, dos valles, cuenco alargado, Rosenbrock): :func:`descend` da el
  recorrido con tasa de aprendizaje y momento, y :func:`classify_run` dice si **converge**,
  **oscila**, **diverge** o **avanza despacio**. :func:`descent_explorer` es el explorador
  interactivo y :func:`keras_sgd_path` repite el recorrido con el optimizador ``SGD`` de Keras.
* **Descenso por lotes, estocástico y por minilotes** en una regresión lineal con NumPy:
  :func:`make_regression_data`, :func:`mse`, :func:`minibatch_descent`, :func:`steps_per_epoch`
  y sus figuras.

Ejemplo::

    from course_lib import gradient, plots

    run = gradient.descend("parabola", learning_rate=0.95, steps=50, start=(1.0,))
    run.verdict                       # 'oscila'
    plots.show(gradient.draw_run(run))
    gradient.descent_explorer()       # el explorador (última expresión de la celda)

Todas las superficies tienen su mínimo global en pérdida 0, así que la pérdida se puede dibujar
en escala logarítmica. La regla de actualización con momento es la de ``keras.optimizers.SGD``::

    v ← μ·v − η·∇L(w)        w ← w + v        (con μ = 0, el descenso del gradiente clásico)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks

__all__ = [
    "Surface",
    "SURFACES",
    "VERDICTS",
    "VERDICT_LABELS",
    "DescentRun",
    "MinibatchRun",
    "get_surface",
    "numerical_gradient",
    "tape_gradient",
    "compare_gradients",
    "format_gradient_comparison",
    "descend",
    "classify_run",
    "convergence_step",
    "oscillation_scores",
    "convergence_problem",
    "explore_descent",
    "draw_run",
    "summarize_run",
    "compare_runs_figure",
    "descent_explorer",
    "keras_sgd_path",
    "make_regression_data",
    "mse",
    "mse_gradient",
    "least_squares",
    "regression_loss_figure",
    "steps_per_epoch",
    "method_name",
    "minibatch_descent",
    "compare_batch_sizes",
    "batch_table",
    "batch_comparison_figure",
]

#: Veredictos posibles de :func:`classify_run`.
VERDICTS = ("converge", "oscila", "diverge", "lento")

#: Texto de cada veredicto para los resúmenes y los títulos de las figuras.
VERDICT_LABELS = {
    "converge": "Converge",
    "oscila": "Oscila",
    "diverge": "Diverge",
    "lento": "Avanza despacio",
}

_VERDICT_COLORS = {"converge": "#1b7f3b", "oscila": "#c25e00", "diverge": "#b00020", "lento": "#555555"}

#: Si una coordenada supera este valor absoluto (o la pérdida supera ``_LOSS_LIMIT``), el
#: recorrido se detiene: está divergiendo y seguir solo produciría desbordamientos.
_POSITION_LIMIT = 1e6
_LOSS_LIMIT = 1e12
#: Suelo para dibujar pérdidas exactamente 0 en escala logarítmica.
_LOG_FLOOR = 1e-16
_MAX_STEPS = 10_000


# --------------------------------------------------------------------------- validación


def _check_learning_rate(value: Any) -> float:
    lr = checks.number(value, "La tasa de aprendizaje η")
    if lr <= 0:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 0.1), no {lr:g}: "
            "con η ≤ 0 los pesos no se mueven o se mueven cuesta arriba."
        )
    return lr


def _check_momentum(value: Any) -> float:
    mu = checks.number(value, "El momento μ")
    if not 0 <= mu < 1:
        raise ValueError(
            f"El momento μ debe estar entre 0 (sin momento) y 1, sin llegar a 1; has puesto {mu:g}. "
            "Con μ ≥ 1 la velocidad no se frena nunca y el recorrido no se detiene: prueba con 0.9."
        )
    return mu


def _check_point(point: Any, dim: int, what: str) -> np.ndarray:
    try:
        w = np.asarray(point, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"{what} debe ser una lista de números, no {point!r}.") from None
    if w.size != dim:
        raise ValueError(
            f"{what} debe tener {dim} coordenada{'s' if dim != 1 else ''} y tiene {w.size}: "
            + ("escríbelo como una tupla de un elemento, por ejemplo (1.5,)." if dim == 1
               else "escríbelo como una tupla, por ejemplo (-1.5, 2.0).")
        )
    if not np.all(np.isfinite(w)):
        raise ValueError(f"{what} tiene valores no finitos: {w.tolist()}.")
    return w


# --------------------------------------------------------------------------- superficies


@dataclass(frozen=True)
class Surface:
    """Una superficie de pérdida de prueba: la función, su gradiente analítico y sus mínimos.

    ``loss(w)`` y ``gradient(w)`` reciben un vector de pesos ``w`` (se usa ``w[0]`` y, en 2-D,
    ``w[1]``) y solo hacen operaciones aritméticas, así que ``loss`` funciona igual con arrays de
    NumPy (también rejillas ``np.stack([X, Y])``) que con variables de TensorFlow (para
    ``tf.GradientTape``). ``minima`` es una tupla de ``(punto, es_global)``.
    """

    key: str
    name: str
    formula: str
    dim: int
    loss: Callable[[Any], Any]
    gradient: Callable[[Any], np.ndarray]
    minima: tuple[tuple[tuple[float, ...], bool], ...]
    default_start: tuple[float, ...]
    xlim: tuple[float, float] = (-2.0, 2.0)
    ylim: tuple[float, float] = (-1.0, 3.0)


def _double_well_raw(w0):
    return w0**4 - 2 * w0**2 - 0.5 * w0


def _double_well_minima() -> tuple[float, float, float]:
    """Mínimos de w⁴ − 2w² − 0,5w (raíces de la derivada con curvatura positiva)."""
    roots = np.roots([4.0, 0.0, -4.0, -0.5])
    real = np.sort(roots[np.abs(roots.imag) < 1e-12].real)
    minima = [r for r in real if 12 * r**2 - 4 > 0]
    left, right = min(minima), max(minima)
    offset = -float(min(_double_well_raw(left), _double_well_raw(right)))
    return float(left), float(right), offset


_DW_LEFT, _DW_RIGHT, _DW_OFFSET = _double_well_minima()

SURFACES: dict[str, Surface] = {
    "parabola": Surface(
        key="parabola",
        name="Parábola",
        formula="$f(w) = w^2$",
        dim=1,
        loss=lambda w: w[0] ** 2,
        gradient=lambda w: np.array([2 * w[0]]),
        minima=(((0.0,), True),),
        default_start=(-1.5,),
    ),
    "double_well": Surface(
        key="double_well",
        name="Dos valles",
        formula=r"$f(w) = w^4 - 2w^2 - 0.5\,w + c$",
        dim=1,
        loss=lambda w: w[0] ** 4 - 2 * w[0] ** 2 - 0.5 * w[0] + _DW_OFFSET,
        gradient=lambda w: np.array([4 * w[0] ** 3 - 4 * w[0] - 0.5]),
        minima=(((_DW_LEFT,), False), ((_DW_RIGHT,), True)),
        default_start=(-1.5,),
    ),
    "bowl": Surface(
        key="bowl",
        name="Cuenco alargado",
        formula=r"$f(w_1, w_2) = \frac{1}{2}\,[(w_1 - 1)^2 + 20\,(w_2 - 1)^2]$",
        dim=2,
        loss=lambda w: 0.5 * ((w[0] - 1) ** 2 + 20 * (w[1] - 1) ** 2),
        gradient=lambda w: np.array([w[0] - 1, 20 * (w[1] - 1)]),
        minima=(((1.0, 1.0), True),),
        default_start=(-1.5, 2.0),
    ),
    "rosenbrock": Surface(
        key="rosenbrock",
        name="Rosenbrock",
        formula=r"$f(w_1, w_2) = (1 - w_1)^2 + 100\,(w_2 - w_1^2)^2$",
        dim=2,
        loss=lambda w: (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2,
        gradient=lambda w: np.array([-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] ** 2),
                                     200 * (w[1] - w[0] ** 2)]),
        minima=(((1.0, 1.0), True),),
        default_start=(-1.5, 2.0),
    ),
}


def get_surface(surface: str | Surface) -> Surface:
    """La superficie con ese nombre (``"parabola"``, ``"double_well"``, ``"bowl"``, ``"rosenbrock"``)."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(
            f"Superficie desconocida: {surface!r}. Las superficies disponibles son: "
            + ", ".join(f"{k!r} ({s.name})" for k, s in SURFACES.items()) + "."
        )
    return SURFACES[surface]


# --------------------------------------------------------------------------- gradientes


def numerical_gradient(f: Callable[[np.ndarray], float], w, h: float = 1e-6) -> np.ndarray:
    """Gradiente de ``f`` en ``w`` por **diferencias finitas centradas**.

    Para cada peso ``w_i``: ``(f(w + h·e_i) − f(w − h·e_i)) / (2h)``. Cuesta dos evaluaciones
    de ``f`` por peso (impensable con millones de pesos, perfecto para comprobar un gradiente).
    Ejemplo: ``numerical_gradient(lambda w: w[0]**2, [3.0])`` → ``[6.0]`` (aprox.).
    """
    h = checks.number(h, "El paso h de las diferencias finitas")
    if h <= 0:
        raise ValueError(f"El paso h de las diferencias finitas debe ser positivo (por ejemplo 1e-6), no {h:g}.")
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w debe ser un vector de pesos (una lista de números), y tiene forma {w.shape}.")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"w tiene valores no finitos: {w.tolist()}.")
    grad = np.empty_like(w)
    for i in range(w.size):
        step = np.zeros_like(w)
        step[i] = h
        grad[i] = (float(f(w + step)) - float(f(w - step))) / (2 * h)
    return grad


def tape_gradient(f: Callable[[Any], Any], w) -> np.ndarray:
    """Gradiente de ``f`` en ``w`` con ``tf.GradientTape`` (diferenciación automática).

    ``f`` debe estar escrita con operaciones que TensorFlow sepa derivar (aritmética, ``tf.*``).
    Se calcula en ``float64`` para poder compararlo con los otros dos métodos.
    """
    from course_lib import config

    tf = config.quiet_tensorflow()
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w debe ser un vector de pesos (una lista de números), y tiene forma {w.shape}.")
    variable = tf.Variable(w, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = f(variable)
    grad = tape.gradient(loss, variable) if tf.is_tensor(loss) else None
    if grad is None:
        raise ValueError(
            "tf.GradientTape no encontró relación entre la pérdida y los pesos: f debe calcular la "
            "pérdida a partir de w con operaciones de TensorFlow (no con float() ni con NumPy)."
        )
    return np.asarray(grad.numpy(), dtype=float)


def compare_gradients(f: Callable[[Any], Any], gradient: Callable[[Any], Any], w, h: float = 1e-6) -> dict:
    """Calcula el gradiente de ``f`` en ``w`` de tres formas y las compara.

    Devuelve ``{"point", "numerical", "analytic", "tape", "max_difference"}``;
    ``max_difference`` es la mayor diferencia absoluta entre cualquier par de métodos.
    """
    w = np.asarray(w, dtype=float)
    numerical = numerical_gradient(f, w, h)
    analytic = np.asarray(gradient(w), dtype=float).reshape(-1)
    if analytic.shape != numerical.shape:
        raise ValueError(
            f"El gradiente analítico tiene {analytic.size} componentes y los pesos son {numerical.size}: "
            "debe haber una derivada parcial por peso."
        )
    tape = tape_gradient(f, w)
    stacked = np.stack([numerical, analytic, tape])
    return {
        "point": w,
        "numerical": numerical,
        "analytic": analytic,
        "tape": tape,
        "max_difference": float(np.max(stacked.max(axis=0) - stacked.min(axis=0))),
    }


def _fmt_vector(v, decimals: int) -> str:
    # + 0.0 convierte -0.0 en 0.0 para que la salida no dependa del signo del cero.
    return "[" + ", ".join(f"{round(float(x), decimals) + 0.0:.{decimals}f}" for x in v) + "]"


def format_gradient_comparison(result: dict, decimals: int = 4, tol: float = 1e-4, title: str = "") -> str:
    """Texto en español con los tres gradientes de :func:`compare_gradients`, redondeados."""
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


# --------------------------------------------------------------------------- descenso


@dataclass
class DescentRun:
    """Resultado de :func:`descend`: el recorrido, la pérdida en cada paso y el veredicto."""

    surface: Surface
    learning_rate: float
    momentum: float
    steps: int
    path: np.ndarray            # (pasos dados + 1, dim)
    losses: np.ndarray          # (pasos dados + 1,)
    grad_norms: np.ndarray      # (pasos dados + 1,)
    stopped_at: int | None      # paso en el que se detuvo por divergir, o None
    verdict: str
    converged_at: int | None
    oscillated: bool
    tol: float = 1e-3
    nearest_minimum: tuple[tuple[float, ...], bool] | None = field(default=None)

    @property
    def n_steps(self) -> int:
        """Pasos que se llegaron a dar (menos que ``steps`` si se detuvo por divergir)."""
        return len(self.path) - 1

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def final_point(self) -> np.ndarray:
        return self.path[-1]


def convergence_step(grad_norms, tol: float = 1e-3) -> int | None:
    """Primer paso a partir del cual la norma del gradiente es ≤ ``tol`` **hasta el final**.

    ``None`` si al final todavía no lo es. Se exige que siga pequeño hasta el final (y no solo
    en un paso), porque con momento el recorrido puede cruzar el mínimo a toda velocidad.
    """
    g = np.asarray(grad_norms, dtype=float)
    if g.size == 0:
        raise ValueError("No hay normas del gradiente que analizar: la lista está vacía.")
    small = np.isfinite(g) & (g <= tol)
    if not small[-1]:
        return None
    if small.all():
        return 0
    return int(len(small) - np.argmin(small[::-1]))


def oscillation_scores(path, losses) -> tuple[float, float]:
    """Dos medidas de oscilación de un recorrido (de 0 a 1).

    * ``reversals``: fracción de pasos consecutivos que van en sentidos opuestos
      (producto escalar negativo): el zigzag de una tasa de aprendizaje grande.
    * ``rises``: fracción de pasos en los que la pérdida **sube**: el vaivén del momento, que
      se pasa del mínimo y vuelve.
    """
    p = np.asarray(path, dtype=float)
    p = p.reshape(len(p), -1)
    loss = np.asarray(losses, dtype=float)
    moves = np.diff(p, axis=0)
    reversals = 0.0
    if len(moves) >= 2:
        dots = np.sum(moves[1:] * moves[:-1], axis=1)
        reversals = float(np.mean(dots < 0))
    rises = 0.0
    if len(loss) >= 2:
        rises = float(np.mean(np.diff(loss) > 1e-12 * np.maximum(np.abs(loss[:-1]), 1e-300)))
    return reversals, rises


def _oscillates(path, losses) -> bool:
    reversals, rises = oscillation_scores(path, losses)
    return reversals >= 0.5 or rises >= 0.25


def classify_run(path, losses, grad_norms, stopped: bool = False, tol: float = 1e-3) -> str:
    """Clasifica un recorrido del descenso del gradiente. Función pura.

    Devuelve uno de :data:`VERDICTS`, en este orden de prioridad:

    * ``"diverge"``: se detuvo porque la pérdida o los pesos se disparaban (``stopped``), hay
      valores no finitos, o la pérdida final es **mayor** que la inicial;
    * ``"converge"``: la norma del gradiente es ≤ ``tol`` desde algún paso hasta el final
      (ha llegado a un mínimo, quizá local);
    * ``"oscila"``: en la segunda mitad del recorrido los pasos cambian de sentido a menudo
      (zigzag) o la pérdida sube y baja: salta alrededor del mínimo sin asentarse;
    * ``"lento"``: baja sin oscilar, pero aún no ha llegado.

    Ejemplo (f(w) = w², 50 pasos desde w = 1): η = 0,1 converge; η = 0,95 oscila
    (el signo de w cambia en cada paso y |w| se reduce solo un 10 % por paso); η = 1,1 diverge.
    """
    p = np.asarray(path, dtype=float)
    p = p.reshape(len(p), -1)
    loss = np.asarray(losses, dtype=float).reshape(-1)
    g = np.asarray(grad_norms, dtype=float).reshape(-1)
    if not (len(p) == len(loss) == len(g)) or len(p) == 0:
        raise ValueError(
            f"path, losses y grad_norms deben tener la misma longitud (un valor por punto del recorrido), "
            f"y tienen {len(p)}, {len(loss)} y {len(g)}."
        )
    tol = checks.number(tol, "La tolerancia tol")
    if stopped or not (np.all(np.isfinite(p)) and np.all(np.isfinite(loss))):
        return "diverge"
    if loss[-1] > loss[0] * (1 + 1e-9) + 1e-15:
        return "diverge"
    if convergence_step(g, tol) is not None:
        return "converge"
    half = len(p) // 2
    if _oscillates(p[half:], loss[half:]):
        return "oscila"
    return "lento"


def descend(
    surface: str | Surface = "parabola",
    learning_rate: float = 0.1,
    momentum: float = 0.0,
    steps: int = 50,
    start: Sequence[float] | None = None,
    tol: float = 1e-3,
) -> DescentRun:
    """Descenso del gradiente (con momento opcional) sobre una superficie de :data:`SURFACES`.

    En cada paso: ``v ← μ·v − η·∇f(w)`` y ``w ← w + v`` (con ``μ = 0``, ``w ← w − η·∇f(w)``).
    Si la pérdida o los pesos se disparan (pérdida > 1e12, |w| > 1e6 o valores no finitos), el
    recorrido se detiene ahí y el veredicto es ``"diverge"``. Función pura: no dibuja nada.

    Ejemplo: ``descend("parabola", learning_rate=0.1, steps=50, start=(1.0,)).verdict`` →
    ``'converge'``.
    """
    s = get_surface(surface)
    lr = _check_learning_rate(learning_rate)
    mu = _check_momentum(momentum)
    steps = checks.integer(steps, "El número de pasos", 1, _MAX_STEPS)
    tol = checks.number(tol, "La tolerancia tol")
    w = _check_point(s.default_start if start is None else start, s.dim, "El punto de partida")
    velocity = np.zeros_like(w)
    grad = np.asarray(s.gradient(w), dtype=float)
    path, losses, norms = [w], [float(s.loss(w))], [float(np.linalg.norm(grad))]
    stopped_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            velocity = mu * velocity - lr * grad
            w = w + velocity
            loss = float(s.loss(w))
            if not (np.all(np.isfinite(w)) and math.isfinite(loss)):
                stopped_at = t
                break
            grad = np.asarray(s.gradient(w), dtype=float)
            path.append(w)
            losses.append(loss)
            norms.append(float(np.linalg.norm(grad)))
            if loss > _LOSS_LIMIT or np.max(np.abs(w)) > _POSITION_LIMIT:
                stopped_at = t
                break
    path_a, losses_a, norms_a = np.array(path), np.array(losses), np.array(norms)
    verdict = classify_run(path_a, losses_a, norms_a, stopped=stopped_at is not None, tol=tol)
    converged_at = convergence_step(norms_a, tol) if verdict == "converge" else None
    if verdict == "converge":
        end = max(converged_at or 0, 2) + 1
        oscillated = _oscillates(path_a[:end], losses_a[:end])
    else:
        oscillated = verdict == "oscila"
    nearest = None
    if verdict == "converge":
        nearest = min(s.minima, key=lambda m: float(np.linalg.norm(np.asarray(m[0]) - path_a[-1])))
    return DescentRun(s, lr, mu, steps, path_a, losses_a, norms_a, stopped_at, verdict, converged_at,
                      oscillated, tol, nearest)


def _fmt_loss(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        return f"{value:.1e}"
    return f"{value:.3g}"


def _fmt_point(point) -> str:
    values = [f"{float(x):.2f}" for x in point]
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def summarize_run(run: DescentRun) -> str:
    """Una línea en español: el veredicto, por qué y los hiperparámetros del recorrido."""
    settings = f"η = {run.learning_rate:.3g}, momento μ = {run.momentum:.2f}, {run.steps} pasos."
    loss = _fmt_loss(run.final_loss)
    if run.verdict == "converge":
        how = " tras oscilar" if run.oscillated else ""
        k = run.converged_at
        when = "desde el inicio" if k == 0 else f"en {k} paso{'s' if k != 1 else ''}"
        target = "al mínimo"
        if run.nearest_minimum is not None and len(run.surface.minima) > 1:
            point, is_global = run.nearest_minimum
            name = "w" if run.surface.dim == 1 else "(w₁, w₂)"
            target = (f"al mínimo global, {name} ≈ {_fmt_point(point)}," if is_global
                      else f"a un mínimo local, {name} ≈ {_fmt_point(point)}, y no al global")
        return f"Converge{how}: {when} llega {target} (pérdida {loss}). {settings}"
    if run.verdict == "oscila":
        return (f"Oscila: tras {run.n_steps} pasos sigue saltando de un lado a otro del mínimo sin "
                f"asentarse (pérdida {loss}). {settings}")
    if run.verdict == "diverge":
        if run.stopped_at is not None:
            return (f"Diverge: la pérdida se dispara y el recorrido se detiene en el paso {run.stopped_at} "
                    f"(pérdida {loss}). {settings}")
        return (f"Diverge: se aleja del mínimo; la pérdida pasa de {_fmt_loss(float(run.losses[0]))} "
                f"a {loss}. {settings}")
    return (f"Avanza despacio: tras {run.n_steps} pasos aún no ha llegado al mínimo (pérdida {loss}); "
            f"prueba más pasos, una tasa mayor o momento. {settings}")


def convergence_problem(answer, surface: str | Surface = "bowl", steps: int = 40,
                        start: Sequence[float] | None = None) -> str | None:
    """Comprobación para ``exercises.check_with``: ¿converge ``answer = (η, μ)`` en ``steps`` pasos?

    Devuelve ``None`` si converge, o la razón en español (con el resumen del recorrido) si no.
    Ejemplo::

        exercises.check_with(respuesta, lambda r: gradient.convergence_problem(r, "bowl", steps=40))
    """
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return f"escribe la respuesta como una tupla de dos números, (eta, mu), por ejemplo (0.05, 0.3); has escrito {answer!r}."
    eta, mu = answer
    try:
        run = descend(surface, learning_rate=eta, momentum=mu, steps=steps, start=start)
    except ValueError as exc:
        return str(exc)
    if run.verdict != "converge":
        return f"con η = {eta:g} y μ = {mu:g} no converge en {steps} pasos. {summarize_run(run)}"
    return None


# --------------------------------------------------------------------------- figuras del descenso


def _verdict_title(run: DescentRun) -> str:
    label = VERDICT_LABELS[run.verdict]
    if run.verdict == "converge" and run.oscillated:
        label += " (tras oscilar)"
    return label


def _draw_path(ax, run: DescentRun, legend: bool = True) -> None:
    s = run.surface
    path = run.path
    many = len(path) > 120
    marker_size = 2 if many else 4
    if s.dim == 1:
        lo, hi = s.xlim
        width = hi - lo
        w = path[:, 0]
        lo = max(min(lo, float(w.min())), s.xlim[0] - 3 * width)
        hi = min(max(hi, float(w.max())), s.xlim[1] + 3 * width)
        grid = np.linspace(lo, hi, 400)
        curve = s.loss(grid[None, :])
        ax.plot(grid, curve, color="#333333", linewidth=2, label="pérdida", zorder=1)
        ax.plot(w, s.loss(path.T), "-", color="#d62728", linewidth=1, alpha=0.7, zorder=2)
        ax.scatter(w, s.loss(path.T), c=np.arange(len(w)), cmap="plasma", s=marker_size * 6,
                   zorder=3, edgecolors="none")
        for point, is_global in s.minima:
            label = ("mínimo global" if len(s.minima) > 1 else "mínimo") if is_global else "mínimo local"
            ax.plot(point[0], s.loss(np.array(point)), "*", markersize=14, color="gold" if is_global else "white",
                    markeredgecolor="black", zorder=4, label=label)
        ax.plot(w[0], s.loss(path[0]), "o", markersize=9, color="white", markeredgecolor="black",
                zorder=5, label="inicio")
        ax.plot(w[-1], s.loss(path[-1]), "X", markersize=10, color="#d62728", markeredgecolor="black",
                zorder=5, label="final")
        top = float(curve.max())
        bottom = float(curve.min())
        ax.set_xlim(lo, hi)
        ax.set_ylim(bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom))
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
        ax.plot(path[:, 0], path[:, 1], "-o", color="#d62728", linewidth=1.2, markersize=marker_size,
                zorder=3)
        for point, is_global in s.minima:
            ax.plot(*point, "*", markersize=15, color="gold", markeredgecolor="black", zorder=4,
                    label="mínimo" if is_global else "mínimo local")
        ax.plot(*path[0], "o", markersize=9, color="white", markeredgecolor="black", zorder=5, label="inicio")
        ax.plot(*path[-1], "X", markersize=10, color="#d62728", markeredgecolor="black", zorder=5, label="final")
        ax.set_xlim(*s.xlim)
        ax.set_ylim(*s.ylim)
        ax.set_aspect("equal")
        ax.set_xlabel("peso $w_1$")
        ax.set_ylabel("peso $w_2$")
    if legend:
        ax.legend(fontsize=8, loc="best" if s.dim == 1 else "lower right", framealpha=0.85)


def _draw_losses(ax, run: DescentRun) -> None:
    steps = np.arange(len(run.losses))
    values = np.maximum(run.losses, _LOG_FLOOR)
    marker = "o" if len(steps) <= 60 else None
    ax.semilogy(steps, values, color=_VERDICT_COLORS[run.verdict], marker=marker, markersize=3, linewidth=1.5)
    ax.set_xlabel("paso")
    ax.set_ylabel("pérdida (escala logarítmica)")
    ax.set_xlim(0, max(run.steps, 1))
    ax.grid(True, which="major", alpha=0.3)
    if run.stopped_at is not None:
        ax.annotate("se detiene:\nla pérdida se dispara", xy=(steps[-1], values[-1]),
                    xytext=(0.55, 0.45), textcoords="axes fraction", fontsize=9,
                    arrowprops={"arrowstyle": "->", "color": "#b00020"}, color="#b00020")


def draw_run(run: DescentRun) -> Figure:
    """Figura de un recorrido: la superficie con el camino (izquierda) y la pérdida por paso (derecha)."""
    fig = Figure(figsize=(10.5, 4.3), layout="constrained")
    ax_path, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    _draw_path(ax_path, run)
    ax_path.set_title(f"{run.surface.name}: {run.surface.formula}", fontsize=11)
    _draw_losses(ax_loss, run)
    ax_loss.set_title("Pérdida en cada paso", fontsize=11)
    momentum = f", μ = {run.momentum:.2f}" if run.momentum else ", sin momento"
    fig.suptitle(f"η = {run.learning_rate:.3g}{momentum}  →  {_verdict_title(run)}", fontsize=13,
                 color=_VERDICT_COLORS[run.verdict], fontweight="bold")
    return fig


def compare_runs_figure(runs: Sequence[DescentRun], title: str | None = None) -> Figure:
    """Varios recorridos lado a lado: arriba el camino, abajo la pérdida por paso."""
    runs = list(runs)
    if not runs or not all(isinstance(r, DescentRun) for r in runs):
        raise ValueError("compare_runs_figure espera una lista no vacía de recorridos de gradient.descend(...).")
    n = len(runs)
    fig = Figure(figsize=(3.9 * n, 6.6), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for i, run in enumerate(runs):
        _draw_path(axes[0, i], run, legend=(i == 0))
        _draw_losses(axes[1, i], run)
        momentum = f", μ = {run.momentum:.2f}" if run.momentum else ""
        axes[0, i].set_title(f"η = {run.learning_rate:.3g}{momentum}\n{_verdict_title(run)}",
                             color=_VERDICT_COLORS[run.verdict], fontsize=11, fontweight="bold")
    if title:
        fig.suptitle(title, fontsize=13)
    return fig


# --------------------------------------------------------------------------- explorador


def explore_descent(learning_rate: float, momentum: float, steps: int, surface: str,
                    start_w1: float, start_w2: float) -> DescentRun:
    """Cálculo del explorador: :func:`descend` con el punto de partida de los controles.

    En las superficies de una variable solo se usa ``start_w1``.
    """
    s = get_surface(surface)
    start = (start_w1,) if s.dim == 1 else (start_w1, start_w2)
    return descend(s, learning_rate=learning_rate, momentum=momentum, steps=steps, start=start)


def descent_explorer(surface: str = "parabola", learning_rate: float = 0.1, momentum: float = 0.0,
                     steps: int = 50, start: Sequence[float] = (-1.5, 2.0)):
    """Explorador del descenso del gradiente: tasa de aprendizaje, momento, pasos, superficie e inicio.

    Muestra el recorrido sobre la superficie y la pérdida en cada paso, y dice si converge,
    oscila, diverge o avanza despacio. Para probarlo desde Python::

        exp = descent_explorer()
        exp.set(learning_rate=1.1)
        exp.result.verdict          # 'diverge'
    """
    import ipywidgets as w

    from course_lib.widgets import Explorer

    s = get_surface(surface)
    _check_learning_rate(learning_rate)
    _check_momentum(momentum)
    checks.integer(steps, "El número de pasos", 1, 1000)
    start = tuple(start) + (2.0,) * (2 - len(tuple(start)))
    style = {"description_width": "13em"}
    layout = w.Layout(width="40em")
    controls = {
        "learning_rate": w.FloatLogSlider(value=learning_rate, base=10, min=-4, max=0.5, step=0.05,
                                          description="Tasa de aprendizaje η", readout_format=".3g",
                                          continuous_update=False, style=style, layout=layout),
        "momentum": w.FloatSlider(value=momentum, min=0.0, max=1.0, step=0.01, description="Momento μ",
                                  readout_format=".2f", continuous_update=False, style=style, layout=layout),
        "steps": w.IntSlider(value=steps, min=1, max=1000, description="Pasos", continuous_update=False,
                             style=style, layout=layout),
        "surface": w.Dropdown(options=[(f"{x.name} ({x.dim}-D)", k) for k, x in SURFACES.items()],
                              value=s.key, description="Superficie", style=style,
                              layout=w.Layout(width="30em")),
        "start_w1": w.FloatSlider(value=float(start[0]), min=-2.0, max=2.0, step=0.05,
                                  description="Inicio: w (o w₁)", continuous_update=False,
                                  style=style, layout=layout),
        "start_w2": w.FloatSlider(value=float(start[1]), min=-1.0, max=3.0, step=0.05,
                                  description="Inicio: w₂ (solo 2-D)", continuous_update=False,
                                  style=style, layout=layout),
    }

    def on_surface(change):
        # En las superficies de una variable, w₂ no existe: se desactiva su control.
        controls["start_w2"].disabled = get_surface(change["new"]).dim == 1

    controls["surface"].observe(on_surface, names="value")
    on_surface({"new": s.key})
    return Explorer(controls, explore_descent, draw_run, summarize_run,
                    title="Explorador del descenso del gradiente")


def keras_sgd_path(surface: str | Surface, learning_rate: float, momentum: float = 0.0, steps: int = 10,
                   start: Sequence[float] | None = None) -> np.ndarray:
    """El mismo recorrido que :func:`descend`, pero con ``keras.optimizers.SGD`` y ``tf.GradientTape``.

    Devuelve el camino ``(steps + 1, dim)``: sirve para comprobar que el optimizador de Keras
    aplica exactamente la regla ``v ← μ·v − η·∇L``, ``w ← w + v``.
    """
    from course_lib import config

    tf = config.quiet_tensorflow()
    import keras

    s = get_surface(surface)
    lr = _check_learning_rate(learning_rate)
    mu = _check_momentum(momentum)
    steps = checks.integer(steps, "El número de pasos", 1, 1000)
    w0 = _check_point(s.default_start if start is None else start, s.dim, "El punto de partida")
    weights = tf.Variable(w0, dtype=tf.float64)
    optimizer = keras.optimizers.SGD(learning_rate=lr, momentum=mu)
    path = [w0]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = s.loss(weights)
        grad = tape.gradient(loss, weights)
        optimizer.apply_gradients([(grad, weights)])
        path.append(weights.numpy().copy())
    return np.array(path)


# --------------------------------------------------------------------------- regresión lineal


def make_regression_data(n: int = 200, slope: float = 3.0, intercept: float = 2.0, noise: float = 0.5,
                         seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Datos de una recta con ruido: ``y = slope·x + intercept + ruido``, con ``x`` entre 0 y 2.

    Devuelve ``(x, y)``, dos vectores de ``n`` valores. Siempre los mismos para la misma ``seed``.
    """
    n = checks.integer(n, "El número de ejemplos n", 2)
    slope = checks.number(slope, "La pendiente")
    intercept = checks.number(intercept, "El término independiente")
    noise = checks.number(noise, "El ruido")
    if noise < 0:
        raise ValueError(f"El ruido es una desviación típica: no puede ser negativo ({noise:g}).")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, n)
    y = slope * x + intercept + rng.normal(0.0, noise, n)
    return x, y


def _check_xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"x e y deben tener el mismo número de ejemplos (y al menos uno): x tiene {len(x)} e y tiene {len(y)}."
        )
    return x, y


def mse(params, x, y):
    """Error cuadrático medio de la recta ``ŷ = w·x + b`` con ``params = (w, b)``.

    Funciona con NumPy y con una ``tf.Variable`` de dos valores (para ``tf.GradientTape``).
    """
    x, y = _check_xy(x, y)
    residual = params[0] * x + params[1] - y
    squared = residual**2
    if isinstance(squared, np.ndarray):
        return float(np.mean(squared))
    from course_lib import config

    tf = config.quiet_tensorflow()
    return tf.reduce_mean(squared)


def mse_gradient(params, x, y) -> np.ndarray:
    """Gradiente analítico del ECM: ``∂L/∂w = 2·media((ŷ − y)·x)`` y ``∂L/∂b = 2·media(ŷ − y)``."""
    x, y = _check_xy(x, y)
    w, b = (float(v) for v in np.asarray(params, dtype=float).reshape(2))
    residual = w * x + b - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


def least_squares(x, y) -> tuple[float, float, float]:
    """La mejor recta (mínimos cuadrados): ``(w*, b*, pérdida mínima)``."""
    x, y = _check_xy(x, y)
    design = np.stack([x, np.ones_like(x)], axis=1)
    (w, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(w), float(b), mse((w, b), x, y)


def _mse_grid(grid_w, grid_b, x, y):
    """ECM en toda una rejilla de (w, b) a la vez, desarrollando el cuadrado."""
    return (np.mean(y**2) - 2 * grid_w * np.mean(x * y) - 2 * grid_b * np.mean(y) + grid_w**2 * np.mean(x**2)
            + 2 * grid_w * grid_b * np.mean(x) + grid_b**2)


def regression_loss_figure(x, y, weights: Sequence[float] = (0.5, 1.5, 4.5)) -> Figure:
    """La pérdida como función de los pesos, en tres paneles.

    1. Los datos y una recta por cada ``w`` de ``weights`` (con ``b`` fijo en su mejor valor).
    2. La pérdida ``L(w)`` con ``b`` fijo: cada recta del panel 1 es un punto de esta curva.
    3. La pérdida ``L(w, b)`` como mapa de contorno: un cuenco alargado con el mínimo marcado.
    """
    x, y = _check_xy(x, y)
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
    ax_curve.plot(grid_w, _mse_grid(grid_w, b_best, x, y), color="#333333", linewidth=2)
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
    z = _mse_grid(gw, gb, x, y)
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


# --------------------------------------------------------------------------- lotes y minilotes


def steps_per_epoch(n_examples: int, batch_size: int) -> int:
    """Pasos (actualizaciones de los pesos) en una época: ``⌈n_examples / batch_size⌉``.

    El último lote puede ser más pequeño, pero también es un paso. Como en Keras, un lote mayor
    que el conjunto equivale a un único lote con todos los ejemplos.
    Ejemplo: ``steps_per_epoch(60000, 32)`` → ``1875``; ``steps_per_epoch(200, 32)`` → ``7``.
    """
    n = checks.integer(n_examples, "El número de ejemplos", 1)
    b = checks.integer(batch_size, "El tamaño de lote", 1)
    return math.ceil(n / b)


def method_name(batch_size: int, n_examples: int) -> str:
    """Nombre del método según el tamaño de lote: por lotes, estocástico o por minilotes."""
    if batch_size >= n_examples:
        return "Por lotes (lote completo)"
    if batch_size == 1:
        return "Estocástico (de uno en uno)"
    return f"Por minilotes de {batch_size}"


@dataclass
class MinibatchRun:
    """Resultado de :func:`minibatch_descent`."""

    batch_size: int
    learning_rate: float
    epochs: int
    n_examples: int
    steps_per_epoch: int
    path: np.ndarray          # (pasos + 1, 2): (w, b) tras cada paso
    losses: np.ndarray        # (pasos + 1,): ECM sobre TODOS los datos tras cada paso
    batch_losses: np.ndarray  # (pasos,): ECM del lote con el que se dio cada paso

    @property
    def total_steps(self) -> int:
        return len(self.path) - 1

    @property
    def name(self) -> str:
        return method_name(self.batch_size, self.n_examples)

    @property
    def epoch_losses(self) -> np.ndarray:
        """Pérdida sobre todos los datos al final de cada época (la que imprime Keras es parecida)."""
        return self.losses[:: self.steps_per_epoch][: self.epochs + 1]


def minibatch_descent(x, y, batch_size: int, learning_rate: float = 0.1, epochs: int = 20,
                      start: Sequence[float] = (0.0, 0.0), seed: int = 0) -> MinibatchRun:
    """Descenso del gradiente por minilotes para la recta ``ŷ = w·x + b`` con el ECM. Función pura.

    En cada época se barajan los ejemplos y se recorren en lotes de ``batch_size``; cada lote da
    **un paso**. ``batch_size = len(x)`` es el descenso por lotes (un paso por época) y
    ``batch_size = 1`` el estocástico (un paso por ejemplo).
    """
    x, y = _check_xy(x, y)
    n = len(x)
    batch_size = checks.integer(batch_size, "El tamaño de lote", 1)
    lr = _check_learning_rate(learning_rate)
    epochs = checks.integer(epochs, "El número de épocas", 1, 1000)
    params = _check_point(start, 2, "El punto de partida (w, b)")
    per_epoch = steps_per_epoch(n, batch_size)
    rng = np.random.default_rng(seed)
    path, losses, batch_losses = [params], [mse(params, x, y)], []
    for _ in range(epochs):
        order = rng.permutation(n)
        for first in range(0, n, batch_size):
            idx = order[first:first + batch_size]
            xb, yb = x[idx], y[idx]
            batch_losses.append(mse(params, xb, yb))
            params = params - lr * mse_gradient(params, xb, yb)
            path.append(params)
            losses.append(mse(params, x, y))
    return MinibatchRun(batch_size, lr, epochs, n, per_epoch, np.array(path), np.array(losses),
                        np.array(batch_losses))


def compare_batch_sizes(x, y, batch_sizes: Sequence[int] | None = None, learning_rate: float = 0.1,
                        epochs: int = 20, start: Sequence[float] = (0.0, 0.0), seed: int = 0) -> list[MinibatchRun]:
    """Los tres métodos con los mismos datos, tasa y épocas: por lotes, por minilotes de 32 y estocástico."""
    x, y = _check_xy(x, y)
    sizes = [len(x), 32, 1] if batch_sizes is None else list(batch_sizes)
    if not sizes:
        raise ValueError("batch_sizes debe tener al menos un tamaño de lote.")
    return [minibatch_descent(x, y, b, learning_rate, epochs, start, seed) for b in sizes]


def batch_table(runs: Sequence[MinibatchRun], loss_min: float | None = None) -> str:
    """Tabla en español: tamaño de lote, pasos por época, pasos totales y pérdida final de cada método."""
    runs = list(runs)
    if not runs:
        raise ValueError("batch_table necesita al menos un recorrido de minibatch_descent.")
    epochs = runs[0].epochs
    header = f"{'Método':<30}{'lote':>6}{'pasos/época':>13}{f'pasos en {epochs} épocas':>20}{'pérdida final':>15}"
    lines = [header, "-" * len(header)]
    for r in runs:
        lines.append(f"{r.name:<30}{r.batch_size:>6}{r.steps_per_epoch:>13}{r.total_steps:>20}"
                     f"{r.losses[-1]:>15.4f}")
    if loss_min is not None:
        lines.append(f"{'(pérdida mínima posible: ' + f'{loss_min:.4f})':<30}")
    return "\n".join(lines)


_METHOD_COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def batch_comparison_figure(runs: Sequence[MinibatchRun], x, y) -> Figure:
    """Tres paneles: exceso de pérdida por época, por paso, y el camino de (w, b) sobre el cuenco."""
    from matplotlib.colors import LogNorm

    runs = list(runs)
    if not runs:
        raise ValueError("batch_comparison_figure necesita al menos un recorrido de minibatch_descent.")
    x, y = _check_xy(x, y)
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
    z = _mse_grid(gw, gb, x, y)
    levels = np.geomspace(loss_best * 1.02, float(z.max()), 14)
    ax_path.contour(gw, gb, z, levels=levels, norm=LogNorm(), cmap="viridis", linewidths=0.7)
    ax_path.plot(*runs[0].path[0], "o", color="white", markeredgecolor="black", markersize=9, label="inicio",
                 zorder=10)
    ax_path.plot(w_best, b_best, "*", color="gold", markeredgecolor="black", markersize=16, label="mínimo",
                 zorder=10)
    ax_path.set(title="Camino de los pesos (w, b)", xlabel="peso w", ylabel="sesgo b")
    ax_path.legend(fontsize=8, loc="best")
    fig.suptitle(f"Misma tasa de aprendizaje (η = {runs[0].learning_rate:g}) y mismas épocas ({runs[0].epochs})",
                 fontsize=12)
    return fig
