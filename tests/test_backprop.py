"""Pruebas de course_lib.backprop: regla de la cadena, red en NumPy, comprobación de gradientes
y explorador paso a paso."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import backprop


@pytest.fixture
def xor():
    return backprop.xor_data()


# --------------------------------------------------------------------------- 1. grafo de una neurona


def test_neuron_example_known_values():
    ex = backprop.neuron_example(x1=2, x2=-1, w1=0.5, w2=1.5, b=0.5, y=1)
    v, g = ex["values"], ex["grads"]
    assert (v["u1"], v["u2"], v["z"], v["a"], v["L"]) == (1.0, -1.5, 0.0, 0.5, 0.125)
    expected = {"L": 1.0, "a": -0.5, "z": -0.125, "b": -0.125, "u1": -0.125, "u2": -0.125,
                "w1": -0.25, "x1": -0.0625, "w2": 0.125, "x2": -0.1875}
    assert g == pytest.approx(expected, abs=1e-15)
    assert "y" not in g  # el objetivo es una constante: no tiene gradiente


def test_neuron_example_gradients_match_finite_differences():
    args = dict(x1=0.7, x2=-1.3, w1=-0.4, w2=0.9, b=0.2, y=0.0)
    grads = backprop.neuron_example(**args)["grads"]
    eps = 1e-6
    for name in ("x1", "x2", "w1", "w2", "b"):
        plus = backprop.neuron_example(**{**args, name: args[name] + eps})["values"]["L"]
        minus = backprop.neuron_example(**{**args, name: args[name] - eps})["values"]["L"]
        assert grads[name] == pytest.approx((plus - minus) / (2 * eps), abs=1e-8), name


def test_format_example_lists_forward_and_backward_rows():
    text = backprop.format_example(backprop.neuron_example())
    assert "Propagación hacia delante" in text and "Retropropagación" in text
    assert "u₂ = w₂·x₂" in text and "= 1.5·(-1)" in text
    assert "∂L/∂z = ∂L/∂a · σ'(z) = (-0.5) · 0.25   = -0.125" in text
    assert text.rstrip().endswith("= -0.1875")
    # El orden: de la pérdida hacia las entradas.
    assert text.index("∂L/∂L = 1") < text.index("∂L/∂a") < text.index("∂L/∂w₁")


def test_neuron_example_rejects_bad_inputs_in_spanish():
    with pytest.raises(ValueError, match="x1 debe ser un número"):
        backprop.neuron_example(x1="dos")
    with pytest.raises(ValueError, match="número finito"):
        backprop.neuron_example(b=float("nan"))


def test_draw_computational_graph_returns_figure():
    fig = backprop.draw_computational_graph(backprop.neuron_example())
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "∂L/∂w₁ = -0.25" in texts and "valor 0.125" in texts


# --------------------------------------------------------------------------- 2. red en NumPy


def test_init_params_shapes_and_schemes():
    p = backprop.init_params(sizes=(3, 5, 2), seed=1)
    assert {k: v.shape for k, v in p.items()} == {"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,)}
    assert np.all(p["b1"] == 0) and np.std(p["W1"]) > 0
    assert np.array_equal(backprop.init_params(seed=1)["W1"], backprop.init_params(seed=1)["W1"])
    assert all(np.all(v == 0) for v in backprop.init_params(scheme="ceros").values())
    const = backprop.init_params(scheme="constante", value=0.1)
    assert np.all(const["W1"] == 0.1) and np.all(const["b1"] == 0)


def test_init_params_bad_input_in_spanish():
    with pytest.raises(ValueError, match="Inicialización desconocida: 'unos'. Usa una de: aleatoria, ceros, constante"):
        backprop.init_params(scheme="unos")
    with pytest.raises(ValueError, match="tres enteros positivos"):
        backprop.init_params(sizes=(2, 0, 1))
    with pytest.raises(ValueError, match="La semilla debe ser un entero"):
        backprop.init_params(seed=-3)


def test_forward_known_values(xor):
    X, y = xor
    p = {"W1": np.array([[1.0, 0.0], [0.0, 1.0]]), "b1": np.zeros(2), "W2": np.array([[1.0], [-1.0]]), "b2": np.zeros(1)}
    cache = backprop.forward(p, X)
    assert cache["A1"][3] == pytest.approx(np.tanh([1.0, 1.0]))
    assert cache["Z2"][:, 0] == pytest.approx([0.0, -np.tanh(1), np.tanh(1), 0.0])
    assert cache["Yhat"][0, 0] == pytest.approx(0.5)
    expected_loss = np.mean(-(y * np.log(cache["Yhat"]) + (1 - y) * np.log(1 - cache["Yhat"])))
    assert backprop.loss(cache, y) == pytest.approx(expected_loss, rel=1e-12)
    assert backprop.accuracy(cache, y) == 0.75   # ŷ = 0.5 cuenta como clase 0: falla solo (0, 1)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_backward_matches_finite_differences(activation):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 3))
    y = (rng.random((7, 1)) > 0.5).astype(float)
    p = backprop.init_params(sizes=(3, 4, 1), seed=5)
    p["b1"] = rng.normal(size=4)
    grads = backprop.backward(p, backprop.forward(p, X, activation), y)
    errors = backprop.relative_errors(grads, backprop.numerical_gradient(p, X, y, activation))
    assert max(errors.values()) < 1e-6
    # numerical_gradient deja los parámetros como estaban
    assert np.array_equal(p["W1"], backprop.init_params(sizes=(3, 4, 1), seed=5)["W1"])


def test_numerical_gradient_is_central_differences_number_by_number():
    """Reutiliza gradient.numerical_gradient y da, bit a bit, las diferencias centradas de cada número."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(5, 2))
    y = (rng.random((5, 1)) > 0.5).astype(float)
    p = backprop.init_params(sizes=(2, 3, 1), seed=2)
    eps = 1e-5
    got = backprop.numerical_gradient(p, X, y, "sigmoid", eps=eps)
    for name in backprop.PARAM_NAMES:
        assert got[name].shape == p[name].shape
        for index in np.ndindex(p[name].shape):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            expected = (backprop.loss(backprop.forward(plus, X, "sigmoid"), y)
                        - backprop.loss(backprop.forward(minus, X, "sigmoid"), y)) / (2 * eps)
            assert got[name][index] == expected
    with pytest.raises(ValueError, match="Parámetro W1: w tiene valores no finitos"):
        backprop.numerical_gradient({**p, "W1": np.full((2, 3), np.nan)}, X, y)


def test_backward_matches_gradient_tape(xor):
    import tensorflow as tf

    X, y = xor
    p = backprop.init_params(seed=2)
    grads = backprop.backward(p, backprop.forward(p, X), y)
    twin = backprop.to_keras(p)
    assert twin.count_params() == 9
    with tf.GradientTape() as tape:
        z = twin(X)
        loss_tf = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    assert float(loss_tf) == pytest.approx(backprop.loss(backprop.forward(p, X), y), rel=1e-12)
    grads_tf = dict(zip(backprop.PARAM_NAMES, tape.gradient(loss_tf, twin.trainable_variables)))
    assert max(backprop.relative_errors(grads, grads_tf).values()) < 1e-10


def test_gradient_descent_step_is_the_optimizer_and_does_not_modify_inputs():
    p = backprop.init_params(seed=0)
    g = {k: np.ones_like(v) for k, v in p.items()}
    before = {k: v.copy() for k, v in p.items()}
    new = backprop.gradient_descent_step(p, g, 0.25)
    for k in p:
        assert np.array_equal(p[k], before[k])
        assert new[k] == pytest.approx(before[k] - 0.25)
    with pytest.raises(ValueError, match="La tasa de aprendizaje debe ser un número positivo"):
        backprop.gradient_descent_step(p, g, 0)


def test_train_solves_xor_with_notebook_settings(xor):
    X, y = xor
    trained, history = backprop.train(backprop.init_params(seed=0), X, y, epochs=2000, learning_rate=1.0)
    assert len(history["loss"]) == 2000 and history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.01 < history["loss"][0]
    assert np.all((backprop.predict_proba(trained, X) > 0.5) == (y > 0.5))


def test_zero_init_never_moves_and_constant_init_keeps_clones(xor):
    X, y = xor
    zeros, history = backprop.train(backprop.init_params(scheme="ceros"), X, y, epochs=200, learning_rate=1.0)
    assert all(np.all(v == 0) for v in zeros.values())
    assert history["loss"][-1] == pytest.approx(math.log(2), abs=1e-12)
    same, history = backprop.train(backprop.init_params(scheme="constante", value=0.5), X, y, epochs=300,
                                   learning_rate=1.0)
    assert np.allclose(same["W1"][:, 0], same["W1"][:, 1]) and same["W1"][0, 0] != 0.5
    assert same["W2"][0, 0] == pytest.approx(same["W2"][1, 0])
    assert history["accuracy"][-1] < 1.0


def test_describe_params_is_rounded_text():
    text = backprop.describe_params(backprop.init_params(scheme="constante", value=-0.00001))
    assert text.splitlines()[0] == "W1 = [[0.000, 0.000], [0.000, 0.000]]"  # sin «-0.000»
    assert text.splitlines()[3] == "b2 = [0.000]"


def test_network_functions_reject_bad_input_in_spanish(xor):
    X, y = xor
    p = backprop.init_params()
    with pytest.raises(ValueError, match=r"X debe tener forma \(ejemplos, 2\)"):
        backprop.forward(p, X[:, :1])
    with pytest.raises(ValueError, match="Activación desconocida: 'relu'"):
        backprop.forward(p, X, activation="relu")
    with pytest.raises(ValueError, match="claves W1, b1, W2, b2"):
        backprop.forward({"W1": p["W1"]}, X)
    with pytest.raises(ValueError, match="Las formas de los parámetros no encajan"):
        backprop.forward({**p, "W2": np.zeros((3, 1))}, X)
    with pytest.raises(ValueError, match=r"y debe tener forma \(4, 1\)"):
        backprop.train(p, X, y[:3], epochs=1, learning_rate=1.0)
    with pytest.raises(ValueError, match="epochs debe ser un entero positivo"):
        backprop.train(p, X, y, epochs=0, learning_rate=1.0)
    with pytest.raises(ValueError, match="eps debe estar entre 0 y 1"):
        backprop.numerical_gradient(p, X, y, eps=2.0)


# --------------------------------------------------------------------------- 3. comprobar gradientes


def test_relative_error_known_values():
    assert backprop.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert backprop.relative_error([1.0], [-1.0]) == 1.0
    assert backprop.relative_error([0.0], [0.0]) == 0.0
    assert backprop.relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5 / 7)
    with pytest.raises(ValueError, match="formas distintas"):
        backprop.relative_error([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="los mismos parámetros"):
        backprop.relative_errors({"W1": 1}, {"W2": 1})


def test_format_gradient_check_is_deterministic_and_marks_failures():
    ok = {"W1": 3e-11, "b1": 0.0}
    bad = {"W1": 0.42, "b1": 1e-12}
    text = backprop.format_gradient_check({"diferencias finitas": (ok, 1e-6), "otra": (bad, 1e-10)})
    lines = text.splitlines()
    assert lines[1].split() == ["parámetro", "frente", "a", "diferencias", "finitas", "frente", "a", "otra"]
    assert "< 1e-06 ✔" in lines[2] and "4.2e-01 ✘ (tolerancia 1e-10)" in lines[2]
    assert lines[3].count("✔") == 2
    with pytest.raises(ValueError, match="No hay comprobaciones"):
        backprop.format_gradient_check({})


def test_hidden_delta_problem_recognizes_typical_mistakes(xor):
    X, y = xor
    p = backprop.init_params(seed=0)
    cache = backprop.forward(p, X)
    dA1 = ((cache["Yhat"] - y) / 4) @ p["W2"].T
    A1, Z1 = cache["A1"], cache["Z1"]
    assert backprop.hidden_delta_problem(dA1 * (1 - A1 ** 2), dA1, A1, Z1) is None
    assert "falta multiplicar por la derivada local" in backprop.hidden_delta_problem(dA1, dA1, A1, Z1)
    assert "derivada de la sigmoide" in backprop.hidden_delta_problem(dA1 * A1 * (1 - A1), dA1, A1, Z1)
    assert "con z en lugar de a" in backprop.hidden_delta_problem(dA1 * (1 - Z1 ** 2), dA1, A1, Z1)
    assert "por el gradiente que llega" in backprop.hidden_delta_problem(1 - A1 ** 2, dA1, A1, Z1)
    assert "signo cambiado" in backprop.hidden_delta_problem(-dA1 * (1 - A1 ** 2), dA1, A1, Z1)
    assert "misma forma que dA1" in backprop.hidden_delta_problem(dA1[:, :1], dA1, A1, Z1)
    assert "no una función" in backprop.hidden_delta_problem(lambda: 0, dA1, A1, Z1)
    with_x = backprop.hidden_delta_problem(dA1, dA1, A1, Z1, X=X)
    assert "la comprobación de gradientes lo detectaría" in with_x
    # Con la sigmoide en la capa oculta, la respuesta correcta cambia.
    assert backprop.hidden_delta_problem(dA1 * A1 * (1 - A1), dA1, A1, Z1, activation="sigmoid") is None


def test_time_gradients_counts_forward_passes(xor):
    X, y = xor
    timing = backprop.time_gradients(backprop.init_params(), X, y, repeats=1)
    assert timing["n_params"] == 9 and timing["forward_passes"] == 18
    assert timing["finite_diff_s"] > 0 and timing["backprop_s"] > 0
    assert timing["ratio"] == pytest.approx(timing["finite_diff_s"] / timing["backprop_s"])


def test_draw_decision_function(xor):
    X, y = xor
    fig = backprop.draw_decision_function(backprop.init_params(), X, y, resolution=20)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "x₁" and "exactitud" in ax.get_title()
    with pytest.raises(ValueError, match="2 entradas"):
        backprop.draw_decision_function(backprop.init_params(sizes=(3, 2, 1)), np.zeros((2, 3)), np.zeros(2))


# --------------------------------------------------------------------------- 4. recorrido paso a paso


def test_network_step_numbers_come_from_forward_and_backward(xor):
    X, y = xor
    p = backprop.init_params(seed=0)
    cache = backprop.forward(p, X[1:2])
    grads = backprop.backward(p, cache, y[1:2])
    states = [backprop.network_step(p, X[1], y[1, 0], s) for s in range(backprop.N_STEPS + 1)]
    assert [s["phase"] for s in states] == ["inicio"] + ["adelante"] * 4 + ["atrás"] * 4 + ["optimizador"]
    assert [s["active"] for s in states] == [None, "h1", "h2", "out", "L", "L", "out", "h2", "h1", None]
    assert states[0]["known_values"] == set() and states[4]["known_values"] == {"h1", "h2", "out", "L"}
    assert states[4]["known_grads"] == set() and states[8]["known_grads"] == {"L", "out", "h1", "h2"}
    last = states[-1]
    assert last["yhat"] == pytest.approx(cache["Yhat"][0, 0])
    assert last["dz2"] == pytest.approx(last["yhat"] - 1.0)          # ∂L/∂z = ŷ − y
    assert last["dyhat"] * last["yhat"] * (1 - last["yhat"]) == pytest.approx(last["dz2"])
    for k in backprop.PARAM_NAMES:
        assert last["grads"][k] == pytest.approx(grads[k])
        assert last["new_params"][k] == pytest.approx(p[k] - 0.5 * grads[k])
    new_loss = backprop.loss(backprop.forward(last["new_params"], X[1:2]), y[1:2])
    assert last["new_loss"] == pytest.approx(new_loss) and new_loss < last["loss"]
    assert "h₂: ∂L/∂z = ∂L/∂a · (1 − a²)" in backprop.summarize_network_step(states[7])


def test_network_step_bad_input_in_spanish(xor):
    X, y = xor
    p = backprop.init_params()
    with pytest.raises(ValueError, match="El paso debe estar entre 0 y 9"):
        backprop.network_step(p, X[0], y[0], 10)
    with pytest.raises(ValueError, match="η debe ser un número positivo"):
        backprop.network_step(p, X[0], y[0], 9, learning_rate=-1)
    with pytest.raises(ValueError, match="red 2-2-1"):
        backprop.network_step(backprop.init_params(sizes=(2, 3, 1)), X[0], y[0], 0)


def weight_sets():
    return {"aleatorios": backprop.init_params(seed=0), "ceros": backprop.init_params(scheme="ceros"),
            "iguales": backprop.init_params(scheme="constante", value=0.5)}


def test_step_explorer_moves_with_slider_buttons_and_dropdowns(xor):
    X, y = xor
    exp = backprop.step_explorer(weight_sets(), X, y)
    assert list(exp.controls)[0] == "step" and exp.controls["step"].max == backprop.N_STEPS
    exp.refresh()
    assert exp.result["step"] == 0 and exp.readout.value.startswith("Paso 0/9 · inicio")
    assert exp.previous_button.disabled and not exp.next_button.disabled
    first_png = exp.figure.last_png

    exp.set(step=3)
    assert exp.result["active"] == "out" and "ŷ = σ(z)" in exp.readout.value
    assert exp.figure.last_png != first_png
    png3, readout3 = exp.figure.last_png, exp.readout.value

    exp.next_button.click()                                  # ▶ avanza un paso
    assert exp.controls["step"].value == 4 and exp.result["phase"] == "adelante"
    assert exp.readout.value != readout3 and exp.figure.last_png != png3
    exp.previous_button.click()                              # ◀ retrocede
    assert exp.result["step"] == 3 and exp.readout.value == readout3

    exp.controls["step"].value = backprop.N_STEPS            # como si el estudiante moviera el deslizador
    assert exp.result["phase"] == "optimizador" and "w ← w − η·∂L/∂w" in exp.readout.value
    assert exp.next_button.disabled
    exp.next_button.click()                                  # en el último paso no pasa de largo
    assert exp.controls["step"].value == backprop.N_STEPS

    exp.set(weights="ceros")
    grads = exp.result["grads"]
    assert np.all(grads["W1"] == 0) and np.all(grads["W2"] == 0) and grads["b2"][0] != 0
    assert exp.result["new_params"]["b2"][0] == pytest.approx(0.25)   # solo se mueve c: 0 − 0.5·(0.5 − 1)
    before = exp.result["x"].copy()
    exp.set(weights="iguales", step=8, example=3)
    assert exp.result["dz1"][0] == pytest.approx(exp.result["dz1"][1])   # h₁ y h₂ son clones
    assert list(exp.result["x"]) == [1.0, 1.0] and list(before) == [0.0, 1.0]
    assert "x = (1, 1) → y = 0" in dict((v, k) for k, v in exp.controls["example"].options)[3]


def test_step_explorer_bad_values_show_spanish_message(xor):
    X, y = xor
    exp = backprop.step_explorer(weight_sets(), X, y)
    exp.set(step=9, learning_rate=0.5)
    good_result, good_png = exp.result, exp.figure.last_png
    exp.set(learning_rate=-1.0)
    assert "η debe ser un número positivo" in exp.error
    assert "⚠️" in exp.readout.value and "η debe ser un número positivo" in exp.readout.value
    assert exp.result is good_result and exp.figure.last_png == good_png
    exp.set(learning_rate=0.1)
    assert exp.error is None and exp.result["learning_rate"] == 0.1
    with pytest.raises(ValueError, match="Control desconocido"):
        exp.set(paso=1)


def test_step_explorer_factory_validates_inputs(xor):
    X, y = xor
    with pytest.raises(ValueError, match="Pesos «grande»: El explorador dibuja una red 2-2-1"):
        backprop.step_explorer({"grande": backprop.init_params(sizes=(2, 3, 1))}, X, y)
    with pytest.raises(ValueError, match="diccionario no vacío"):
        backprop.step_explorer({}, X, y)
    with pytest.raises(ValueError, match=r"X debe tener forma \(n, 2\)"):
        backprop.step_explorer(weight_sets(), X[:, :1], y)
