"""Los ejercicios del notebook 02 (``course_lib/lessons/gradient/exercises.py``): solución, errores típicos y progreso."""

import math

import numpy as np
import pytest

from course_lib.exercises import PENDING, WRONG
from course_lib.lessons import gradient
from course_lib.lessons.gradient import compute
from course_lib.lessons.gradient import exercises as ex
from exercise_helpers import (assert_options_match, assert_spanish, fresh_exercises,
                              markdown_options, solution_value)

NOTEBOOK = "02_descenso_del_gradiente.ipynb"


fresh = fresh_exercises(ex.EXERCISES)


@pytest.fixture(scope="module")
def line():
    """Los datos de la recta del notebook y su gradiente en el origen."""
    x, y = gradient.make_regression_data(n=200)
    return x, y, gradient.mse_gradient((0.0, 0.0), x, y)


def _context(key, x, y):
    return {"gradient_at_origin": {"x": x, "y": y}, "momentum_bowl": {"step": compute.momentum_step}}.get(key, {})


def test_the_solutions_are_right_and_empty_answers_are_pending(line):
    x, y, _ = line
    for item in ex.EXERCISES:
        context = _context(item.key, x, y)
        assert item.check(..., **context).status == PENDING
        answer = solution_value(item.solution_code, item.answer_name, np=np, math=math, x=x, y=y)
        feedback = item.check(answer, **context)
        assert feedback.ok, feedback.text()


def test_gradient_mistakes_are_recognised_and_the_value_stays_hidden(line):
    x, y, (d_w, d_b) = line
    cases = {d_w / 2: "te falta el factor 2", -d_w: "el signo está al revés", d_w * len(x): "divide entre n",
             d_b: "derivada respecto a b", d_b / 2: "mitad de la derivada respecto a b",
             round(d_w, 2): "parece un valor redondeado", 3 * d_w: "más del doble"}
    for answer, said in cases.items():
        feedback = ex.gradient_at_origin.check(answer, x=x, y=y)
        assert feedback.status == WRONG and said in feedback.message, (answer, feedback.message)
        assert f"{d_w:.6g}" not in feedback.text() and f"{d_w:.4f}" not in feedback.text()


@pytest.mark.parametrize("answer, said", [
    ("-13.3", "sin comillas"),
    ((-13, 3), "coma decimal"),
    (True, "valor lógico"),
    ("mean", "texto entre comillas"),
])
def test_gradient_wrong_types(line, answer, said):
    x, y, _ = line
    feedback = ex.gradient_at_origin.check(answer, x=x, y=y)
    assert feedback.status == WRONG and said in feedback.message
    assert_spanish(feedback.text())


def test_the_whole_gradient_is_not_the_answer(line):
    x, y, grad = line
    feedback = ex.gradient_at_origin.check(np.asarray(grad), x=x, y=y)
    assert feedback.status == WRONG and "solo ∂L/∂w" in feedback.message


@pytest.mark.parametrize("answer, said", [
    (1.0, "w salta a −w"), (0.25, "la mitad del camino"), (2.0, "tres veces más lejos"),
    (0, "no das ningún paso"), (-0.5, "cuesta arriba"), (0.05, "10 veces más pequeño"),
])
def test_one_step_rate_mistakes(answer, said):
    feedback = ex.one_step_rate.check(answer)
    assert feedback.status == WRONG and said in feedback.message
    assert "0.5 " not in feedback.message and "(0.5)" not in feedback.message


def test_the_one_step_rate_really_reaches_the_minimum_in_one_step():
    for start in (-1.5, 0.3, 2.0):
        run = gradient.descend("parabola", learning_rate=ex.ONE_STEP_RATE, steps=1, start=(start,))
        assert abs(run.path[1, 0]) < 1e-12


@pytest.mark.parametrize("letter, said", [("a", "Converge oscilando"), ("c", "η = 1.1 diverge"),
                                          ("d", "un único mínimo no basta")])
def test_divergence_threshold_options(letter, said):
    feedback = ex.divergence_threshold.check(letter)
    assert feedback.status == WRONG and said in feedback.message
    assert "«η > 1»" not in feedback.text()


def test_divergence_threshold_answer_is_b():
    assert ex.divergence_threshold.check("b").ok


@pytest.mark.parametrize("answer, said", [
    ((0.11, 0.0), "no converge en 40 pasos"),
    ((0.2, 0.5), "Diverge"),
    ((0.12, 1.0), "sin llegar a 1"),
    ((0.0, 0.5), "número positivo"),
    (0.09, "tupla de dos números"),
    ("0.09, 0.5", "tupla de dos números"),
    (("0.09", "0.5"), "sin comillas"),
    ((0, 1, 0, 5), "coma decimal"),
    ((0.09, 0.5, 0.1), "tupla de dos números"),
])
def test_momentum_bowl_mistakes_in_spanish(answer, said):
    feedback = ex.momentum_bowl.check(answer, step=compute.momentum_step)
    assert feedback.status == WRONG and said in feedback.message, feedback.message
    assert_spanish(feedback.text())


def test_momentum_bowl_accepts_any_pair_that_converges_and_uses_the_notebook_step():
    assert ex.momentum_bowl.check((0.12, 0.45), step=compute.momentum_step).ok
    assert ex.momentum_bowl.check([0.12, 0.4], step=compute.momentum_step).ok

    def forgets_velocity(w, v, grad, learning_rate, momentum):
        return w - learning_rate * grad, v

    feedback = ex.momentum_bowl.check((0.12, 0.4), step=forgets_velocity)
    assert feedback.status == WRONG and "tu momentum_step no" in feedback.message

    def crashes(w, v, grad, learning_rate, momentum):
        return w + v.nope

    feedback = ex.momentum_bowl.check((0.12, 0.4), step=crashes)
    assert feedback.status == WRONG and "tu momentum_step dio un error" in feedback.message
    assert_spanish(feedback.text())
    feedback = ex.momentum_bowl.check((0.12, 0.4), step=None)
    assert feedback.status == WRONG and "ejecuta la celda" in feedback.message


def test_a_wrong_step_that_converges_is_not_accepted():
    def newton(w, v, grad, learning_rate, momentum):           # con η = 0.2, salta al mínimo en un paso
        return w - np.array([5.0, 0.25]) * learning_rate * grad, v

    assert compute.descend("bowl", step=newton, learning_rate=0.2, steps=40).verdict == "converges"
    feedback = ex.momentum_bowl.check((0.2, 0.5), step=newton)     # con la regla del momento, diverge
    assert feedback.status == WRONG and "con tu momentum_step converge" in feedback.message


def test_the_momentum_hint_points_to_the_method_not_the_numbers():
    hint = ex.momentum_bowl.hint().text()
    assert "0.09" not in hint and "0.5" not in hint and "0.12" not in hint


@pytest.mark.parametrize("answer, said", [
    (4680, "redondeado hacia abajo"), (4687.5, "un paso entero"), (469, "una sola época"),
    (468, "redondeados hacia abajo"), (468.75, "sin redondear"), (10, "eso son épocas"),
    (600_000, "ejemplos procesados"), (60_000, "las imágenes de una época"), (4691, "por uno"),
])
def test_total_iterations_mistakes(answer, said):
    feedback = ex.total_iterations.check(answer)
    assert feedback.status == WRONG and said in feedback.message
    text = feedback.text()
    assert "4690" not in text and "4 690" not in text and "469 por época" not in text


def test_total_iterations_wrong_types():
    for answer, said in (("4690", "sin comillas"), ((4, 690), "coma decimal"), ([469, 10], "una lista")):
        feedback = ex.total_iterations.check(answer)
        assert feedback.status == WRONG and said in feedback.message
        assert_spanish(feedback.text())


def test_progress_counts(line):
    x, y, (d_w, _) = line
    assert "0 de 5" in ex.progress().text()
    ex.gradient_at_origin.check(d_w, x=x, y=y)
    ex.one_step_rate.check(1.0)
    ex.momentum_bowl.check((0.12, 0.4), step=compute.momentum_step)
    text = ex.progress().text()
    assert "2 de 5" in text and "Ejercicio 2 (incorrecto)" in text and "Ejercicio 5 (sin responder)" in text
    ex.one_step_rate.check(0.5)
    ex.divergence_threshold.check("b")
    ex.total_iterations.check(4690)
    assert "5 de 5" in ex.progress().text()


def test_the_notebook_shows_the_same_options_with_the_same_letters():
    (options,) = markdown_options(NOTEBOOK)
    assert_options_match(options, ex.DIVERGE_OPTIONS, ex.DIVERGE_OPTIONS)     # texto a texto)


def test_momentum_bowl_refuses_a_rate_that_converges_without_momentum():
    """La figura del notebook ya enseña η = 0.09 con μ = 0.5: el ejercicio pide η > 0.1."""
    feedback = ex.momentum_bowl.check((0.09, 0.5), step=compute.momentum_step)
    assert feedback.status == "incorrecto" and "mayor que 0.1" in feedback.message
