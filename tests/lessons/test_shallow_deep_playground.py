"""Pruebas de la lección 01: el patio de juegos (cálculo con validación, figura, texto y
explorador) y las figuras del notebook."""

import inspect

import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid
from matplotlib.figure import Figure
from sklearn.linear_model import LogisticRegression

from course_lib.explorer import Explorer
from course_lib.lessons import shallow_deep as sd
from course_lib.plots import figure_to_png

# --------------------------------------------------------------------------- cálculo


def test_train_playground_result_has_validation_not_test():
    r = sd.train_playground("circles", 0.1, 2, 3, "relu", 0.03, ("x1", "x2", "r"), epochs=60, resolution=20)
    assert r["hidden"] == (3, 3) and r["features"] == ("x1", "x2", "r")
    assert r["X_train"].shape == (300, 2) and r["X_val"].shape == (100, 2) and r["y_val"].shape == (100,)
    assert not any("test" in key for key in r)                 # el patio de juegos no toca la prueba
    assert r["probability"].shape == (20, 20) and np.all((0 <= r["probability"]) & (r["probability"] <= 1))
    assert r["input_maps"].shape == (3, 20, 20) and r["map_labels"] == ["neurona 1", "neurona 2", "neurona 3"]
    assert r["output_weights"].shape == (3,)
    assert len(r["loss_train"]) == len(r["loss_val"]) == 60
    assert r["n_parameters"] == (3 * 3 + 3) + (3 * 3 + 3) + (3 + 1)
    assert 0 <= r["accuracy_val"] <= 1 and 0 <= r["accuracy_train"] <= 1
    shallow = sd.train_playground(hidden_layers=0, features=("x1", "x2", "x1*x2"), resolution=10)
    assert shallow["map_labels"] == ["x₁", "x₂", "x₁·x₂"] and shallow["hidden"] == ()
    np.testing.assert_allclose(shallow["input_maps"][0][0], sd.plane_grid(shallow["extent"], 10)[0])


def test_validation_curve_is_the_loss_on_the_held_out_quarter():
    r = sd.train_playground("moons", 0.1, 1, 4, epochs=40, resolution=10)
    X, y = sd.make_dataset("moons", 400, 0.1, 0)
    X_tr, X_val, y_tr, y_val = sd.split(X, y, sd.VALIDATION_FRACTION)
    np.testing.assert_array_equal(r["X_val"], X_val)
    trained = sd.train_mlp(X_tr, y_tr, (4,), "tanh", 0.03, 40, 0, X_val, y_val)
    np.testing.assert_allclose(r["loss_val"], trained["loss_val"])
    np.testing.assert_allclose(r["loss_train"], trained["loss_train"])
    p = sd.mlp_predict_proba(trained["params"], X_val, "tanh")
    assert r["accuracy_val"] == pytest.approx(np.mean((p >= 0.5) == y_val))


def test_playground_tells_shallow_from_deep_on_circles():
    def acc(**kw):
        return sd.train_playground("circles", 0.1, resolution=10, **kw)["accuracy_val"]

    assert acc(hidden_layers=0) < 0.7                                   # una recta: azar
    assert acc(hidden_layers=0, features=("x1", "x2", "r")) >= 0.9      # ingeniería de características
    assert acc(hidden_layers=1, neurons=2) < 0.9                        # ejercicio 2: dos rectas no bastan
    assert acc(hidden_layers=1, neurons=3) >= 0.9                       # tres sí


@pytest.mark.parametrize("kwargs, message", [
    ({"dataset": "anillos"}, "El conjunto de datos 'anillos' no existe"),
    ({"hidden_layers": 9}, "El número de capas ocultas debe estar entre 0 y 6"),
    ({"neurons": 0}, "El número de neuronas por capa debe estar entre 1"),
    ({"features": ()}, "marca al menos una"),
    ({"noise": 2.0}, "El ruido debe estar entre 0 y 1,"),
])
def test_train_playground_bad_input_in_spanish(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sd.train_playground(**kwargs)


def test_defaults_live_in_one_place():
    signature = inspect.signature(sd.train_playground).parameters
    assert dict(sd.DEFAULTS) == {name: signature[name].default for name in sd.DEFAULTS}
    exp = sd.playground_explorer()
    assert exp.values() == dict(sd.DEFAULTS)
    with pytest.raises(TypeError):
        sd.DEFAULTS["epochs"] = 1                              # de solo lectura


# --------------------------------------------------------------------------- figura y texto


def test_draw_and_summarize_playground():
    r = sd.train_playground("xor", 0.1, 1, 4, epochs=50, resolution=20)
    fig = sd.draw_playground(r)
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes]
    assert any(t.startswith("Frontera de decisión · exactitud de validación") for t in titles)
    loss_title = next(t for t in titles if t.startswith("Pérdida por época: entrenamiento"))
    assert f"validación {r['loss_val'][-1]:.3f}" in loss_title
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "validación" in legend and "validación (huecos)" in legend and "prueba" not in " ".join(legend)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    assert texts[:4] == [f"neurona {j}\npeso {w:+.2f}" for j, w in zip(range(1, 5), r["output_weights"])]
    assert figure_to_png(fig).startswith(b"\x89PNG")
    line = sd.summarize_playground(r)
    assert line.startswith("XOR, ruido 0.10 · 1 capa oculta de 4 neuronas (tanh), 17 parámetros · tasa 0.03, 50 épocas → ")
    assert f"exactitud de validación {100 * r['accuracy_val']:.0f} %" in line and "prueba" not in line
    shallow = sd.train_playground(hidden_layers=0, epochs=50, resolution=20)
    assert "sin capas ocultas (regresión logística), 3 parámetros" in sd.summarize_playground(shallow)
    broken = dict(r, diverged=True)
    assert "la pérdida se ha disparado" in sd.summarize_playground(broken)
    texts = [t.get_text() for ax in sd.draw_playground(broken).axes for t in ax.texts if t.get_visible()]
    assert "La pérdida se ha disparado:\nbaja la tasa de aprendizaje" in texts


def test_dead_relu_neurons_are_marked():
    r = sd.train_playground("spiral", 0.1, 3, 8, "relu", 3.0, epochs=100, resolution=20)
    texts = [t.get_text() for ax in sd.draw_playground(r).axes for t in ax.texts if t.get_visible()]
    dead = [t for t in texts if t.endswith("· muerta")]
    assert dead and len(dead) == int(np.sum(np.abs(r["input_maps"]).max(axis=(1, 2)) == 0))


# --------------------------------------------------------------------------- explorador


def test_feature_toggles_sync_both_ways_and_keep_one_input():
    toggles = sd.FeatureToggles(("x1", "r"))
    assert toggles.value == ("x1", "r")
    assert [box.value for box in toggles._boxes.values()] == [True, False, False, False, False, True]
    toggles._boxes["x1*x2"].value = True                    # como un clic del estudiante
    assert toggles.value == ("x1", "x1*x2", "r")
    toggles.value = ("x2",)
    assert [key for key, box in toggles._boxes.items() if box.value] == ["x2"]
    assert [key for key, box in toggles._boxes.items() if box.disabled] == ["x2"]   # la última no se desmarca
    toggles.value = ["r", "x1"]                              # lista y en otro orden: el de FEATURES
    assert toggles.value == ("x1", "r") and not any(box.disabled for box in toggles._boxes.values())


def test_playground_explorer_responds_to_every_kind_of_control():
    exp = sd.playground_explorer()
    assert isinstance(exp, Explorer)
    exp.refresh()
    assert exp.result["hidden"] == (4,) and exp.figure.updates == 1
    first_text, first_png = exp.readout.value, exp.figure.last_png
    assert "Círculos, ruido 0.10 · 1 capa oculta de 4 neuronas (tanh)" in first_text

    exp.set(hidden_layers=2)                                 # el primer control, un deslizador
    assert exp.result["hidden"] == (4, 4) and "2 capas ocultas de 4 neuronas" in exp.readout.value
    assert exp.readout.value != first_text and exp.figure.last_png != first_png

    exp.controls["neurons"].value = 6                        # moviendo el widget directamente
    assert exp.result["hidden"] == (6, 6) and exp.figure.updates == 3

    exp.set(hidden_layers=0, dataset="xor", learning_rate=0.1, activation="relu", epochs=100, noise=0.0)
    assert exp.result["dataset"] == "xor" and exp.result["hidden"] == ()
    assert exp.result["noise"] == 0.0 and "tasa 0.1, 100 épocas" in exp.readout.value
    before = exp.result["accuracy_val"]
    exp.controls["features"]._boxes["x1*x2"].value = True    # una casilla de característica
    assert exp.result["features"] == ("x1", "x2", "x1*x2")
    assert exp.result["accuracy_val"] > before + 0.2         # XOR resuelto con x₁·x₂


def test_every_control_value_is_valid(monkeypatch):
    exp = sd.playground_explorer(epochs=50)
    drawn = []
    # Se calcula y se construye la figura de cada valor; solo se ahorra convertirla en PNG (lo lento).
    monkeypatch.setattr(exp.figure, "update", drawn.append)
    exp.refresh()
    assert_every_control_value_is_valid(exp)
    for key in sd.FEATURES:                                  # cada característica sola también vale
        exp.set(features=(key,))
        assert exp.error is None and exp.result["features"] == (key,)
    assert len(drawn) > 30 and all(isinstance(fig, Figure) for fig in drawn)


@pytest.mark.parametrize("values, message", [
    ({"features": ()}, "No hay ninguna característica de entrada: marca al menos una"),
    ({"features": ("x1", "theta")}, "Característica desconocida: 'theta'"),
    ({"features": ("x1", "x1")}, "está repetida"),
    ({"hidden_layers": 5}, r"«Capas ocultas» \(hidden_layers\) va de 0 a 4"),
    ({"neurons": 0}, r"«Neuronas por capa» \(neurons\) va de 1 a 8"),
    ({"learning_rate": 0.5}, r"«Tasa de aprendizaje» \(learning_rate\) no tiene la opción 0.5"),
    ({"activation": "ReLU"}, r"«Activación» \(activation\) no tiene la opción 'ReLU'"),
    ({"dataset": "anillos"}, r"«Datos» \(dataset\) no tiene la opción 'anillos'"),
    ({"noise": 0.8}, r"«Ruido» \(noise\) va de 0 a 0.5"),
    ({"epochs": 2000}, r"«Épocas» \(epochs\) va de 50 a 1000"),
])
def test_refused_values_raise_spanish_errors_and_change_nothing(values, message):
    exp = sd.playground_explorer(epochs=50)
    exp.refresh()
    good, updates, shown = exp.result, exp.figure.updates, exp.values()
    with pytest.raises(ValueError, match=message):
        exp.set(**values)
    assert exp.values() == shown and exp.result is good and exp.figure.updates == updates
    with pytest.raises(ValueError, match=message):
        sd.playground_explorer(**values)                     # también como valor inicial


def test_playground_explorer_rejects_unknown_initial_controls():
    with pytest.raises(ValueError, match="Control desconocido: capas"):
        sd.playground_explorer(capas=2)


def test_labels_are_not_truncated():
    exp = sd.playground_explorer()
    for name, control in exp.controls.items():
        style = getattr(control, "style", None)
        if style is not None and hasattr(style, "description_width"):
            assert style.description_width in ("", "initial"), name


# --------------------------------------------------------------------------- figuras del notebook


def test_notebook_figures():
    X, y = sd.make_dataset("circles", n=100, noise=0.1, seed=1)
    X_te, y_te = sd.make_dataset("circles", n=60, noise=0.1, seed=2)
    clf = LogisticRegression().fit(sd.make_features(X, ["x1^2", "x2^2"]), y)

    fig = sd.dataset_gallery(n=60)
    assert [ax.get_title() for ax in fig.axes] == list(sd.DATASETS.values())

    fig = sd.plot_boundaries([("A", sd.predictor(clf, ["x1^2", "x2^2"])), ("B", lambda P: np.full(len(P), 0.2))],
                             X, y, X_te, y_te, resolution=30)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("A\nexactitud de prueba ")
    assert titles[1] == f"B\nexactitud de prueba {100 * np.mean(y_te == 0):.0f} %"
    with pytest.raises(ValueError, match="lista de pares"):
        sd.plot_boundaries([clf], X, y)

    fig = sd.plot_feature_space(clf, X, y, ["x1^2", "x2^2"], resolution=30)
    assert [ax.get_title() for ax in fig.axes] == ["En el plano original: la frontera es curva",
                                                   "En el espacio de características: una recta"]
    assert fig.axes[1].get_xlabel() == "x₁²"
    with pytest.raises(ValueError, match="exactamente 2"):
        sd.plot_feature_space(clf, X, y, ["x1^2"])

    fig = sd.plot_neuron_maps(lambda P: np.tanh(P @ np.array([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]])),
                              weights=[1.0, -2.0, 0.5], X=X, y=y, resolution=20)
    assert [ax.get_title() for ax in fig.axes[:3]] == ["neurona 1\npeso +1.00", "neurona 2\npeso -2.00",
                                                       "neurona 3\npeso +0.50"]
    with pytest.raises(ValueError, match="un peso por neurona"):
        sd.plot_neuron_maps(lambda P: P, weights=[1.0], resolution=5)
    with pytest.raises(ValueError, match="una fila por punto"):
        sd.plot_neuron_maps(lambda P: P[:3], resolution=5)

    fig = sd.plot_accuracies({"a mano": 0.938, "aprendidas": 0.96})
    bars = fig.axes[0].patches
    assert [round(b.get_width(), 1) for b in bars] == [93.8, 96.0]
    assert [t.get_text() for t in fig.axes[0].texts] == ["93.8 %", "96.0 %"]
    with pytest.raises(ValueError, match="La exactitud de «a» debe estar entre 0 y 1,"):
        sd.plot_accuracies({"a": 93.8})

