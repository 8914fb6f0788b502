"""Los ejercicios del notebook 01 (``course_lib/lessons/shallow_deep/exercises.py``): solución, errores típicos y progreso."""

import numpy as np
import pytest

from course_lib.exercises import PENDING, WRONG
from course_lib.lessons import shallow_deep
from course_lib.lessons.shallow_deep import exercises as ex
from exercise_helpers import (assert_options_match, assert_spanish, fresh_exercises,
                              markdown_options, solution_value)

NOTEBOOK = "01_superficial_vs_profundo.ipynb"


fresh = fresh_exercises(ex.EXERCISES)


@pytest.fixture(scope="module")
def xor():
    """Los datos XOR del notebook, con los mismos nombres que recibe la comprobación."""
    X_train, y_train = shallow_deep.make_dataset("xor", n=300, noise=0.1, seed=1)
    X_test, y_test = shallow_deep.make_dataset("xor", n=200, noise=0.1, seed=3)
    return {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test}


def test_the_solutions_are_right_and_empty_answers_are_pending(xor):
    context = {"xor_feature": xor, "min_neurons": {}, "where_deep_wins": {}}
    for item in ex.EXERCISES:
        assert item.check(..., **context[item.key]).status == PENDING
        answer = solution_value(item.solution_code, item.answer_name)
        feedback = item.check(answer, **context[item.key])
        assert feedback.ok, feedback.text()


def test_a_good_xor_feature_is_right_and_a_linear_one_is_not(xor):
    assert ex.xor_feature.check(lambda X: np.sign(X[:, 0] * X[:, 1]), **xor).ok
    feedback = ex.xor_feature.check(lambda X: X[:, 0] + X[:, 1], **xor)
    assert feedback.status == WRONG and "se pide un 90 %" in feedback.message


@pytest.mark.parametrize("feature, said", [
    (3, "debe ser una función"),
    ("X[:, 0] * X[:, 1]", "debe ser una función"),
    (lambda X: X, "un valor por punto"),
    (lambda X: X[:, 2], "una columna que X no tiene"),
    (lambda X: np.full(len(X), np.inf), "no finitos"),
    (lambda X, Y: X[:, 0], "dio un error"),
    (lambda X: X["x1"], "dio un error"),
])
def test_broken_features_are_explained_in_spanish(xor, feature, said):
    feedback = ex.xor_feature.check(feature, **xor)
    assert feedback.status == WRONG and said in feedback.message
    assert_spanish(feedback.text())


def test_the_minimum_is_computed_from_the_playground():
    accuracy = ex.validation_accuracy_by_neurons()
    assert sorted(accuracy) == list(range(1, 9))
    minimum = min(n for n, acc in accuracy.items() if acc >= 0.9)
    assert minimum == 3                                         # lo que dice la explicación del ejercicio
    assert ex.min_neurons.check(minimum).ok


@pytest.mark.parametrize("answer, said", [
    (1, "una sola neurona es una sola recta"),
    (2, "con dos rectas"),
    (4, "no es el mínimo"),
    (8, "no es el mínimo"),
    (0, "al menos una neurona"),
    (12, "llega hasta 8"),
    (-3, "no puede ser negativo"),
    (2.5, "número entero"),
])
def test_min_neurons_mistakes(answer, said):
    feedback = ex.min_neurons.check(answer)
    assert feedback.status == WRONG and said in feedback.message
    assert "3" not in feedback.message.replace("ex.min_neurons", "")
    assert "1 neuronas" not in feedback.message


def test_a_wrong_count_says_the_validation_accuracy_it_reaches():
    feedback = ex.min_neurons.check(2)
    acc = ex.validation_accuracy_by_neurons()[2]
    assert f"{round(acc * 100)} %" in feedback.message and "Con 2 neuronas" in feedback.message


@pytest.mark.parametrize("answer, said", [("3", "sin comillas"), ((3, 0), "coma decimal"), (None, "")])
def test_min_neurons_wrong_types(answer, said):
    feedback = ex.min_neurons.check(answer)
    if answer is None:
        assert feedback.status == PENDING
        return
    assert feedback.status == WRONG and said in feedback.message
    assert_spanish(feedback.text())


@pytest.mark.parametrize("letter, said", [
    ("a", "Pocas columnas con significado"),
    ("b", "Ya conoces la característica buena"),
    ("d", "Es una regla exacta"),
])
def test_where_deep_wins_options(letter, said):
    feedback = ex.where_deep_wins.check(letter)
    assert feedback.status == WRONG and said in feedback.message
    assert "aves" not in feedback.text()


def test_where_deep_wins_is_c_now_and_rejects_non_options():
    assert ex.where_deep_wins.check("c").ok
    feedback = ex.where_deep_wins.check("birds")
    assert feedback.status == WRONG and "no es una opción" in feedback.message


def test_progress_counts(xor):
    assert "0 de 3" in ex.progress().text()
    ex.xor_feature.check(lambda X: X[:, 0] * X[:, 1], **xor)
    ex.min_neurons.check(4)
    assert "1 de 3" in ex.progress().text()
    assert "Ejercicio 2 (incorrecto)" in ex.progress().text()
    ex.min_neurons.check(3)
    ex.where_deep_wins.check("c")
    assert "3 de 3" in ex.progress().text()


def test_the_notebook_shows_the_same_options_with_the_same_letters():
    (options,) = markdown_options(NOTEBOOK)
    assert_options_match(options, ex.WHERE_OPTIONS, {"a": "precio", "b": "círculos", "c": "ave", "d": "par"})
