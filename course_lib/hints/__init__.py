"""Pistas en español bajo los errores típicos de quien empieza con Keras y NumPy.

En un notebook basta con::

    from course_lib import hints
    hints.enable()

A partir de ahí, cuando una celda falla, ves el *traceback* de siempre (completo, sin
tocar) y, **solo si el error es uno de los típicos**, una pista breve en español justo
debajo. La celda sigue contando como fallida, igual que sin pistas. ``hints.disable()``
las quita.

Fuera de IPython/Jupyter (por ejemplo, en un script de Python), :func:`enable` no hace
nada: solo escribe un aviso en español en ``stderr``. La función :func:`explain` funciona
en cualquier sitio::

    try:
        x_test.reshape(60000, 784)
    except ValueError as error:
        print(hints.explain(error))

Las reglas son una tabla (:data:`RULES`): cada :class:`Rule` tiene una función que
reconoce el error y un mensaje (texto fijo o función que lo construye a partir de lo
reconocido). Un notebook puede añadir las suyas con :func:`add_rule`::

    hints.add_rule(
        "mi_error",
        r"cannot convert (\\w+)",                # expresión regular sobre el mensaje del error
        lambda m: f"No se puede convertir `{m[1]}`: ...",
        types=(ValueError,),
    )

Organización del paquete: este módulo es el mecanismo (la tabla, :func:`explain`, la
integración con IPython); las reglas de Keras están en ``keras_rules`` y las de NumPy en
``numpy_rules``; ``base`` tiene :class:`Rule` y las utilidades que comparten.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
from typing import Any, Iterator

from course_lib.hints import keras_rules, numpy_rules, python_rules
from course_lib.hints.base import Matcher, Rule, _text, regex_matcher  # noqa: F401 - _text, para las reglas propias

__all__ = ["Rule", "RULES", "explain", "add_rule", "regex_matcher", "enable", "disable", "is_enabled", "expected_error"]


def _code_html(text: str) -> str:
    """Texto de una pista a HTML: escapa y convierte `código` en <code>."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


# ---------------------------------------------------------------------------------------
# Tabla de reglas
# ---------------------------------------------------------------------------------------

#: Las reglas, en el orden en que se prueban (las de Keras están en ``keras_rules``, las de
#: NumPy en ``numpy_rules``). :func:`add_rule` añade más.
RULES: list[Rule] = [*keras_rules.BUILD_RULES, *numpy_rules.RULES, *keras_rules.TRAINING_RULES,
                     *python_rules.RULES]


def add_rule(name: str, match: "str | Matcher", message: Any, *,
             types: tuple[type[BaseException], ...] = (Exception,), first: bool = False) -> Rule:
    """Añade (o sustituye, si ya hay una con ese nombre) una regla a :data:`RULES`.

    ``match`` puede ser una expresión regular (se busca en el mensaje de los errores de tipo
    ``types`` y ``message`` recibe el ``re.Match``) o una función ``match(exc)``. Con
    ``first=True`` la regla se prueba antes que las demás.
    """
    matcher = regex_matcher(match, types) if isinstance(match, str) else match
    rule = Rule(name, matcher, message)
    RULES[:] = [r for r in RULES if r.name != name]
    if first:
        RULES.insert(0, rule)
    else:
        RULES.append(rule)
    return rule


def _chain(exc: BaseException, limit: int = 6) -> Iterator[BaseException]:
    """El error y los que lo provocaron (``__cause__`` y ``__context__``), sin repetir."""
    seen: set[int] = set()
    pending = [exc]
    while pending and len(seen) < limit:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend([current.__cause__, current.__context__])


def explain(exc: BaseException) -> str | None:
    """Pista en español para el error ``exc``, o ``None`` si no es uno de los errores típicos.

    Prueba las reglas de :data:`RULES` en orden sobre el error y, si ninguna encaja, sobre
    los errores que lo provocaron (``__cause__``/``__context__``). Nunca lanza excepciones.
    """
    for current in _chain(exc):
        for rule in list(RULES):
            try:
                text = rule.apply(current)
            except Exception:  # una regla defectuosa no debe tapar el error original
                continue
            if text:
                return text
    return None


# ---------------------------------------------------------------------------------------
# Integración con IPython/Jupyter
# ---------------------------------------------------------------------------------------

_STATE_ATTR = "_course_hints_state"


def _bundle(text: str) -> dict[str, str]:
    """La pista como salida con HTML y una alternativa en texto plano."""
    plain = f"💡 Pista: {text}"
    rich = (
        "<div style='border-left:4px solid #e6a700;background:rgba(230,167,0,0.08);"
        "padding:6px 10px;margin:6px 0'>"
        f"💡 <b>Pista:</b> {_code_html(text)}</div>"
    )
    return {"text/plain": plain, "text/html": rich}


def _handler(self, etype, value, tb, tb_offset=None):
    """Manejador para ``set_custom_exc``: el traceback de siempre y, debajo, la pista."""
    # IPython llama a este manejador desde run_code (error al ejecutar la celda) o al
    # analizar la celda (errores de sintaxis): en cada caso se muestra como lo haría IPython.
    running = tb is not None and tb.tb_frame.f_code.co_name == "run_code"
    self.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=running)
    text = explain(value)
    if text:
        self.display_pub.publish(data=_bundle(text), metadata={})
    return None


def _get_shell(shell=None):
    if shell is not None:
        return shell
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def is_enabled(shell=None) -> bool:
    """``True`` si las pistas están activadas en este notebook (o en ``shell``)."""
    shell = _get_shell(shell)
    state = getattr(shell, _STATE_ATTR, None) if shell is not None else None
    return bool(state) and shell.CustomTB == state[2] and tuple(shell.custom_exceptions) == (Exception,)


def enable(shell=None) -> None:
    """Activa las pistas en español bajo los errores de las celdas y las guardas de ``model.fit``.

    Las guardas (:func:`course_lib.training.guard_fit`) comprueban los datos antes de cada
    ``model.fit`` y lo detienen si la pérdida se vuelve ``nan``, con mensajes en español; el
    código de Keras del notebook no cambia.

    Se puede llamar varias veces (no hace nada si ya están activas). Fuera de IPython solo
    activa las guardas y escribe un aviso en ``stderr``. Si otro paquete tenía un manejador
    propio de excepciones en IPython, queda en pausa hasta :func:`disable`.
    """
    from course_lib import training

    training.guard_fit(True)
    shell = _get_shell(shell)
    if shell is None:
        print(
            "hints.enable(): no estás en IPython ni en Jupyter, así que no hay celdas en las que mostrar "
            "pistas. Puedes usar hints.explain(error) para ver la pista de un error concreto.",
            file=sys.stderr,
        )
        return None
    if is_enabled(shell):
        return None
    previous = (shell.custom_exceptions, shell.CustomTB)
    shell.set_custom_exc((Exception,), _handler)
    setattr(shell, _STATE_ATTR, (previous[0], previous[1], shell.CustomTB))
    return None


def disable(shell=None) -> None:
    """Desactiva las pistas y las guardas de ``model.fit`` y deja IPython como estaba.

    No hace nada si no estaban activas.
    """
    from course_lib import training

    training.guard_fit(False)
    shell = _get_shell(shell)
    if shell is None:
        return None
    state = getattr(shell, _STATE_ATTR, None)
    if state is None:
        return None
    if is_enabled(shell):
        shell.custom_exceptions, shell.CustomTB = state[0], state[1]
    setattr(shell, _STATE_ATTR, None)
    return None


@contextlib.contextmanager
def expected_error(*types: type[BaseException]):
    """Provoca un error **a propósito** y lo muestra con su pista sin detener el notebook.

    Para enseñar un error típico en una celda que debe ejecutarse de principio a fin::

        with hints.expected_error():
            keras.layers.Dense(unit=512)

    Se ve el *traceback* como en cualquier error, la pista en español debajo y una línea que
    dice que el error era esperado; la ejecución sigue con la celda siguiente. Si el bloque
    **no** lanza ningún error (de los tipos ``types``, por defecto cualquiera), se lanza un
    ``AssertionError``: la demostración ya no demuestra nada.
    """
    catch = types or (Exception,)
    try:
        yield
    except catch as exc:  # noqa: PERF203
        _show_expected(exc)
    else:
        raise AssertionError("Se esperaba un error en este bloque y no se ha producido ninguno.")


def _show_expected(exc: BaseException) -> None:
    shell = _get_shell()
    text = explain(exc)
    if shell is None or not hasattr(shell, "InteractiveTB"):
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next, file=sys.stderr)
        if text:
            print(f"💡 Pista: {text}")
        print("(Error provocado a propósito: la ejecución continúa.)")
        return
    # tb_next: se salta el marco de este gestor de contexto; el resto es el traceback de siempre.
    frames = shell.InteractiveTB.structured_traceback(type(exc), exc, exc.__traceback__.tb_next)
    sys.stdout.flush()
    print(shell.InteractiveTB.stb2text(frames), file=sys.stderr)
    sys.stderr.flush()
    if text:
        shell.display_pub.publish(data=_bundle(text), metadata={})
    shell.display_pub.publish(data={
        "text/plain": "(Error provocado a propósito: la ejecución continúa.)",
        "text/html": "<i>(Error provocado a propósito: la ejecución continúa.)</i>",
    }, metadata={})
