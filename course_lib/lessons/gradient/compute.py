"""Cálculo de la lección del gradiente (notebook 02): superficies, gradientes y descensos.

Funciones puras, sin figuras ni widgets:

* :data:`SURFACES`: superficies de pérdida de prueba (parábola, dos valles, cuenco alargado,
  Rosenbrock), con su gradiente analítico y sus mínimos.
* :func:`numerical_gradient` (diferencias finitas), :func:`tape_gradient` (``tf.GradientTape``)
  y :func:`compare_gradients`.
* :func:`descend`: **recorre y anota** el descenso del gradiente; la regla de actualización la
  pone la función ``step`` que recibe, la que el notebook escribe en una celda.
  :func:`momentum_step` es la misma regla, idéntica a la del notebook (una prueba lo comprueba),
  para las pruebas y las otras lecciones.
* :func:`classify_run`: el veredicto de un recorrido (:data:`VERDICTS`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from course_lib import checks
from course_lib.lessons.gradient.surfaces import SURFACES, Surface, get_surface

__all__ = [
    "Surface",
    "SURFACES",
    "VERDICTS",
    "DescentRun",
    "get_surface",
    "numerical_gradient",
    "tape_gradient",
    "compare_gradients",
    "momentum_step",
    "descend",
    "explore_descent",
    "classify_run",
    "convergence_step",
    "oscillation_scores",
    "MAX_MOMENTUM",
]

#: Veredictos de :func:`classify_run` (los textos en español están en ``explorers.VERDICT_LABELS``).
VERDICTS = ("converges", "converges_oscillating", "oscillates", "diverges", "slow")

#: El mayor momento del deslizador del explorador (:func:`descend` acepta 0 ≤ μ < 1).
MAX_MOMENTUM = 0.99

#: Si una coordenada supera este valor absoluto (o la pérdida supera ``_LOSS_LIMIT``), el
#: recorrido se detiene: está divergiendo y seguir solo produciría desbordamientos.
_POSITION_LIMIT = 1e6
_LOSS_LIMIT = 1e12
_MAX_STEPS = 10_000


# --------------------------------------------------------------------------- validación


def check_learning_rate(value: Any) -> float:
    lr = checks.number(value, "La tasa de aprendizaje η")
    if lr <= 0:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 0.1), no {lr:g}: "
            "con η ≤ 0 los pesos no se mueven o se mueven cuesta arriba."
        )
    return lr


def check_momentum(value: Any) -> float:
    mu = checks.number(value, "El momento μ")
    if not 0 <= mu < 1:
        raise ValueError(
            f"El momento μ debe estar entre 0 (sin momento) y 1, sin llegar a 1; has puesto {mu:g}. "
            "Con μ ≥ 1 la velocidad no se frena nunca y el recorrido no se detiene: prueba con 0.9."
        )
    return mu


def check_point(point: Any, dim: int, what: str) -> np.ndarray:
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


# --------------------------------------------------------------------------- el paso


def momentum_step(w, v, grad, learning_rate, momentum):
    """Un paso del descenso del gradiente con momento; devuelve los nuevos (w, v)."""
    v = momentum * v - learning_rate * grad   # la velocidad: conserva una parte μ y empuja cuesta abajo
    w = w + v                                 # los pesos se mueven con la velocidad
    return w, v


def _apply_step(step: Callable, w: np.ndarray, v: np.ndarray, grad: np.ndarray, lr: float, mu: float):
    """Llama a ``step`` con copias y comprueba que devuelve ``(w, v)`` con la forma de los pesos."""
    out = step(w.copy(), v.copy(), grad.copy(), lr, mu)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise ValueError(
            "La función del paso (step) debe devolver dos valores, los pesos y la velocidad nuevos: "
            f"termina con «return w, v». Ha devuelto {type(out).__name__}."
        )
    try:
        new_w = np.array(out[0], dtype=float).reshape(-1)
        new_v = np.array(out[1], dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError("La función del paso (step) debe devolver números: (w, v), dos arrays de NumPy.") from None
    if new_w.shape != w.shape or new_v.shape != w.shape:
        raise ValueError(
            f"La función del paso (step) debe devolver w y v con {w.size} valor{'es' if w.size != 1 else ''} "
            f"cada uno, como los pesos; ha devuelto {new_w.size} y {new_v.size}."
        )
    return new_w, new_v


# --------------------------------------------------------------------------- el recorrido


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
    verdict: str                # uno de VERDICTS
    converged_at: int | None    # primer paso desde el que |∇L| ≤ tol hasta el final, o None
    oscillated: bool            # ¿zigzag o vaivén (la pérdida sube y baja) antes de asentarse?
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


def descend(
    surface: str | Surface = "parabola",
    learning_rate: float = 0.1,
    momentum: float = 0.0,
    steps: int = 50,
    start: Sequence[float] | None = None,
    tol: float = 1e-3,
    *,
    step: Callable = momentum_step,
) -> DescentRun:
    """Descenso del gradiente sobre una superficie de :data:`SURFACES`, con la regla ``step``.

    El bucle calcula el gradiente, llama a ``w, v = step(w, v, grad, learning_rate, momentum)``
    (la velocidad ``v`` empieza en 0) y anota el punto, la pérdida y la norma del gradiente. Si
    la pérdida o los pesos se disparan (pérdida > 1e12, |w| > 1e6 o valores no finitos), el
    recorrido se detiene ahí y el veredicto es ``"diverges"``. No dibuja nada.

    Ejemplo: ``descend("parabola", learning_rate=0.1, steps=50, start=(1.0,)).verdict`` →
    ``'converges'``.
    """
    s = get_surface(surface)
    lr = check_learning_rate(learning_rate)
    mu = check_momentum(momentum)
    steps = checks.integer(steps, "El número de pasos", 1, _MAX_STEPS)
    tol = checks.number(tol, "La tolerancia tol")
    if not callable(step):
        raise ValueError(f"step debe ser una función, como momentum_step, no {step!r}.")
    w = check_point(s.default_start if start is None else start, s.dim, "El punto de partida")
    velocity = np.zeros_like(w)
    grad = np.asarray(s.gradient(w), dtype=float)
    path, losses, norms = [w], [float(s.loss(w))], [float(np.linalg.norm(grad))]
    stopped_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            w, velocity = _apply_step(step, w, velocity, grad, lr, mu)
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
    converged_at = convergence_step(norms_a, tol) if verdict == "converges" else None
    if verdict == "converges":
        end = max(converged_at or 0, 2) + 1
        oscillated = _oscillates(path_a[:end], losses_a[:end])
    else:
        oscillated = verdict in ("converges_oscillating", "oscillates")
    nearest = None
    if verdict == "converges":
        nearest = min(s.minima, key=lambda m: float(np.linalg.norm(np.asarray(m[0]) - path_a[-1])))
    return DescentRun(s, lr, mu, steps, path_a, losses_a, norms_a, stopped_at, verdict, converged_at,
                      oscillated, tol, nearest)


def explore_descent(learning_rate: float, momentum: float, steps: int, surface: str,
                    start_w1: float, start_w2: float, step: Callable = momentum_step) -> DescentRun:
    """Cálculo del explorador: :func:`descend` con el punto de partida de los controles.

    En las superficies de una variable solo se usa ``start_w1``.
    """
    s = get_surface(surface)
    start = (start_w1,) if s.dim == 1 else (start_w1, start_w2)
    return descend(s, learning_rate=learning_rate, momentum=momentum, steps=steps, start=start, step=step)


# --------------------------------------------------------------------------- el veredicto


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
    """¿Cambia de sentido al menos la mitad de los pasos (zigzag) o sube la pérdida a menudo (vaivén)?"""
    reversals, rises = oscillation_scores(path, losses)
    return reversals >= 0.5 or rises >= 0.25


def classify_run(path, losses, grad_norms, stopped: bool = False, tol: float = 1e-3) -> str:
    """Clasifica un recorrido del descenso del gradiente. Función pura.

    Devuelve uno de :data:`VERDICTS`, en este orden de prioridad:

    * ``"diverges"``: se detuvo porque la pérdida o los pesos se disparaban (``stopped``), hay
      valores no finitos, o la pérdida final es **mayor** que la inicial;
    * ``"converges"``: la norma del gradiente es ≤ ``tol`` desde algún paso hasta el final
      (ha llegado a un mínimo, quizá local);
    * en la segunda mitad del recorrido, si aún no ha llegado:

      - ``"converges_oscillating"``: los pasos cambian de sentido (zigzag, de un lado al otro del
        mínimo) pero la pérdida **baja en cada paso**: se acerca oscilando;
      - ``"oscillates"``: la pérdida sube y baja, o no baja: salta alrededor del mínimo sin
        asentarse;
      - ``"slow"``: baja sin oscilar, pero aún no ha llegado.

    Ejemplo (f(w) = w², 50 pasos desde w = 1): η = 0.1 converge; η = 0.95 converge oscilando
    (el signo de w cambia en cada paso y |w| se reduce un 10 % por paso); η = 1 oscila (w salta
    entre 1 y −1); η = 1.1 diverge.
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
        return "diverges"
    if loss[-1] > loss[0] * (1 + 1e-9) + 1e-15:
        return "diverges"
    if convergence_step(g, tol) is not None:
        return "converges"
    half = len(p) // 2
    reversals, rises = oscillation_scores(p[half:], loss[half:])
    tail = loss[half:]
    always_falls = len(tail) >= 2 and bool(np.all(np.diff(tail) < 0))
    if reversals >= 0.5:
        return "converges_oscillating" if always_falls else "oscillates"
    if rises >= 0.25:
        return "oscillates"
    return "slow"
