"""Pruebas de course_lib.playground: datos de juguete, características, la red en NumPy, el
patio de juegos (cálculo, figura, texto y explorador) y las figuras del notebook 01."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.linear_model import LogisticRegression

from course_lib import playground as pg
from course_lib.plots import figure_to_png

# --------------------------------------------------------------------------- datos


@pytest.mark.parametrize("name", list(pg.DATASETS))
def test_make_dataset_shapes_balance_and_determinism(name):
    X, y = pg.make_dataset(name, n=101, noise=0.1, seed=3)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert X.dtype == np.float64 and set(np.unique(y)) == {0, 1}
    assert np.bincount(y).tolist() == [51, 50]            # la mitad de cada clase
    X2, y2 = pg.make_dataset(name, n=101, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = pg.make_dataset(name, n=101, noise=0.1, seed=4)
    assert not np.allclose(X, X3)
    assert np.abs(X).max() < 2.0                           # más o menos en [-1, 1]²


def test_make_dataset_geometry_without_noise():
    X, y = pg.make_dataset("circles", n=400, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() <= 0.5 + 1e-12 and r[y == 0].min() >= 0.7 - 1e-12 and r.max() <= 1.0 + 1e-12
    X, y = pg.make_dataset("xor", n=400, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))
    assert np.abs(X).min() >= 0.05 - 1e-12                # margen junto a los ejes
    X, y = pg.make_dataset("spiral", n=400, noise=0.0)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0 + 1e-12
    X, y = pg.make_dataset("moons", n=400, noise=0.0)
    assert -1.0 - 1e-12 <= X[:, 0].min() and X[:, 0].max() <= 1.0 + 1e-12
    assert X[y == 0, 1].mean() > X[y == 1, 1].mean()      # la luna azul arriba


def test_noise_moves_the_same_points():
    X0, y0 = pg.make_dataset("moons", n=50, noise=0.0, seed=1)
    X1, y1 = pg.make_dataset("moons", n=50, noise=0.2, seed=1)
    np.testing.assert_array_equal(y0, y1)
    shift = np.linalg.norm(X1 - X0, axis=1)
    assert 0 < shift.mean() < 0.5


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "espiral"}, r"El conjunto de datos 'espiral' no existe\. Elige uno de estos: 'circles' \(Círculos\)"),
    ({"n": 2}, "El número de puntos n debe estar entre 4 y"),
    ({"n": 10.5}, "debe ser un número entero"),
    ({"noise": -0.1}, "El ruido debe estar entre 0 y 1,"),
    ({"noise": "mucho"}, "El ruido debe ser un número"),
    ({"seed": -1}, "La semilla debe estar entre 0"),
])
def test_make_dataset_bad_input_in_spanish(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pg.make_dataset(**kwargs)


def test_split_keeps_the_last_quarter_for_test():
    X, y = pg.make_dataset("circles", n=40)
    X_tr, X_te, y_tr, y_te = pg.split(X, y, 0.25)
    assert (len(X_tr), len(X_te), len(y_tr), len(y_te)) == (30, 10, 30, 10)
    np.testing.assert_array_equal(X_te, X[-10:])
    with pytest.raises(ValueError, match="fracción de prueba"):
        pg.split(X, y, 0.0)
    with pytest.raises(ValueError, match="una etiqueta por punto"):
        pg.split(X, y[:-1])


# --------------------------------------------------------------------------- características


def test_make_features_known_values():
    points = np.array([[0.3, 0.4], [-0.6, 0.8]])
    F = pg.make_features(points, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "r"])
    np.testing.assert_allclose(F, [[0.3, 0.4, 0.09, 0.16, 0.12, 0.5],
                                   [-0.6, 0.8, 0.36, 0.64, -0.48, 1.0]])
    assert pg.make_features(points, "r").shape == (2, 1)   # una sola clave también vale


@pytest.mark.parametrize("X, features, message", [
    (np.zeros((3, 2)), [], "No hay ninguna característica de entrada: marca al menos una"),
    (np.zeros((3, 2)), ["x1", "radio"], r"Característica desconocida: 'radio'\. Las que hay son: 'x1'"),
    (np.zeros((3, 2)), ["x1", "x1"], "está repetida"),
    (np.zeros((3, 3)), ["x1"], r"debe tener forma \(n, 2\).*\(3, 3\)"),
    (np.array([[np.nan, 0.0]]), ["x1"], "no finitos"),
    (np.zeros((3, 2)), 5, "deben ser una lista de nombres"),
])
def test_make_features_bad_input_in_spanish(X, features, message):
    with pytest.raises(ValueError, match=message):
        pg.make_features(X, features)


def test_plane_grid():
    ticks, points = pg.plane_grid(1.0, 3)
    np.testing.assert_allclose(ticks, [-1, 0, 1])
    assert points.shape == (9, 2)
    np.testing.assert_allclose(points[1], [0, -1])        # fila a fila: x₁ cambia primero
    with pytest.raises(ValueError, match="La resolución debe estar entre 2"):
        pg.plane_grid(1.0, 1)


def test_predictor_for_sklearn_with_features_and_for_functions():
    X, y = pg.make_dataset("circles", n=200, noise=0.05, seed=0)
    clf = LogisticRegression().fit(pg.make_features(X, ["x1^2", "x2^2"]), y)
    predict = pg.predictor(clf, ["x1^2", "x2^2"])
    p = predict(np.array([[0.0, 0.0], [0.9, 0.0]]))
    assert p.shape == (2,) and p[0] > 0.8 and p[1] < 0.2   # centro naranja, anillo azul
    column = pg.predictor(lambda P: P[:, :1] * 0 + 0.25)    # (m, 1) también vale
    np.testing.assert_allclose(column(np.zeros((4, 2))), 0.25)
    with pytest.raises(ValueError, match="No sé cómo predecir con int"):
        pg.predictor(3)
    with pytest.raises(ValueError, match="una probabilidad por punto"):
        pg.predictor(lambda P: np.zeros(1))(np.zeros((4, 2)))


def test_extra_feature_accuracy_solves_xor_only_with_the_right_feature():
    X, y = pg.make_dataset("xor", n=300, noise=0.1, seed=1)
    X_te, y_te = pg.make_dataset("xor", n=200, noise=0.1, seed=3)
    assert pg.extra_feature_accuracy(lambda X: X[:, 0] * X[:, 1], X, y, X_te, y_te) >= 0.9
    assert pg.extra_feature_accuracy(lambda X: X[:, 0] ** 2, X, y, X_te, y_te) < 0.7
    with pytest.raises(ValueError, match="Se esperaba una función"):
        pg.extra_feature_accuracy(42, X, y, X_te, y_te)
    with pytest.raises(ValueError, match=r"un valor por punto, forma \(300,\), y ha devuelto forma \(300, 2\)"):
        pg.extra_feature_accuracy(lambda X: X, X, y, X_te, y_te)
    with pytest.raises(ValueError, match="no finitos"):
        pg.extra_feature_accuracy(lambda X: np.full(len(X), np.nan), X, y, X_te, y_te)


# --------------------------------------------------------------------------- red en NumPy


def test_init_mlp_glorot_and_parameter_count():
    params = pg.init_mlp(2, (4,), seed=0)
    assert [W.shape for W, _ in params] == [(2, 4), (4, 1)]
    assert all(np.all(b == 0) for _, b in params)
    assert np.abs(params[0][0]).max() <= math.sqrt(6 / 6)
    assert pg.count_parameters(params) == 2 * 4 + 4 + 4 * 1 + 1 == 17
    assert pg.count_parameters(pg.init_mlp(3, ())) == 4     # regresión logística: 3 pesos + 1 sesgo
    with pytest.raises(ValueError, match="neuronas de una capa oculta debe estar entre 1"):
        pg.init_mlp(2, (0,))


@pytest.mark.parametrize("activation", list(pg.ACTIVATIONS))
def test_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(0)
    F = rng.normal(size=(12, 3))
    y = (rng.random(12) > 0.5).astype(float)
    params = pg.init_mlp(3, (5, 4), seed=1)
    params = [(W, b + 0.1 * rng.normal(size=b.shape)) for W, b in params]   # sesgos no nulos
    loss, grads = pg.mlp_loss_and_gradients(params, F, y, activation)
    eps = 1e-6
    for layer, (W, b) in enumerate(params):
        for which, array in ((0, W), (1, b)):
            for index in [tuple(i) for i in np.argwhere(np.ones_like(array))[:6]]:
                old = array[index]
                array[index] = old + eps
                plus, _ = pg.mlp_loss_and_gradients(params, F, y, activation)
                array[index] = old - eps
                minus, _ = pg.mlp_loss_and_gradients(params, F, y, activation)
                array[index] = old
                numeric = (plus - minus) / (2 * eps)
                assert grads[layer][which][index] == pytest.approx(numeric, rel=1e-4, abs=1e-8)


def test_loss_is_binary_cross_entropy():
    params = [(np.zeros((2, 1)), np.zeros(1))]               # logits 0 -> p = 0.5 para todos
    loss, _ = pg.mlp_loss_and_gradients(params, np.ones((4, 2)), np.array([0, 1, 0, 1.0]))
    assert loss == pytest.approx(math.log(2))
    np.testing.assert_allclose(pg.mlp_predict_proba(params, np.ones((4, 2))), 0.5)


def test_train_mlp_learns_and_is_reproducible():
    X, y = pg.make_dataset("moons", n=200, noise=0.05, seed=0)
    X_tr, X_te, y_tr, y_te = pg.split(X, y)
    a = pg.train_mlp(X_tr, y_tr, (8,), "tanh", 0.03, 200, seed=0, F_test=X_te, y_test=y_te)
    b = pg.train_mlp(X_tr, y_tr, (8,), "tanh", 0.03, 200, seed=0, F_test=X_te, y_test=y_te)
    assert len(a["loss_train"]) == len(a["loss_test"]) == 200 and not a["diverged"]
    assert a["loss_train"][-1] < 0.3 * a["loss_train"][0]
    np.testing.assert_array_equal(a["loss_train"], b["loss_train"])
    accuracy = np.mean((pg.mlp_predict_proba(a["params"], X_te, "tanh") >= 0.5) == y_te)
    assert accuracy >= 0.9


def test_train_mlp_stops_when_the_loss_is_no_longer_a_number():
    F = np.full((4, 1000), 1.5e308)       # la suma de 1000 entradas enormes desborda: inf - inf = NaN
    result = pg.train_mlp(F, [0, 1, 0, 1], (1,), "linear", 0.1, 5, seed=0)
    assert result["diverged"] and len(result["loss_train"]) < 5


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "ReLu"}, r"La activación 'ReLu' no existe\. Elige uno de estos: 'tanh'"),
    ({"learning_rate": 0}, r"La tasa de aprendizaje debe estar entre 0 y 100 \(sin incluir 0\)"),
    ({"epochs": 0}, "El número de épocas debe estar entre 1"),
    ({"y_train": [0, 1, 2, 1]}, "solo etiquetas 0 y 1"),
    ({"F_test": np.zeros((2, 5)), "y_test": [0, 1]}, "las mismas columnas que F_train"),
])
def test_train_mlp_bad_input_in_spanish(kwargs, message):
    args = {"F_train": np.zeros((4, 2)), "y_train": [0, 1, 0, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        pg.train_mlp(**args)


# --------------------------------------------------------------------------- patio de juegos


def test_train_playground_result():
    r = pg.train_playground("circles", 0.1, 2, 3, "relu", 0.03, ("x1", "x2", "r"), epochs=60, resolution=20)
    assert r["hidden"] == (3, 3) and r["features"] == ("x1", "x2", "r")
    assert r["X_train"].shape == (300, 2) and r["X_test"].shape == (100, 2)
    assert r["probability"].shape == (20, 20) and np.all((0 <= r["probability"]) & (r["probability"] <= 1))
    assert r["input_maps"].shape == (3, 20, 20) and r["map_labels"] == ["neurona 1", "neurona 2", "neurona 3"]
    assert r["output_weights"].shape == (3,)
    assert len(r["loss_train"]) == len(r["loss_test"]) == 60
    assert r["n_parameters"] == (3 * 3 + 3) + (3 * 3 + 3) + (3 + 1)
    assert 0 <= r["accuracy_test"] <= 1 and 0 <= r["accuracy_train"] <= 1
    shallow = pg.train_playground(hidden_layers=0, features=("x1", "x2", "x1*x2"), resolution=10)
    assert shallow["map_labels"] == ["x₁", "x₂", "x₁·x₂"] and shallow["hidden"] == ()
    np.testing.assert_allclose(shallow["input_maps"][0][0], pg.plane_grid(shallow["extent"], 10)[0])


def test_playground_tells_shallow_from_deep_on_circles():
    def acc(**kw):
        return pg.train_playground("circles", 0.1, resolution=10, **kw)["accuracy_test"]

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
        pg.train_playground(**kwargs)


def test_draw_and_summarize_playground():
    r = pg.train_playground("xor", 0.1, 1, 4, epochs=50, resolution=20)
    fig = pg.draw_playground(r)
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes]
    assert any(t.startswith("Frontera de decisión · exactitud de prueba") for t in titles)
    assert any(t.startswith("Pérdida por época: entrenamiento") for t in titles)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts[:4] == [f"neurona {j}\npeso {w:+.2f}" for j, w in zip(range(1, 5), r["output_weights"])]
    assert figure_to_png(fig).startswith(b"\x89PNG")
    line = pg.summarize_playground(r)
    assert line.startswith("XOR, ruido 0.10 · 1 capa oculta de 4 neuronas (tanh), 17 parámetros · tasa 0.03, 50 épocas → ")
    assert f"exactitud de prueba {r['accuracy_test']:.0%}" in line
    shallow = pg.train_playground(hidden_layers=0, epochs=50, resolution=20)
    assert "sin capas ocultas (regresión logística), 3 parámetros" in pg.summarize_playground(shallow)
    broken = dict(r, diverged=True)
    assert "la pérdida se ha disparado" in pg.summarize_playground(broken)
    texts = [t.get_text() for ax in pg.draw_playground(broken).axes for t in ax.texts]
    assert "La pérdida se ha disparado:\nbaja la tasa de aprendizaje" in texts


def test_dead_relu_neurons_are_marked():
    r = pg.train_playground("spiral", 0.1, 3, 8, "relu", 3.0, epochs=100, resolution=20)
    texts = [t.get_text() for ax in pg.draw_playground(r).axes for t in ax.texts]
    dead = [t for t in texts if t.endswith("· muerta")]
    assert dead and len(dead) == int(np.sum(np.abs(r["input_maps"]).max(axis=(1, 2)) == 0))


def test_feature_toggles_sync_both_ways():
    toggles = pg.FeatureToggles(("x1", "r"))
    assert toggles.value == ("x1", "r")
    assert [box.value for box in toggles._boxes.values()] == [True, False, False, False, False, True]
    toggles._boxes["x1*x2"].value = True                    # como un clic del estudiante
    assert toggles.value == ("x1", "x1*x2", "r")
    toggles.value = ("x2",)
    assert [key for key, box in toggles._boxes.items() if box.value] == ["x2"]


def test_playground_explorer_responds_to_every_kind_of_control():
    exp = pg.playground_explorer()
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
    before = exp.result["accuracy_test"]
    exp.controls["features"]._boxes["x1*x2"].value = True    # una casilla de característica
    assert exp.result["features"] == ("x1", "x2", "x1*x2")
    assert exp.result["accuracy_test"] > before + 0.2        # XOR resuelto con x₁·x₂


def test_playground_explorer_bad_values_give_spanish_messages_not_crashes():
    exp = pg.playground_explorer(epochs=50)
    exp.refresh()
    good = exp.result
    updates = exp.figure.updates
    exp.set(features=())
    assert exp.error == "No hay ninguna característica de entrada: marca al menos una (por ejemplo x₁ y x₂)."
    assert "⚠️" in exp.readout.value and exp.result is good and exp.figure.updates == updates
    exp.set(features=("x1", "theta"))
    assert "Característica desconocida: 'theta'" in exp.error
    exp.set(features=("x1", "x2"))
    assert exp.error is None and "⚠️" not in exp.readout.value
    with pytest.raises(ValueError, match="tasa de aprendizaje inicial"):
        pg.playground_explorer(learning_rate=0.5)


# --------------------------------------------------------------------------- figuras del notebook


def test_notebook_figures():
    X, y = pg.make_dataset("circles", n=100, noise=0.1, seed=1)
    X_te, y_te = pg.make_dataset("circles", n=60, noise=0.1, seed=2)
    clf = LogisticRegression().fit(pg.make_features(X, ["x1^2", "x2^2"]), y)

    fig = pg.dataset_gallery(n=60)
    assert [ax.get_title() for ax in fig.axes] == list(pg.DATASETS.values())

    fig = pg.plot_boundaries([("A", pg.predictor(clf, ["x1^2", "x2^2"])), ("B", lambda P: np.full(len(P), 0.2))],
                             X, y, X_te, y_te, resolution=30)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("A\nexactitud de prueba ") and titles[1] == f"B\nexactitud de prueba {np.mean(y_te == 0):.0%}"
    with pytest.raises(ValueError, match="lista de pares"):
        pg.plot_boundaries([clf], X, y)

    fig = pg.plot_feature_space(clf, X, y, ["x1^2", "x2^2"], resolution=30)
    assert [ax.get_title() for ax in fig.axes] == ["En el plano original: la frontera es curva",
                                                   "En el espacio de características: una recta"]
    assert fig.axes[1].get_xlabel() == "x₁²"
    with pytest.raises(ValueError, match="exactamente 2"):
        pg.plot_feature_space(clf, X, y, ["x1^2"])

    fig = pg.plot_neuron_maps(lambda P: np.tanh(P @ np.array([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]])),
                              weights=[1.0, -2.0, 0.5], X=X, y=y, resolution=20)
    assert [ax.get_title() for ax in fig.axes[:3]] == ["neurona 1\npeso +1.00", "neurona 2\npeso -2.00",
                                                       "neurona 3\npeso +0.50"]
    with pytest.raises(ValueError, match="un peso por neurona"):
        pg.plot_neuron_maps(lambda P: P, weights=[1.0], resolution=5)
    with pytest.raises(ValueError, match="una fila por punto"):
        pg.plot_neuron_maps(lambda P: P[:3], resolution=5)

    fig = pg.plot_accuracies({"a mano": 0.938, "aprendidas": 0.96})
    bars = fig.axes[0].patches
    assert [round(b.get_width(), 1) for b in bars] == [93.8, 96.0]
    with pytest.raises(ValueError, match="La exactitud de «a» debe estar entre 0 y 1,"):
        pg.plot_accuracies({"a": 93.8})


# --------------------------------------------------------------------------- dígitos


def ring_digit():
    """Un «0» cuadrado: un marco de tinta de 6 × 6 con un agujero de 4 × 4 en el centro."""
    image = np.zeros((8, 8))
    image[1:7, 1:7] = 16
    image[2:6, 2:6] = 0
    return image


def test_digit_features_known_values():
    F, names = pg.digit_features(np.stack([ring_digit(), np.eye(8) * 16]))
    assert F.shape == (2, 24) and len(names) == 24 == sum(pg.DIGIT_FEATURE_GROUPS.values())
    ring = dict(zip(names, F[0]))
    assert ring["tinta total"] == 20                          # 36 - 16 píxeles a 1
    assert ring["píxeles de agujeros"] == 16
    assert ring["cruces fila central"] == 2 and ring["cruces columna central"] == 2
    assert ring["asimetría izq.-der."] == 0 and ring["asimetría arriba-abajo"] == 0
    assert ring["centro: fila"] == pytest.approx(3.5) and ring["centro: columna"] == pytest.approx(3.5)
    np.testing.assert_allclose(F[0, 1:9].sum(), 1.0)          # el perfil por filas reparte toda la tinta
    diagonal = dict(zip(names, F[1]))
    assert diagonal["píxeles de agujeros"] == 0 and diagonal["asimetría izq.-der."] > 0
    # (n, 64) también vale
    np.testing.assert_allclose(pg.digit_features(ring_digit().reshape(1, 64))[0], F[:1])


@pytest.mark.parametrize("images, message", [
    (np.zeros((2, 28, 28)), r"imágenes de 8 × 8 píxeles.*\(2, 28, 28\)"),
    (-np.ones((1, 8, 8)), "no negativos"),
    (np.zeros((0, 8, 8)), "No hay imágenes"),
])
def test_digit_features_bad_input_in_spanish(images, message):
    with pytest.raises(ValueError, match=message):
        pg.digit_features(images)


def test_digit_figures():
    fig = pg.plot_digit_features(ring_digit(), 0)
    assert fig.axes[0].get_title() == "Dígito 0"
    text = fig.axes[3].texts[0].get_text()
    assert "píxeles de agujeros (naranja): 16" in text and "= 24 características diseñadas a mano" in text
    with pytest.raises(ValueError, match="un solo dígito"):
        pg.plot_digit_features(np.stack([ring_digit(), ring_digit()]))

    W = np.arange(64 * 5, dtype=float).reshape(64, 5)
    fig = pg.plot_weight_images(W, n=3, importance=[0, 5, 1, 9, 2])
    assert [ax.get_title() for ax in fig.axes[:3]] == ["neurona 4", "neurona 2", "neurona 5"]
    with pytest.raises(ValueError, match=r"weights debe tener forma \(64, neuronas\)"):
        pg.plot_weight_images(np.zeros((10, 3)))

    labels = np.array([0, 0, 1, 1])
    F = np.array([[1.0, 5.0], [1.0, 5.0], [3.0, 5.0], [3.0, 5.0]])
    fig = pg.plot_class_profiles({"a mano": (F, ["útil", "constante"]), "aprendidas": F}, labels)
    image = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(image, [[-1.0, 0.0], [1.0, 0.0]])   # estandarizada; la constante, 0
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["útil", "constante"]
    with pytest.raises(ValueError, match="una fila por etiqueta"):
        pg.plot_class_profiles({"a": F[:3]}, labels)
