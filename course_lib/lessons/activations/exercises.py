"""Ejercicios del notebook 04 (funciones de activación): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.activations import exercises as ex
    ex.equivalent_params.check(parametros_equivalentes)
    ex.tanh_derivative.check(derivada_tanh)
    ex.stable_softmax.check(softmax_estable)
    ex.dead_neuron.check(opcion)
    ex.vanishing_factor.check(factor)
    ex.progress()

:func:`tanh_derivative_problem` y :func:`softmax_problem` son las correcciones de los ejercicios
2 y 3 como funciones puras (``None`` o la razón del error), que también se pueden probar solas.
"""

from __future__ import annotations

import warnings

import numpy as np

from course_lib import exercises
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.activations import compute

EXERCISES = ExerciseSet("04_funciones_de_activacion")

#: La red densa del notebook 05 (ejercicio 1) y las capas del ejercicio 5.
DENSE_05 = (784, 512, 512, 10)
LAYERS = 10


@EXERCISES.exercise(
    "Ejercicio 1", answer="parametros_equivalentes",
    hint="La capa equivalente va directamente de las 784 entradas a las 10 salidas: una matriz W y un vector b.",
    solution="parametros_equivalentes = 784 * 10 + 10",
    explanation="Casi 670 000 parámetros que solo pueden hacer lo mismo que 7850: un clasificador lineal.")
def equivalent_params(answer):
    pairs = list(zip(DENSE_05[:-1], DENSE_05[1:]))
    n_in, n_out = DENSE_05[0], DENSE_05[-1]
    expected = n_in * n_out + n_out
    mistakes: dict[float, str] = {}
    mistakes.setdefault(sum(a * b + b for a, b in pairs), "ese es el número de parámetros de la pila; la capa "
                                                         "equivalente es mucho más pequeña.")
    mistakes.setdefault(n_in * n_out, "te has olvidado del sesgo de la capa equivalente: uno por salida.")
    first, last = pairs[0], pairs[-1]
    mistakes.setdefault(first[0] * first[1] + first[1], "esa es solo la primera capa; la capa equivalente va de la "
                                                        "entrada directamente a la salida.")
    mistakes.setdefault(last[0] * last[1] + last[1], "esa es solo la última capa, que recibe 512 valores; la capa "
                                                     "equivalente recibe directamente las 784 entradas.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


def _call_student(fn, arg, what: str):
    """Llama a la función del estudiante sin avisos de NumPy; devuelve ``(resultado, problema)``."""
    if not callable(fn):
        return None, f"{what} debe ser una función (def {what}(x): ...), y es {exercises.describe_value(fn)}."
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(arg)
    except TypeError:
        return None, ("tu función falla al recibir un array de NumPy. Usa funciones de NumPy "
                      "(np.tanh, np.exp, np.max...), que trabajan con arrays enteros, y no las de math.")
    except Exception as exc:  # noqa: BLE001 - el estudiante ve qué falló, en español
        return None, f"tu función da un error al llamarla con un array de NumPy: {exercises.explain_error(exc)}"
    if out is None:
        return None, "tu función no devuelve nada (devuelve None): ¿falta el return?"
    try:
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"tu función debe devolver un array de números, y devuelve {exercises.describe_value(out)}."
    if out.shape != np.shape(arg):
        return None, (f"con una entrada de forma {np.shape(arg)} tu función devuelve forma {out.shape}: "
                      "debe devolver un valor por cada entrada.")
    return out, None


def tanh_derivative_problem(fn) -> str | None:
    """Corrección del ejercicio «derivada de tanh»: ``None`` si ``fn`` es correcta, o la razón del error.

    Reconoce los errores típicos: devolver ``tanh(x)``, olvidar el cuadrado, elevar ``x`` en
    lugar de ``tanh(x)`` o dar la derivada de la sigmoide.
    """
    x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    out, problem = _call_student(fn, x, "derivada_tanh")
    if problem:
        return problem
    expected = compute.tanh_derivative(x)
    if np.allclose(out, expected, atol=1e-6):
        return None
    mistakes = [
        (np.tanh(x), "has devuelto tanh(x), la función misma; falta derivarla: 1 − tanh(x)²."),
        (1 - np.tanh(x), "falta elevar tanh(x) al cuadrado: 1 − tanh(x)²."),
        (1 - x ** 2, "has elevado al cuadrado x; lo que va al cuadrado es tanh(x): 1 − tanh(x)²."),
        (compute.sigmoid_derivative(x), "esa es la derivada de la sigmoide, σ(x)·(1 − σ(x)); la de tanh es otra."),
    ]
    for candidate, why in mistakes:
        if np.allclose(out, candidate, atol=1e-6, equal_nan=False):
            return why
    i = int(np.argmax(np.abs(out - expected)))
    return (f"en x = {x[i]:g} tu función da {out[i]:.4f} y la derivada de tanh vale {expected[i]:.4f} "
            "(compruébalo con una diferencia finita: (np.tanh(x + h) − np.tanh(x − h)) / (2·h) con h = 1e-5).")


def softmax_problem(fn) -> str | None:
    """Corrección del ejercicio «softmax estable»: ``None`` si ``fn`` es correcta, o la razón del error.

    Prueba un vector pequeño, puntuaciones grandes (donde la versión ingenua da ``nan``) y un
    lote ``(2, 3)`` en el que cada fila debe sumar 1.
    """
    small = np.array([2.0, 1.0, 0.1])
    out, problem = _call_student(fn, small, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, compute.softmax(small), atol=1e-6):
        if np.allclose(out, np.exp(small), atol=1e-6):
            return "has calculado las exponenciales, pero falta dividir entre su suma para que sumen 1."
        return (f"con z = [2, 1, 0.1] tu función da {np.round(out, 4).tolist()} y softmax da "
                f"{np.round(compute.softmax(small), 4).tolist()}. Recuerda: e^(z_i − máx) / Σ e^(z_j − máx).")
    big = np.array([1000.0, 1001.0, 1002.0])
    out, problem = _call_student(fn, big, "softmax_estable")
    if problem:
        return problem
    if not np.all(np.isfinite(out)):
        return ("con puntuaciones grandes ([1000, 1001, 1002]) tu función da nan o infinito: e^1000 se "
                "desborda. Resta el máximo de z antes de calcular la exponencial.")
    if not np.allclose(out, compute.softmax(big), atol=1e-6):
        return f"con z = [1000, 1001, 1002] tu función da {np.round(out, 4).tolist()}, y no es lo esperado."
    batch = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    out, problem = _call_student(fn, batch, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, compute.softmax(batch, axis=-1), atol=1e-6):
        return ("con un lote (una matriz de forma (2, 3), una fila por ejemplo) cada fila debe sumar 1 por "
                "separado: calcula el máximo y la suma por filas, con axis=-1 y keepdims=True.")
    return None


@EXERCISES.exercise(
    "Ejercicio 2", answer="derivada_tanh",
    hint="Mira la columna «Derivada» de la tabla: se escribe con la propia tanh(x).",
    solution="def derivada_tanh(x):\n    return 1 - np.tanh(x) ** 2",
    explanation="1 − tanh(x)², que vale 1 en x = 0 y tiende a 0 en los extremos (saturación).")
def tanh_derivative(answer):
    return exercises.check_with(answer, tanh_derivative_problem, success="correcto: 1 − tanh(x)², que vale 1 en "
                                "x = 0 y tiende a 0 en los extremos (saturación).")


@EXERCISES.exercise(
    "Ejercicio 3", answer="softmax_estable",
    hint="Primero haz que funcione con un vector; luego piensa en qué eje (axis) se calculan el máximo y la suma "
         "para que cada fila de un lote se trate por separado.",
    solution="def softmax_estable(z):\n"
             "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
             "    return e / e.sum(axis=-1, keepdims=True)",
    explanation="Suma 1, no se desborda y funciona con lotes.")
def stable_softmax(answer):
    return exercises.check_with(answer, softmax_problem,
                                success="correcto: suma 1, no se desborda y funciona con lotes.")


@EXERCISES.exercise(
    "Ejercicio 4", answer="opcion",
    hint="Calcula z = w·x + b en los extremos del intervalo (x = −4 y x = 4).",
    solution='opcion = "d"')
def dead_neuron(answer):
    return exercises.check_choice(answer, "d", {
        "a": "saturada en 1", "b": "lineal", "c": "derivada de 0.25 como mucho", "d": "muerta: salida y derivada 0"},
        explanations={
        "a": "ReLU no tiene un valor máximo: no se satura por arriba. Aquí z = x − 6 está entre −10 y −2.",
        "b": "ReLU es lineal solo para z > 0, y aquí z = x − 6 es siempre negativa.",
        "c": "0.25 es la derivada máxima de la sigmoide, no de ReLU (que vale 0 o 1).",
        "d": "z = x − 6 está entre −10 y −2: siempre negativa, salida 0 y derivada 0. Sin gradiente, w y b no cambian."})


@EXERCISES.exercise(
    "Ejercicio 5", answer="factor",
    hint="Cada capa multiplica por la derivada máxima de la sigmoide (mírala en la tabla de la sección 3).",
    solution="factor = 0.25 ** 10",
    explanation="Menos de una millonésima: a la primera capa solo le llega una parte en un millón del gradiente.")
def vanishing_factor(answer):
    slope = float(compute.sigmoid_derivative(0.0))   # la derivada máxima de la sigmoide: 0.25
    expected = slope ** LAYERS
    mistakes: dict[float, str] = {}
    mistakes.setdefault(slope * LAYERS, f"has multiplicado {slope:g} por {LAYERS}; los factores de las {LAYERS} "
                                        "capas se multiplican entre sí: es una potencia.")
    mistakes.setdefault(0.5 ** LAYERS, "0.5 es el valor de la sigmoide en 0, σ(0); su derivada en 0 es σ(0)·(1 − σ(0)).")
    mistakes.setdefault(slope, f"ese es el factor de una sola capa; hay {LAYERS}.")
    mistakes.setdefault(slope ** (LAYERS - 1), f"te falta una capa: son {LAYERS} factores.")
    mistakes.setdefault(slope ** (LAYERS + 1), f"te sobra una capa: son {LAYERS} factores.")
    mistakes.setdefault(slope ** -LAYERS, "ese es el inverso: cada capa multiplica el gradiente por un número menor "
                                          "que 1, así que se hace más pequeño, no más grande.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, tol=1e-3, relative=True, common_mistakes=mistakes)


progress = EXERCISES.progress
