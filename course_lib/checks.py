"""Comprobación de argumentos con mensajes en español.

Las funciones del curso comprueban sus argumentos con :func:`integer` y :func:`number`, que
devuelven el valor convertido (``int`` o ``float``) o lanzan ``ValueError`` con un mensaje que
dice qué argumento está mal, qué valor tiene y qué se esperaba. Ejemplo::

    from course_lib import checks

    epochs = checks.integer(epochs, "El número de épocas", 1, 1000)
    lr = checks.number(learning_rate, "La tasa de aprendizaje", 0, open_low=True,
                       advice="Prueba con 0.01.")

``checks.integer(0, "El número de épocas", 1, 1000)`` dice
``El número de épocas debe estar entre 1 y 1000, y vale 0.``

Los valores lógicos (``True``, ``False``) no se aceptan como números, aunque Python los trate
como 1 y 0: casi siempre son un error al escribir la llamada.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["integer", "number"]


def _show(value: float) -> str:
    """Un límite o un valor como lo escribiría una persona: ``180``, ``0.05``, ``1e-06``, ``nan``."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _detail(low: float | None, high: float | None, open_low: bool, open_high: bool, integer: bool) -> str:
    """Lo que se espera del valor, para añadirlo tras «un número» («entre 0 y 1», «positivo»...)."""
    show = str if integer else _show
    if low is not None and high is not None:
        text = f" entre {show(low)} y {show(high)}"
        if open_low and open_high:
            text += " (sin incluir los extremos)"
        elif open_low or open_high:
            text += f" (sin incluir {show(low if open_low else high)})"
        return text
    if low is not None:
        if open_low:
            return " positivo" if low == 0 else f" mayor que {show(low)}"
        if integer and low in (0, 1):
            return " positivo" if low == 1 else " no negativo"
        return f" mayor o igual que {show(low)}"
    if high is not None:
        return f" menor que {show(high)}" if open_high else f" menor o igual que {show(high)}"
    return ""


def _fail(message: str, advice: str) -> ValueError:
    return ValueError(f"{message} {advice}" if advice else message)


def integer(value: Any, name: str, low: int | None = None, high: int | None = None, *, advice: str = "") -> int:
    """``value`` como ``int`` si es un número entero entre ``low`` y ``high`` (ambos incluidos).

    ``name`` es como se llama el argumento en el mensaje («La semilla», «epochs (el número de
    épocas)»); ``low`` o ``high`` a ``None`` dejan ese lado sin límite; ``advice`` se añade al
    final del mensaje de error (por ejemplo, un valor razonable). Acepta ``int`` y los enteros
    de NumPy; rechaza con ``ValueError`` los valores lógicos, los decimales (también ``2.0``),
    los textos y los enteros fuera del intervalo.
    """
    detail = _detail(low, high, False, False, integer=True)
    if _is_bool(value) or not isinstance(value, (int, np.integer)):
        raise _fail(f"{name} debe ser un número entero{detail}, no {value!r}.", advice)
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        must = f"estar{detail}" if low is not None and high is not None else f"ser un entero{detail}"
        raise _fail(f"{name} debe {must}, y vale {value}.", advice)
    return value


def number(value: Any, name: str, low: float | None = None, high: float | None = None, *,
           open_low: bool = False, open_high: bool = False, advice: str = "") -> float:
    """``value`` como ``float`` si es un número finito entre ``low`` y ``high``.

    Los límites están incluidos salvo que ``open_low`` u ``open_high`` digan lo contrario
    (``number(x, "El paso h", 0, open_low=True)`` exige ``h > 0``); ``None`` deja ese lado sin
    límite. ``name`` y ``advice`` como en :func:`integer`. Acepta ``int``, ``float`` y los
    números de NumPy; rechaza con ``ValueError`` los valores lógicos, los textos, ``nan``, los
    infinitos y los números fuera del intervalo.
    """
    detail = _detail(low, high, open_low, open_high, integer=False)
    if _is_bool(value) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise _fail(f"{name} debe ser un número{detail}, no {value!r}.", advice)
    value = float(value)
    if not math.isfinite(value):
        raise _fail(f"{name} debe ser un número finito{detail}, no {value}.", advice)
    too_low = low is not None and (value <= low if open_low else value < low)
    too_high = high is not None and (value >= high if open_high else value > high)
    if too_low or too_high:
        must = f"estar{detail}" if low is not None and high is not None else f"ser un número{detail}"
        raise _fail(f"{name} debe {must}, y vale {_show(value)}.", advice)
    return value
