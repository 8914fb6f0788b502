"""Pruebas de la lección 01 (course_lib.lessons.shallow_deep): datos de juguete, características,
la red en NumPy (con las activaciones de la lección 04) y las características de dígitos."""

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from course_lib.lessons import shallow_deep as sd
from course_lib.lessons.activations import compute as activations
from course_lib.lessons.shallow_deep import compute

# --------------------------------------------------------------------------- datos


@pytest.mark.parametrize("name", list(sd.DATASETS))
def test_make_dataset_shapes_balance_and_determinism(name):
    X, y = sd.make_dataset(name, n=101, noise=0.1, seed=3)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert X.dtype == np.float64 and set(np.unique(y)) == {0, 1}
    assert np.bincount(y).tolist() == [51, 50]            # la mitad de cada clase
    X2, y2 = sd.make_dataset(name, n=101, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = sd.make_dataset(name, n=101, noise=0.1, seed=4)
    assert not np.allclose(X, X3)
    assert np.abs(X).max() < 2.0                           # más o menos en [-1, 1]²


def test_make_dataset_geometry_without_noise():
    X, y = sd.make_dataset("circles", n=400, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() <= 0.5 + 1e-12 and r[y == 0].min() >= 0.7 - 1e-12 and r.max() <= 1.0 + 1e-12
    X, y = sd.make_dataset("xor", n=400, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))
    assert np.abs(X).min() >= 0.05 - 1e-12                # margen junto a los ejes
    X, y = sd.make_dataset("spiral", n=400, noise=0.0)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0 + 1e-12
    X, y = sd.make_dataset("moons", n=400, noise=0.0)
    assert -1.0 - 1e-12 <= X[:, 0].min() and X[:, 0].max() <= 1.0 + 1e-12
    assert X[y == 0, 1].mean() > X[y == 1, 1].mean()      # la luna azul arriba


def test_noise_moves_the_same_points():
    X0, y0 = sd.make_dataset("moons", n=50, noise=0.0, seed=1)
    X1, y1 = sd.make_dataset("moons", n=50, noise=0.2, seed=1)
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
        sd.make_dataset(**kwargs)


def test_split_keeps_the_last_quarter_apart():
    X, y = sd.make_dataset("circles", n=40)
    X_tr, X_out, y_tr, y_out = sd.split(X, y, 0.25)
    assert (len(X_tr), len(X_out), len(y_tr), len(y_out)) == (30, 10, 30, 10)
    np.testing.assert_array_equal(X_out, X[-10:])
    with pytest.raises(ValueError, match="La fracción que se separa"):
        sd.split(X, y, 0.0)
    with pytest.raises(ValueError, match="una etiqueta por punto"):
        sd.split(X, y[:-1])


# --------------------------------------------------------------------------- características


def test_make_features_known_values():
    points = np.array([[0.3, 0.4], [-0.6, 0.8]])
    F = sd.make_features(points, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "r"])
    np.testing.assert_allclose(F, [[0.3, 0.4, 0.09, 0.16, 0.12, 0.5],
                                   [-0.6, 0.8, 0.36, 0.64, -0.48, 1.0]])
    assert sd.make_features(points, "r").shape == (2, 1)   # una sola clave también vale


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
        sd.make_features(X, features)


def test_plane_grid():
    ticks, points = sd.plane_grid(1.0, 3)
    np.testing.assert_allclose(ticks, [-1, 0, 1])
    assert points.shape == (9, 2)
    np.testing.assert_allclose(points[1], [0, -1])        # fila a fila: x₁ cambia primero
    with pytest.raises(ValueError, match="La resolución debe estar entre 2"):
        sd.plane_grid(1.0, 1)


def test_predictor_for_sklearn_with_features_and_for_functions():
    X, y = sd.make_dataset("circles", n=200, noise=0.05, seed=0)
    clf = LogisticRegression().fit(sd.make_features(X, ["x1^2", "x2^2"]), y)
    predict = sd.predictor(clf, ["x1^2", "x2^2"])
    p = predict(np.array([[0.0, 0.0], [0.9, 0.0]]))
    assert p.shape == (2,) and p[0] > 0.8 and p[1] < 0.2   # centro naranja, anillo azul
    column = sd.predictor(lambda P: P[:, :1] * 0 + 0.25)    # (m, 1) también vale
    np.testing.assert_allclose(column(np.zeros((4, 2))), 0.25)
    with pytest.raises(ValueError, match="No sé cómo predecir con int"):
        sd.predictor(3)
    with pytest.raises(ValueError, match="una probabilidad por punto"):
        sd.predictor(lambda P: np.zeros(1))(np.zeros((4, 2)))


def test_extra_feature_accuracy_solves_xor_only_with_the_right_feature():
    X, y = sd.make_dataset("xor", n=300, noise=0.1, seed=1)
    X_te, y_te = sd.make_dataset("xor", n=200, noise=0.1, seed=3)
    assert sd.extra_feature_accuracy(lambda X: X[:, 0] * X[:, 1], X, y, X_te, y_te) >= 0.9
    assert sd.extra_feature_accuracy(lambda X: X[:, 0] ** 2, X, y, X_te, y_te) < 0.7
    with pytest.raises(ValueError, match="Se esperaba una función"):
        sd.extra_feature_accuracy(42, X, y, X_te, y_te)
    with pytest.raises(ValueError, match=r"un valor por punto, forma \(300,\), y ha devuelto forma \(300, 2\)"):
        sd.extra_feature_accuracy(lambda X: X, X, y, X_te, y_te)
    with pytest.raises(ValueError, match="no finitos"):
        sd.extra_feature_accuracy(lambda X: np.full(len(X), np.nan), X, y, X_te, y_te)


# --------------------------------------------------------------------------- red en NumPy


def test_activations_come_from_the_single_implementation_of_lesson_04():
    assert compute.get_activation is activations.get and compute.sigmoid is activations.sigmoid
    assert set(sd.ACTIVATIONS) == {"tanh", "relu", "sigmoid", "linear"}
    assert sd.ACTIVATIONS == {key: activations.get(key).label for key in sd.ACTIVATIONS}
    rng = np.random.default_rng(0)
    F = rng.normal(size=(5, 2))
    params = [(W, b + 0.3) for W, b in sd.init_mlp(2, (3,), seed=2)]
    for key in sd.ACTIVATIONS:
        layers, logits, pre = sd.mlp_forward(params, F, key)
        np.testing.assert_array_equal(layers[1], activations.get(key).function(F @ params[0][0] + params[0][1]))
        np.testing.assert_array_equal(sd.mlp_predict_proba(params, F, key), activations.sigmoid(logits))


def test_init_mlp_glorot_and_parameter_count():
    params = sd.init_mlp(2, (4,), seed=0)
    assert [W.shape for W, _ in params] == [(2, 4), (4, 1)]
    assert all(np.all(b == 0) for _, b in params)
    assert np.abs(params[0][0]).max() <= math.sqrt(6 / 6)
    assert sd.count_parameters(params) == 2 * 4 + 4 + 4 * 1 + 1 == 17
    assert sd.count_parameters(sd.init_mlp(3, ())) == 4     # regresión logística: 3 pesos + 1 sesgo
    with pytest.raises(ValueError, match="neuronas de una capa oculta debe estar entre 1"):
        sd.init_mlp(2, (0,))


@pytest.mark.parametrize("activation", list(sd.ACTIVATIONS))
def test_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(0)
    F = rng.normal(size=(12, 3))
    y = (rng.random(12) > 0.5).astype(float)
    params = sd.init_mlp(3, (5, 4), seed=1)
    params = [(W, b + 0.1 * rng.normal(size=b.shape)) for W, b in params]   # sesgos no nulos
    loss, grads = sd.mlp_loss_and_gradients(params, F, y, activation)
    eps = 1e-6
    for layer, (W, b) in enumerate(params):
        for which, array in ((0, W), (1, b)):
            for index in [tuple(i) for i in np.argwhere(np.ones_like(array))[:6]]:
                old = array[index]
                array[index] = old + eps
                plus, _ = sd.mlp_loss_and_gradients(params, F, y, activation)
                array[index] = old - eps
                minus, _ = sd.mlp_loss_and_gradients(params, F, y, activation)
                array[index] = old
                numeric = (plus - minus) / (2 * eps)
                assert grads[layer][which][index] == pytest.approx(numeric, rel=1e-4, abs=1e-8)


def test_loss_is_binary_cross_entropy():
    params = [(np.zeros((2, 1)), np.zeros(1))]               # logits 0 -> p = 0.5 para todos
    loss, _ = sd.mlp_loss_and_gradients(params, np.ones((4, 2)), np.array([0, 1, 0, 1.0]))
    assert loss == pytest.approx(math.log(2))
    np.testing.assert_allclose(sd.mlp_predict_proba(params, np.ones((4, 2))), 0.5)


def test_train_mlp_learns_and_is_reproducible():
    X, y = sd.make_dataset("moons", n=200, noise=0.05, seed=0)
    X_tr, X_val, y_tr, y_val = sd.split(X, y)
    a = sd.train_mlp(X_tr, y_tr, (8,), "tanh", 0.03, 200, seed=0, F_val=X_val, y_val=y_val)
    b = sd.train_mlp(X_tr, y_tr, (8,), "tanh", 0.03, 200, seed=0, F_val=X_val, y_val=y_val)
    assert len(a["loss_train"]) == len(a["loss_val"]) == 200 and not a["diverged"]
    assert a["loss_train"][-1] < 0.3 * a["loss_train"][0]
    np.testing.assert_array_equal(a["loss_train"], b["loss_train"])
    accuracy = np.mean((sd.mlp_predict_proba(a["params"], X_val, "tanh") >= 0.5) == y_val)
    assert accuracy >= 0.9
    assert len(sd.train_mlp(X_tr, y_tr, (2,), epochs=5)["loss_val"]) == 0   # sin validación, sin curva


def test_train_mlp_stops_when_the_loss_is_no_longer_a_number():
    F = np.full((4, 1000), 1.5e308)       # la suma de 1000 entradas enormes desborda: inf - inf = NaN
    result = sd.train_mlp(F, [0, 1, 0, 1], (1,), "linear", 0.1, 5, seed=0)
    assert result["diverged"] and len(result["loss_train"]) < 5


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "ReLu"}, r"La activación 'ReLu' no existe\. Elige uno de estos: 'tanh'"),
    ({"learning_rate": 0}, r"La tasa de aprendizaje debe estar entre 0 y 100 \(sin incluir 0\)"),
    ({"epochs": 0}, "El número de épocas debe estar entre 1"),
    ({"y_train": [0, 1, 2, 1]}, "solo etiquetas 0 y 1"),
    ({"F_val": np.zeros((2, 5)), "y_val": [0, 1]}, "las mismas columnas que F_train"),
])
def test_train_mlp_bad_input_in_spanish(kwargs, message):
    args = {"F_train": np.zeros((4, 2)), "y_train": [0, 1, 0, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        sd.train_mlp(**args)


# --------------------------------------------------------------------------- dígitos


def ring_digit():
    """Un «0» cuadrado: un marco de tinta de 6 × 6 con un agujero de 4 × 4 en el centro."""
    image = np.zeros((8, 8))
    image[1:7, 1:7] = 16
    image[2:6, 2:6] = 0
    return image


def test_digit_features_known_values():
    F, names = sd.digit_features(np.stack([ring_digit(), np.eye(8) * 16]))
    assert F.shape == (2, 24) and len(names) == 24 == sum(sd.DIGIT_FEATURE_GROUPS.values())
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
    np.testing.assert_allclose(sd.digit_features(ring_digit().reshape(1, 64))[0], F[:1])


@pytest.mark.parametrize("images, message", [
    (np.zeros((2, 28, 28)), r"imágenes de 8 × 8 píxeles.*\(2, 28, 28\)"),
    (-np.ones((1, 8, 8)), "no negativos"),
    (np.zeros((0, 8, 8)), "No hay imágenes"),
])
def test_digit_features_bad_input_in_spanish(images, message):
    with pytest.raises(ValueError, match=message):
        sd.digit_features(images)


def test_digit_figures():
    fig = sd.plot_digit_features(ring_digit(), 0)
    assert fig.axes[0].get_title() == "Dígito 0"
    text = fig.axes[3].texts[0].get_text()
    assert "píxeles de agujeros (naranja): 16" in text and "= 24 características diseñadas a mano" in text
    with pytest.raises(ValueError, match="un solo dígito"):
        sd.plot_digit_features(np.stack([ring_digit(), ring_digit()]))

    W = np.arange(64 * 5, dtype=float).reshape(64, 5)
    fig = sd.plot_weight_images(W, n=3, importance=[0, 5, 1, 9, 2])
    assert [ax.get_title() for ax in fig.axes[:3]] == ["neurona 4", "neurona 2", "neurona 5"]
    with pytest.raises(ValueError, match=r"weights debe tener forma \(64, neuronas\)"):
        sd.plot_weight_images(np.zeros((10, 3)))

    labels = np.array([0, 0, 1, 1])
    F = np.array([[1.0, 5.0], [1.0, 5.0], [3.0, 5.0], [3.0, 5.0]])
    fig = sd.plot_class_profiles({"a mano": (F, ["útil", "constante"]), "aprendidas": F}, labels)
    image = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(image, [[-1.0, 0.0], [1.0, 0.0]])   # estandarizada; la constante, 0
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["útil", "constante"]
    with pytest.raises(ValueError, match="una fila por etiqueta"):
        sd.plot_class_profiles({"a": F[:3]}, labels)


def test_computation_modules_import_neither_matplotlib_nor_widgets():
    import ast
    from pathlib import Path

    from course_lib.lessons.shallow_deep import data

    forbidden = ("matplotlib", "ipywidgets", "traitlets", "course_lib.plots", "course_lib.explorer",
                 "course_lib.lessons.shallow_deep.figures", "course_lib.lessons.shallow_deep.digit_figures",
                 "course_lib.lessons.shallow_deep.explorers")
    for module in (compute, data):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
        bad = [name for name in imported if name.startswith(forbidden)]
        assert not bad, f"{module.__name__} importa {bad}"
