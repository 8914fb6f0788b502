"""Ejercicios definidos en ``course_lib``: el estudiante ve su respuesta y la corrección, no la esperada.

Cada lección define sus ejercicios en ``course_lib/lessons/<tema>/exercises.py``. Un ejercicio
sabe calcular su respuesta esperada a partir de los datos que le pasa el notebook, conoce los
errores típicos y su explicación, su pista y su solución. En el notebook solo se ve::

    from course_lib.lessons.dense_mnist import exercises as ex

    pasos = ...  # la celda de respuesta del estudiante

    ex.steps_per_epoch.check(pasos, x_fit=x_fit, batch_size=BATCH_SIZE)   # ✅, ❌ con el porqué, o ⏳
    ex.steps_per_epoch.hint()        # la pista
    ex.steps_per_epoch.solution()    # la solución, solo después de un intento (o con reveal=True)

    ex.progress()                    # última celda: «Has resuelto N de M ejercicios»

Definir un ejercicio en una lección::

    ex = ExerciseSet("05_red_densa_mnist")

    @ex.exercise("Ejercicio 3", answer="pasos", hint="…", solution="pasos = math.ceil(len(x_fit) / BATCH_SIZE)")
    def steps_per_epoch(answer, *, x_fit, batch_size):
        return exercises.check_number(answer, math.ceil(len(x_fit) / batch_size), common_mistakes={…})

**Respuestas desfasadas.** Si la celda que asigna la respuesta (``pasos = …``) terminó con un
error en su última ejecución, la variable conserva el valor anterior. Un gancho de IPython
(``post_run_cell``) anota, para cada nombre asignado en una celda, si esa celda terminó bien; la
comprobación se niega a corregir un valor que no viene de la última ejecución de su celda.

El registro de resultados (:meth:`ExerciseSet.record`) es lo que lee ``tools/grade.py`` al
calificar las entregas.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from typing import Any, Callable

from course_lib.exercises import ERROR, PENDING, RIGHT, WRONG, Feedback, explain_error, is_pending

# Resultado de cada ejercicio tal como lo escribe la calificación (CSV).
RESULT_NAMES = {RIGHT: "correcto", WRONG: "incorrecto", PENDING: "sin responder", ERROR: "error"}

_SETS: dict[str, "ExerciseSet"] = {}


# --- Respuestas desfasadas: qué celda asignó cada nombre por última vez, y si terminó bien ---------

@dataclass(frozen=True)
class Assignment:
    """La última celda ejecutada que asignó un nombre."""

    ok: bool
    error: BaseException | None = None


_ASSIGNMENTS: dict[str, Assignment] = {}
_HOOKED: list[Any] = []


def assigned_names(source: str) -> set[str]:
    """Nombres que una celda asigna en su nivel superior (``x = …``, ``def f``, ``x += …``, ``import x``).

    Si la celda no se puede analizar (un error de sintaxis), se buscan las líneas ``nombre = …``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?:[-+*/%@&|^]|//|\*\*)?=(?!=)", source, re.M))
    names: set[str] = set()

    def targets(node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                targets(element)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                targets(target)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node in tree.body:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and node in tree.body:
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.For, ast.With)) and node in tree.body:
            for item in ([node.target] if isinstance(node, ast.For) else [i.optional_vars for i in node.items]):
                if item is not None:
                    targets(item)
    return names


def note_cell(source: str, ok: bool, error: BaseException | None = None) -> None:
    """Anota que la celda ``source`` terminó bien (``ok``) o con ``error``, para cada nombre que asigna."""
    for name in assigned_names(source):
        _ASSIGNMENTS[name] = Assignment(ok, None if ok else error)


def last_assignment(name: str) -> Assignment | None:
    """Cómo terminó la última celda que asignó ``name`` (``None`` si no se sabe: fuera de IPython)."""
    return _ASSIGNMENTS.get(name)


def _post_run_cell(result) -> None:
    source = getattr(getattr(result, "info", None), "raw_cell", None)
    if source is None:
        return
    error = result.error_before_exec or result.error_in_exec
    note_cell(source, error is None, error)


def install_hook(shell=None) -> bool:
    """Registra el gancho ``post_run_cell`` en IPython (una sola vez por intérprete)."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if any(s is shell for s in _HOOKED):
        return True
    shell.events.register("post_run_cell", _post_run_cell)
    _HOOKED.append(shell)
    return True


# --- Ejercicios ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """Un mensaje del curso que no es una corrección: una pista, una solución, el progreso."""

    icon: str
    title: str
    body: str
    code: str = ""

    def text(self) -> str:
        out = f"{self.icon} {self.title}: {self.body}".rstrip(": ")
        if self.code:
            out += "\n\n" + "\n".join("    " + line for line in self.code.splitlines())
        return out

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        out = (f"<div style='border-left:4px solid #1f5fa8;padding:4px 8px;margin:4px 0'>"
               f"{self.icon} <b>{html.escape(self.title)}:</b> {html.escape(self.body)}")
        if self.code:
            out += f"<pre style='margin:6px 0 2px 0'><code>{html.escape(self.code)}</code></pre>"
        return out + "</div>"


class Exercise:
    """Un ejercicio: comprobación, pista, solución y el último resultado del estudiante."""

    def __init__(self, key: str, title: str, checker: Callable[..., Feedback], *, answer: str,
                 hint: str, solution: str, explanation: str = "", owner: "ExerciseSet | None" = None):
        if not hint.strip() or not solution.strip():
            raise ValueError(f"El ejercicio {key!r} necesita una pista y una solución.")
        self.key, self.title, self.answer_name = key, title, answer
        self._checker, self._hint, self._solution, self._explanation = checker, hint, solution.strip(), explanation
        self.owner = owner
        self.attempts = 0
        self.solution_seen = False
        self.last: Feedback | None = None

    @property
    def solution_code(self) -> str:
        return self._solution

    def check(self, answer: Any = ..., **context: Any) -> Feedback:
        """Corrige ``answer`` con los datos del notebook (``context``) y anota el resultado."""
        install_hook()
        feedback = self._grade(answer, context)
        if feedback.status != PENDING:
            self.attempts += 1
        self.last = feedback
        return feedback

    def _grade(self, answer: Any, context: dict[str, Any]) -> Feedback:
        if is_pending(answer):
            return Feedback(PENDING, f"todavía no has respondido: sustituye `...` en `{self.answer_name} = ...` por tu "
                            "respuesta y vuelve a ejecutar esa celda y esta. Si te atascas, "
                            f"`{self._call('hint')}` te da una pista.", "", self.title)
        assignment = last_assignment(self.answer_name)
        if assignment is not None and not assignment.ok:
            return Feedback(ERROR, f"la celda de tu respuesta (`{self.answer_name} = …`) terminó con un error en su "
                            f"última ejecución, así que `{self.answer_name}` "
                            "conserva un valor anterior. Corrige esa celda, ejecútala sin errores y vuelve a comprobar. "
                            f"El error: {explain_error(assignment.error)}",
                            "", self.title)
        try:
            feedback = self._checker(answer, **context)
        except TypeError as exc:
            if "argument" in str(exc) and ("unexpected keyword" in str(exc) or "missing" in str(exc)):
                raise TypeError(f"{self._call('check')} recibe tu respuesta y los datos del notebook con nombre "
                                f"({exc}); no cambies la celda de comprobación.") from None
            return _raised(self.title, exc)
        except (ValueError, KeyError, IndexError, AttributeError, ArithmeticError) as exc:
            return _raised(self.title, exc)
        extra = ""
        if feedback.status == WRONG:
            extra = f" Si te atascas, `{self._call('solution')}` muestra una solución."
        if feedback.status == RIGHT and self._explanation and self._explanation not in feedback.message:
            extra = " " + self._explanation
        hint = self._hint if feedback.status == WRONG else ""
        return Feedback(feedback.status, (feedback.message + extra).strip(), hint, self.title)

    def hint(self) -> Note:
        """La pista del ejercicio (no revela la respuesta)."""
        return Note("💡", f"{self.title}, pista", self._hint)

    def solution(self, reveal: bool = False) -> Note:
        """La solución: solo después de un intento, o con ``reveal=True``."""
        if self.attempts == 0 and not reveal:
            return Note("🔒", f"{self.title}, solución",
                        "inténtalo primero: escribe tu respuesta y ejecuta la comprobación al menos una vez. "
                        f"Si quieres verla ya, ejecuta `{self._call('solution')[:-1]}reveal=True)`.")
        self.solution_seen = True
        return Note("📖", f"{self.title}, solución", self._explanation or "una forma de resolverlo:", self._solution)

    def result(self) -> str:
        """``correcto``, ``incorrecto``, ``sin responder`` o ``error`` según la última comprobación.

        Sin comprobación, si la celda de la respuesta terminó con un error, el resultado es ``error``.
        """
        if self.last is None:
            assignment = last_assignment(self.answer_name)
            return RESULT_NAMES[ERROR if assignment is not None and not assignment.ok else PENDING]
        return RESULT_NAMES[self.last.status]

    def detail(self) -> str:
        """Por qué no está bien (vacío si está bien o sin responder)."""
        if self.last is not None:
            return "" if self.last.status in (RIGHT, PENDING) else self.last.message
        assignment = last_assignment(self.answer_name)
        if assignment is not None and not assignment.ok:
            return f"la celda de la respuesta terminó con un error: {explain_error(assignment.error)}"
        return ""

    def _call(self, method: str) -> str:
        prefix = self.owner.alias if self.owner else "ex"
        return f"{prefix}.{self.key}.{method}()"

    def __repr__(self) -> str:
        return f"<Ejercicio {self.key!r} ({self.title}): {self.result()}>"


class ExerciseSet:
    """Los ejercicios de un notebook, en orden, y su progreso."""

    def __init__(self, notebook: str, alias: str = "ex"):
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", notebook):
            raise ValueError(f"El nombre del notebook debe ser NN_tema, sin .ipynb (se recibió {notebook!r}).")
        self.notebook, self.alias = notebook, alias
        self.exercises: dict[str, Exercise] = {}
        _SETS[notebook] = self

    def exercise(self, title: str, *, answer: str, hint: str, solution: str, explanation: str = ""):
        """Decorador: convierte la función comprobadora en un :class:`Exercise` del conjunto."""
        def wrap(checker: Callable[..., Feedback]) -> Exercise:
            key = checker.__name__
            if key in self.exercises:
                raise ValueError(f"El ejercicio {key!r} ya existe en {self.notebook}.")
            item = Exercise(key, title, checker, answer=answer, hint=hint, solution=solution,
                            explanation=explanation, owner=self)
            self.exercises[key] = item
            return item
        return wrap

    def __getattr__(self, key: str) -> Exercise:
        exercises = self.__dict__.get("exercises", {})
        if key in exercises:
            return exercises[key]
        raise AttributeError(f"{self.__dict__.get('notebook', 'Este notebook')} no tiene ningún ejercicio {key!r}; "
                             f"sus ejercicios son: {', '.join(exercises) or 'ninguno'}.")

    def __iter__(self):
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def record(self) -> list[dict[str, Any]]:
        """Una fila por ejercicio: clave, título, resultado, detalle, intentos y si vio la solución."""
        return [{"notebook": self.notebook, "exercise": e.key, "title": e.title, "result": e.result(),
                 "detail": e.detail(),
                 "attempts": e.attempts, "solution_seen": e.solution_seen} for e in self]

    def progress(self) -> Note:
        """«Has resuelto N de M ejercicios» y cuáles faltan."""
        solved = [e for e in self if e.result() == "correcto"]
        missing = [f"{e.title} ({e.result()})" for e in self if e.result() != "correcto"]
        body = f"has resuelto {len(solved)} de {len(self)} ejercicios."
        if missing:
            body += " Te falta: " + "; ".join(missing) + "."
        else:
            body += " ¡Todos! Puedes pasar al siguiente notebook."
        return Note("📋", "Tu progreso", body[:1].upper() + body[1:])


def exercise_sets() -> dict[str, ExerciseSet]:
    """Los conjuntos de ejercicios importados en este intérprete, por notebook."""
    return dict(_SETS)


def _raised(title: str, exc: BaseException) -> Feedback:
    return Feedback(WRONG, f"tu respuesta no se pudo corregir: {explain_error(exc)} Revisa su tipo y su forma "
                    "(lo que pide el enunciado).", "", title)
