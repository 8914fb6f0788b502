"""La recta ŷ = w·x + b de la lección del gradiente (notebook 02): datos, pérdida y recorridos.

Funciones puras (sin figuras ni widgets):

* :func:`make_regression_data`, :func:`mse`, :func:`mse_gradient`, :func:`least_squares`;
* :func:`as_minibatch_runs`: recoge los recorridos que da el bucle de descenso por minilotes
  **que escribe el notebook** (``{tamaño de lote: (path, losses)}``) y los valida, para que las
  tablas y las figuras de la lección los puedan leer (:class:`MinibatchRun`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from course_lib import checks

__all__ = [
    "make_regression_data",
    "mse",
    "mse_gradient",
    "least_squares",
    "mse_grid",
    "steps_per_epoch",
    "method_name",
    "MinibatchRun",
    "as_minibatch_runs",
]


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


def check_xy(x, y) -> tuple[np.ndarray, np.ndarray]:
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
    x, y = check_xy(x, y)
    residual = params[0] * x + params[1] - y
    squared = residual**2
    if isinstance(squared, np.ndarray):
        return float(np.mean(squared))
    from course_lib import config

    tf = config.quiet_tensorflow()
    return tf.reduce_mean(squared)


def mse_gradient(params, x, y) -> np.ndarray:
    """Gradiente analítico del ECM: ``∂L/∂w = 2·media((ŷ − y)·x)`` y ``∂L/∂b = 2·media(ŷ − y)``."""
    x, y = check_xy(x, y)
    w, b = (float(v) for v in np.asarray(params, dtype=float).reshape(2))
    residual = w * x + b - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


def least_squares(x, y) -> tuple[float, float, float]:
    """La mejor recta (mínimos cuadrados): ``(w*, b*, pérdida mínima)``."""
    x, y = check_xy(x, y)
    design = np.stack([x, np.ones_like(x)], axis=1)
    (w, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(w), float(b), mse((w, b), x, y)


def mse_grid(grid_w, grid_b, x, y):
    """ECM en toda una rejilla de (w, b) a la vez, desarrollando el cuadrado."""
    return (np.mean(y**2) - 2 * grid_w * np.mean(x * y) - 2 * grid_b * np.mean(y) + grid_w**2 * np.mean(x**2)
            + 2 * grid_w * grid_b * np.mean(x) + grid_b**2)


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
    """Un recorrido del descenso por minilotes, tal como lo da el bucle del notebook."""

    batch_size: int
    n_examples: int
    path: np.ndarray          # (pasos + 1, 2): (w, b) al empezar y tras cada paso
    losses: np.ndarray        # (pasos + 1,): ECM sobre TODOS los datos en cada punto del camino

    @property
    def steps_per_epoch(self) -> int:
        return steps_per_epoch(self.n_examples, self.batch_size)

    @property
    def total_steps(self) -> int:
        return len(self.path) - 1

    @property
    def epochs(self) -> int:
        return self.total_steps // self.steps_per_epoch

    @property
    def name(self) -> str:
        return method_name(self.batch_size, self.n_examples)


def as_minibatch_runs(runs: Mapping[int, tuple], n_examples: int) -> list[MinibatchRun]:
    """``{tamaño de lote: (path, losses)}`` → lista de :class:`MinibatchRun`, comprobando las formas.

    ``path`` tiene un punto ``(w, b)`` al empezar y uno tras cada paso; ``losses``, la pérdida en
    cada uno de esos puntos; y el número de pasos debe ser un número entero de épocas.
    """
    n = checks.integer(n_examples, "El número de ejemplos", 1)
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(
            "Los recorridos deben ser un diccionario no vacío {tamaño de lote: (path, losses)}, "
            "por ejemplo {len(x): minibatch_descent(x, y, len(x))}."
        )
    result = []
    for batch_size, value in runs.items():
        b = checks.integer(batch_size, "Cada tamaño de lote (la clave del diccionario)", 1)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValueError(f"El recorrido con lotes de {b} debe ser una tupla (path, losses).")
        path = np.asarray(value[0], dtype=float)
        losses = np.asarray(value[1], dtype=float).reshape(-1)
        if path.ndim != 2 or path.shape[1] != 2 or len(path) < 2:
            raise ValueError(
                f"El camino con lotes de {b} debe tener forma (pasos + 1, 2), un (w, b) por punto; tiene {path.shape}."
            )
        if len(losses) != len(path):
            raise ValueError(
                f"Con lotes de {b} hay {len(path)} puntos en el camino y {len(losses)} pérdidas: "
                "debe haber una pérdida por punto (también la del punto de partida)."
            )
        per_epoch = steps_per_epoch(n, b)
        if (len(path) - 1) % per_epoch:
            raise ValueError(
                f"Con lotes de {b} cada época tiene {per_epoch} pasos, y el recorrido tiene {len(path) - 1}: "
                "no es un número entero de épocas."
            )
        result.append(MinibatchRun(b, n, path, losses))
    return result
