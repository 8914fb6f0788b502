"""Pruebas de las figuras y el explorador de la lección 04, y de las celdas del notebook 04 que
enseñan: sus activaciones en NumPy dan lo mismo que las de la biblioteca, y sus redes profundas
muestran el desvanecimiento y la explosión del gradiente que dice el texto."""

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid
from matplotlib.figure import Figure

from course_lib.lessons import activations as A

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_funciones_de_activacion.ipynb"


def notebook_cell(marker: str) -> str:
    """El código de la única celda del notebook 04 que contiene ``marker``."""
    cells = [c.source for c in nbformat.read(NOTEBOOK, 4).cells if c.cell_type == "code" and marker in c.source]
    assert len(cells) == 1, f"se esperaba una celda con {marker!r} y hay {len(cells)}"
    return cells[0]


def run_definitions(source: str, namespace: dict, keep=()) -> dict:
    """Ejecuta de ``source`` solo las funciones, los imports y las asignaciones a ``keep``."""
    tree = ast.parse(source)
    body = [node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom))
            or (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id in keep for t in node.targets))]
    exec(compile(ast.Module(body=body, type_ignores=[]), str(NOTEBOOK), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def notebook_functions():
    import math

    ns = run_definitions(notebook_cell("def gelu_derivative"), {"np": np, "math": math}, keep=("erf", "ours"))
    return ns["ours"]


# ------------------------------------------------------------------ las funciones del notebook


def test_the_notebooks_activations_equal_the_librarys(notebook_functions):
    assert set(notebook_functions) == {"sigmoid", "tanh", "relu", "leaky_relu", "gelu"}
    x = np.linspace(-8, 8, 1601)
    for name, (f, df) in notebook_functions.items():
        np.testing.assert_allclose(f(x), A.get(name).function(x), atol=1e-12, err_msg=name)
        np.testing.assert_allclose(df(x), A.get(name).derivative(x), atol=1e-12, err_msg=name)


def test_the_notebooks_stable_softmax_equals_the_librarys():
    ns = run_definitions(notebook_cell("def softmax(z)"), {"np": np})
    z = np.array([[2.0, 1.0, 0.1], [1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    np.testing.assert_allclose(ns["softmax"](z), A.softmax(z), atol=1e-12)


# ------------------------------------------------------------------ figuras


def test_grid_figure():
    fig = A.grid_figure([A.grid_transform("linear", seed=3), A.grid_transform("tanh", seed=3)])
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    assert fig.axes[1].get_title() == "3 capas sin activación" and fig.axes[2].get_title() == "3 capas con tanh"
    with pytest.raises(ValueError, match="No hay transformaciones"):
        A.grid_figure([])


def test_activation_gallery():
    fig = A.activation_gallery(["sigmoid", "relu"])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["sigmoide: salida en (0, 1)", "ReLU: salida en [0, ∞)"]
    assert len(fig.legends) == 1
    with pytest.raises(ValueError, match="intervalo de entradas está vacío"):
        A.activation_gallery(x_range=(1, 1))


def test_draw_neuron_figure():
    fig = A.draw_neuron(A.neuron_response("tanh", 2.0, 1.0))
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert fig.axes[0].get_xlabel() == "Entrada x" and fig.axes[1].get_ylabel() == "Derivada"
    assert "w = 2.0 y b = 1.0" in fig._suptitle.get_text()
    gelu = A.draw_neuron(A.neuron_response("gelu", 1.0, 0.0))
    assert gelu.axes[1].get_ylim()[0] < -0.129          # se ve la parte negativa de la derivada


def test_gradient_norms_figure_and_summary():
    norms = {"sigmoide": [8e-10, 1e-5, 0.73], "tanh, pesos grandes": [4.5e3, 30.0, 0.65]}
    text = A.summarize_gradient_norms(norms)
    assert text.splitlines() == ["sigmoide: 1.ª capa 8.0e-10 · salida 7.3e-01 · 1.ª/salida = 1e-09",
                                 "tanh, pesos grandes: 1.ª capa 4.5e+03 · salida 6.5e-01 · 1.ª/salida = 7e+03"]
    fig = A.gradient_norms_figure(norms)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel().startswith("Capa")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["sigmoide  (1.ª/salida = 1e-09)", "tanh, pesos grandes  (1.ª/salida = 7e+03)"]
    assert A.ratio_text([1.0, 0.0]) == "∞"
    with pytest.raises(ValueError, match="No hay normas"):
        A.gradient_norms_figure({})
    with pytest.raises(ValueError, match="no negativos"):
        A.summarize_gradient_norms({"mal": [-1.0, 2.0]})


def test_compare_histories_figure():
    fig = A.compare_histories({"sigmoide": {"loss": [2.3, 2.3], "accuracy": [0.1, 0.11]},
                               "ReLU": {"loss": [1.0, 0.5], "accuracy": [0.7, 0.9],
                                        "val_accuracy": [0.6, 0.8]}}, title="Comparación")
    ax_loss, ax_acc = fig.axes
    assert ax_loss.get_title() == "Pérdida de entrenamiento" and ax_acc.get_ylabel() == "Exactitud (%)"
    labels = [t.get_text() for t in ax_acc.get_legend().get_texts()]
    assert "ReLU (validación)" in labels and "azar (10 clases)" in labels
    with pytest.raises(ValueError, match="no tiene pérdida"):
        A.compare_histories({"x": {"accuracy": [0.5]}})


# ------------------------------------------------------------------ explorador


def test_neuron_summary_in_spanish():
    text = A.summarize_neuron(A.neuron_response("relu", 1.0, -6.0))
    assert text.startswith("ReLU, w = 1.0, b = -6.0: salida de 0.00 a 0.00 para x en [-4, 4]")
    assert "neurona muerta" in text
    assert "apagada) en el 50 %" in A.summarize_neuron(A.neuron_response("relu", 1.0, 0.0, n_points=400))
    assert "saturada en todo el intervalo" in A.summarize_neuron(A.neuron_response("sigmoid", 1.0, -9.0))
    assert "no depende de x" in A.summarize_neuron(A.neuron_response("tanh", 0.0, 0.5))
    assert "-0.00" not in A.summarize_neuron(A.neuron_response("tanh", -0.0, -0.0))


def test_activation_explorer_reacts_to_every_control():
    exp = A.activation_explorer()
    assert list(exp.controls) == ["activation", "weight", "bias", "x_extent"]
    first = exp.result
    png0, text0 = exp.figure.last_png, exp.readout.value
    assert first["activation"] == "sigmoid" and first["state"] == "active" and exp.figure.updates == 1
    assert text0.startswith("sigmoide, w = 1.0, b = 0.0")

    exp.set(weight=5.0)
    assert exp.result["weight"] == 5.0 and exp.result["state"] == "partial"
    assert "w = 5.0" in exp.readout.value and exp.figure.last_png != png0
    png1 = exp.figure.last_png

    exp.set(activation="relu", weight=1.0, bias=-6.0)
    assert exp.result["state"] == "dead" and "neurona muerta" in exp.readout.value
    assert exp.figure.last_png != png1

    exp.controls["activation"].value = "leaky_relu"       # como si el estudiante usara el desplegable
    assert exp.result["activation"] == "leaky_relu" and exp.result["state"] == "active"
    assert exp.readout.value.startswith("leaky ReLU")

    exp.controls["weight"].value = 2.0                    # el deslizador, directamente
    assert exp.result["weight"] == 2.0 and "w = 2.0" in exp.readout.value

    exp.set(x_extent=8.0)
    assert exp.result["x_range"] == (-8.0, 8.0) and "x en [-8, 8]" in exp.readout.value
    updates = exp.figure.updates
    exp.refresh()                                          # nada cambió: no redibuja
    assert exp.figure.updates == updates


def test_activation_explorer_refuses_values_its_controls_cannot_take():
    exp = A.activation_explorer()
    before = exp.result
    with pytest.raises(ValueError, match="«Peso w» \\(weight\\) va de -10 a 10"):
        exp.set(weight=11.0)
    with pytest.raises(ValueError, match="no tiene la opción 'softmax'"):
        exp.set(activation="softmax")
    with pytest.raises(ValueError, match="va de 1 a 10"):
        exp.set(x_extent=0.0)
    with pytest.raises(ValueError, match="Control desconocido"):
        exp.set(peso=1.0)
    assert exp.values()["weight"] == 1.0 and exp.result is before and exp.error is None
    with pytest.raises(ValueError, match="No hay activación 'escalon'"):
        A.activation_explorer("escalon")


def test_every_control_value_is_valid():
    assert_every_control_value_is_valid(A.activation_explorer())


def test_explorer_draws_the_notebooks_functions(notebook_functions):
    exp = A.activation_explorer(functions=notebook_functions)
    assert [v for _, v in exp.controls["activation"].options] == list(notebook_functions)
    exp.set(activation="gelu", weight=1.0, bias=0.0)
    f, df = notebook_functions["gelu"]
    np.testing.assert_allclose(exp.result["y"], f(exp.result["x"]))
    np.testing.assert_allclose(exp.result["dy"], df(exp.result["x"]))
    assert exp.readout.value.startswith("GELU")
    # Los deslizadores son los mismos que con las funciones de la biblioteca (prueba anterior):
    # aquí basta con cada una de las funciones del notebook.
    assert_every_control_value_is_valid(exp, skip=("weight", "bias", "x_extent"))


def test_an_error_in_the_students_function_shows_in_the_readout():
    def broken(x):
        raise ZeroDivisionError("división por cero")

    exp = A.activation_explorer("relu", functions={"relu": (A.relu, A.relu_derivative), "rota": (broken, broken)})
    exp.set(activation="rota")
    assert exp.result is None and "falla con un array" in exp.error and "⚠️" in exp.readout.value
    exp.set(activation="relu")
    assert exp.error is None and exp.result["activation"] == "relu"


# ------------------------------------------------------------------ las redes profundas del notebook


@pytest.fixture(scope="module")
def deep_cell(digits_like):
    import keras
    import tensorflow as tf

    from course_lib import config, data

    ns = run_definitions(notebook_cell("def deep_network"),
                         {"np": np, "keras": keras, "tf": tf, "config": config, "data": data},
                         keep=("DEPTH", "loss_fn"))
    x, y = digits_like
    ns["x"], ns["y"] = data.flatten(data.normalize(x)), y
    return ns


def _norms(ns, activation, initializer):
    from course_lib import config

    config.set_seed()
    model = ns["deep_network"](activation, initializer)
    assert len(model.layers) == ns["DEPTH"] + 1 == 16
    return ns["gradient_norms"](model, ns["x"], ns["y"])


def test_the_notebooks_deep_networks_vanish_and_explode(deep_cell):
    sigmoid = _norms(deep_cell, "sigmoid", "glorot_uniform")
    relu = _norms(deep_cell, "relu", "he_normal")
    exploding = _norms(deep_cell, "tanh", 1.0)
    assert sigmoid.shape == relu.shape == exploding.shape == (16,)
    assert A.gradient_ratio(sigmoid) < 1e-6                 # desvanecimiento: muchos órdenes de magnitud
    assert 0.1 < A.gradient_ratio(relu) < 10                 # con ReLU y He llega casi entero
    assert A.gradient_ratio(exploding) > 1e3                 # explosión: la 1.ª capa recibe miles de veces más
    assert np.all(np.diff(exploding[:-2]) < 0)               # y crece capa a capa hacia la entrada
    np.testing.assert_allclose(_norms(deep_cell, "tanh", 1.0), exploding, rtol=1e-5)   # reproducible


def test_the_notebooks_deep_network_gives_each_layer_its_own_weights(deep_cell):
    from course_lib import config

    config.set_seed()
    model = deep_cell["deep_network"]("tanh", 1.0)
    w2, w3 = model.layers[1].get_weights()[0], model.layers[2].get_weights()[0]
    assert not np.allclose(w2, w3)
    assert w2.std() == pytest.approx(1.0, rel=0.05)
