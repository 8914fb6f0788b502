"""Ejercicios del notebook 08 (course_lib/lessons/augmentation/exercises.py): correcto, errores típicos
(sin colisiones), pendiente, tipos equivocados, progreso y coherencia con el notebook."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from exercise_helpers import assert_options_match, fresh_exercises, markdown_options

from course_lib import exercises
from course_lib.lessons.augmentation import exercises as ex

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "08_aumento_de_datos.ipynb"
ENGLISH = re.compile(r"\w+Error\b|Traceback|could not|invalid literal|object has no|\bargument\b|\bunpack\b")

# Tres repeticiones, como en modo completo: sin aumento ~69 % en la prueba movida, con aumento ~90 %.
RESULTS = {"baseline": {"test": [0.958, 0.956, 0.96], "moved": [0.69, 0.70, 0.686]},
           "augmented": {"test": [0.974, 0.975, 0.973], "moved": [0.899, 0.90, 0.898]}}


fresh = fresh_exercises(ex.EXERCISES)


@pytest.fixture(scope="module")
def notebook_cells():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def solution_value(item, **namespace):
    scope = {"np": np, **namespace}
    exec(item.solution_code, scope)
    return scope[item.answer_name]


def gain(results=RESULTS, test_set="moved"):
    return 100 * (np.mean(results["augmented"][test_set]) - np.mean(results["baseline"][test_set]))


def assert_spanish_wrong(feedback, expected_text: str | None = None):
    assert feedback.status == exercises.WRONG, feedback
    assert not ENGLISH.search(feedback.message), feedback.message
    if expected_text is not None:   # sin contar el valor del estudiante, con el que empieza el mensaje
        assert expected_text not in feedback.message.split(" no es correcto", 1)[-1], feedback.message


def test_the_options_in_the_question_match_the_exercise():
    options = markdown_options("08_aumento_de_datos.ipynb")[-1]   # la primera lista es la del ejercicio 2 (a-f)
    assert_options_match(options, ex.TEST_SET_OPTIONS, {"a": "parecerse", "b": "etiquetas", "c": "semilla", "d": "datos reales"})


def test_each_exercise_has_its_check_cell_in_order(notebook_cells):
    calls = [re.match(r"ex\.(\w+)\.check\((\w+)", c.source.strip()) for c in notebook_cells]
    assert [(m[1], m[2]) for m in calls if m] == [(item.key, item.answer_name) for item in ex.EXERCISES]
    assert notebook_cells[-1].source.startswith("ex.progress()")


def test_the_options_of_exercise_3_are_in_the_question_and_d_is_the_right_one():
    markdown = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")
    question = markdown[markdown.index("### Ejercicio 3"):markdown.index("## 6.")]
    assert re.search(r"\*\*d\)\*\* Mal: la exactitud dejaría de medir", question)
    assert ex.augment_test_set.check(solution_value(ex.augment_test_set)).ok


def test_hints_do_not_give_the_answer_away():
    assert "360" not in ex.rotation_factor.hint().body and "10" not in ex.rotation_factor.hint().body
    assert not re.search(r"[\"«]?\b[abe]\)|\"[abe]\"|opción [abe]", ex.safe_transforms.hint().body)


# --- Ejercicio 1: el factor de RandomRotation -------------------------------------------------------

def test_rotation_factor_question_asks_the_angle_the_checker_expects_and_no_cell_shows_its_answer(notebook_cells):
    markdown = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")
    assert f"hasta ±{ex.MAX_DEGREES}°" in markdown[markdown.index("### Ejercicio 1"):]
    visible = [c.source.split("# >>> SOLUCIÓN")[0] for c in notebook_cells] + [markdown]
    assert not any(re.search(rf"\b{ex.MAX_DEGREES} / 360|{ex.MAX_DEGREES / 360:.3f}", text) for text in visible)


def test_rotation_factor_solution_is_right():
    assert ex.rotation_factor.check(solution_value(ex.rotation_factor)).ok


@pytest.mark.parametrize("value, why", [
    (10, "no recibe grados"), (10 / 180, "360°, no 180°"), (20 / 360, "360°, no 180°"),
    (float(np.radians(10)), "radianes"), (36, "al revés"), (0.1, "porcentaje"), (-10 / 360, "en positivo"),
])
def test_rotation_factor_common_mistakes(value, why):
    feedback = ex.rotation_factor.check(value)
    assert_spanish_wrong(feedback, "0.0277778")
    assert why in feedback.message


def test_rotation_factor_over_180_and_double_over_360_get_one_message_that_fits_both():
    """10/180 == 20/360 (antes, 15/180 == 30/360 recibía el mensaje de 30/360): un mensaje que vale para los dos."""
    first, second = ex.rotation_factor.check(10 / 180), ex.rotation_factor.check(20 / 360)
    assert first.message == second.message
    assert "360°, no 180°" in first.message and "dos sentidos" in first.message


def test_rotation_factor_as_a_keras_tuple_is_explained():
    feedback = ex.rotation_factor.check((-10 / 360, 10 / 360))
    assert_spanish_wrong(feedback, "0.027")
    assert "tupla" in feedback.message and "un solo número" in feedback.message


def test_rotation_factor_decimal_comma():
    feedback = ex.rotation_factor.check((0, 5))
    assert_spanish_wrong(feedback)
    assert "punto" in feedback.message


# --- Ejercicio 2: transformaciones seguras -----------------------------------------------------------

@pytest.mark.parametrize("answer", [{"a", "b", "e"}, ["e", "a", "b"], "a, b, e", {"A", "B", "E"}, frozenset("abe")])
def test_safe_transforms_accepts_the_three_safe_ones_written_in_several_ways(answer):
    assert ex.safe_transforms.check(answer).ok
    assert ex.safe_transforms.check(solution_value(ex.safe_transforms)).ok


@pytest.mark.parametrize("answer, why", [
    ({"a", "b", "e", "c"}, "la opción c no es segura: el volteo horizontal"),
    ({"a", "d"}, "la opción d no es segura: con giros de hasta 180°"),
    ({"c", "f"}, "las opciones c y f no son seguras"),
    ({"a", "b"}, "te falta una"),
    ({"a"}, "te faltan 2"),
    (set(), "no has elegido ninguna"),
    ({"g"}, "usa solo letras de la a a la f"),
    ({1, 2}, "usa solo letras de la a a la f"),
    (3, "escribe un conjunto de letras"),
    ({"a": 1}, "escribe un conjunto de letras"),
])
def test_safe_transforms_mistakes(answer, why):
    feedback = ex.safe_transforms.check(answer)
    assert_spanish_wrong(feedback)
    assert why in feedback.message


def test_safe_transforms_never_names_the_missing_option():
    feedback = ex.safe_transforms.check({"a", "b"})
    assert not re.search(r"\be\b", feedback.message.split("Si te atascas")[0])


# --- Ejercicio 3: ¿aumentar también la prueba? ---------------------------------------------------

@pytest.mark.parametrize("letter, why", [
    ("a", "datos reales que verá la red"), ("b", "las imágenes sí"), ("c", "con o sin semilla"),
])
def test_augment_test_set_wrong_options_explain_themselves(letter, why):
    feedback = ex.augment_test_set.check(letter)
    assert_spanish_wrong(feedback)
    assert why in feedback.message.lower()


def test_augment_test_set_rejects_an_unknown_letter():
    feedback = ex.augment_test_set.check("e")
    assert_spanish_wrong(feedback)
    assert "no es una opción" in feedback.message


# --- Ejercicio 4: la ganancia en puntos ---------------------------------------------------------

def test_moved_gain_solution_is_right():
    value = solution_value(ex.moved_gain, results=RESULTS)
    assert ex.moved_gain.check(value, results=RESULTS).ok
    assert ex.moved_gain.check(gain() + 0.04, results=RESULTS).ok      # tolerancia de 0.05 puntos


@pytest.mark.parametrize("value, why", [
    (gain() / 100, "en fracción"), (-gain(), "al revés"), (100 * gain() / (100 * np.mean(RESULTS["baseline"]["moved"])), "relativa"),
    (gain(test_set="test"), "prueba normal"), (100 * (0.899 - 0.69), "primera repetición"),
])
def test_moved_gain_common_mistakes(value, why):
    feedback = ex.moved_gain.check(value, results=RESULTS)
    assert_spanish_wrong(feedback, f"{gain():.6g}")
    assert why in feedback.message


def test_moved_gain_per_repetition_differences_are_told_to_average():
    per_seed = 100 * (np.array(RESULTS["augmented"]["moved"]) - np.array(RESULTS["baseline"]["moved"]))
    feedback = ex.moved_gain.check(per_seed, results=RESULTS)
    assert_spanish_wrong(feedback)
    assert "3 valores" in feedback.message and "media" in feedback.message


def test_moved_gain_with_one_repetition_has_no_first_repetition_message():
    """En modo rápido hay una sola repetición: «la primera repetición» es la respuesta, no un error."""
    one = {"baseline": {"test": [0.9], "moved": [0.6]}, "augmented": {"test": [0.92], "moved": [0.7]}}
    assert ex.moved_gain.check(10, results=one).ok
    assert "primera repetición" not in ex.moved_gain.check(12, results=one).message


def test_moved_gain_colliding_mistakes_give_no_wrong_message():
    """Ganancia 0: la fracción, el signo cambiado y la relativa son también 0; y si la ganancia en la prueba
    normal coincide con la movida cambiada de signo, ninguno de los dos mensajes puede ser el bueno."""
    zero = {"baseline": {"test": [0.9], "moved": [0.6]}, "augmented": {"test": [0.9], "moved": [0.6]}}
    assert ex.moved_gain.check(0, results=zero).ok
    wrong = ex.moved_gain.check(5, results=zero)
    assert_spanish_wrong(wrong)
    for specific in ("en fracción", "al revés", "relativa", "prueba normal"):
        assert specific not in wrong.message
    mirrored = {"baseline": {"test": [0.9], "moved": [0.6]}, "augmented": {"test": [0.8], "moved": [0.7]}}
    feedback = ex.moved_gain.check(-10, results=mirrored)
    assert_spanish_wrong(feedback)
    assert "al revés" not in feedback.message and "prueba normal" not in feedback.message


def test_moved_gain_small_gain_does_not_confuse_fraction_and_points():
    small = {"baseline": {"test": [0.9], "moved": [0.6]}, "augmented": {"test": [0.9], "moved": [0.6004]}}
    assert ex.moved_gain.check(0.04, results=small).ok
    assert "en fracción" not in ex.moved_gain.check(-0.07, results=small).message


# --- todos los ejercicios: pendiente, tipos equivocados, progreso --------------------------------

CONTEXT = {"moved_gain": {"results": RESULTS}}


def test_every_exercise_waits_for_an_answer():
    for item in ex.EXERCISES:
        feedback = item.check(..., **CONTEXT.get(item.key, {}))
        assert feedback.status == exercises.PENDING and f"`{item.answer_name} = ...`" in feedback.message


@pytest.mark.parametrize("answer", ["quince", [1, 2, 3], {"a": 1}, True, (1.5, 2.5, 3.5)])
def test_wrong_types_get_spanish_feedback(answer):
    for item in ex.EXERCISES:
        assert_spanish_wrong(item.check(answer, **CONTEXT.get(item.key, {})))


def test_progress_counts_solved_exercises():
    assert "0 de 4" in ex.progress().body
    ex.rotation_factor.check(10 / 360)
    ex.safe_transforms.check({"a"})
    body = ex.progress().body
    assert "1 de 4" in body and "Ejercicio 2 (incorrecto)" in body and "Ejercicio 4 (sin responder)" in body
    for item in ex.EXERCISES:
        item.check(solution_value(item, results=RESULTS), **CONTEXT.get(item.key, {}))
    assert "4 de 4" in ex.progress().body
