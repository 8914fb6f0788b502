"""Los ejercicios del notebook 00 (``course_lib/lessons/welcome/exercises.py``): solución, errores típicos y progreso."""

import pytest

from course_lib.exercise_set import note_cell
from course_lib.exercises import ERROR, PENDING, RIGHT, WRONG
from course_lib.lessons.welcome import exercises as ex
from exercise_helpers import (assert_options_match, assert_spanish, fresh_exercises,
                              markdown_options, solution_value)

NOTEBOOK = "00_bienvenida_y_entorno.ipynb"


fresh = fresh_exercises(ex.EXERCISES)


@pytest.mark.parametrize("key", list(ex.EXERCISES.exercises))
def test_the_solution_is_right_and_the_empty_answer_is_pending(key):
    item = ex.EXERCISES.exercises[key]
    assert item.check(...).status == PENDING
    answer = solution_value(item.solution_code, item.answer_name)
    feedback = item.check(answer)
    assert feedback.ok, feedback.text()
    assert feedback.message.startswith("correcto")


def test_multiple_choice_letters_are_not_all_b():
    assert ex.gpu_speed.check("d").ok and ex.quick_mode.check("a").ok
    assert ex.gpu_speed.check(" D) ").ok                       # mayúscula y paréntesis: la misma letra
    for key, letter in (("gpu_speed", "b"), ("quick_mode", "b")):
        assert ex.EXERCISES.exercises[key].check(letter).status == WRONG


@pytest.mark.parametrize("key, answer, said", [
    ("matmul_flops", 1000**3, "has contado las multiplicaciones"),
    ("matmul_flops", 1000**2, "número de elementos del resultado"),
    ("matmul_flops", 2 * 1000**2, "cada uno necesita 2n"),
    ("matmul_flops", 2 * 1000 ^ 3, "`^` no es la potencia"),
    ("matmul_flops", 1000 ^ 3, "`^` no es la potencia"),
    ("matmul_flops", -2 * 1000**3, "signo cambiado"),
    ("matmul_flops", 2 * 10**10, "10 veces más grande"),
    ("doubling_cost", 2, "no crece de forma lineal"),
    ("doubling_cost", 4, "n² (el número de pesos)"),
    ("doubling_cost", 6, "el exponente no multiplica"),
    ("doubling_cost", 16, "no como n⁴"),
    ("doubling_cost", 1 / 8, "al revés"),
    ("doubling_cost", 2 ^ 3, "`^` no es la potencia"),
    ("gpu_speed", "a", "cada núcleo de una GPU es más sencillo"),
    ("gpu_speed", "b", "TensorFlow aprovecha bien la CPU"),
    ("gpu_speed", "c", "El número de operaciones es el mismo"),
    ("quick_mode", "b", "solo cambian los tamaños"),
    ("quick_mode", "c", "Ningún modo puede crear una GPU"),
    ("quick_mode", "d", "Las semillas se fijan igual"),
])
def test_common_mistakes_get_their_own_message_and_keep_the_answer_hidden(key, answer, said):
    feedback = ex.EXERCISES.exercises[key].check(answer)
    assert feedback.status == WRONG
    assert said in feedback.message
    shown = f"{answer:,}".replace(",", " ") if isinstance(answer, int) and abs(answer) >= 10_000 else str(answer)
    text = feedback.text().replace(shown, "")                   # sin el valor del estudiante, que se repite
    for hidden in ("2000000000", "2 000 000 000", "2e+09", "(8)", "«La GPU hace miles", "«Usa subconjuntos"):
        assert hidden not in text
    assert feedback.hint and "solution()" in feedback.message


def test_the_exact_count_with_n_minus_one_additions_is_accepted_and_explained():
    feedback = ex.matmul_flops.check(1000 * 1000 * 1999)
    assert feedback.ok and "n − 1 sumas" in feedback.message


@pytest.mark.parametrize("key, answer, said", [
    ("matmul_flops", "2000000000", "sin comillas"),
    ("matmul_flops", (2, 5), "coma decimal"),
    ("matmul_flops", [2, 1000], "una lista"),
    ("matmul_flops", True, "valor lógico"),
    ("doubling_cost", "ocho", "texto entre comillas"),
    ("doubling_cost", float("nan"), "no es un número finito"),
    ("gpu_speed", 4, "no es una opción"),
    ("gpu_speed", "e", "no es una opción"),
    ("quick_mode", ["a"], "no es una opción"),
])
def test_wrong_types_are_explained_in_spanish(key, answer, said):
    feedback = ex.EXERCISES.exercises[key].check(answer)
    assert feedback.status == WRONG and said in feedback.message
    assert_spanish(feedback.text())


def test_a_failed_answer_cell_is_not_graded_with_its_old_value():
    note_cell('respuesta_3 = "d"', ok=True)
    note_cell("respuesta_3 = d", ok=False, error=NameError("name 'd' is not defined"))
    try:
        feedback = ex.gpu_speed.check("d")                      # el valor anterior, que sería correcto
        assert feedback.status == ERROR and "terminó con un error" in feedback.message
        assert_spanish(feedback.message)
    finally:
        note_cell('respuesta_3 = "d"', ok=True)
    assert ex.gpu_speed.check("d").ok


def test_hint_and_solution_and_progress():
    assert "2 000 000 000" not in ex.matmul_flops.hint().text()
    assert "inténtalo primero" in ex.matmul_flops.solution().text()
    assert ex.matmul_flops.solution(reveal=True).code == "respuesta_1 = 2 * 1000**3"
    assert "0 de 4" in ex.progress().text()
    ex.matmul_flops.check(2 * 1000**3)
    ex.doubling_cost.check(4)
    ex.gpu_speed.check("d")
    text = ex.progress().text()
    assert "2 de 4" in text
    assert "Ejercicio 2 (incorrecto)" in text and "Ejercicio 4 (sin responder)" in text
    assert [row["result"] for row in ex.EXERCISES.record()] == ["correcto", "incorrecto", "correcto", "sin responder"]
    assert ex.matmul_flops.solution().code == "respuesta_1 = 2 * 1000**3"   # tras un intento, sin reveal
    ex.doubling_cost.check(8)
    ex.quick_mode.check("a")
    assert "4 de 4" in ex.progress().text() and "¡Todos!" in ex.progress().text()


def test_the_notebook_shows_the_same_options_with_the_same_letters():
    gpu, quick = markdown_options(NOTEBOOK)
    assert_options_match(gpu, ex.GPU_OPTIONS, {"a": "más rápido", "b": "TensorFlow", "c": "menos operaciones",
                                               "d": "miles de operaciones sencillas"})
    assert_options_match(quick, ex.QUICK_OPTIONS, {"a": "subconjuntos", "b": "otro algoritmo", "c": "GPU",
                                                   "d": "semillas"})
