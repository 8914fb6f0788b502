"""Ejercicios del notebook 07 (course_lib/lessons/convolution/exercises.py): correcto, errores típicos,
pendiente, tipos equivocados, progreso y coherencia con el notebook."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest

from exercise_helpers import assert_options_match, fresh_exercises, markdown_options

from course_lib import exercises
from course_lib.lessons.convolution import compute
from course_lib.lessons.convolution import exercises as ex

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "07_redes_convolucionales.ipynb"
ENGLISH = re.compile(r"\w+Error\b|Traceback|could not|invalid literal|object has no|\bargument\b|\bunpack\b")


fresh = fresh_exercises(ex.EXERCISES)


@pytest.fixture(scope="module")
def notebook_cells():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def build_cnn(notebook_cells):
    """La función ``build_cnn`` tal como está en el notebook (si cambia la arquitectura, cambia aquí)."""
    cell = next(c for c in notebook_cells if "def build_cnn" in c.source)
    tree = ast.parse(cell.source)
    namespace = {"keras": keras}
    exec(compile(ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef)], []), "build_cnn", "exec"), namespace)
    return namespace["build_cnn"]


@pytest.fixture(scope="module")
def cnn(build_cnn):
    return build_cnn()


@pytest.fixture(scope="module")
def conv_context():
    rng = np.random.default_rng(7)
    image = rng.random((28, 28))
    sobel = compute.preset_kernel("vertical_edges")
    return {"image": image, "kernel": sobel, "feature_map": compute.conv2d(image, sobel)}


def solution_value(item, **namespace):
    """Ejecuta la solución del ejercicio y devuelve el valor de su variable de respuesta."""
    scope = {"np": np, **namespace}
    exec(item.solution_code, scope)
    return scope[item.answer_name]


def assert_spanish_wrong(feedback, expected_text: str | None = None):
    assert feedback.status == exercises.WRONG, feedback
    assert not ENGLISH.search(feedback.message), feedback.message
    if expected_text is not None:   # sin contar el valor del estudiante, con el que empieza el mensaje
        assert expected_text not in feedback.message.split(" no es correcto", 1)[-1], feedback.message


def cnn_like(filters=(32, 32, 64, 64), padding="same", flatten_name=None):
    f1, f2, f3, f4 = filters
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(f1, 3, padding=padding, activation="relu"),
        keras.layers.Conv2D(f2, 3, padding=padding, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(f3, 3, padding=padding, activation="relu"),
        keras.layers.Conv2D(f4, 3, padding=padding, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Dropout(0.25),
        keras.layers.Flatten(name=flatten_name),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])


def test_the_options_in_the_question_match_the_exercise():
    (options,) = markdown_options("07_redes_convolucionales.ipynb")
    assert_options_match(options, ex.WHY_CNN_OPTIONS, {"a": "pesos", "b": "más capas", "c": "dropout", "d": "épocas"})


def test_each_exercise_has_its_check_cell_in_order(notebook_cells):
    calls = [re.match(r"ex\.(\w+)\.check\((\w+)", c.source.strip()) for c in notebook_cells]
    assert [(m[1], m[2]) for m in calls if m] == [(item.key, item.answer_name) for item in ex.EXERCISES]
    assert notebook_cells[-1].source.startswith("ex.progress()")


def test_hints_do_not_give_the_answer_away():
    for item, answer in zip(ex.EXERCISES, ["12:15", "12", "12816", "3136", '"a"']):
        assert answer not in item.hint().body, item.key
    assert "16" not in ex.conv_layer_params.hint().body and "32" not in ex.conv_layer_params.hint().body


def test_no_visible_cell_shows_the_answer_of_exercise_3(notebook_cells):
    """Ni el código antes de la solución, ni el Markdown, ni las salidas guardadas (celdas contrato)."""
    markdown = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown"]
    outputs = [str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for c in notebook_cells for o in c.outputs]
    visible = [c.source.split("# >>> SOLUCIÓN")[0] for c in notebook_cells] + markdown + outputs
    expected = compute.conv_params(ex.LAYER3["kernel_size"], ex.LAYER3["in_channels"], ex.LAYER3["filters"])
    question = next(t for t in markdown if "### Ejercicio 3" in t)
    assert f"Conv2D({ex.LAYER3['filters']}, kernel_size={ex.LAYER3['kernel_size']})" in question
    assert not any(re.search(rf"\b{expected}\b|\b{expected // 1000} {expected % 1000:03d}\b", text) for text in visible)


# --- Ejercicio 1: un valor del mapa -----------------------------------------------------------------

def test_feature_map_value_solution_is_right(conv_context):
    value = solution_value(ex.feature_map_value, image=conv_context["image"], sobel=conv_context["kernel"])
    assert ex.feature_map_value.check(value, **conv_context).ok


@pytest.mark.parametrize("mistake, why", [
    (lambda im, k: np.sum(im[11:14, 24:27] * k), "has centrado la ventana"),
    (lambda im, k: np.sum(im[12:15, 25:28] * k[::-1, ::-1]), "has volteado el filtro"),
    (lambda im, k: np.sum(im[12:15, 25:28]), "sin multiplicarlos por el filtro"),
    (lambda im, k: np.mean(im[12:15, 25:28] * k), "has hecho la media"),
    (lambda im, k: np.sum(im[25:28, 12:15] * k), "has cambiado la fila por la columna"),
])
def test_feature_map_value_common_mistakes(conv_context, mistake, why):
    feedback = ex.feature_map_value.check(mistake(conv_context["image"], conv_context["kernel"]), **conv_context)
    expected = exercises._fmt(conv_context["feature_map"][12, 25])
    assert_spanish_wrong(feedback, expected)
    assert why in feedback.message


def test_feature_map_value_an_array_is_told_to_sum(conv_context):
    window = conv_context["image"][12:15, 25:28] * conv_context["kernel"]
    feedback = ex.feature_map_value.check(window, **conv_context)
    assert_spanish_wrong(feedback)
    assert "(3, 3)" in feedback.message and "np.sum" in feedback.message


def test_feature_map_value_colliding_mistakes_say_nothing_specific():
    """Con una imagen constante, la ventana centrada y la buena dan lo mismo: ningún mensaje de error típico."""
    image = np.ones((28, 28))
    sobel = compute.preset_kernel("vertical_edges")
    context = {"image": image, "kernel": sobel, "feature_map": compute.conv2d(image, sobel)}
    assert ex.feature_map_value.check(0.0, **context).ok
    wrong = ex.feature_map_value.check(9.0, **context)
    assert_spanish_wrong(wrong)
    assert "centrado" not in wrong.message and "volteado" not in wrong.message


# --- Ejercicio 2: el tamaño de la salida ---------------------------------------------------------

def test_output_height_solution_is_right():
    assert ex.output_height.check(solution_value(ex.output_height)).ok


@pytest.mark.parametrize("value, why", [
    (12.5, "redondea hacia abajo"), (13, "hacia arriba"), (11, "te falta el + 1"), (11.5, "te falta el + 1"),
    (24, "paso 1"), (14, "padding='same'"),
])
def test_output_height_common_mistakes(value, why):
    feedback = ex.output_height.check(value)
    assert_spanish_wrong(feedback, "12 ")
    assert why in feedback.message


# --- Ejercicio 3: parámetros de una capa convolucional -------------------------------------------

def test_conv_layer_params_solution_is_right():
    assert ex.conv_layer_params.check(solution_value(ex.conv_layer_params)).ok


def test_conv_layer_params_matches_keras():
    layer = keras.layers.Conv2D(16, 5)
    layer.build((None, 12, 12, 32))
    assert ex.conv_layer_params.check(layer.count_params()).ok


@pytest.mark.parametrize("value, why", [
    (5 * 5 * 32 * 16, "sesgos"), ((5 * 5 + 1) * 16, "canales de entrada"), (5 * 5 * 32 + 1, "un solo filtro"),
    ((3 * 3 * 32 + 1) * 16, "3 × 3"), (12 * 12 * 32 * 16 + 16, "no dependen del tamaño"),
])
def test_conv_layer_params_common_mistakes(value, why):
    feedback = ex.conv_layer_params.check(value)
    assert_spanish_wrong(feedback, "12816")
    assert why in feedback.message


# --- Ejercicio 4: el tamaño tras aplanar, del modelo ---------------------------------------------

def test_flattened_size_solution_matches_the_notebook_cnn(cnn):
    """La solución escrita en el notebook (p. ej. 7 * 7 * 64) sigue valiendo para la CNN del notebook."""
    assert ex.flattened_size.check(solution_value(ex.flattened_size), model=cnn).ok


def test_flattened_size_is_computed_from_the_model():
    for model, expected in [(cnn_like(), 7 * 7 * 64), (cnn_like((16, 16, 32, 32)), 7 * 7 * 32),
                            (cnn_like(padding="valid"), 4 * 4 * 64)]:
        assert ex.flattened_size.check(expected, model=model).ok
        assert not ex.flattened_size.check(expected + 1, model=model).ok


@pytest.mark.parametrize("value, why", [
    (4 * 4 * 64, "28 → 26 → 24 → 12 → 10 → 8 → 4"), (14 * 14 * 64, "te falta el último pooling"),
    (7 * 7 * 32, "ÚLTIMA convolución"), (7 * 7, "te faltan los canales"), (128, "DESPUÉS de aplanar"),
    (784, "imagen de entrada"),
])
def test_flattened_size_common_mistakes(value, why):
    feedback = ex.flattened_size.check(value, model=cnn_like(flatten_name="aplanar"))
    assert_spanish_wrong(feedback, "3136")
    assert why in feedback.message


def test_flattened_size_mistakes_follow_the_architecture():
    """Con 16-16-32-64 filtros, 7 × 7 × 16 = 784 es a la vez la imagen aplanada y «otros filtros»: ningún
    mensaje de los dos; con relleno valid no hay mensaje de «sin relleno»."""
    feedback = ex.flattened_size.check(784, model=cnn_like((16, 16, 32, 64)))
    assert_spanish_wrong(feedback)
    assert "imagen de entrada" not in feedback.message and "ÚLTIMA" not in feedback.message
    assert "ÚLTIMA" in ex.flattened_size.check(7 * 7 * 32, model=cnn_like((16, 16, 32, 64))).message
    valid = ex.flattened_size.check(7 * 7 * 64, model=cnn_like(padding="valid"))
    assert_spanish_wrong(valid, "1024")
    assert "padding='valid'" not in valid.message


def test_flattened_size_without_flatten_is_a_spanish_error():
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(4, 3),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
    feedback = ex.flattened_size.check(4, model=model)
    assert feedback.status == exercises.ERROR and "Flatten" in feedback.message


# --- Ejercicio 5: por qué gana la CNN --------------------------------------------------------------

def test_why_cnn_wins_is_a_and_every_other_option_explains_itself():
    assert ex.why_cnn_wins.check(solution_value(ex.why_cnn_wins)).ok
    assert ex.why_cnn_wins.check("A)").ok
    for letter, why in [("b", "Más capas no garantiza"), ("c", "dropout"), ("d", "mismas épocas")]:
        feedback = ex.why_cnn_wins.check(letter)
        assert_spanish_wrong(feedback)
        assert why in feedback.message


# --- todos los ejercicios: pendiente, tipos equivocados, progreso --------------------------------

def contexts(conv_context, cnn):
    return {"feature_map_value": conv_context, "flattened_size": {"model": cnn}}


def test_every_exercise_waits_for_an_answer(conv_context, cnn):
    for item in ex.EXERCISES:
        feedback = item.check(..., **contexts(conv_context, cnn).get(item.key, {}))
        assert feedback.status == exercises.PENDING and f"`{item.answer_name} = ...`" in feedback.message


@pytest.mark.parametrize("answer", ["doce", [1, 2], {"a": 1}, True, (1, 2, 3)])
def test_wrong_types_get_spanish_feedback(conv_context, cnn, answer):
    for item in ex.EXERCISES:
        feedback = item.check(answer, **contexts(conv_context, cnn).get(item.key, {}))
        assert_spanish_wrong(feedback)


def test_progress_counts_solved_exercises(conv_context, cnn):
    assert "0 de 5" in ex.progress().body
    ex.output_height.check(12)
    ex.conv_layer_params.check(3)
    body = ex.progress().body
    assert "1 de 5" in body and "Ejercicio 3 (incorrecto)" in body and "Ejercicio 1 (sin responder)" in body
    namespace = {"image": conv_context["image"], "sobel": conv_context["kernel"]}
    for item in ex.EXERCISES:
        item.check(solution_value(item, **namespace), **contexts(conv_context, cnn).get(item.key, {}))
    assert "5 de 5" in ex.progress().body and "¡Todos!" in ex.progress().body
