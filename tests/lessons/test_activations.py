"""Pruebas del cálculo de la lección 04 (``course_lib.lessons.activations.compute`` y las correcciones de ``exercises``):
funciones y derivadas (contra Keras y ``tf.GradientTape``), softmax estable, la derivada de
GELU, la rejilla, el cálculo del explorador de una neurona y los comprobadores de los ejercicios."""

import math

import numpy as np
import pytest

from course_lib.lessons.activations import exercises
from course_lib.lessons.activations import compute as A

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
    act = A.ACTIVATIONS["tanh"]
    assert act.function is A.tanh and act.derivative is A.tanh_derivative and act(0.0) == 0.0


@pytest.mark.parametrize("name", A.names())
def test_derivatives_match_finite_differences(name):
    h = 1e-5
    x = X[np.abs(X) > 1e-3]           # lejos del pico de ReLU en 0
    numeric = (A.evaluate(name, x + h) - A.evaluate(name, x - h)) / (2 * h)
    np.testing.assert_allclose(A.derivative(name, x), numeric, atol=1e-6)


@pytest.mark.parametrize("name", A.names())
def test_functions_and_derivatives_match_keras_and_gradient_tape(name):
    import keras
    import tensorflow as tf

    x = tf.constant(X, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = getattr(keras.activations, name)(x)
    dy = tape.gradient(y, x)
    ours_x = X.astype(np.float32).astype(np.float64)
    assert np.abs(y.numpy() - A.evaluate(name, ours_x)).max() < 1e-6
    assert np.abs(dy.numpy() - A.derivative(name, ours_x)).max() < 1e-6


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


# ------------------------------------------------------------------ lo que dice el notebook de GELU y leaky ReLU


def test_gelu_derivative_is_zero_near_minus_075_and_slightly_negative_below():
    x = np.linspace(-6.0, 0.0, 600_001)
    d = A.gelu_derivative(x)
    crossings = np.flatnonzero(np.diff(np.sign(d)))
    assert len(crossings) == 1                                   # un solo cero en la parte negativa
    zero = x[crossings[0]]
    assert zero == pytest.approx(-0.7518, abs=1e-3)              # «vale 0 en x ≈ −0.75»
    assert A.gelu(zero) == pytest.approx(-0.17, abs=5e-3)        # el mínimo de GELU, «−0.17»
    assert A.gelu(np.linspace(-6, 6, 120_001)).min() == pytest.approx(A.gelu(zero), abs=1e-6)
    assert np.all(d[x < zero - 1e-3] < 0)                        # negativa por debajo
    assert x[np.argmin(d)] == pytest.approx(-math.sqrt(2), abs=1e-3)   # mínimo de la derivada en −√2
    assert d.min() == pytest.approx(-0.129, abs=1e-3)            # «ligeramente negativa»
    assert abs(A.gelu_derivative(-6.0)) < 1e-6                   # y tiende a 0


def test_leaky_relu_derivative_is_never_zero():
    d = A.leaky_relu_derivative(np.linspace(-100, 100, 200_001))
    assert d.min() == pytest.approx(A.LEAKY_SLOPE) and np.all(d != 0)
    assert np.all(A.relu_derivative(np.linspace(-100, 0, 1001)) == 0)    # la de ReLU, 0 en toda la parte negativa


# ------------------------------------------------------------------ la rejilla


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
    with pytest.raises(ValueError, match="extent"):
        A.grid_transform("relu", extent=0)


# ------------------------------------------------------------------ cálculo del explorador de una neurona


def test_neuron_response_states():
    r = A.neuron_response("sigmoid", 1.0, 0.0)
    assert r["state"] == "active" and r["frac_saturated"] == 0.0
    assert r["y_min"] == pytest.approx(A.sigmoid(-4.0)) and r["y_max"] == pytest.approx(A.sigmoid(4.0))
    np.testing.assert_allclose(r["z"], r["x"])
    steep = A.neuron_response("sigmoid", 5.0, 0.0)
    assert steep["state"] == "partial" and 0.7 < steep["frac_saturated"] < 0.85
    dead = A.neuron_response("relu", 1.0, -6.0)
    assert dead["state"] == "dead" and dead["y_max"] == 0.0 and dead["frac_dead"] == 1.0
    assert A.neuron_response("leaky_relu", 1.0, -6.0)["state"] == "active"
    assert A.neuron_response("tanh", 1.0, 9.0)["state"] == "saturated"
    assert A.neuron_response("relu", 0.0, 1.0)["state"] == "constant"
    half = A.neuron_response("relu", 1.0, 0.0, x_extent=4, n_points=400)
    assert half["frac_dead"] == pytest.approx(0.5) and half["x_range"] == (-4.0, 4.0)
    assert set(A.NEURON_STATES) >= {r["state"], steep["state"], dead["state"]}


def test_neuron_response_with_the_notebooks_own_functions():
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative(x):
        return sigmoid(x) * (1 - sigmoid(x))

    mine = A.neuron_response("sigmoid", 2.0, -1.0, functions={"sigmoid": (sigmoid, sigmoid_derivative)})
    library = A.neuron_response("sigmoid", 2.0, -1.0)
    np.testing.assert_allclose(mine["y"], library["y"], atol=1e-12)
    np.testing.assert_allclose(mine["dy"], library["dy"], atol=1e-12)
    assert mine["state"] == library["state"] and mine["label"] == "sigmoide"
    assert mine["max_derivative"] == pytest.approx(0.25)
    table = A.resolve_functions({"mía": (np.tanh, lambda x: 1 - np.tanh(x) ** 2)})
    assert table["mía"][0] == "mía"


def test_neuron_response_bad_inputs():
    with pytest.raises(ValueError, match="x_extent"):
        A.neuron_response("relu", 1.0, 0.0, x_extent=0.0)
    with pytest.raises(ValueError, match="El peso w debe ser un número finito"):
        A.neuron_response("relu", float("nan"), 0.0)
    with pytest.raises(ValueError, match="El sesgo b debe ser un número"):
        A.neuron_response("relu", 1.0, "0")
    with pytest.raises(ValueError, match="No hay activación 'escalon'"):
        A.neuron_response("escalon", 1.0, 0.0)
    with pytest.raises(ValueError, match="n_points"):
        A.neuron_response("relu", 1.0, 0.0, n_points=1)
    with pytest.raises(ValueError, match="un par \\(función, derivada\\)"):
        A.neuron_response("relu", functions={"relu": np.tanh})
    with pytest.raises(ValueError, match="debe ser una función"):
        A.neuron_response("relu", functions={"relu": (np.tanh, 3)})
    with pytest.raises(ValueError, match="un valor por entrada"):
        A.neuron_response("relu", functions={"relu": (np.tanh, lambda x: 1.0)})
    with pytest.raises(ValueError, match="falla con un array"):
        A.neuron_response("relu", functions={"relu": (math.tanh, lambda x: x)})
    with pytest.raises(ValueError, match="diccionario no vacío"):
        A.resolve_functions({})


def test_gradient_ratio():
    assert A.gradient_ratio([1e-9, 1e-3, 1.0]) == pytest.approx(1e-9)
    assert A.gradient_ratio([2.0, 0.0]) == math.inf
    with pytest.raises(ValueError, match="no negativos"):
        A.gradient_ratio([1.0, -1.0])
    with pytest.raises(ValueError, match="al menos dos"):
        A.gradient_ratio([1.0])


# ------------------------------------------------------------------ comprobadores de ejercicios


def test_tanh_derivative_problem():
    problem = exercises.tanh_derivative_problem
    assert problem(lambda x: 1 - np.tanh(x) ** 2) is None
    assert problem(lambda x: 1 / np.cosh(x) ** 2) is None
    assert "la función misma" in problem(np.tanh)
    assert "al cuadrado" in problem(lambda x: 1 - np.tanh(x))
    assert "has elevado al cuadrado x" in problem(lambda x: 1 - x ** 2)
    assert "derivada de la sigmoide" in problem(A.sigmoid_derivative)
    assert "diferencia finita" in problem(lambda x: 2 * x)
    assert "math" in problem(lambda x: 1 - math.tanh(x) ** 2)
    assert "debe ser una función" in problem(0.5)
    assert "un valor por cada entrada" in problem(lambda x: 1.0)


def test_softmax_problem():
    def good(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def naive(z):
        return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)

    def no_axis(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    problem = exercises.softmax_problem
    assert problem(good) is None
    assert "resta el máximo" in problem(naive).lower()
    assert "cada fila debe sumar 1" in problem(no_axis)
    assert "falta dividir" in problem(np.exp)
    assert "softmax da" in problem(lambda z: z / z.sum())
