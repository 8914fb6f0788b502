"""Comprobación de ejercicios con respuesta inmediata en español.

Cada comprobador devuelve un :class:`Feedback` que se muestra solo al final de la celda:

* ✅ **correcto** (y por qué, si se quiere reforzar la idea);
* ❌ **incorrecto**, con la razón concreta (qué se esperaba y qué llegó);
* 💡 una **pista** para el siguiente intento;
* ⚠️ **error** si la respuesta no viene de la última ejecución de su celda (esa celda falló);
* ⏳ **pendiente** si la respuesta sigue siendo ``...`` (el valor que deja la edición del
  estudiante), para que el notebook se pueda ejecutar de principio a fin sin errores.

Estas funciones son el motor de corrección. Los notebooks no las llaman: cada lección define
sus ejercicios en ``course_lib/lessons/<tema>/exercises.py`` (ver :mod:`course_lib.exercise_set`),
para que la respuesta esperada no quede a la vista del estudiante::

    return exercises.check_number(answer, math.ceil(len(x_fit) / batch_size),
                                  common_mistakes={len(x_fit) // batch_size: "redondea hacia arriba."})
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from course_lib import formatting, hints

PENDING, RIGHT, WRONG, ERROR = "pendiente", "correcto", "incorrecto", "error"
_ICONS = {PENDING: "⏳", RIGHT: "✅", WRONG: "❌", ERROR: "⚠️"}
_COLORS = {PENDING: "#555555", RIGHT: "#1b7f3b", WRONG: "#b00020", ERROR: "#a15c00"}


@dataclass(frozen=True)
class Feedback:
    """Resultado de comprobar una respuesta."""

    status: str
    message: str
    hint: str = ""
    name: str = ""

    @property
    def ok(self) -> bool:
        return self.status == RIGHT

    def __bool__(self) -> bool:
        return self.ok

    def text(self) -> str:
        head = f"{_ICONS[self.status]} {self.name + ': ' if self.name else ''}{self.message}"
        if self.hint and self.status != RIGHT:
            head += f"\n💡 Pista: {self.hint}"
        return head

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        color = _COLORS[self.status]
        name = f"<b>{html.escape(self.name)}:</b> " if self.name else ""
        out = (
            f"<div style='border-left:4px solid {color};padding:4px 8px;margin:4px 0'>"
            f"{_ICONS[self.status]} {name}{html.escape(self.message)}"
        )
        if self.hint and self.status != RIGHT:
            out += f"<br>💡 <i>Pista:</i> {html.escape(self.hint)}"
        return out + "</div>"


def is_number(answer: Any) -> bool:
    """``True`` si ``answer`` es un número de Python o de NumPy (un valor lógico no cuenta)."""
    return isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_))


def is_pending(answer: Any) -> bool:
    """``True`` si la respuesta todavía no se ha escrito (``...`` o ``None``)."""
    return answer is Ellipsis or answer is None


def _pending(name: str, hint: str) -> Feedback:
    return Feedback(PENDING, "todavía no has respondido: sustituye `...` por tu respuesta y vuelve a ejecutar la celda.", hint, name)


def check_number(
    answer: Any,
    expected: float,
    *,
    name: str = "",
    tol: float = 1e-6,
    relative: bool = False,
    hint: str = "",
    explanation: str = "",
    common_mistakes: dict[float, str] | None = None,
) -> Feedback:
    """Comprueba una respuesta numérica con una tolerancia.

    ``common_mistakes`` asocia valores erróneos típicos con la explicación de por qué lo son
    (por ejemplo ``{1875.5: "El número de pasos es un entero: redondea hacia arriba."}``).
    """
    if is_pending(answer):
        return _pending(name, hint)
    if isinstance(answer, (bool, np.bool_)):
        return Feedback(WRONG, f"se esperaba un número y has dado un valor lógico ({answer}).", hint, name)
    if _looks_like_decimal_comma(answer):
        whole, decimals = answer
        return Feedback(WRONG, f"has escrito {whole},{decimals} con coma decimal, y Python lo lee como dos números "
                        f"separados por una coma (una tupla). Python escribe los decimales con punto: {whole}.{decimals}",
                        hint, name)
    if isinstance(answer, str):
        comma = answer.strip().replace(",", ".", 1) if re.fullmatch(r"-?\d+,\d+", answer.strip()) else ""
        return Feedback(WRONG, f"se esperaba un número y has escrito un texto entre comillas ({answer!r}): un número "
                        "se escribe sin comillas" + (f" y con punto decimal: {comma}." if comma else ", como 0.5 o 1875."),
                        hint, name)
    if isinstance(answer, (list, tuple, set, dict)):
        return Feedback(WRONG, f"se esperaba un número y has dado {describe_value(answer)}: escribe solo el número, "
                        "sin corchetes ni paréntesis.", hint, name)
    if not isinstance(answer, (int, float, np.integer, np.floating)):
        try:
            answer = float(np.asarray(answer).item())
        except (TypeError, ValueError):
            return Feedback(WRONG, f"se esperaba un número y has dado {describe_value(answer)}.", hint, name)
    value = float(answer)
    if not math.isfinite(value):
        return Feedback(WRONG, f"tu respuesta no es un número finito ({value}).", hint, name)
    limit = tol * abs(expected) if relative else tol
    if abs(value - expected) <= limit:
        return Feedback(RIGHT, f"correcto ({_fmt(value)}). {_sentence(explanation)}".strip(), "", name)
    for mistake, why in (common_mistakes or {}).items():
        if abs(value - mistake) <= limit:
            return Feedback(WRONG, f"{_fmt(value)} no es correcto: {why}", hint, name)
    return Feedback(WRONG, f"{_fmt(value)} no es correcto: {_kind_of_mistake(value, float(expected), limit)}", hint, name)


def distinct_mistakes(expected: float, candidates: list[tuple[float, str]], tol: float) -> dict[float, str]:
    """Los errores típicos ``(valor, por qué)`` que no coinciden con la respuesta ni entre sí.

    Si dos errores típicos dan el mismo valor (15/180 y 30/360), ninguno de los dos mensajes
    es seguro y se quitan los dos; el que coincide con la respuesta, también.
    """
    values = [float(expected)] + [float(v) for v, _ in candidates]
    return {float(v): why for v, why in candidates if sum(abs(float(v) - w) <= 2 * tol for w in values) == 1}


def _sentence(text: str) -> str:
    """Una explicación que va tras un punto empieza con mayúscula («… correcta. Ese falla…»)."""
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


def _looks_like_decimal_comma(answer: Any) -> bool:
    """``0,5`` escrito en Python: una tupla de dos enteros, el segundo sin signo."""
    return (isinstance(answer, tuple) and len(answer) == 2
            and all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in answer)
            and answer[1] >= 0)


def describe_value(answer: Any) -> str:
    names = {"str": "un texto", "tuple": "una tupla", "int": "un número entero", "float": "un número decimal", "list": "una lista", "dict": "un diccionario",
             "NoneType": "None", "function": "una función"}
    return f"{names.get(type(answer).__name__, type(answer).__name__)} ({answer!r})"


def _kind_of_mistake(value: float, expected: float, limit: float) -> str:
    """Qué tipo de error parece: signo, orden de magnitud, uno de más o de menos, decimales."""
    if expected != 0 and abs(value + expected) <= max(limit, 1e-12):
        return "tiene el signo cambiado."
    if expected != 0 and value != 0 and (value > 0) == (expected > 0):
        ratio = math.log10(abs(value / expected))
        if abs(ratio) >= 0.999 and abs(ratio - round(ratio)) < 1e-6:
            factor = f"{10 ** abs(round(ratio)):g}"
            return (f"es {factor} veces {'más grande' if ratio > 0 else 'más pequeño'} de lo esperado: "
                    "revisa el orden de magnitud (¿un cero de más o de menos, o una conversión de unidades?).")
    if expected == round(expected) and value != round(value):
        return "se espera un número entero (¿falta redondear?)."
    if expected == round(expected) and abs(value - expected) == 1:
        return f"te has {'pasado' if value > expected else 'quedado corto'} por uno: revisa el primer o el último caso."
    if value < 0 <= expected:
        return "es negativo, y la respuesta no lo es: revisa el signo."
    if value > 0 >= expected:
        return "es positivo, y la respuesta no lo es: revisa el signo."
    if expected != 0 and abs(value) >= 2 * abs(expected):
        return "es más del doble de lo esperado."
    if expected != 0 and abs(value) <= abs(expected) / 2:
        return "es menos de la mitad de lo esperado."
    return "se acerca, pero no es exacto: revisa el cálculo."


def check_choice(
    answer: Any,
    correct: str,
    options: dict[str, str],
    *,
    name: str = "",
    hint: str = "",
    explanations: dict[str, str] | None = None,
) -> Feedback:
    """Comprueba una pregunta de opción múltiple.

    ``options`` asocia cada letra con su texto; ``explanations`` asocia cada letra con la
    explicación de por qué esa opción es correcta o incorrecta.
    """
    if correct not in options:
        raise ValueError(f"La opción correcta {correct!r} no está entre las opciones {sorted(options)}.")
    if is_pending(answer):
        return _pending(name, hint)
    key = str(answer).strip().lower().rstrip(")").strip()
    valid = {k.lower(): k for k in options}
    if key not in valid:
        return Feedback(WRONG, f"{answer!r} no es una opción. Elige una de: {', '.join(sorted(options))}.", hint, name)
    key = valid[key]
    why = (explanations or {}).get(key, "")
    if key == correct:
        return Feedback(RIGHT, f"correcto: «{options[key]}». {_sentence(why)}".strip(), "", name)
    return Feedback(WRONG, f"«{options[key]}» no es la respuesta correcta. {_sentence(why)}".strip(), hint, name)


def check_shape(answer: Any, expected: Iterable[int], *, name: str = "", hint: str = "") -> Feedback:
    """Comprueba que ``answer`` (un array o una tupla) tenga la forma ``expected``."""
    if is_pending(answer):
        return _pending(name, hint)
    expected = tuple(int(d) for d in expected)
    shape = tuple(answer) if isinstance(answer, (tuple, list)) else getattr(answer, "shape", None)
    if shape is None:
        return Feedback(WRONG, f"se esperaba un array o una forma escrita como tupla, p. ej. (100, 28), y has dado "
                        f"{describe_value(answer)}.", hint, name)
    for d in shape:
        if d is not None and (isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer))):
            return Feedback(WRONG, f"cada dimensión de una forma es un número entero, y {d!r} no lo es; "
                            "escribe la forma como una tupla de enteros, p. ej. (100, 28).", hint, name)
    shape = tuple(int(d) if d is not None else None for d in shape)
    if shape == expected:
        return Feedback(RIGHT, f"correcto: la forma es {expected}.", "", name)
    # La corrección no revela la forma esperada: dice qué parte falla.
    if math.prod(d or 0 for d in shape) == math.prod(expected):
        why = "tiene el mismo número de valores, pero repartidos de otra forma (¿falta o sobra un reshape?)"
    elif len(shape) != len(expected):
        why = f"tiene {len(shape)} dimensiones, y la respuesta tiene {len(expected)}"
    else:
        wrong = [str(i + 1) for i, (a, b) in enumerate(zip(shape, expected)) if a != b]
        why = ("no coincide en la dimensión " if len(wrong) == 1 else "no coincide en las dimensiones ") + " y ".join(wrong)
    return Feedback(WRONG, f"la forma {shape} {why}.", hint, name)


def check_with(
    answer: Any,
    test: Callable[[Any], str | None],
    *,
    name: str = "",
    hint: str = "",
    success: str = "correcto.",
) -> Feedback:
    """Comprobador general: ``test(answer)`` devuelve ``None`` si está bien o la razón del error.

    Si ``test`` lanza una excepción, se informa en español de qué falló, sin interrumpir el
    notebook.
    """
    if is_pending(answer):
        return _pending(name, hint)
    try:
        problem = test(answer)
    except Exception as exc:  # noqa: BLE001 - el estudiante ve qué falló, el notebook sigue
        return Feedback(WRONG, f"al comprobar tu respuesta se produjo un error. {explain_error(exc)}", hint, name)
    if problem:
        return Feedback(WRONG, problem, hint, name)
    return Feedback(RIGHT, success, "", name)


def _fmt(value: float) -> str:
    """Un número como lo escribe el curso: enteros grandes con espacios de miles (2 000 000 000)."""
    if float(value).is_integer():
        return formatting.thousands(value) if abs(value) >= 10_000 else str(int(value))
    return f"{value:.6g}"


def explain_error(exc: BaseException | None) -> str:
    """Un error de Python explicado en español, sin el texto en inglés (para la corrección)."""
    if exc is None:
        return "la celda no terminó."
    text = hints.explain(exc)
    if text:
        return text
    kind = type(exc).__name__
    if isinstance(exc, SyntaxError):
        return "la sintaxis de Python no es válida (revisa paréntesis, comillas y dos puntos)."
    return f"Python dio un error del tipo {kind}."
