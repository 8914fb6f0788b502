"""Pruebas de la lección 08 (course_lib.lessons.augmentation): capas de Keras, vista previa (y su
explorador), imágenes movidas de forma determinista y las tablas y figuras del experimento."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from conftest import assert_every_control_value_is_valid, digits
from course_lib.lessons import augmentation


# --------------------------------------------------------------------------- capas de Keras


def test_degrees_to_factor_is_a_fraction_of_a_full_turn():
    assert augmentation.degrees_to_factor(18) == pytest.approx(0.05)
    assert augmentation.degrees_to_factor(15) == pytest.approx(15 / 360)
    with pytest.raises(ValueError, match="entre 0 y 180"):
        augmentation.degrees_to_factor(270)


def test_augmentation_layers_only_creates_the_active_ones_with_black_fill():
    layers = augmentation.augmentation_layers(rotation=18, shift=0.1, zoom=0.0, contrast=0.3, flip=True, seed=1)
    assert [type(layer).__name__ for layer in layers] == [
        "RandomRotation", "RandomTranslation", "RandomContrast", "RandomFlip"]
    assert layers[0].factor == pytest.approx((-0.05, 0.05))
    assert layers[0].fill_mode == "constant" and layers[1].fill_mode == "constant"
    assert tuple(layers[2].value_range) == (0, 1)
    assert augmentation.augmentation_layers() == []


@pytest.mark.parametrize("kwargs, message", [
    ({"rotation": -5}, "giro máximo .* entre 0 y 180"),
    ({"shift": 0.8}, "desplazamiento máximo .* entre 0 y 0.5"),
    ({"zoom": "mucho"}, "zoom máximo debe ser un número"),
    ({"contrast": 1.5}, "contraste .* entre 0 y 1"),
    ({"flip": "sí"}, "volteo horizontal\\) debe ser True o False"),
    ({"seed": -1}, "semilla debe ser un entero no negativo"),
])
def test_augmentation_layers_bad_values_in_spanish(kwargs, message):
    with pytest.raises(ValueError, match=message):
        augmentation.augmentation_layers(**kwargs)


def test_keras_code_matches_the_layers():
    assert augmentation.keras_code(rotation=18, shift=0.1) == "RandomRotation(0.05), RandomTranslation(0.1, 0.1)"
    assert augmentation.keras_code(zoom=0.2, contrast=0.3, flip=True) == \
        'RandomZoom(0.2), RandomContrast(0.3), RandomFlip("horizontal")'
    assert augmentation.keras_code() == "ninguna capa"


def test_examples_by_class_picks_the_first_of_each_class_in_order():
    x = np.arange(6)[:, None, None] * np.ones((6, 28, 28))
    y = np.array([3, 1, 3, 2, 1, 0])
    chosen, labels = augmentation.examples_by_class(x, y, [1, 3, 0])
    assert labels.tolist() == [1, 3, 0]
    assert chosen[:, 0, 0].tolist() == [1, 0, 5]
    with pytest.raises(ValueError, match="ningún ejemplo de la clase 7"):
        augmentation.examples_by_class(x, y, [7])


# --------------------------------------------------------------------------- vista previa


def test_preview_is_deterministic_and_records_each_transformation():
    x, y = digits()
    a = augmentation.preview(x, y, rotation=20, shift=0.1, zoom=0.1, copies=3, n_images=2, seed=5)
    b = augmentation.preview(x, y, rotation=20, shift=0.1, zoom=0.1, copies=3, n_images=2, seed=5)
    c = augmentation.preview(x, y, rotation=20, shift=0.1, zoom=0.1, copies=3, n_images=2, seed=6)
    assert a["augmented"].shape == (2, 3, 28, 28) and a["originals"].shape == (2, 28, 28)
    assert np.array_equal(a["augmented"], b["augmented"])          # misma semilla, misma rejilla
    assert not np.array_equal(a["augmented"], c["augmented"])
    assert np.all(np.abs(a["angles"]) <= 20) and np.abs(a["angles"]).max() > 0
    assert np.all(np.abs(a["shifts"]) <= 2.8 + 1e-6)
    assert np.all((a["scales"] >= 1 / 1.1 - 1e-6) & (a["scales"] <= 1 / 0.9 + 1e-6))
    assert np.all(a["contrasts"] == 1) and not a["flipped"].any()
    assert a["labels"].tolist() == [0, 1] and a["warnings"] == []
    assert 0 < a["mean_change"] < 1
    assert a["augmented"].min() >= 0 and a["augmented"].max() <= 1


def test_preview_matches_calling_the_keras_layers():
    x, _ = digits(2)
    result = augmentation.preview(x, rotation=30, shift=0.0, zoom=0.0, copies=2, n_images=2, seed=3)
    layer = augmentation.augmentation_layers(rotation=30, seed=3)[0]
    batch = np.repeat(x.astype("float32") / 255, 2, axis=0)[..., None]
    expected = np.clip(np.asarray(layer(batch, training=True))[..., 0], 0, 1).reshape(2, 2, 28, 28)
    assert np.allclose(result["augmented"], expected, atol=1e-6)


def test_preview_without_transformations_returns_copies_of_the_originals():
    x, y = digits()
    result = augmentation.preview(x, y, rotation=0, shift=0, zoom=0, contrast=0, copies=2, n_images=3, first=2)
    assert np.allclose(result["augmented"], result["originals"][:, None])
    assert result["mean_change"] == 0 and result["labels"].tolist() == [2, 3, 4]
    assert augmentation.summarize_preview(result).startswith("Ninguna transformación")


def test_preview_warns_about_label_changing_transformations():
    x, y = digits()
    result = augmentation.preview(x, y, rotation=180, flip=True, copies=8, n_images=2, seed=1)
    assert len(result["warnings"]) == 2
    assert result["flipped"].any() and not result["flipped"].all()
    summary = augmentation.summarize_preview(result)
    assert "⚠️" in summary and "6 puede convertirse en un 9" in summary and 'RandomFlip("horizontal")' in summary


@pytest.mark.parametrize("kwargs, message", [
    ({"copies": 0}, "copias debe estar entre 1 y 12"),
    ({"n_images": 7}, "Se piden 7 imágenes y solo hay 6"),
    ({"first": 5, "n_images": 2}, "primera imagen debe estar entre 0 y 4"),
    ({"rotation": 200}, "entre 0 y 180"),
    ({"seed": 1.5}, "semilla debe ser un número entero"),
])
def test_preview_bad_values_in_spanish(kwargs, message):
    x, y = digits()
    with pytest.raises(ValueError, match=message):
        augmentation.preview(x, y, **kwargs)


def test_preview_bad_images_in_spanish():
    with pytest.raises(ValueError, match="imagen\\[None\\]"):
        augmentation.preview(np.zeros((28, 28), dtype=np.uint8))
    with pytest.raises(ValueError, match="en \\[0, 1\\]"):
        augmentation.preview(np.full((2, 28, 28), 255.0))
    with pytest.raises(ValueError, match="2 imágenes y 3 etiquetas"):
        augmentation.preview(np.zeros((2, 28, 28), dtype=np.uint8), [0, 1, 2], n_images=1)


def test_draw_preview_has_original_column_and_captions():
    x, y = digits()
    fig = augmentation.draw_preview(augmentation.preview(x, y, rotation=180, flip=True, copies=2, n_images=2))
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert len(axes) == 2 * 3
    assert axes[0].get_title() == "original (0)"
    assert "°" in axes[1].get_title()
    assert "¡Atención!" in fig._suptitle.get_text()


def test_preview_explorer_reacts_to_every_control():
    x, y = digits(8)
    exp = augmentation.preview_explorer(x, y, n_images=2, copies=2)
    assert list(exp.controls)[0] == "rotation" and type(exp.controls["rotation"]).__name__ == "IntSlider"
    exp.refresh()
    first_png, first_text = exp.figure.last_png, exp.readout.value
    assert "giro ±15°" in first_text and "RandomRotation(0.0417)" in first_text
    exp.set(rotation=40)
    assert exp.result["settings"]["rotation"] == 40 and "giro ±40°" in exp.readout.value
    assert exp.readout.value != first_text and exp.figure.last_png != first_png
    png = exp.figure.last_png
    exp.set(seed=7)
    assert exp.result["seed"] == 7 and exp.figure.last_png != png
    exp.set(first=6)
    assert exp.result["labels"].tolist() == [6, 7]
    exp.controls["flip"].value = True        # como si el estudiante marcara la casilla
    assert exp.result["settings"]["flip"] and "volteo horizontal" in exp.readout.value
    assert "⚠️" in exp.readout.value
    exp.set(contrast=0.5, zoom=0.0, shift=0.0)
    assert "contraste ±50 %" in exp.readout.value and "RandomTranslation" not in exp.readout.value


def test_preview_explorer_shows_bad_values_in_spanish_without_crashing():
    x, y = digits()
    exp = augmentation.preview_explorer(x, y, n_images=2, copies=2)
    exp.set(rotation=30)
    png = exp.figure.last_png
    exp.controls["rotation"].max = 360   # el deslizador se limita a 180°; si alguien amplía su rango...
    exp.set(rotation=270)
    assert exp.result is None and exp.figure.last_png == png      # ningún resultado viejo a la vista
    assert "entre 0 y 180" in exp.error and "⚠️" in exp.readout.value
    exp.set(rotation=10)
    assert exp.error is None and exp.result["settings"]["rotation"] == 10
    with pytest.raises(ValueError, match="Se piden 9 imágenes"):
        augmentation.preview_explorer(x, y, n_images=9)


def test_preview_explorer_every_control_value_is_valid_and_set_refuses_in_spanish():
    x, y = digits(8)
    exp = augmentation.preview_explorer(x, y, n_images=3, copies=2)
    assert_every_control_value_is_valid(exp)
    assert exp.controls["first"].max == 5                      # 8 imágenes, 3 por rejilla
    with pytest.raises(ValueError, match="Giro máximo.*va de 0 a 180"):
        exp.set(rotation=200)
    with pytest.raises(ValueError, match="Primera imagen.*va de 0 a 5"):
        exp.set(first=6)
    with pytest.raises(ValueError, match="casilla"):
        exp.set(flip="sí")
    for control in exp.controls.values():                      # etiquetas enteras, sin recortar
        assert control.style.description_width in ("", "initial")


def test_fill_mode_and_label_risk_figures():
    x, y = digits(3)
    fig = augmentation.fill_mode_figure(x[0], shift=0.25)
    assert [ax.get_title() for ax in fig.axes] == ["original", 'fill_mode="reflect"', 'fill_mode="constant"']
    assert "7 píxeles" in fig._suptitle.get_text()
    fig = augmentation.label_risk_figure(x, y)
    assert len(fig.axes) == 9 and fig.axes[0].get_ylabel() == "original"
    with pytest.raises(ValueError, match="entre 0.05 y 0.5"):
        augmentation.fill_mode_figure(x[0], shift=0.9)


# --------------------------------------------------------------------------- imágenes movidas


def test_rotate_and_shift_known_values():
    x, _ = digits(2)
    assert np.array_equal(augmentation.rotate_and_shift(x[:1], [90], [(0, 0)])[0], np.rot90(x[0]))
    assert np.array_equal(augmentation.rotate_and_shift(x[:1], [180], [(0, 0)])[0], x[0][::-1, ::-1])
    moved = augmentation.rotate_and_shift(x, [0, 0], [(2, -1), (0, 0)])
    expected = np.zeros_like(x[0])
    expected[:-1, 2:] = x[0][1:, :-2]          # 2 a la derecha y 1 hacia arriba
    assert np.array_equal(moved[0], expected) and np.array_equal(moved[1], x[1])
    assert moved.dtype == np.uint8


def test_rotate_and_shift_keeps_float_images_and_channel_axis():
    x = digits(2)[0].astype("float32")[..., None] / 255
    out = augmentation.rotate_and_shift(x, [0, 90], np.zeros((2, 2)))
    assert out.shape == (2, 28, 28, 1) and out.dtype == np.float32
    assert np.allclose(out[1, ..., 0], np.rot90(x[1, ..., 0]), atol=1e-6)


def test_rotate_and_shift_bad_input_in_spanish():
    x, _ = digits(2)
    with pytest.raises(ValueError, match="un ángulo por imagen: hay 2 imágenes y 1 ángulos"):
        augmentation.rotate_and_shift(x, [10], [(0, 0), (0, 0)])
    with pytest.raises(ValueError, match="forma \\(2, 2\\)"):
        augmentation.rotate_and_shift(x, [0, 0], [1, 2])
    with pytest.raises(ValueError, match="NaN o infinitos"):
        augmentation.rotate_and_shift(x, [np.nan, 0], np.zeros((2, 2)))


def test_perturb_images_is_reproducible_and_within_limits():
    x, _ = digits(20)
    a, params = augmentation.perturb_images(x, max_rotation=20, max_shift=3, seed=0)
    b, _ = augmentation.perturb_images(x, max_rotation=20, max_shift=3, seed=0)
    c, _ = augmentation.perturb_images(x, max_rotation=20, max_shift=3, seed=1)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert a.shape == x.shape and a.dtype == np.uint8
    assert np.all(np.abs(params["angles"]) <= 20) and np.all(np.abs(params["shifts"]) <= 3)
    assert np.array_equal(a, augmentation.rotate_and_shift(x, params["angles"], params["shifts"]))
    with pytest.raises(ValueError, match="no puede superar la mitad"):
        augmentation.perturb_images(x, max_shift=20)


# --------------------------------------------------------------------------- experimento


class FixedModel:
    """Un «modelo» con predict que acierta las imágenes cuyo píxel central tiene tinta."""

    def __init__(self, correct_class=0):
        self.correct_class = correct_class

    def predict(self, images, batch_size=None, verbose=0):
        images = np.asarray(images)
        ink = images.reshape(len(images), 28, 28)[:, 10:18, 10:18].mean(axis=(1, 2)) > 0.05
        out = np.zeros((len(images), 2))
        out[np.arange(len(images)), np.where(ink, self.correct_class, 1 - self.correct_class)] = 1
        return out


def centered_square(n=8):
    x = np.zeros((n, 28, 28, 1), dtype="float32")
    x[:, 11:17, 11:17] = 1.0
    return x, np.zeros(n, dtype=int)


KNOWN = {"baseline": {"test": [0.95, 0.97], "moved": [0.60, 0.64]},
         "augmented": {"test": [0.97, 0.97], "moved": [0.85, 0.87]}}


def test_results_table_and_gain_with_known_accuracies():
    assert augmentation.gain_points(KNOWN, "moved") == pytest.approx(24.0)
    assert augmentation.gain_points(KNOWN, "test") == pytest.approx(1.0)
    table = augmentation.results_table(KNOWN)
    assert "96.0 % [95.0–97.0]" in table and "+24.0 puntos" in table and "Media de 2 repeticiones" in table
    lines = table.splitlines()
    assert "prueba movida" in lines[0] and lines[1].startswith("sin aumento") and lines[2].startswith("con aumento")
    single = {variant: {name: values[:1] for name, values in by_set.items()} for variant, by_set in KNOWN.items()}
    assert "Una sola repetición" in augmentation.results_table(single)
    fig = augmentation.draw_results(KNOWN)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["prueba", "prueba movida"]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["sin aumento", "con aumento"]


def test_labels_are_spanish_for_english_keys():
    assert augmentation.label("baseline") == "sin aumento" and augmentation.label("moved") == "prueba movida"
    assert augmentation.label("otra cosa") == "otra cosa"
    assert set(augmentation.LABELS) == {"baseline", "augmented", "test", "moved"}


def test_experiment_helpers_bad_input_in_spanish():
    results = {"baseline": {"test": [0.9]}, "augmented": {"test": [0.95]}}
    with pytest.raises(ValueError, match="No hay un conjunto de prueba llamado 'movida'"):
        augmentation.gain_points(results, "movida")
    with pytest.raises(ValueError, match="No hay resultados del modelo 'otro'"):
        augmentation.gain_points(results, "test", base="otro")
    with pytest.raises(ValueError, match="results debe ser un diccionario"):
        augmentation.results_table({})
    with pytest.raises(ValueError, match="entre 0 y 1"):
        augmentation.results_table({"baseline": {"test": [95.0]}})
    with pytest.raises(ValueError, match="No hay ninguna exactitud"):
        augmentation.results_table({"baseline": {"test": []}})
    with pytest.raises(ValueError, match="mismos conjuntos de prueba"):
        augmentation.check_results({"baseline": {"test": [0.9]}, "augmented": {"moved": [0.9]}})


def test_robustness_known_model_loses_accuracy_when_shifted_far():
    x, y = centered_square(6)
    result = augmentation.robustness({"baseline": FixedModel(0)}, x, y, angles=(0, 45), shifts=(0, 12))
    assert result["angles"] == [0.0, 45.0] and result["shifts"] == [0.0, 12.0]
    assert result["rotation"]["baseline"] == [1.0, 1.0]    # girar un cuadrado centrado no lo saca del centro
    assert result["shift"]["baseline"] == [1.0, 0.0]       # 12 píxeles lo sacan del centro
    fig = augmentation.draw_robustness(result, augmentation={"rotation": 15, "shift": 2.8})
    assert fig.axes[0].get_xlabel() == "Ángulo de giro (grados)"
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "rango del aumento" in legend and "sin aumento" in legend
    with pytest.raises(ValueError, match="Cada ángulo debe estar entre 0 y 180"):
        augmentation.robustness({"baseline": FixedModel()}, x, y, angles=(-5,))
    with pytest.raises(ValueError, match="Hacen falta las etiquetas"):
        augmentation.robustness({"baseline": FixedModel()}, x, None)
    with pytest.raises(ValueError, match="al menos un modelo"):
        augmentation.robustness({}, x, y)
