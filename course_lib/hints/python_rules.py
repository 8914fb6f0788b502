"""Reglas de pistas para errores de Python que cometen los estudiantes: un nombre mal escrito
de un módulo (``data.load_minst``), un nombre que Python no conoce (un texto sin comillas, una
variable de una celda que aún no se ha ejecutado), repartir valores entre variables (``a, b = x``).
"""

from __future__ import annotations

import difflib
import re
import sys

from course_lib.hints.base import Rule, regex_matcher


def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return sorted(set(names))


def _attribute_hint(m: re.Match) -> str | None:
    module_name, missing = m[1], m[2]
    module = sys.modules.get(module_name)
    if module is None:
        return None
    names = _public_names(module)
    close = difflib.get_close_matches(missing, names, n=3, cutoff=0.6)
    if close:
        text = f"`{module_name}` no tiene nada llamado `{missing}`. ¿Querías decir `{close[0]}`?"
        if len(close) > 1:
            text += " (o " + ", ".join(f"`{c}`" for c in close[1:]) + ")"
        return text + " Revisa cómo está escrito: Python distingue mayúsculas, minúsculas y tildes."
    if module_name.startswith("course_lib") and len(names) <= 40:
        return (f"`{module_name}` no tiene nada llamado `{missing}`. Lo que ofrece es: "
                + ", ".join(f"`{n}`" for n in names) + ".")
    return None


def _user_names() -> list[str]:
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    if shell is None:
        return []
    return [n for n in shell.user_ns if not n.startswith("_") and n not in ("In", "Out", "exit", "quit")]


def _name_hint(m: re.Match) -> str:
    name = m[1]
    close = difflib.get_close_matches(name, _user_names(), n=1, cutoff=0.75)
    text = f"Python no conoce ningún `{name}`."
    if close:
        text += f" ¿Querías decir `{close[0]}`? Revisa mayúsculas, minúsculas y tildes."
    if len(name) == 1 or name.isalpha() and name.islower() and len(name) <= 12:
        text += (f" Si es un texto (por ejemplo, la letra de una opción), ponlo entre comillas: "
                 f"`\"{name}\"`.")
    text += (" Si es una variable que se crea en otra celda, ejecuta antes esa celda: las celdas se "
             "ejecutan en el orden en que tú las ejecutas, no en el orden de la página (*Ejecutar → "
             "Ejecutar las celdas anteriores*, o reinicia el núcleo y ejecuta todas).")
    return text


def _unpack_hint(m: re.Match) -> str:
    if m["many"]:
        return (f"Hay más valores de los {m['many']} que se esperaban al repartirlos entre variables "
                "(`a, b = …`): revisa cuántos valores tiene lo que repartes.")
    if m["few"]:
        return (f"Se esperaban {m['few']} valores al repartirlos entre variables (`a, b = …`) y solo hay "
                f"{m['got']}: revisa cuántos valores tiene lo que repartes.")
    return (f"Se esperaban varios valores para repartirlos entre variables (`a, b = …`), y hay uno solo "
            f"(un {m['kind']}): escribe, por ejemplo, una tupla `(a, b)`.")


RULES: list[Rule] = [
    Rule("module_attribute", regex_matcher(r"module '([\w.]+)' has no attribute '(\w+)'", (AttributeError,)),
         _attribute_hint),
    Rule("name_not_defined", regex_matcher(r"name '(\w+)' is not defined", (NameError,)), _name_hint),
    Rule("unpack", regex_matcher(r"too many values to unpack \(expected (?P<many>\d+)|not enough values to unpack "
                                 r"\(expected (?P<few>\d+), got (?P<got>\d+)\)|cannot unpack non-iterable (?P<kind>\w+)",
                                 (ValueError, TypeError)), _unpack_hint),
]
