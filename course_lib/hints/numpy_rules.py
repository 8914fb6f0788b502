"""Reglas de pistas para los errores típicos de NumPy (``reshape`` con un número de valores que
no cuadra).
"""

from __future__ import annotations

import math
import re

from course_lib.hints.base import Rule, _product, _times, regex_matcher


def _reshape_hint(m: re.Match) -> str:
    size = int(m[1])
    raw = [p.strip() for p in m[2].split(",") if p.strip()]
    has_unknown = any(p in ("newaxis", "-1") for p in raw)
    dims = [int(p) for p in raw if p.isdigit()]
    shape_txt = "(" + ", ".join("-1" if p == "newaxis" else p for p in raw) + ("," if len(raw) == 1 else "") + ")"
    text = f"Quieres convertir un array de {size} valores a la forma {shape_txt}"
    if has_unknown or not dims:
        text += "."
    elif len(dims) > 1:
        text += f", que necesita {_times(dims)} = {math.prod(dims)} valores."
    else:
        text += f", que necesita {dims[0]} valores."
    text += " Un `reshape` no puede añadir ni quitar valores: el producto de las dimensiones tiene que coincidir."
    divide = " (por ejemplo, una imagen de 28 × 28 tiene 784 valores)."
    if has_unknown and dims:
        text += (
            f" Con `-1` NumPy calcula esa dimensión, pero {size} no es divisible entre {_product(dims)}: "
            "revisa las demás dimensiones" + divide
        )
    elif len(dims) > 1:
        rest = dims[1:]
        per_row = math.prod(rest)
        others = ", ".join(str(d) for d in rest)
        if per_row and size % per_row == 0:
            n = size // per_row
            text += (
                f" Con {_product(rest)} valores por ejemplo, tu array tiene {size} ÷ {per_row} = {n} "
                f"ejemplos, no {dims[0]}: la primera dimensión debe ser el número de ejemplos de ESTE array. "
                f"Usa `x.reshape(len(x), {others})` o `x.reshape(-1, {others})`."
            )
        else:
            text += (
                f" Además, {size} no es divisible entre {_product(rest)}: revisa las dimensiones "
                "de cada ejemplo" + divide
            )
    elif dims and size % dims[0] == 0:
        text += " Para aplanarlo entero, usa `x.reshape(-1)`; para una fila por ejemplo, `x.reshape(len(x), -1)`."
    elif dims:
        text += (
            f" Si pusiste `-1` en la primera dimensión (NumPy no lo muestra en el mensaje), el problema es que "
            f"{size} no es divisible entre {dims[0]}: revisa cuántos valores tiene cada ejemplo" + divide
        )
    return text


RULES: list[Rule] = [
    Rule("reshape", regex_matcher(r"cannot reshape array of size (\d+) into shape \(([^()]*)\)", (ValueError,)),
         _reshape_hint),
]
