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

import math

__all__ = ["flops", "percent", "seconds", "thousands", "yes_no"]


def _number(value, what: str, example: str) -> float:
    """``value`` como ``float`` finito, o ``ValueError`` en español (nunca un valor lógico ni un texto)."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{what} espera un número, como {example}, y ha recibido {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} espera un número finito, como {example}, y ha recibido {value}.")
    return value


def thousands(n) -> str:
    """Entero con un espacio como separador de miles: ``60000`` → ``"60 000"``.

    Acepta enteros y decimales sin parte decimal (``60000.0``); un número con decimales es un
    ``ValueError`` (no se trunca en silencio).
    """
    value = _number(n, "thousands", "60000")
    if not value.is_integer():
        raise ValueError(f"thousands escribe números enteros y ha recibido {n!r}: redondéalo antes (round(x)).")
    return f"{int(value):,}".replace(",", " ")


def percent(fraction, decimals: int = 1) -> str:
    """Una fracción (0.973) como porcentaje con un espacio antes de ``%``: ``"97.3 %"``.

    Un valor mayor que 1.5 es casi seguro un porcentaje ya multiplicado por 100 (97.3): es un
    ``ValueError``, no «9730.0 %».
    """
    value = _number(fraction, "percent", "0.973")
    if abs(value) > 1.5:
        raise ValueError(f"percent espera una fracción (0.973 para 97.3 %), y {fraction!r} parece ya un "
                         f"porcentaje: pasa {fraction!r} / 100.")
    return f"{100 * value:.{int(decimals)}f} %"


def seconds(value: float) -> str:
    """Un tiempo legible en español: µs, ms, s, min, h o días."""
    value = _number(value, "seconds", "2.5")
    if value < 0:
        raise ValueError(f"seconds escribe duraciones, que no pueden ser negativas, y ha recibido {value}.")
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
    value = _number(value, "flops", "2e9")
    if value < 0:
        raise ValueError(f"flops cuenta operaciones, que no pueden ser negativas, y ha recibido {value}.")
    for unit, scale in (("PFLOP", 1e15), ("TFLOP", 1e12), ("GFLOP", 1e9), ("MFLOP", 1e6), ("kFLOP", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value:.0f} FLOP"


def yes_no(value) -> str:
    """``"sí"`` o ``"no"``, para escribir un valor lógico dentro de una frase.

    Solo acepta valores lógicos (``True``, ``False``, los de NumPy): ``yes_no("no")`` sería «sí».
    """
    import numpy as np

    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"yes_no espera True o False (p. ej. np.allclose(a, b)), no {value!r}.")
    return "sí" if value else "no"
