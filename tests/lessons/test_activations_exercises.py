"""Los ejercicios del notebook 04 (``course_lib.lessons.activations.exercises``): la solución del notebook
da ✅, cada error típico su mensaje, ``...`` da ⏳ y un tipo equivocado un mensaje en español.
Las correcciones puras de los ejercicios 2 y 3 se prueban también en ``test_activations.py``."""

import math

import numpy as np
import pytest
from exercise_helpers import assert_spanish, fresh_exercises, markdown_options, solution_value

from course_lib.lessons.activations import exercises as ex

NOTEBOOK = "04_funciones_de_activacion"


fresh = fresh_exercises(ex.EXERCISES)


def solve(item, namespace=None):
    return solution_value(item.solution_code, item.answer_name, np=np, **(namespace or {}))


def test_the_set_follows_the_notebook():
    assert ex.EXERCISES.notebook == NOTEBOOK
    assert [e.key for e in ex.EXERCISES] == ["equivalent_params", "tanh_derivative", "stable_softmax",
                                             "dead_neuron", "vanishing_factor"]
    assert [e.title for e in ex.EXERCISES] == [f"Ejercicio {i}" for i in range(1, 6)]


def test_solutions_are_right():
    for item in ex.EXERCISES:
        feedback = item.check(solve(item))
        assert feedback.ok, feedback.message
    assert solve(ex.equivalent_params) == 7850
    assert solve(ex.vanishing_factor) == pytest.approx(0.25 ** 10)


@pytest.mark.parametrize("answer, message", [
    (669_706, "número de parámetros de la pila"),
    (7840, "te has olvidado del sesgo"),
    (784 * 512 + 512, "solo la primera capa"),
    (512 * 10 + 10, "solo la última capa"),
    (7851, "pasado por uno"),
    ("7850", "sin comillas"),
])
def test_equivalent_params_mistakes(answer, message):
    feedback = ex.equivalent_params.check(answer)
    assert not feedback.ok and message in feedback.message, feedback.message
    assert "7850" not in feedback.message.split("no es correcto")[-1].replace("'7850'", "")
    assert_spanish(feedback.text())


@pytest.mark.parametrize("answer, message", [
    (np.tanh, "la función misma"),
    (lambda x: 1 - np.tanh(x), "al cuadrado"),
    (lambda x: 1 - x ** 2, "has elevado al cuadrado x"),
    (lambda x: 1 / (1 + np.exp(-x)) * (1 - 1 / (1 + np.exp(-x))), "derivada de la sigmoide"),
    (lambda x: 1 - math.tanh(x) ** 2, "no las de math"),
    (lambda x: None, "¿falta el return?"),
    (lambda x: "1 - tanh(x)**2", "devuelve un texto"),
    (lambda x: 1.0, "un valor por cada entrada"),
    (lambda x: x / 0 + undefined_name, "Python no conoce ningún `undefined_name`"),  # noqa: F821 - el error de un estudiante
    ("1 - np.tanh(x)**2", "debe ser una función"),
    (0.5, "debe ser una función"),
])
def test_tanh_derivative_mistakes(answer, message):
    feedback = ex.tanh_derivative.check(answer)
    assert not feedback.ok and message in feedback.text(), feedback.text()
    assert_spanish(feedback.text())


def test_softmax_mistakes():
    def naive(z):
        return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)

    def no_axis(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    for answer, message in [(naive, "resta el máximo"), (no_axis, "cada fila debe sumar 1"),
                            (np.exp, "falta dividir"), (lambda z: z / z.sum(), "softmax da"),
                            (lambda z: float(np.exp(z).sum()), "un valor por cada entrada")]:
        feedback = ex.stable_softmax.check(answer)
        assert not feedback.ok and message in feedback.message.lower(), feedback.message
        assert_spanish(feedback.text())


def test_hints_do_not_give_the_code_away():
    assert "np.exp(z -" not in ex.stable_softmax.hint().body and "keepdims" not in ex.stable_softmax.hint().body
    assert "** 2" not in ex.tanh_derivative.hint().body and "²" not in ex.tanh_derivative.hint().body


@pytest.mark.parametrize("letter, right", [("d", True), ("D", True), ("a", False), ("b", False), ("c", False)])
def test_dead_neuron(letter, right):
    assert ex.dead_neuron.check(letter).ok is right


def test_dead_neuron_options_in_the_markdown_match():
    (options,) = markdown_options(f"{NOTEBOOK}.ipynb")   # la única pregunta de opción múltiple
    text = "\n".join(f"- **{k})** {v}" for k, v in options.items())
    assert "- **d)** Está muerta" in text and "- **b)** Se comporta como una neurona lineal" in text
    assert "- **c)** Aprende más despacio" in text and "- **a)** Está saturada" in text


@pytest.mark.parametrize("answer, message", [
    (2.5, "has multiplicado 0.25 por 10"),
    (0.5 ** 10, "σ(0)"),
    (0.25, "una sola capa"),
    (0.25 ** 9, "te falta una capa"),
    (0.25 ** 11, "te sobra una capa"),
    (4 ** 10, "el inverso"),
    (-(0.25 ** 10), "signo cambiado"),
    ((0, 25), "Python escribe los decimales con punto"),
])
def test_vanishing_factor_mistakes(answer, message):
    feedback = ex.vanishing_factor.check(answer)
    assert not feedback.ok and message in feedback.message, feedback.message
    assert "9.53674e-07" not in feedback.message.split("no es correcto")[-1]


def test_pending_and_wrong_types():
    for item in ex.EXERCISES:
        assert item.check(...).status == "pendiente"
        for wrong in ([1, 2], {"x": 1}, True):
            feedback = item.check(wrong)
            assert not feedback.ok
            assert_spanish(feedback.text())


def test_progress_counts():
    assert "0 de 5" in ex.progress().body
    ex.equivalent_params.check(7850)
    ex.dead_neuron.check("b")
    body = ex.progress().body
    assert "1 de 5" in body and "Ejercicio 4 (incorrecto)" in body and "Ejercicio 2 (sin responder)" in body
    for item in ex.EXERCISES:
        item.check(solve(item))
    assert "5 de 5" in ex.progress().body
