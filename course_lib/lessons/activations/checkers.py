"""Comprobadores de los ejercicios del notebook 04 (para ``exercises.check_with``).

Cada uno devuelve ``None`` si la función del estudiante es correcta, o la razón del error en
español, reconociendo las equivocaciones típicas.
"""

from __future__ import annotations

import numpy as np

from course_lib.lessons.activations.compute import sigmoid_derivative, softmax, tanh_derivative


def _call_student(fn, arg, what: str):
    """Llama a la función del estudiante sin avisos de NumPy; devuelve ``(resultado, problema)``."""
    import warnings

    if not callable(fn):
        return None, f"{what} debe ser una función (def {what}(x): ...), y es {type(fn).__name__}."
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(arg)
    except TypeError as exc:
        return None, (f"tu función falla con un array de NumPy ({exc}). Usa funciones de NumPy "
                      "(np.tanh, np.exp, np.max...), que trabajan con arrays enteros, y no las de math.")
    try:
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"tu función debe devolver un array de números, y devuelve {type(out).__name__}."
    if out.shape != np.shape(arg):
        return None, (f"con una entrada de forma {np.shape(arg)} tu función devuelve forma {out.shape}: "
                      "debe devolver un valor por cada entrada.")
    return out, None


def tanh_derivative_problem(fn) -> str | None:
    """Comprobador del ejercicio «derivada de tanh»: ``None`` si ``fn`` es correcta, o la razón del error.

    Para ``exercises.check_with``. Reconoce los errores típicos: devolver ``tanh(x)``, olvidar el
    cuadrado, elevar ``x`` en lugar de ``tanh(x)`` o dar la derivada de la sigmoide.
    """
    x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    out, problem = _call_student(fn, x, "derivada_tanh")
    if problem:
        return problem
    expected = tanh_derivative(x)
    if np.allclose(out, expected, atol=1e-6):
        return None
    mistakes = [
        (np.tanh(x), "has devuelto tanh(x), la función misma; falta derivarla: 1 − tanh(x)²."),
        (1 - np.tanh(x), "falta elevar tanh(x) al cuadrado: 1 − tanh(x)²."),
        (1 - x ** 2, "has elevado al cuadrado x; lo que va al cuadrado es tanh(x): 1 − tanh(x)²."),
        (sigmoid_derivative(x), "esa es la derivada de la sigmoide, σ(x)·(1 − σ(x)); la de tanh es otra."),
    ]
    for candidate, why in mistakes:
        if np.allclose(out, candidate, atol=1e-6, equal_nan=False):
            return why
    i = int(np.argmax(np.abs(out - expected)))
    return (f"en x = {x[i]:g} tu función da {out[i]:.4f} y la derivada de tanh vale {expected[i]:.4f} "
            "(compruébalo con una diferencia finita: (np.tanh(x + h) − np.tanh(x − h)) / (2·h) con h = 1e-5).")


def softmax_problem(fn) -> str | None:
    """Comprobador del ejercicio «softmax estable»: ``None`` si ``fn`` es correcta, o la razón del error.

    Prueba un vector pequeño, puntuaciones grandes (donde la versión ingenua da ``nan``) y un
    lote ``(2, 3)`` en el que cada fila debe sumar 1.
    """
    small = np.array([2.0, 1.0, 0.1])
    out, problem = _call_student(fn, small, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, softmax(small), atol=1e-6):
        if np.allclose(out, np.exp(small), atol=1e-6):
            return "has calculado las exponenciales, pero falta dividir entre su suma para que sumen 1."
        return (f"con z = [2, 1, 0.1] tu función da {np.round(out, 4).tolist()} y softmax da "
                f"{np.round(softmax(small), 4).tolist()}. Recuerda: e^(z_i − máx) / Σ e^(z_j − máx).")
    big = np.array([1000.0, 1001.0, 1002.0])
    out, problem = _call_student(fn, big, "softmax_estable")
    if problem:
        return problem
    if not np.all(np.isfinite(out)):
        return ("con puntuaciones grandes ([1000, 1001, 1002]) tu función da nan o infinito: e^1000 se "
                "desborda. Resta el máximo de z antes de calcular la exponencial.")
    if not np.allclose(out, softmax(big), atol=1e-6):
        return f"con z = [1000, 1001, 1002] tu función da {np.round(out, 4).tolist()}, y no es lo esperado."
    batch = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    out, problem = _call_student(fn, batch, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, softmax(batch, axis=-1), atol=1e-6):
        return ("con un lote (una matriz de forma (2, 3), una fila por ejemplo) cada fila debe sumar 1 por "
                "separado: calcula el máximo y la suma por filas, con axis=-1 y keepdims=True.")
    return None
