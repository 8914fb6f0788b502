"""Números escritos como los escribe el curso (``CONTRIBUTING.md``, apartado *Estilo*).

Un único sitio para cada formato, usado por las figuras, los textos de los exploradores, los
ejercicios y los notebooks:

* miles separados por un espacio: ``thousands(60000)`` → ``"60 000"``;
* porcentajes con un espacio antes de ``%``: ``percent(0.9731)`` → ``"97.3 %"``;
* decimales con punto, como los escribe Python;
* tiempos y cantidades de operaciones legibles: ``seconds(150)`` → ``"2.5 min"``,
  ``flops(2e9)`` → ``"2.0 GFLOP"``;
* valores lógicos en una frase en español: ``yes_no(True)`` → ``"sí"``.
"""

from __future__ import annotations

__all__ = ["flops", "percent", "seconds", "thousands", "yes_no"]


def thousands(n) -> str:
    """Entero con un espacio como separador de miles: ``60000`` → ``"60 000"``."""
    return f"{int(n):,}".replace(",", " ")


def percent(fraction, decimals: int = 1) -> str:
    """Una fracción (0.973) como porcentaje con un espacio antes de ``%``: ``"97.3 %"``."""
    return f"{100 * float(fraction):.{int(decimals)}f} %"


def seconds(value: float) -> str:
    """Un tiempo legible en español: µs, ms, s, min, h o días."""
    value = float(value)
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    if value < 60:
        return f"{value:.1f} s"
    if value < 3600:
        return f"{value / 60:.1f} min"
    if value < 86400:
        return f"{value / 3600:.1f} h"
    return f"{value / 86400:.1f} días"


def flops(value: float) -> str:
    """Número de operaciones legible: FLOP, kFLOP, MFLOP, GFLOP, TFLOP, PFLOP."""
    value = float(value)
    for unit, scale in (("PFLOP", 1e15), ("TFLOP", 1e12), ("GFLOP", 1e9), ("MFLOP", 1e6), ("kFLOP", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value:.0f} FLOP"


def yes_no(value) -> str:
    """``"sí"`` o ``"no"``, para escribir un valor lógico dentro de una frase."""
    return "sí" if bool(value) else "no"
