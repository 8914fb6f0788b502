"""La red 2-2-1 del notebook 03 y el explorador paso a paso que usa sus funciones.

La propagación hacia delante, la retropropagación, la pérdida, las diferencias finitas y el
optimizador son la lección: están escritos en celdas del notebook, no en course_lib. Estas
pruebas leen esas funciones del propio notebook (las definiciones ``def`` de sus celdas), las
comprueban con diferencias finitas y con ``tf.GradientTape``, y se las pasan al explorador, como
hace el notebook.
"""

import ast
import math
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid

from course_lib.lessons import backprop
from course_lib.lessons.gradient.compute import numerical_gradient as vector_numerical_gradient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_retropropagacion.ipynb"
LESSON_FUNCTIONS = ("sigmoid", "forward", "loss", "accuracy", "predict", "backward", "relative_error",
                    "numerical_gradient", "gradient_descent_step", "train")


@pytest.fixture(scope="module")
def nb():
    """Las funciones que define el notebook, ejecutadas tal como están en sus celdas."""
    namespace = {"np": np}
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        exec(compile(tree, str(NOTEBOOK), "exec"), namespace)
    missing = [name for name in LESSON_FUNCTIONS if name not in namespace]
    assert not missing, f"el notebook 03 ya no define {missing} en sus celdas"
    return type("Notebook", (), {name: staticmethod(namespace[name]) for name in LESSON_FUNCTIONS})


@pytest.fixture
def xor():
    return backprop.xor_data()


def functions(nb):
    return dict(forward=nb.forward, backward=nb.backward, loss=nb.loss, update=nb.gradient_descent_step)


def flat_numerical_gradient(nb, params, X, y, eps=1e-6):
    """Referencia independiente: la de la lección 02, parámetro a parámetro."""
    out = {}
    for name, value in params.items():
        def L(flat, name=name):
            return nb.loss(nb.forward({**params, name: flat.reshape(value.shape)}, X), y)
        out[name] = vector_numerical_gradient(L, value.ravel(), eps).reshape(value.shape)
    return out


# --------------------------------------------------------------------------- la red del notebook


def test_notebook_backward_matches_finite_differences(nb):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 3))
    y = (rng.random((7, 1)) > 0.5).astype(float)
    p = backprop.init_params(sizes=(3, 4, 1), seed=5)
    p["b1"] = rng.normal(size=4)
    before = {k: v.copy() for k, v in p.items()}
    grads = nb.backward(p, nb.forward(p, X), y)
    reference = flat_numerical_gradient(nb, p, X, y)
    notebook_fd = nb.numerical_gradient(p, X, y)
    for name in backprop.PARAM_NAMES:
        assert grads[name].shape == p[name].shape
        assert nb.relative_error(grads[name], reference[name]) < 1e-6
        assert np.allclose(notebook_fd[name], reference[name], rtol=0, atol=1e-12)  # las mismas diferencias centradas
        assert np.array_equal(p[name], before[name])          # ni backward ni las diferencias finitas tocan los pesos


def test_notebook_backward_matches_gradient_tape(nb, xor):
    import tensorflow as tf

    X, y = xor
    p = backprop.init_params(seed=2)
    W = {name: tf.Variable(value) for name, value in p.items()}
    with tf.GradientTape() as tape:
        Z2 = tf.tanh(X @ W["W1"] + W["b1"]) @ W["W2"] + W["b2"]
        loss_tf = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=Z2))
    assert float(loss_tf) == pytest.approx(nb.loss(nb.forward(p, X), y), rel=1e-12)
    grads = nb.backward(p, nb.forward(p, X), y)
    for name, g in tape.gradient(loss_tf, W).items():
        assert nb.relative_error(grads[name], g.numpy()) < 1e-10


def test_notebook_forward_loss_and_accuracy(nb, xor):
    X, y = xor
    p = backprop.init_params(scheme="zeros")
    cache = nb.forward(p, X)
    assert set(cache) >= {"X", "Z1", "A1", "Z2", "Yhat"} and np.all(cache["Yhat"] == 0.5)
    assert nb.loss(cache, y) == pytest.approx(math.log(2), rel=1e-12)
    assert nb.accuracy(cache, y) == 0.5        # ŷ = 0.5 cuenta como clase 0: acierta los dos ceros
    assert nb.predict(p, X).shape == (4, 1)


def test_gradient_descent_step_is_the_optimizer_and_does_not_modify_inputs(nb):
    p = backprop.init_params(seed=0)
    g = {k: np.ones_like(v) for k, v in p.items()}
    before = {k: v.copy() for k, v in p.items()}
    new = nb.gradient_descent_step(p, g, 0.25)
    for k in p:
        assert np.array_equal(p[k], before[k])
        assert new[k] == pytest.approx(before[k] - 0.25)


def test_notebook_training_solves_xor_as_the_text_says(nb, xor):
    X, y = xor
    trained, history = nb.train(backprop.init_params(seed=0), X, y, epochs=2000, learning_rate=1.0)
    assert len(history["loss"]) == 2000 and history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.01 < history["loss"][0]
    assert history["loss"][100] > 0.6 > 0.1 > history["loss"][300]     # meseta de unas cien épocas y después baja
    assert np.all((nb.predict(trained, X) > 0.5) == (y > 0.5))
    # «prueba seed=1 … pérdida parada en unos 0.35 con un 50 % de exactitud»
    _, stuck = nb.train(backprop.init_params(seed=1), X, y, epochs=2000, learning_rate=1.0)
    assert f"{stuck['loss'][-1]:.2f}" == "0.35" and stuck["accuracy"][-1] == 0.5
    # «Con cuatro neuronas ocultas (sizes=(2, 4, 1)) no le pasa»: la misma semilla 1 sí aprende
    _, wider = nb.train(backprop.init_params(sizes=(2, 4, 1), seed=1), X, y, epochs=2000, learning_rate=1.0)
    assert wider["accuracy"][-1] == 1.0


def test_zero_init_never_moves_and_constant_init_keeps_clones(nb, xor):
    X, y = xor
    zeros, history = nb.train(backprop.init_params(scheme="zeros"), X, y, epochs=200, learning_rate=1.0)
    assert all(np.all(v == 0) for v in zeros.values())
    assert history["loss"][-1] == pytest.approx(math.log(2), abs=1e-12)
    same, history = nb.train(backprop.init_params(scheme="constant", value=0.5), X, y, epochs=300, learning_rate=1.0)
    assert np.allclose(same["W1"][:, 0], same["W1"][:, 1]) and same["W1"][0, 0] != 0.5
    assert same["W2"][0, 0] == pytest.approx(same["W2"][1, 0])
    assert history["accuracy"][-1] < 1.0


# --------------------------------------------------------------------------- recorrido paso a paso


def test_network_step_numbers_come_from_the_notebook_functions(nb, xor):
    X, y = xor
    p = backprop.init_params(seed=0)
    cache = nb.forward(p, X[1:2])
    grads = nb.backward(p, cache, y[1:2])
    states = [backprop.network_step(p, X[1], y[1, 0], s, **functions(nb)) for s in range(backprop.N_STEPS + 1)]
    assert [s["phase"] for s in states] == ["start"] + ["forward"] * 4 + ["backward"] * 4 + ["optimizer"]
    assert [s["active"] for s in states] == [None, "h1", "h2", "out", "L", "L", "out", "h2", "h1", None]
    assert states[0]["known_values"] == set() and states[4]["known_values"] == {"h1", "h2", "out", "L"}
    assert states[4]["known_grads"] == set() and states[8]["known_grads"] == {"L", "out", "h1", "h2"}
    last = states[-1]
    assert last["yhat"] == pytest.approx(cache["Yhat"][0, 0])
    assert last["dz2"] == pytest.approx(last["yhat"] - 1.0)          # ∂L/∂z = ŷ − y
    assert last["dyhat"] * last["yhat"] * (1 - last["yhat"]) == pytest.approx(last["dz2"])
    assert last["dz1"] == pytest.approx(last["da1"] * (1 - last["a1"] ** 2))
    for k in backprop.PARAM_NAMES:
        assert last["grads"][k] == pytest.approx(grads[k])
        assert last["new_params"][k] == pytest.approx(p[k] - 0.5 * grads[k])
    new_loss = nb.loss(nb.forward(last["new_params"], X[1:2]), y[1:2])
    assert last["new_loss"] == pytest.approx(new_loss) and new_loss < last["loss"]
    assert "h₂: ∂L/∂z = ∂L/∂a · (1 − a²)" in backprop.summarize_network_step(states[7])
    assert backprop.summarize_network_step(states[0]).startswith("Paso 0/9 · inicio")


def test_network_step_bad_input_in_spanish(nb, xor):
    X, y = xor
    p = backprop.init_params()
    with pytest.raises(ValueError, match="El paso debe estar entre 0 y 9"):
        backprop.network_step(p, X[0], y[0], 10, **functions(nb))
    with pytest.raises(ValueError, match="η debe ser un número positivo"):
        backprop.network_step(p, X[0], y[0], 9, learning_rate=-1, **functions(nb))
    with pytest.raises(ValueError, match="red 2-2-1"):
        backprop.network_step(backprop.init_params(sizes=(2, 3, 1)), X[0], y[0], 0, **functions(nb))
    broken = {**functions(nb), "forward": lambda params, X: {"Yhat": nb.forward(params, X)["Yhat"]}}
    with pytest.raises(ValueError, match="forward debe devolver un diccionario con Z1, A1, Z2, Yhat"):
        backprop.network_step(p, X[0], y[0], 0, **broken)
    no_bias = {**functions(nb), "backward": lambda params, cache, y: {"W1": 0, "W2": 0}}
    with pytest.raises(ValueError, match="Los gradientes que devuelve backward"):
        backprop.network_step(p, X[0], y[0], 0, **no_bias)


def weight_sets():
    return {"aleatorios": backprop.init_params(seed=0), "ceros": backprop.init_params(scheme="zeros"),
            "iguales": backprop.init_params(scheme="constant", value=0.5)}


def buttons(exp):
    (row,) = exp.extras
    previous_button, next_button = row.children
    assert "◀" in previous_button.description and "▶" in next_button.description
    return previous_button, next_button


def test_step_explorer_moves_with_slider_buttons_and_dropdowns(nb, xor):
    X, y = xor
    exp = backprop.step_explorer(weight_sets(), X, y, **functions(nb))
    assert list(exp.controls) == ["step", "example", "weights", "learning_rate"]
    assert exp.controls["step"].max == backprop.N_STEPS
    assert not {"previous_button", "next_button"} & set(vars(exp))   # nada pegado a la instancia
    assert exp.extras[0] in exp.view.children                        # los botones, por la API pública
    previous_button, next_button = buttons(exp)
    exp.refresh()
    assert exp.result["step"] == 0 and exp.readout.value.startswith("Paso 0/9 · inicio")
    assert previous_button.disabled and not next_button.disabled
    first_png = exp.figure.last_png

    exp.set(step=3)
    assert exp.result["active"] == "out" and "ŷ = σ(z)" in exp.readout.value
    assert exp.figure.last_png != first_png
    png3, readout3 = exp.figure.last_png, exp.readout.value

    next_button.click()                                      # ▶ avanza un paso
    assert exp.controls["step"].value == 4 and exp.result["phase"] == "forward"
    assert exp.readout.value != readout3 and exp.figure.last_png != png3
    previous_button.click()                                  # ◀ retrocede
    assert exp.result["step"] == 3 and exp.readout.value == readout3

    exp.controls["step"].value = backprop.N_STEPS            # como si el estudiante moviera el deslizador
    assert exp.result["phase"] == "optimizer" and "w ← w − η·∂L/∂w" in exp.readout.value
    assert next_button.disabled and not previous_button.disabled
    next_button.click()                                      # en el último paso no pasa de largo
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


def test_step_explorer_draws_the_functions_it_is_given(nb, xor):
    """Si el estudiante cambia su backward, el explorador enseña ese cambio (no una copia propia)."""
    X, y = xor
    wrong_sign = {**functions(nb),
                  "backward": lambda params, cache, y: {k: -v for k, v in nb.backward(params, cache, y).items()}}
    good = backprop.step_explorer(weight_sets(), X, y, **functions(nb), step=9)
    bad = backprop.step_explorer(weight_sets(), X, y, **wrong_sign, step=9)
    good.refresh(), bad.refresh()
    assert bad.result["grads"]["W2"] == pytest.approx(-good.result["grads"]["W2"])
    assert bad.result["new_loss"] > bad.result["loss"] > good.result["new_loss"]   # subir por el gradiente empeora


def test_step_explorer_every_control_value_is_valid_and_bad_values_raise(nb, xor):
    X, y = xor
    exp = backprop.step_explorer(weight_sets(), X, y, **functions(nb))
    assert_every_control_value_is_valid(exp)
    lr = exp.controls["learning_rate"]
    assert (lr.min, lr.max) == backprop.explorers.LEARNING_RATE_RANGE[:2] and lr.min > 0
    exp.set(step=9, learning_rate=0.5)
    good_result, good_png = exp.result, exp.figure.last_png
    with pytest.raises(ValueError, match="Tasa de aprendizaje η.*va de 0.1 a 2"):
        exp.set(learning_rate=-1.0)
    with pytest.raises(ValueError, match="Paso.*va de 0 a 9"):
        exp.set(step=10)
    with pytest.raises(ValueError, match="no tiene la opción 'pesados'"):
        exp.set(weights="pesados")
    with pytest.raises(ValueError, match="Control desconocido"):
        exp.set(paso=1)
    assert exp.result is good_result and exp.figure.last_png == good_png and exp.error is None
    exp.set(learning_rate=0.1)
    assert exp.error is None and exp.result["learning_rate"] == pytest.approx(0.1)


def test_step_explorer_factory_validates_inputs(nb, xor):
    X, y = xor
    with pytest.raises(ValueError, match="Pesos «grande»: El explorador dibuja una red 2-2-1"):
        backprop.step_explorer({"grande": backprop.init_params(sizes=(2, 3, 1))}, X, y, **functions(nb))
    with pytest.raises(ValueError, match="diccionario no vacío"):
        backprop.step_explorer({}, X, y, **functions(nb))
    with pytest.raises(ValueError, match=r"X debe tener forma \(n, 2\)"):
        backprop.step_explorer(weight_sets(), X[:, :1], y, **functions(nb))
    with pytest.raises(ValueError, match="backward debe ser la función backward del notebook"):
        backprop.step_explorer(weight_sets(), X, y, **{**functions(nb), "backward": None})
    with pytest.raises(ValueError, match="learning_rate debe estar entre 0.1 y 2.0"):
        backprop.step_explorer(weight_sets(), X, y, **functions(nb), learning_rate=5)
