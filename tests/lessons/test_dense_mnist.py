"""Pruebas de la lección dense_mnist (notebook 05): el explorador de predicciones y el notebook."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid

from course_lib.lessons import dense_mnist
from course_lib.lessons.dense_mnist import compute


def make_predictions(n=12, classes=10, wrong=(1, 4, 7)):
    """Probabilidades que aciertan todas las imágenes salvo las de ``wrong`` (predicen la clase siguiente)."""
    labels = np.arange(n) % classes
    predicted = labels.copy()
    predicted[list(wrong)] = (labels[list(wrong)] + 1) % classes
    probabilities = np.full((n, classes), 0.003)
    probabilities[np.arange(n), predicted] = 1 - 0.003 * (classes - 1)
    images = np.random.default_rng(0).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    return images, labels, probabilities


# --------------------------------------------------------------------------- cálculo


def test_compute_imports_neither_matplotlib_nor_widgets_nor_plots():
    tree = ast.parse(inspect.getsource(compute))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(n.split(".")[0] in {"matplotlib", "ipywidgets"} for n in names)
    assert not any(n.startswith("course_lib.plots") or n.startswith("course_lib.explorer") for n in names)


def test_prediction_view_walks_all_images_or_only_errors():
    images, labels, probabilities = make_predictions()
    data = dense_mnist.predictions(images, labels, probabilities)
    assert data["errors"].tolist() == [1, 4, 7]
    view = dense_mnist.prediction_view(data, 3)
    assert (view["position"], view["label"], view["predicted"]) == (3, 3, 3)
    assert view["image"].shape == (28, 28) and view["n_errors"] == 3
    view = dense_mnist.prediction_view(data, 2, only_errors=True)
    assert (view["position"], view["label"], view["predicted"]) == (7, 7, 8)
    assert view["n_candidates"] == 3
    with pytest.raises(ValueError, match="entre 0 y 2"):
        dense_mnist.prediction_view(data, 3, only_errors=True)


@pytest.mark.parametrize("as_labels", [
    lambda y: y,                                  # enteras, como y_test
    lambda y: np.eye(10, dtype="float32")[y],     # one-hot, como y_test_oh
    lambda y: y.reshape(-1, 1),                   # una columna
])
def test_labels_may_be_integers_or_one_hot(as_labels):
    images, labels, probabilities = make_predictions()
    data = dense_mnist.predictions(images, as_labels(labels), probabilities)
    np.testing.assert_array_equal(data["labels"], labels)
    assert data["errors"].tolist() == [1, 4, 7]


def test_flattened_images_are_shown_as_28_by_28():
    images, labels, probabilities = make_predictions()
    data = dense_mnist.predictions(images.reshape(len(images), 784) / 255, labels, probabilities)
    assert dense_mnist.prediction_view(data, 0)["image"].shape == (28, 28)


@pytest.mark.parametrize("change, message", [
    (lambda i, y, p: (i[:5], y, p), "Hay 5 imágenes y 12 filas"),
    (lambda i, y, p: (i, y[:5], p), "5 elementos, y deberían tener uno por ejemplo"),
    (lambda i, y, p: (i, y, p[:, 0]), r"forma \(n, clases\)"),
    (lambda i, y, p: (i, y + 0.5, p), "decimales"),
    (lambda i, y, p: (i, y - 1, p), "fuera del rango 0..9"),
    (lambda i, y, p: (i, y + 10, p), r"fuera del rango 0..9"),
])
def test_bad_input_is_refused_in_spanish(change, message):
    with pytest.raises(ValueError, match=message):
        dense_mnist.predictions(*change(*make_predictions()))


# --------------------------------------------------------------------------- figura y texto


def test_digits_are_white_on_black_like_the_image_grids():
    images, labels, probabilities = make_predictions()
    view = dense_mnist.prediction_view(dense_mnist.predictions(images, labels, probabilities), 1)
    fig = dense_mnist.draw_prediction(view)
    (shown,) = fig.axes[0].get_images()
    assert shown.get_cmap().name == "gray"
    assert "Predicha: 2 (97.3 %)" == fig.axes[1].get_title()


def test_summary_uses_one_rounding_and_spanish_percent():
    images, labels, probabilities = make_predictions()
    data = dense_mnist.predictions(images, labels, probabilities)
    text = dense_mnist.summarize_prediction(dense_mnist.prediction_view(data, 0, only_errors=True))
    assert text.startswith("Imagen n.º 1: real 1, predicha 2 (97.3 %) · error · error 1 de 3")


# --------------------------------------------------------------------------- explorador


def test_explorer_with_one_hot_labels_and_only_errors_adjusts_the_index_range():
    images, labels, probabilities = make_predictions()
    exp = dense_mnist.prediction_explorer(images, np.eye(10)[labels], probabilities)
    exp.display()
    assert exp.error is None and exp.result["position"] == 0
    assert exp.controls["index"].max == 11
    exp.set(index=5)
    result = exp.set(only_errors=True)
    # Solo errores: el rango es el de los errores y se salta al primer error desde la imagen 5.
    assert exp.controls["index"].max == 2
    assert result["position"] == 7 and exp.controls["index"].value == 2
    assert "error 3 de 3" in exp.readout.value
    exp.set(index=0)
    assert exp.result["position"] == 1
    # De vuelta a todas: la misma imagen (n.º 1), con el rango completo.
    exp.set(only_errors=False)
    assert exp.controls["index"].max == 11 and exp.result["position"] == 1
    assert exp.figure.last_png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="va de 0 a 11"):
        exp.set(index=12)


def test_setting_the_same_filter_again_does_not_move_the_index():
    images, labels, probabilities = make_predictions()
    exp = dense_mnist.prediction_explorer(images, labels, probabilities)
    exp.set(index=6)
    exp.set(only_errors=False)
    assert exp.result["position"] == 6


def test_every_control_value_is_valid():
    exp = dense_mnist.prediction_explorer(*make_predictions())
    assert_every_control_value_is_valid(exp)
    exp.set(only_errors=True)
    assert_every_control_value_is_valid(exp)


def test_a_network_without_errors_shows_a_message_not_an_error():
    exp = dense_mnist.prediction_explorer(*make_predictions(wrong=()))
    exp.set(only_errors=True)
    assert exp.error is None and exp.result["position"] is None
    assert "no se equivoca en ninguna de las 12 imágenes" in exp.readout.value
    assert_every_control_value_is_valid(exp)


# --------------------------------------------------------------------------- el notebook 05

NOTEBOOK = __import__("pathlib").Path(__file__).resolve().parents[2] / "notebooks" / "05_red_densa_mnist.ipynb"

#: El código de los apuntes, tal cual (con sus errores): contrato deliberado del notebook 05.
NOTES_LISTING = [
    "from tensorflow.keras.datasets import mnist",
    "import tensorflow.keras as keras",
    "from tensorflow.keras.models import Sequential",
    "from tensorflow.keras.layers import Dense",
    "(x_train, y_train), (x_valid, y_valid) = mnist.load_data()",
    "x_train = x_train/255",
    "x_valid = x_valid/255",
    "x_train.reshape(60000, 784)",
    "x_valid.reshape(60000, 784)",
    "num_categories = 10",
    "y_train = keras.utils.to_categorical(y_train, num_categories)",
    "y_valid = keras.utils.to_categorical(y_valid, num_categories)",
    "model = Sequential()",
    'model.add(Dense(units=512, activation="ReLu", input_shape=(784,)))',
    'model.add(Dense(unit=512, activation="ReLu"))',
    'model.add(Dense(unit=10, activation="softmax"))',
    "model.compile(loss=\"categorical_crossentropy\", metrics=['accuracy'])",
    "model.fit(x_train, y_train, epochs=10, validation_data=[x_valid, y_valid])",
]


def _cells():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return code, markdown


def test_notebook_shows_the_notes_listing_as_it_is():
    _, markdown = _cells()
    start = markdown.index("```python\nfrom tensorflow.keras.datasets import mnist")
    listing = markdown[start:markdown.index("```", start + 3)].splitlines()[1:]
    assert [line for line in listing if line.strip()] == NOTES_LISTING


def test_notebook_trains_with_plain_keras_and_the_live_curves_callback():
    code, markdown = _cells()
    for gone in ("training.fit(", "compile_model", "fast_compile_options", "course_lib.widgets",
                 "widgets.prediction_explorer", "def thousands"):
        assert gone not in code, gone
    assert "model.compile(\n    optimizer=\"rmsprop\"" in code
    assert "jit_compile=True" in code and "steps_per_execution=32" in code
    assert "validation_data=(x_val, y_val)" in code and "verbose=0" in code
    assert "training.LiveCurves()" in code
    assert "dense_mnist.prediction_explorer(x_test, y_test, probabilities)" in code
    assert "keras.Input(shape=(784,))" in code and "catch_warnings(record=True)" in code
    # El error 2 dice bien el sentido: faltan valores, no sobran.
    assert "**no bastan**" in markdown and "no caben" not in markdown
