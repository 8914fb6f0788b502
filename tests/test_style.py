"""Estilo de números en lo que ve el estudiante (CONTRIBUTING.md, «Estilo de números y textos»).

Busca los descuidos habituales en los notebooks (texto, cadenas de las celdas de código y
salidas guardadas de las celdas contrato) y en los mensajes de course_lib:

* un porcentaje pegado al número («53%»), también el que produce el formato ``{x:.1%}``
  (hay que usar ``formatting.percent`` o escribir «97.3 %»);
* una coma decimal en la prosa («0,5»; el curso escribe decimales con punto, como Python);
* un valor lógico de Python impreso en una frase en español («¿coinciden? True»): se usa
  ``formatting.yes_no``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LIBRARY = sorted(p for p in (ROOT / "course_lib").rglob("*.py") if "__pycache__" not in p.parts)

GLUED_PERCENT = re.compile(r"\d%")
DECIMAL_COMMA = re.compile(r"(?<![\w.,])\d+,\d+(?![\d,])")
BOOL_CALLS = {"allclose", "array_equal", "isclose", "all", "any", "isfinite", "array_equiv"}


def prose(markdown: str) -> str:
    """El texto de una celda Markdown sin código (``…`` y bloques) ni fórmulas ($…$)."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)


def string_problems(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and GLUED_PERCENT.search(node.value):
            if not re.search(r"%[sdrifgx(]", node.value):     # formato antiguo de Python, no un porcentaje
                found.append(f"porcentaje sin espacio: {node.value[:60]!r}")
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
            if spec.endswith("%"):
                found.append(f"formato {{…:{spec}}} da «97.3%» sin espacio: usa formatting.percent")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
            texts = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            bools = [a for a in node.args if isinstance(a, ast.Compare) or (
                isinstance(a, ast.Call) and (getattr(a.func, "attr", None) or getattr(a.func, "id", None)) in BOOL_CALLS)]
            if texts and bools:
                found.append(f"print de un valor lógico en una frase: {ast.unparse(node)[:70]} (usa formatting.yes_no)")
    return found


def notebook_problems(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        where = f"{path.name}, celda {i}"
        if cell.cell_type == "markdown":
            text = prose(cell.source)
            problems += [f"{where}: porcentaje sin espacio «{m.group()}»" for m in GLUED_PERCENT.finditer(text)]
            problems += [f"{where}: coma decimal «{m.group()}» (el curso escribe 0.5)" for m in DECIMAL_COMMA.finditer(text)]
        elif cell.cell_type == "code":
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            problems += [f"{where}: {p}" for p in string_problems(tree)]
            for out in cell.get("outputs", []):
                text = out.get("text", "") or "".join(out.get("data", {}).get("text/plain", ""))
                problems += [f"{where} (salida guardada): porcentaje sin espacio" for _ in GLUED_PERCENT.finditer(text)]
                if re.search(r"[¿?:] *(True|False)\b", text):
                    problems.append(f"{where} (salida guardada): True/False en una frase en español")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_numbers_follow_the_course_style(path):
    assert notebook_problems(path) == []


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_library_messages_follow_the_course_style(path):
    assert [f"{path.name}: {p}" for p in string_problems(ast.parse(path.read_text(encoding="utf-8")))] == []


def test_the_style_checks_catch_the_common_slips(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("La red acierta un 53% y el peso vale 0,5 (en código: `0,5` está bien)."),
        nbformat.v4.new_code_cell('print(f"exactitud {acc:.1%}")\nprint("¿coinciden?", np.allclose(a, b))'),
    ]
    path = tmp_path / "99_prueba.ipynb"
    nbformat.write(nb, path)
    problems = "\n".join(notebook_problems(path))
    assert "porcentaje sin espacio «3%»" in problems and "coma decimal «0,5»" in problems
    assert "formatting.percent" in problems and "formatting.yes_no" in problems
    assert problems.count("coma decimal") == 1          # la del código entre comillas invertidas no cuenta
