"""Cálculo de la lección del gradiente (notebook 02): gradientes, superficies y descensos."""

from __future__ import annotations

from typing import Callable

import numpy as np

from course_lib import checks


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
