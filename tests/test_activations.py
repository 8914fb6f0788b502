"""Pruebas de course_lib.activations: funciones y derivadas (contra Keras y tf.GradientTape),
softmax estable, pilas lineales, explorador de una neurona, gradiente en redes profundas y
comprobadores de los ejercicios."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import activations as A

X = np.linspace(-6.0, 6.0, 241)


# ------------------------------------------------------------------ funciones con valores conocidos


def test_known_values():
    assert A.sigmoid(0.0) == pytest.approx(0.5)
    assert A.sigmoid(math.log(3.0)) == pytest.approx(0.75)
    assert A.sigmoid_derivative(0.0) == pytest.approx(0.25)
    assert A.tanh(0.0) == 0.0 and A.tanh_derivative(0.0) == pytest.approx(1.0)
    assert A.tanh(1.0) == pytest.approx(0.7615941559557649)
    np.testing.assert_array_equal(A.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(A.relu_derivative([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(A.leaky_relu([-2.0, 3.0]), [-0.4, 3.0])
    np.testing.assert_allclose(A.leaky_relu_derivative([-2.0, 0.0, 3.0]), [0.2, 0.2, 1.0])
    assert A.gelu(0.0) == 0.0 and A.gelu_derivative(0.0) == pytest.approx(0.5)
    assert A.gelu(1.0) == pytest.approx(0.8413447460685429)          # 1 · Φ(1)
    np.testing.assert_array_equal(A.linear([-1.5, 2.0]), [-1.5, 2.0])
    np.testing.assert_array_equal(A.linear_derivative([-1.5, 2.0]), [1.0, 1.0])


def test_sigmoid_is_stable_for_huge_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # ni un aviso de desbordamiento
        out = A.sigmoid([-1000.0, 1000.0])
    np.testing.assert_allclose(out, [0.0, 1.0])


def test_max_derivatives_and_table():
    assert A.get("sigmoid").max_derivative == pytest.approx(0.25)
    assert A.get("tanh").max_derivative == pytest.approx(1.0)
    assert A.get("relu").max_derivative == pytest.approx(1.0)
    assert A.get("gelu").max_derivative == pytest.approx(1.1289, abs=1e-3)   # en x = √2
    assert A.names() == ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "gelu"]
    assert A.get("Sigmoide").key == "sigmoid" and A.get(None).key == "linear"
    assert A.evaluate("relu", -1.0) == 0.0 and A.derivative("tanh", 0.0) == pytest.approx(1.0)


@pytest.mark.parametrize("name", A.names())
def test_derivatives_match_finite_differences(name):
    h = 1e-5
    x = X[np.abs(X) > 1e-3]           # lejos del pico de ReLU en 0
    numeric = (A.evaluate(name, x + h) - A.evaluate(name, x - h)) / (2 * h)
    np.testing.assert_allclose(A.derivative(name, x), numeric, atol=1e-6)


def test_functions_and_derivatives_match_keras_and_gradient_tape():
    rows = A.compare_with_keras()
    assert [r["name"] for r in rows] == A.names()
    for row in rows:
        assert row["function_error"] < 1e-6, row
        assert row["derivative_error"] < 1e-6, row


def test_softmax_matches_keras_and_is_stable():
    import keras

    z = np.array([[2.0, 1.0, 0.1], [1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    ours = A.softmax(z)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0)
    np.testing.assert_allclose(ours, np.asarray(keras.activations.softmax(z.astype("float32"))), atol=1e-6)
    np.testing.assert_allclose(A.softmax([2.0, 1.0, 0.1]), [0.65900114, 0.24243297, 0.09856589], atol=1e-8)
    np.testing.assert_allclose(A.softmax(z[1]), A.softmax([0.0, 1.0, 2.0]))       # invariante a desplazamientos
    np.testing.assert_allclose(A.softmax(z, axis=0).sum(axis=0), 1.0)
    assert np.all(np.isnan(A.naive_softmax([1000.0, 1001.0, 1002.0])))             # la ingenua se desborda
    np.testing.assert_allclose(A.naive_softmax([2.0, 1.0, 0.1]), A.softmax([2.0, 1.0, 0.1]))


def test_saturation_mask():
    mask = A.saturation_mask("sigmoid", np.array([-6.0, 0.0, 6.0]))
    np.testing.assert_array_equal(mask, [True, False, True])
    np.testing.assert_array_equal(A.saturation_mask("relu", np.array([-1.0, 1.0])), [True, False])
    assert not A.saturation_mask("leaky_relu", X).any()


def test_bad_inputs_raise_in_spanish():
    with pytest.raises(ValueError, match="No conozco la activación 'sigmod'.*¿Querías decir 'sigmoid'"):
        A.get("sigmod")
    with pytest.raises(ValueError, match="softmax no actúa elemento a elemento"):
        A.get("softmax")
    with pytest.raises(ValueError, match="debe ser un texto"):
        A.get(3)
    with pytest.raises(TypeError, match="no el texto"):
        A.sigmoid("uno")
    with pytest.raises(ValueError, match="un vector de puntuaciones"):
        A.softmax(3.0)
    with pytest.raises(ValueError, match="nan o infinito"):
        A.softmax([1.0, np.inf])
    with pytest.raises(ValueError, match="está vacío"):
        A.softmax([])
    with pytest.raises(ValueError, match="entre 0 y 1"):
        A.saturation_mask("tanh", X, threshold=2)


# ------------------------------------------------------------------ pilas lineales


def _random_stack(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes[:-1], sizes[1:])]


def test_collapse_linear_equals_the_stack():
    layers = _random_stack([4, 16, 8, 3])
    w, b = A.collapse_linear(layers)
    assert w.shape == (4, 3) and b.shape == (3,)
    x = np.random.default_rng(1).normal(size=(10, 4))
    np.testing.assert_allclose(A.forward(x, layers), x @ w + b, atol=1e-10)
    assert np.abs(A.forward(x, layers, "relu") - (x @ w + b)).max() > 0.1
    # Dos capas a mano: W = W1·W2, b = b1·W2 + b2.
    (w1, b1), (w2, b2) = _random_stack([2, 3, 2], seed=5)
    w12, b12 = A.collapse_linear([(w1, b1), (w2, b2)])
    np.testing.assert_allclose(w12, w1 @ w2)
    np.testing.assert_allclose(b12, b1 @ w2 + b2)


def test_collapse_a_real_keras_stack():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(7), keras.layers.Dense(2)])
    w, b = A.collapse_linear([layer.get_weights() for layer in model.layers])
    x = np.random.default_rng(0).normal(size=(6, 5)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), x @ w + b, atol=1e-5)


def test_stack_errors_in_spanish():
    with pytest.raises(ValueError, match="no encajan"):
        A.collapse_linear(_random_stack([4, 5]) + _random_stack([6, 2]))
    with pytest.raises(ValueError, match="no es un par"):
        A.collapse_linear([(1, 2, 3)])
    with pytest.raises(ValueError, match="No hay capas"):
        A.collapse_linear([])
    with pytest.raises(ValueError, match="forma \\(entradas, salidas\\)"):
        A.collapse_linear([(np.ones((2, 3)), np.ones(2))])
    with pytest.raises(ValueError, match="x debe tener forma \\(ejemplos, 4\\)"):
        A.forward(np.ones((3, 5)), _random_stack([4, 2]))


def test_grid_transform_keeps_lines_straight_only_without_activation():
    def max_bend(result):
        worst = 0.0
        for line in result["lines_out"]:
            d = np.diff(line, axis=0)
            cross = d[:-1, 0] * d[1:, 1] - d[:-1, 1] * d[1:, 0]
            worst = max(worst, float(np.abs(cross).max() / (np.linalg.norm(d, axis=1).max() ** 2)))
        return worst

    linear = A.grid_transform("linear", seed=3)
    tanh = A.grid_transform("tanh", seed=3)
    assert len(linear["lines_in"]) == 2 * linear["n_lines"] and linear["depth"] == 3
    assert max_bend(linear) < 1e-9 < 1e-3 < max_bend(tanh)
    fig = A.grid_figure([linear, tanh])
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    assert fig.axes[1].get_title() == "3 capas sin activación" and fig.axes[2].get_title() == "3 capas con tanh"
    with pytest.raises(ValueError, match="extent"):
        A.grid_transform("relu", extent=0)
    with pytest.raises(ValueError, match="No hay transformaciones"):
        A.grid_figure([])


def test_activation_gallery():
    fig = A.activation_gallery(["sigmoid", "relu"])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["sigmoide: salida en (0, 1)", "ReLU: salida en [0, ∞)"]
    assert len(fig.legends) == 1
    with pytest.raises(ValueError, match="intervalo de entradas está vacío"):
        A.activation_gallery(x_range=(1, 1))


# ------------------------------------------------------------------ explorador de una neurona


def test_neuron_response_states():
    r = A.neuron_response("sigmoid", 1.0, 0.0)
    assert r["state"] == "activa" and r["frac_saturated"] == 0.0
    assert r["y_min"] == pytest.approx(A.sigmoid(-4.0)) and r["y_max"] == pytest.approx(A.sigmoid(4.0))
    np.testing.assert_allclose(r["z"], r["x"])
    steep = A.neuron_response("sigmoid", 5.0, 0.0)
    assert steep["state"] == "parcial" and 0.7 < steep["frac_saturated"] < 0.85
    dead = A.neuron_response("relu", 1.0, -6.0)
    assert dead["state"] == "muerta" and dead["y_max"] == 0.0 and dead["frac_dead"] == 1.0
    assert A.neuron_response("leaky_relu", 1.0, -6.0)["state"] == "activa"
    assert A.neuron_response("tanh", 1.0, 9.0)["state"] == "saturada"
    assert A.neuron_response("relu", 0.0, 1.0)["state"] == "constante"
    half = A.neuron_response("relu", 1.0, 0.0, x_range=(-4, 4), n_points=400)
    assert half["frac_dead"] == pytest.approx(0.5)


def test_neuron_summary_in_spanish():
    text = A.summarize_neuron(A.neuron_response("relu", 1.0, -6.0))
    assert text.startswith("ReLU, w = 1.0, b = -6.0: salida de 0.00 a 0.00 para x en [-4, 4]")
    assert "neurona muerta" in text
    assert "apagada) en el 50 %" in A.summarize_neuron(A.neuron_response("relu", 1.0, 0.0, n_points=400))
    assert "saturada en todo el intervalo" in A.summarize_neuron(A.neuron_response("sigmoid", 1.0, -9.0))
    assert "no depende de x" in A.summarize_neuron(A.neuron_response("tanh", 0.0, 0.5))
    assert "-0.00" not in A.summarize_neuron(A.neuron_response("tanh", -0.0, -0.0))


def test_neuron_response_bad_inputs():
    with pytest.raises(ValueError, match="intervalo de entradas está vacío.*«Entradas x»"):
        A.neuron_response("relu", 1.0, 0.0, x_range=(2.0, 2.0))
    with pytest.raises(ValueError, match="El peso w debe ser un número finito"):
        A.neuron_response("relu", float("nan"), 0.0)
    with pytest.raises(ValueError, match="El sesgo b debe ser un número"):
        A.neuron_response("relu", 1.0, "0")
    with pytest.raises(ValueError, match="No conozco la activación"):
        A.neuron_response("escalon", 1.0, 0.0)
    with pytest.raises(ValueError, match="par \\(mínimo, máximo\\)"):
        A.neuron_response("relu", 1.0, 0.0, x_range=3)
    with pytest.raises(ValueError, match="al menos 2"):
        A.neuron_response("relu", 1.0, 0.0, n_points=1)


def test_activation_explorer_reacts_to_every_control():
    exp = A.activation_explorer()
    assert list(exp.controls) == ["weight", "bias", "activation", "x_range"]
    assert type(exp.controls["weight"]).__name__ == "FloatSlider"    # el primer control es un deslizador
    exp.refresh()
    first = exp.result
    png0, text0 = exp.figure.last_png, exp.readout.value
    assert first["activation"] == "sigmoid" and first["state"] == "activa" and exp.figure.updates == 1
    assert text0.startswith("sigmoide, w = 1.0, b = 0.0")

    exp.set(weight=5.0)
    assert exp.result["weight"] == 5.0 and exp.result["state"] == "parcial"
    assert "w = 5.0" in exp.readout.value and exp.figure.last_png != png0
    png1 = exp.figure.last_png

    exp.set(activation="relu", weight=1.0, bias=-6.0)
    assert exp.result["state"] == "muerta" and "neurona muerta" in exp.readout.value
    assert exp.figure.last_png != png1

    exp.controls["activation"].value = "leaky_relu"       # como si el estudiante usara el desplegable
    assert exp.result["activation"] == "leaky_relu" and exp.result["state"] == "activa"
    assert exp.readout.value.startswith("leaky ReLU")

    exp.controls["weight"].value = 2.0                    # el deslizador, directamente
    assert exp.result["weight"] == 2.0 and "w = 2.0" in exp.readout.value

    exp.set(x_range=(-8.0, 2.0))
    assert exp.result["x_range"] == (-8.0, 2.0) and "x en [-8, 2]" in exp.readout.value
    good = exp.result
    png_good = exp.figure.last_png

    exp.set(x_range=(1.0, 1.0))                           # intervalo vacío: mensaje, no excepción
    assert "intervalo de entradas está vacío" in exp.error
    assert "⚠️" in exp.readout.value and "Entradas x" in exp.readout.value
    assert exp.result is good and exp.figure.last_png == png_good

    exp.set(x_range=(-4.0, 4.0))
    assert exp.error is None and exp.result["x_range"] == (-4.0, 4.0)


def test_draw_neuron_figure():
    fig = A.draw_neuron(A.neuron_response("tanh", 2.0, 1.0))
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert fig.axes[0].get_xlabel() == "Entrada x" and fig.axes[1].get_ylabel() == "Derivada"
    assert "w = 2.0 y b = 1.0" in fig._suptitle.get_text()


# ------------------------------------------------------------------ gradiente en redes profundas


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    return rng.random((64, 20)).astype("float32"), rng.integers(0, 10, 64)


def test_deep_dense_model_is_reproducible(batch):
    a = A.deep_dense_model("tanh", depth=3, width=8, input_dim=20, seed=4)
    b = A.deep_dense_model("tanh", depth=3, width=8, input_dim=20, seed=4)
    assert [layer.name for layer in a.layers] == ["oculta_1", "oculta_2", "oculta_3", "salida"]
    assert a.layers[0].activation.__name__ == "tanh" and a.layers[-1].activation.__name__ == "softmax"
    for la, lb in zip(a.layers, b.layers):
        np.testing.assert_array_equal(la.get_weights()[0], lb.get_weights()[0])
    assert not np.array_equal(a.layers[0].get_weights()[0], a.layers[1].get_weights()[0][:20])


def test_gradient_norms_vanish_with_sigmoid_and_not_with_relu(batch):
    x, y = batch
    sig = A.gradient_norms(A.deep_dense_model("sigmoid", depth=10, width=32, input_dim=20), x, y)
    relu = A.gradient_norms(A.deep_dense_model("relu", depth=10, width=32, input_dim=20,
                                               initializer="he_normal"), x, y)
    assert sig.shape == relu.shape == (11,)
    assert sig[0] / sig[-1] < 1e-4                # desvanecimiento: más de cuatro órdenes de magnitud
    assert 0.05 < relu[0] / relu[-1] < 50         # con ReLU y He llega casi entero
    again = A.gradient_norms(A.deep_dense_model("sigmoid", depth=10, width=32, input_dim=20), x, y)
    np.testing.assert_allclose(again, sig, rtol=1e-5)    # determinista
    big = A.gradient_norms(A.deep_dense_model("relu", depth=10, width=32, input_dim=20,
                                              initializer={"class_name": "RandomNormal",
                                                           "config": {"stddev": 0.6}}), x, y)
    assert big.mean() > 100 * relu.mean()         # explosión
    text = A.summarize_gradient_norms({"sigmoide": sig})
    assert text.startswith("sigmoide: 1.ª capa") and "1.ª/salida = " in text
    fig = A.gradient_norms_figure({"sigmoide": sig, "ReLU": relu})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel().startswith("Capa")
    assert [t.get_text() for t in ax.get_legend().get_texts()][0].startswith("sigmoide")


def test_gradient_tools_bad_inputs(batch):
    x, y = batch
    with pytest.raises(ValueError, match="No conozco el inicializador"):
        A.deep_dense_model("relu", depth=2, initializer="he_normalo")
    with pytest.raises(ValueError, match=r"depth \(el número de capas ocultas\) debe estar entre 1 y 200"):
        A.deep_dense_model("relu", depth=0)
    with pytest.raises(ValueError, match="semilla"):
        A.deep_dense_model("relu", depth=2, seed=-1)
    with pytest.raises(ValueError, match="espera un modelo de Keras"):
        A.gradient_norms("modelo", x, y)
    model = A.deep_dense_model("relu", depth=2, width=4, input_dim=20)
    with pytest.raises(ValueError, match="mismo número de ejemplos"):
        A.gradient_norms(model, x, y[:10])
    with pytest.raises(ValueError, match="No hay normas"):
        A.gradient_norms_figure({})
    with pytest.raises(ValueError, match="no negativos"):
        A.gradient_norms_figure({"mal": [-1.0, 2.0]})


def test_dead_fraction_counts_relu_units_that_never_fire():
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu", name="oculta"),
                              keras.layers.Dense(2, activation="softmax", name="salida")])
    model.layers[0].set_weights([np.eye(3, 4), np.array([0.0, 0.0, -10.0, -10.0])])
    x = np.random.default_rng(0).random((50, 3))      # entradas en [0, 1): las neuronas 3 y 4 nunca se activan
    assert A.dead_fraction(model, x, batch_size=7) == {"oculta": 0.5}
    with pytest.raises(ValueError, match="no tiene capas con activación ReLU"):
        A.dead_fraction(keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)]), x)
    with pytest.raises(ValueError, match="x está vacío"):
        A.dead_fraction(model, np.zeros((0, 3)))


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


# ------------------------------------------------------------------ comprobadores de ejercicios


def test_tanh_derivative_problem():
    assert A.tanh_derivative_problem(lambda x: 1 - np.tanh(x) ** 2) is None
    assert A.tanh_derivative_problem(lambda x: 1 / np.cosh(x) ** 2) is None
    assert "la función misma" in A.tanh_derivative_problem(np.tanh)
    assert "al cuadrado" in A.tanh_derivative_problem(lambda x: 1 - np.tanh(x))
    assert "has elevado al cuadrado x" in A.tanh_derivative_problem(lambda x: 1 - x ** 2)
    assert "derivada de la sigmoide" in A.tanh_derivative_problem(A.sigmoid_derivative)
    assert "diferencia finita" in A.tanh_derivative_problem(lambda x: 2 * x)
    assert "math" in A.tanh_derivative_problem(lambda x: 1 - math.tanh(x) ** 2)
    assert "debe ser una función" in A.tanh_derivative_problem(0.5)
    assert "un valor por cada entrada" in A.tanh_derivative_problem(lambda x: 1.0)


def test_softmax_problem():
    def good(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def naive(z):
        return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)

    def no_axis(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    assert A.softmax_problem(good) is None
    assert "resta el máximo" in A.softmax_problem(naive).lower()
    assert "cada fila debe sumar 1" in A.softmax_problem(no_axis)
    assert "falta dividir" in A.softmax_problem(np.exp)
    assert "softmax da" in A.softmax_problem(lambda z: z / z.sum())
