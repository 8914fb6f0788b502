"""Pruebas del cálculo y las figuras de la lección de retropropagación (notebook 03).

La red en NumPy (forward, backward, loss, el optimizador) vive en el notebook: sus pruebas y las
del explorador, que la usa, están en ``test_backprop_explorer.py``.
"""

import numpy as np
import pytest

from course_lib.lessons import backprop
from course_lib.lessons.backprop.exercises import hidden_delta_problem
from course_lib.lessons.gradient.compute import numerical_gradient


@pytest.fixture
def xor():
    return backprop.xor_data()


# --------------------------------------------------------------------------- 1. grafo de una neurona


def test_neuron_example_matches_the_hand_computation():
    ex = backprop.neuron_example(x1=2, x2=-1, w1=0.5, w2=1.5, b=0.5, y=1)
    v, g = ex["values"], ex["grads"]
    assert (v["u1"], v["u2"], v["z"], v["a"], v["L"]) == (1.0, -1.5, 0.0, 0.5, 0.125)
    assert g["L"] == 1.0 and g["a"] == -0.5 and g["z"] == -0.125
    assert g["b"] == g["u1"] == g["u2"] == -0.125           # la suma reparte el gradiente
    assert (g["w1"], g["x1"], g["w2"], g["x2"]) == (-0.25, -0.0625, 0.125, -0.1875)


def test_neuron_example_gradients_agree_with_finite_differences():
    args = dict(x1=0.7, w1=-1.2, x2=2.5, w2=0.3, b=-0.4, y=0.0)
    grads = backprop.neuron_example(**args)["grads"]
    for name in ("x1", "w1", "x2", "w2", "b"):
        def L(v, name=name):
            return backprop.neuron_example(**{**args, name: float(v[0])})["values"]["L"]
        assert grads[name] == pytest.approx(numerical_gradient(L, [args[name]])[0], rel=1e-6, abs=1e-10)


def test_format_example_lists_forward_then_backward():
    text = backprop.format_example(backprop.neuron_example())
    forward_part, backward_part = text.split("Retropropagación")
    assert "Datos: x₁ = 2, x₂ = -1, w₁ = 0.5, w₂ = 1.5, b = 0.5, y = 1" in forward_part
    assert "a = σ(z)" in forward_part and "= 0.5" in forward_part
    assert "∂L/∂w₁ = ∂L/∂u₁ · x₁" in backward_part and "= -0.25" in backward_part
    assert "0,5" not in text                                  # punto decimal, como Python


def test_neuron_example_rejects_non_numbers_in_spanish():
    with pytest.raises(ValueError, match="x1"):
        backprop.neuron_example(x1="dos")
    with pytest.raises(ValueError, match="b"):
        backprop.neuron_example(b=float("nan"))


def test_draw_computational_graph_shows_values_and_gradients():
    fig = backprop.draw_computational_graph(backprop.neuron_example())
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "∂L/∂w₁ = -0.25" in texts and "valor 0.125" in texts
    assert "Grafo computacional" in fig._suptitle.get_text()


# --------------------------------------------------------------------------- 2. preparación de la red


def test_init_params_shapes_schemes_and_errors():
    p = backprop.init_params(sizes=(3, 5, 2), seed=1)
    assert {k: v.shape for k, v in p.items()} == {"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,)}
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0) and np.std(p["W1"]) > 0
    assert np.array_equal(backprop.init_params(seed=1)["W1"], backprop.init_params(seed=1)["W1"])
    assert all(np.all(v == 0) for v in backprop.init_params(scheme="zeros").values())
    const = backprop.init_params(scheme="constant", value=0.1)
    assert np.all(const["W1"] == 0.1) and np.all(const["W2"] == 0.1) and np.all(const["b1"] == 0)
    assert backprop.INIT_SCHEMES == ("random", "zeros", "constant")   # claves en inglés
    with pytest.raises(ValueError, match="Inicialización desconocida: 'ceros'"):
        backprop.init_params(scheme="ceros")
    with pytest.raises(ValueError, match="tres enteros positivos"):
        backprop.init_params(sizes=(2, 0, 1))
    with pytest.raises(ValueError, match="La semilla"):
        backprop.init_params(seed=-3)


def test_xor_data_needs_a_hidden_layer(xor):
    X, y = xor
    assert X.shape == (4, 2) and y.shape == (4, 1)
    assert y.ravel().tolist() == [float(a != b) for a, b in X]


def test_describe_params_is_rounded_text():
    text = backprop.describe_params(backprop.init_params(scheme="constant", value=-0.00001))
    assert text.splitlines()[0] == "W1 = [[0.000, 0.000], [0.000, 0.000]]"  # sin «-0.000»
    assert text.splitlines()[3] == "b2 = [0.000]"
    with pytest.raises(ValueError, match="claves W1, b1, W2, b2"):
        backprop.describe_params({"W1": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="no encajan"):
        backprop.describe_params({**backprop.init_params(), "W2": np.zeros((3, 1))})


# --------------------------------------------------------------------------- 3. comprobar gradientes


def test_relative_error_known_values():
    assert backprop.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert backprop.relative_error([1.0], [-1.0]) == 1.0
    assert backprop.relative_error([0.0], [0.0]) == 0.0
    assert backprop.relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5 / 7)
    with pytest.raises(ValueError, match="formas distintas"):
        backprop.relative_error([1.0], [1.0, 2.0])


def test_format_gradient_check_prints_the_actual_errors_and_marks_failures():
    ok = {"W1": 3.21e-10, "b1": 0.0}
    bad = {"W1": 0.42, "b1": 1e-12}
    text = backprop.format_gradient_check({"diferencias finitas": (ok, 1e-6), "otra": (bad, 1e-10)})
    lines = text.splitlines()
    assert "frente a diferencias finitas (tolerancia 1e-06)" in lines[1] and "frente a otra (tolerancia 1e-10)" in lines[1]
    assert lines[2].split() == ["W1", "3.2e-10", "✔", "4.2e-01", "✘"]
    assert lines[3].split() == ["b1", "0", "✔", "1.0e-12", "✔"]
    with pytest.raises(ValueError, match="No hay comprobaciones"):
        backprop.format_gradient_check({})
    with pytest.raises(ValueError, match="Los errores de «otra»"):
        backprop.format_gradient_check({"a": (ok, 1e-6), "otra": ({"W1": 0.0}, 1e-6)})


def test_hidden_delta_problem_recognizes_typical_mistakes(xor):
    X, y = xor
    rng = np.random.default_rng(0)
    Z1 = rng.normal(size=(4, 2))
    A1 = np.tanh(Z1)
    dA1 = rng.normal(size=(4, 2))
    assert hidden_delta_problem(dA1 * (1 - A1 ** 2), dA1, A1, Z1) is None
    assert "falta multiplicar por la derivada local" in hidden_delta_problem(dA1, dA1, A1, Z1)
    assert "derivada de la sigmoide" in hidden_delta_problem(dA1 * A1 * (1 - A1), dA1, A1, Z1)
    assert "con z en lugar de a" in hidden_delta_problem(dA1 * (1 - Z1 ** 2), dA1, A1, Z1)
    assert "por el gradiente que llega" in hidden_delta_problem(1 - A1 ** 2, dA1, A1, Z1)
    assert "signo cambiado" in hidden_delta_problem(-dA1 * (1 - A1 ** 2), dA1, A1, Z1)
    assert "misma forma que dA1" in hidden_delta_problem(dA1[:, :1], dA1, A1, Z1)
    assert "no una función" in hidden_delta_problem(lambda: 0, dA1, A1, Z1)
    assert "la comprobación de gradientes lo detectaría" in hidden_delta_problem(dA1, dA1, A1, Z1, X=X)
    # Con la sigmoide en la capa oculta, la respuesta correcta cambia.
    assert hidden_delta_problem(dA1 * A1 * (1 - A1), dA1, A1, Z1, activation="sigmoid") is None


# --------------------------------------------------------------------------- 4. coste


def test_gradient_cost_counts_matrix_products():
    small = backprop.gradient_cost((2, 16, 1))
    assert small["n_params"] == 65 and small["finite_diff_forwards"] == 130
    assert small["forward_flops"] == 2 * (2 * 16 + 16 * 1)
    assert small["backward_flops"] == small["forward_flops"] + 2 * 16      # la primera capa no propaga ∂L/∂X
    assert small["ratio"] == pytest.approx(130 * 96 / 224)


def test_gradient_cost_of_the_notebook_05_network_backs_the_prose():
    """Lo que dicen el notebook 03 y su ejercicio 4: 669 706 parámetros, 2.4 propagaciones, unas 560 000 veces."""
    cost = backprop.gradient_cost((784, 512, 512, 10))
    assert cost["n_params"] == 669_706 and cost["finite_diff_forwards"] == 1_339_412
    assert f"{cost['backprop_in_forwards']:.1f}" == "2.4"
    assert round(cost["ratio"], -4) == 560_000
    assert 500_000 < cost["ratio"] < 1_000_000                  # «más de medio millón», no «un millón»
    with pytest.raises(ValueError, match="al menos dos tamaños"):
        backprop.gradient_cost((784,))
    with pytest.raises(ValueError, match="Cada tamaño de capa"):
        backprop.gradient_cost((784, 0, 10))


def test_best_time_is_positive_and_validates():
    assert backprop.best_time(lambda: sum(range(100)), repeats=2) > 0
    with pytest.raises(ValueError, match="función sin argumentos"):
        backprop.best_time(3)
    with pytest.raises(ValueError, match="repeats"):
        backprop.best_time(lambda: None, repeats=0)


# --------------------------------------------------------------------------- figuras


def test_draw_decision_function_uses_the_given_predict(xor):
    X, y = xor
    calls = []

    def predict(params, points):
        calls.append(len(points))
        return (points[:, :1] + points[:, 1:] == 1).astype(float)   # XOR perfecto

    fig = backprop.draw_decision_function(predict, None, X, y, resolution=20)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "x₁" and ax.get_title() == "Lo que ha aprendido la red (exactitud 100 %)"
    assert 400 in calls and 4 in calls
    with pytest.raises(ValueError, match="2 entradas"):
        backprop.draw_decision_function(predict, None, np.zeros((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="función predict"):
        backprop.draw_decision_function("red", None, X, y)

