"""Los ejercicios del notebook 03 (``course_lib.lessons.backprop.exercises``): la solución del notebook
da ✅, cada error típico su mensaje, ``...`` da ⏳ y un tipo equivocado un mensaje en español."""

import numpy as np
import pytest
from exercise_helpers import assert_spanish, fresh_exercises, markdown_options, solution_value

from course_lib.lessons import backprop
from course_lib.lessons.backprop import exercises as ex

NOTEBOOK = "03_retropropagacion"


fresh = fresh_exercises(ex.EXERCISES)


def solve(item, namespace=None):
    return solution_value(item.solution_code, item.answer_name, np=np, **(namespace or {}))


@pytest.fixture(scope="module")
def hidden():
    """dA1, A1 (con sigmoide: A1_sig en el notebook), Z1 y X de la red 2-2-1 con XOR, como en la sección 3."""
    X, y = backprop.xor_data()
    p = backprop.init_params(sizes=(2, 2, 1), seed=0)
    Z1 = X @ p["W1"] + p["b1"]
    A1 = np.tanh(Z1)
    Yhat = 1 / (1 + np.exp(-(A1 @ p["W2"] + p["b2"])))
    dA1 = ((Yhat - y) / len(X)) @ p["W2"].T
    return {"dA1": dA1, "A1": 1 / (1 + np.exp(-Z1)), "Z1": Z1, "X": X}


def test_the_set_follows_the_notebook():
    assert ex.EXERCISES.notebook == NOTEBOOK
    assert [e.key for e in ex.EXERCISES] == ["neuron_grad_w2", "hidden_delta", "equal_weights", "finite_diff_cost"]
    assert [e.title for e in ex.EXERCISES] == [f"Ejercicio {i}" for i in range(1, 5)]


def test_solutions_are_right(hidden):
    assert ex.neuron_grad_w2.check(solve(ex.neuron_grad_w2)).ok
    assert ex.hidden_delta.check(solve(ex.hidden_delta, {**hidden, "A1_sig": hidden["A1"]}), **hidden).ok
    assert ex.equal_weights.check(solve(ex.equal_weights)).ok
    assert ex.finite_diff_cost.check(solve(ex.finite_diff_cost)).ok
    assert solve(ex.neuron_grad_w2) == pytest.approx(backprop.neuron_example(y=0)["grads"]["w2"])
    assert solve(ex.finite_diff_cost) == 2 * 669_706


@pytest.mark.parametrize("answer, message", [
    (0.125, "es ∂L/∂z (y también el resultado con y = 1)"),
    (-0.5, "derivada local de la sigmoide"),
    (0.1875, "has multiplicado por w₂"),
    (-0.25, "te falta el primer factor"),
    (0.5, "eso es solo ∂L/∂a"),
    (-1.25, "10 veces más grande"),
    ((0, 125), "Python escribe los decimales con punto"),
    ("0.125", "sin comillas"),
])
def test_neuron_grad_w2_mistakes(answer, message):
    feedback = ex.neuron_grad_w2.check(answer)
    assert not feedback.ok and message in feedback.message, feedback.message
    why = feedback.message.split("no es correcto")[-1]   # el mensaje, sin el eco de la respuesta
    assert "-0.125" not in why and "−0.125" not in why
    assert_spanish(feedback.text())


def test_neuron_grad_w2_hint_points_to_the_method_not_the_factors():
    hint = ex.neuron_grad_w2.hint().body
    for factor in ("0.25", "−1", "-1", "a − y", "a(1 − a)", "x₂"):
        assert factor not in hint


def test_hidden_delta_mistakes(hidden):
    dA1, A1, Z1 = hidden["dA1"], hidden["A1"], hidden["Z1"]
    cases = [(dA1, "falta multiplicar por la derivada local"), (dA1 * (1 - A1 ** 2), "derivada de la tangente"),
             (dA1 * Z1 * (1 - Z1), "no z(1 − z)"), (A1 * (1 - A1), "por el gradiente que llega"),
             (-dA1 * A1 * (1 - A1), "signo cambiado"), (dA1 @ A1.T, "misma forma que dA1"),
             ("dA1 * (1 - A1**2)", "sin comillas"), (np.tanh, "no una función"), ({"dZ1": 1}, "un diccionario")]
    for answer, message in cases:
        feedback = ex.hidden_delta.check(answer, **hidden)
        assert not feedback.ok and message in feedback.message, (message, feedback.message)
        assert_spanish(feedback.text())
    assert "la comprobación de gradientes lo detectaría" in ex.hidden_delta.check(dA1, **hidden).message


@pytest.mark.parametrize("letter, right", [("a", True), ("A)", True), ("b", False), ("c", False), ("d", False)])
def test_equal_weights(letter, right):
    feedback = ex.equal_weights.check(letter)
    assert feedback.ok is right
    if not right:
        assert "no es la respuesta correcta" in feedback.message


def test_equal_weights_options_in_the_markdown_match():
    (options,) = markdown_options(f"{NOTEBOOK}.ipynb")   # la única pregunta de opción múltiple
    text = "\n".join(f"- **{k})** {v}" for k, v in options.items())
    assert "- **a)** En cada capa oculta, todas las neuronas reciben los mismos gradientes" in text
    assert "- **d)** Todos los gradientes son cero" in text


@pytest.mark.parametrize("answer, message", [
    (669_706, "dos evaluaciones por parámetro"),
    (669_707, "diferencias hacia delante"),
    (2, "las que necesita la retropropagación"),
    (2.4, "las que necesita la retropropagación"),
    (130, "red de las dos lunas"),
    (2 * 669_706 + 1, "pasado por uno"),
    (2 * 669_706 / 10, "10 veces más pequeño"),
    (-2 * 669_706, "signo cambiado"),
])
def test_finite_diff_cost_mistakes(answer, message):
    feedback = ex.finite_diff_cost.check(answer)
    assert not feedback.ok and message in feedback.message, feedback.message
    why = feedback.message.split("no es correcto")[-1]   # el mensaje, sin el eco de la respuesta
    assert "1339412" not in why and "1 339 412" not in why


def test_pending_and_wrong_types(hidden):
    for item, context in [(ex.neuron_grad_w2, {}), (ex.hidden_delta, hidden), (ex.equal_weights, {}),
                          (ex.finite_diff_cost, {})]:
        assert item.check(..., **context).status == "pendiente"
        for wrong in ([1, 2], "abc", {"x": 1}):
            feedback = item.check(wrong, **context)
            assert not feedback.ok
            assert_spanish(feedback.text())


def test_progress_counts(hidden):
    assert "0 de 4" in ex.progress().body
    ex.neuron_grad_w2.check(-0.125)
    ex.equal_weights.check("b")
    ex.hidden_delta.check(..., **hidden)
    body = ex.progress().body
    assert "1 de 4" in body and "Ejercicio 3 (incorrecto)" in body and "Ejercicio 2 (sin responder)" in body
    ex.hidden_delta.check(hidden["dA1"] * hidden["A1"] * (1 - hidden["A1"]), **hidden)
    ex.equal_weights.check("a")
    ex.finite_diff_cost.check(2 * 669_706)
    assert "4 de 4" in ex.progress().body
