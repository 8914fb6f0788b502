"""Superficies de pérdida de prueba de la lección del gradiente (notebook 02).

:data:`SURFACES`: parábola, dos valles, cuenco alargado y Rosenbrock, cada una con su gradiente
analítico y sus mínimos. Todas tienen su mínimo global en pérdida 0, así que la pérdida se puede
dibujar en escala logarítmica. Funciones puras (sin figuras ni widgets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

__all__ = ["Surface", "SURFACES", "get_surface"]


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
    """Mínimos de w⁴ − 2w² − 0.5w (raíces de la derivada con curvatura positiva)."""
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
