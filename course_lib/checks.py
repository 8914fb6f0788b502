"""Comprobación de argumentos con mensajes en español.

Las funciones del curso comprueban sus argumentos con :func:`integer` y :func:`number`, que
devuelven el valor convertido (``int`` o ``float``) o lanzan ``ValueError`` con un mensaje que
dice qué argumento está mal, qué valor tiene y qué se esperaba; los arrays, con
:func:`numeric_array` (un array numérico de NumPy) y :func:`class_labels` (etiquetas de clase
enteras, a partir de enteros, one-hot o probabilidades). Ejemplo::

    from course_lib import checks

    epochs = checks.integer(epochs, "El número de épocas", 1, 1000)
    lr = checks.number(learning_rate, "La tasa de aprendizaje", 0, open_low=True,
                       advice="Prueba con 0.01.")

``checks.integer(0, "El número de épocas", 1, 1000)`` dice
``El número de épocas debe estar entre 1 y 1000, y vale 0.``

Los valores lógicos (``True``, ``False``) no se aceptan como números, aunque Python los trate
como 1 y 0: casi siempre son un error al escribir la llamada.

Concordancia: el nombre es el sujeto de la frase. Si empieza por «Los», «Las», «Unos» o «Unas»
(«Las imágenes»), el verbo va en plural («Las imágenes deben…», «… tienen…»); si no, en
singular. ``plural=True`` o ``plural=False`` lo fijan a mano.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["NotNumericError", "class_labels", "integer", "number", "numeric_array"]


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


_PLURAL_ARTICLES = ("los", "las", "unos", "unas")


def _is_plural(name: str, plural: bool | None) -> bool:
    """``True`` si ``name`` es un sujeto en plural («Las imágenes»), o lo que diga ``plural``."""
    if plural is not None:
        return bool(plural)
    words = str(name).split()
    return bool(words) and words[0].lower() in _PLURAL_ARTICLES


def _verbs(name: str, plural: bool | None) -> dict[str, str]:
    """Las formas de los verbos de los mensajes que concuerdan con el sujeto ``name``."""
    if _is_plural(name, plural):
        return {"debe": "deben", "es": "son", "tiene": "tienen", "puede": "pueden",
                "debería": "deberían", "está": "están"}
    return {"debe": "debe", "es": "es", "tiene": "tiene", "puede": "puede",
            "debería": "debería", "está": "está"}


def integer(value: Any, name: str, low: int | None = None, high: int | None = None, *, advice: str = "",
            plural: bool | None = None) -> int:
    """``value`` como ``int`` si es un número entero entre ``low`` y ``high`` (ambos incluidos).

    ``name`` es como se llama el argumento en el mensaje («La semilla», «epochs (el número de
    épocas)»); ``low`` o ``high`` a ``None`` dejan ese lado sin límite; ``advice`` se añade al
    final del mensaje de error (por ejemplo, un valor razonable). Acepta ``int`` y los enteros
    de NumPy; rechaza con ``ValueError`` los valores lógicos, los decimales (también ``2.0``),
    los textos y los enteros fuera del intervalo. ``plural``: ver «Concordancia» arriba.
    """
    detail = _detail(low, high, False, False, integer=True)
    v = _verbs(name, plural)
    if _is_bool(value) or not isinstance(value, (int, np.integer)):
        raise _fail(f"{name} {v['debe']} ser un número entero{detail}, no {value!r}.", advice)
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        must = f"estar{detail}" if low is not None and high is not None else f"ser un entero{detail}"
        raise _fail(f"{name} {v['debe']} {must}, y vale{'n' if _is_plural(name, plural) else ''} {value}.", advice)
    return value


def number(value: Any, name: str, low: float | None = None, high: float | None = None, *,
           open_low: bool = False, open_high: bool = False, advice: str = "",
           plural: bool | None = None) -> float:
    """``value`` como ``float`` si es un número finito entre ``low`` y ``high``.

    Los límites están incluidos salvo que ``open_low`` u ``open_high`` digan lo contrario
    (``number(x, "El paso h", 0, open_low=True)`` exige ``h > 0``); ``None`` deja ese lado sin
    límite. ``name`` y ``advice`` como en :func:`integer`. Acepta ``int``, ``float`` y los
    números de NumPy; rechaza con ``ValueError`` los valores lógicos, los textos, ``nan``, los
    infinitos y los números fuera del intervalo. ``plural``: ver «Concordancia» arriba.
    """
    detail = _detail(low, high, open_low, open_high, integer=False)
    v = _verbs(name, plural)
    if _is_bool(value) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise _fail(f"{name} {v['debe']} ser un número{detail}, no {value!r}.", advice)
    value = float(value)
    if not math.isfinite(value):
        raise _fail(f"{name} {v['debe']} ser un número finito{detail}, no {value}.", advice)
    too_low = low is not None and (value <= low if open_low else value < low)
    too_high = high is not None and (value >= high if open_high else value > high)
    if too_low or too_high:
        must = f"estar{detail}" if low is not None and high is not None else f"ser un número{detail}"
        raise _fail(f"{name} {v['debe']} {must}, y vale{'n' if _is_plural(name, plural) else ''} {_show(value)}.",
                    advice)
    return value


# --------------------------------------------------------------------------- arrays


class NotNumericError(TypeError, ValueError):
    """Un array que no es numérico (textos, objetos de Python…).

    Es a la vez ``TypeError`` (el tipo de los datos es el equivocado) y ``ValueError`` (como
    todos los errores de argumentos del curso, que los exploradores muestran en español).
    """


def numeric_array(values: Any, name: str, *, ndim: int | tuple[int, ...] | None = None,
                  allow_empty: bool = False, finite: bool = False, plural: bool | None = None) -> np.ndarray:
    """``values`` como array de NumPy si es numérico (números o valores lógicos).

    Acepta arrays, listas, tuplas y escalares de NumPy; no copia un array que ya lo es.
    Rechaza con :class:`NotNumericError` los textos, los objetos de Python y las listas de
    filas de longitudes distintas, y con ``ValueError`` un array vacío (salvo
    ``allow_empty=True``), uno con un número de ejes distinto de ``ndim`` (un entero o una
    tupla de valores permitidos) y, con ``finite=True``, uno con ``nan`` o infinitos.
    ``name`` es el sujeto del mensaje («Las imágenes», «El vector x»); ``plural``: ver
    «Concordancia» arriba. Ejemplo::

        x = checks.numeric_array(images, "Las imágenes", ndim=(3, 4), finite=True)
    """
    v = _verbs(name, plural)
    try:
        array = values if isinstance(values, np.ndarray) else np.asarray(values)
    except ValueError:
        raise NotNumericError(
            f"{name} no {v['es']} un array: sus filas tienen longitudes distintas. Cada fila (cada ejemplo) "
            "debe tener el mismo número de valores."
        ) from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise NotNumericError(
            f"{name} {v['debe']} ser un array numérico de NumPy; has pasado {type(values).__name__} "
            f"de tipo {array.dtype}."
        )
    if np.issubdtype(array.dtype, np.complexfloating):
        raise NotNumericError(f"{name} {v['debe']} ser un array de números reales, no complejos ({array.dtype}).")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            axes = " o ".join(str(k) for k in allowed)
            raise ValueError(
                f"{name} {v['debe']} tener {axes} eje{'s' if allowed != (1,) else ''}, y "
                f"{v['tiene']} {array.ndim} (forma {array.shape})."
            )
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} {v['es']} un array vacío (forma {array.shape}): no hay nada que procesar.")
    if finite and array.size and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} {v['tiene']} {bad} valor{'es' if bad != 1 else ''} no finito{'s' if bad != 1 else ''} "
            "(nan o infinito). Suele venir de una división entre cero o de un entrenamiento que divergió."
        )
    return array


def _looks_one_hot(array: np.ndarray) -> bool:
    return bool(np.isin(array, (0, 1)).all() and np.allclose(array.sum(axis=1), 1))


def class_labels(values: Any, name: str, *, n: int | None = None, allow_one_hot: bool = True,
                 num_classes: int | None = None, one_hot_advice: str | None = None,
                 allow_empty: bool = True, plural: bool | None = None) -> np.ndarray:
    """Etiquetas de clase como vector ``int64`` de forma ``(n,)``: el único normalizador del curso.

    Acepta un vector de clases enteras (``[3, 0, 9]``, también como ``float`` sin decimales) o
    una columna ``(n, 1)``. Con ``allow_one_hot=True`` acepta además una matriz ``(n, clases)``
    en codificación one-hot o de probabilidades (``model.predict``) y toma la clase de mayor
    valor de cada fila; con ``allow_one_hot=False`` la rechaza (por ejemplo, para no codificar
    dos veces: ``one_hot_advice`` sustituye entonces al consejo del mensaje).

    Rechaza con ``ValueError`` en español las clases con decimales (probabilidades pasadas como
    vector), los valores no finitos, las clases negativas, las que no caben en ``num_classes``
    (clases ``0 … num_classes - 1``) y, si se da ``n``, un número de etiquetas distinto de
    ``n`` (uno por ejemplo) y, con ``allow_empty=False``, un array vacío. ``name`` es el sujeto
    del mensaje («Las etiquetas»). Ejemplo::

        y = checks.class_labels(model.predict(x), "Las predicciones", n=len(x))
    """
    v = _verbs(name, plural)
    array = numeric_array(values, name, allow_empty=allow_empty, plural=plural)
    if array.ndim == 2 and array.shape[1] > 1:
        if allow_one_hot:
            array = array.argmax(axis=1)
        elif _looks_one_hot(array):
            advice = ("Pasa las clases enteras, de forma (n,); para volver a ellas usa y.argmax(axis=1)."
                      if one_hot_advice is None else one_hot_advice)
            raise ValueError(f"{name} ya {v['está']} en codificación one-hot (forma {array.shape}). {advice}".strip())
        else:
            raise ValueError(
                f"{name} {v['debe']} ser un vector de clases de forma (n,), y su forma es {array.shape}."
            )
    elif array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        shapes = "un vector (n,) o una matriz (n, clases)" if allow_one_hot else "un vector de clases de forma (n,)"
        raise ValueError(f"{name} {v['debe']} ser {shapes}, y su forma es {array.shape}.")
    if np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} {v['tiene']} valores no finitos (nan o infinito): no son clases.")
        if not np.all(array == np.round(array)):
            advice = ("Si son probabilidades, pasa la matriz completa (n, clases) o usa argmax(axis=1)."
                      if allow_one_hot else "¿Has pasado las predicciones (probabilidades) en lugar de las etiquetas?")
            raise ValueError(
                f"{name} {v['tiene']} valores con decimales: {v['debe']} ser números enteros de clase "
                f"(0, 1, 2...). {advice}"
            )
    if num_classes is not None:
        num_classes = integer(num_classes, "num_classes (el número de clases)", 1)
        bad = np.unique(array[(array < 0) | (array >= num_classes)])
        if bad.size:
            shown = ", ".join(f"{b:g}" for b in bad[:5].astype(float))
            text = f"{name} {v['tiene']} valores fuera del rango 0..{num_classes - 1}: {shown}."
            if bad.min() >= 0 and bad.max() >= num_classes:  # con negativas, num_classes no lo arregla
                text += f" Si tu problema tiene más clases, usa num_classes={int(array.max()) + 1}."
            raise ValueError(text)
    elif array.size and array.min() < 0:
        raise ValueError(f"{name} no {v['puede']} tener valores negativos (hay un {array.min():g}).")
    if n is not None and len(array) != n:
        raise ValueError(
            f"{name} {v['tiene']} {len(array)} elemento{'s' if len(array) != 1 else ''}, y "
            f"{v['debería']} tener uno por ejemplo ({n})."
        )
    return array.astype(np.int64)
