"""Pruebas de las figuras de entrenamiento y clasificación de course_lib.plots."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from conftest import pixels
from course_lib import plots

RED = to_rgba("#c62828")
HISTORY = {
    "loss": [1.0, 0.6, 0.4], "accuracy": [0.5, 0.8, 0.9],
    "val_loss": [1.1, 0.7, 0.6], "val_accuracy": [0.45, 0.7, 0.8],
}


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_learning_curves_draw_loss_and_accuracy_for_training_and_validation():
    class FakeHistory:
        history = HISTORY

    fig = plots.learning_curves(FakeHistory(), total_epochs=10)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    loss, acc = fig.axes
    assert (loss.get_title(), acc.get_title()) == ("Pérdida", "Exactitud")
    assert loss.get_xlabel() == acc.get_xlabel() == "Época"
    assert acc.get_ylabel() == "Exactitud (%)"
    assert len(loss.lines) == len(acc.lines) == 2
    assert legend_texts(loss) == ["entrenamiento", "validación"]
    np.testing.assert_allclose(acc.lines[0].get_ydata(), [50, 80, 90])
    assert loss.get_xlim() == (0.5, 10.5)
    title = fig._suptitle.get_text()
    assert title.startswith("Época 3/10") and "exactitud 90.0 % · val. 80.0 %" in title
    assert plots.figure_to_png(fig).startswith(b"\x89PNG")


def test_learning_curves_cope_with_missing_metrics():
    fig = plots.learning_curves({"loss": [1.0, 0.5], "accuracy": [0.3, 0.6]})
    assert len(fig.axes) == 2 and [len(ax.lines) for ax in fig.axes] == [1, 1]
    assert fig._suptitle.get_text().startswith("Época 2/2")
    fig = plots.learning_curves({"loss": [1.0], "val_loss": [1.2]})
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 2


def partial(history: dict, done: int) -> dict:
    return {key: values[:done] for key, values in history.items()}


LONG = {"loss": [1.2, 0.71, 0.5, 0.43, 0.38, 0.2], "accuracy": [0.41, 0.62, 0.75, 0.8, 0.86, 0.93],
        "val_loss": [1.3, 0.8, 0.66, 0.61, 0.64, 0.7], "val_accuracy": [0.4, 0.6, 0.7, 0.74, 0.73, 0.72]}


def test_the_painter_of_the_learning_curves_reuses_its_figure_and_changes_no_pixel():
    """Los fotogramas de la figura reutilizada son los de una figura nueva en cada época (con la
    misma colocación de FrameRenderer), y el exacto es el de plots.learning_curves."""
    from course_lib.rendering import FrameRenderer, figure_to_png

    painter, live, reference = plots.LearningCurvesPainter(), FrameRenderer(), FrameRenderer()
    figures = []
    for done in range(1, 7):
        data = plots.curves_data(partial(LONG, done), total_epochs=6)
        figures.append(painter(data))
        assert figures[-1]._suptitle.get_text().startswith(f"Época {done}/6")
        np.testing.assert_array_equal(pixels(live.render(figures[-1])), pixels(reference.render(painter.fresh(data))))
    assert all(fig is figures[0] for fig in figures) and painter.builds == 1
    assert live.frozen_frames == reference.frozen_frames >= 1
    exact = live.render(painter(plots.curves_data(LONG, total_epochs=6)), exact=True)
    np.testing.assert_array_equal(pixels(exact), pixels(figure_to_png(plots.learning_curves(LONG, total_epochs=6))))
    loss = figures[0].axes[0]
    assert loss.get_ylim()[0] < 0.2 < 1.3 < loss.get_ylim()[1]        # la escala, la del historial entero
    assert [t.get_text() for t in loss.get_xticklabels() if 0.5 <= t.get_position()[0] <= 6.5] == \
        ["1", "2", "3", "4", "5", "6"]                                  # épocas enteras


def test_the_painter_of_the_learning_curves_builds_again_when_the_curves_change():
    painter = plots.LearningCurvesPainter()
    first = painter(plots.curves_data({"loss": [1.0]}, total_epochs=40))
    assert painter(plots.curves_data({"loss": [1.0, 0.8]}, total_epochs=40)) is first
    with_val = painter(plots.curves_data({"loss": [1.0], "val_loss": [1.1]}, total_epochs=40))
    assert with_val is not first and len(with_val.axes[0].lines) == 2
    assert with_val.axes[0].lines[0].get_marker() in (None, "None")     # más de 30 épocas: sin marcadores
    few = painter(plots.curves_data({"loss": [1.0], "val_loss": [1.1]}, total_epochs=5))
    assert few is not with_val and few.axes[0].lines[0].get_marker() == "o" and painter.builds == 3


@pytest.mark.parametrize("history, error, message", [
    ({}, ValueError, "historial está vacío"),
    ({"loss": [1.0, 0.5], "val_loss": [1.0]}, ValueError, "mismo número de épocas"),
    ({"mse": [1.0]}, ValueError, "no tiene pérdida ni exactitud"),
    ([1.0, 0.5], TypeError, "historial de entrenamiento"),
])
def test_learning_curves_bad_input(history, error, message):
    with pytest.raises(error, match=message):
        plots.learning_curves(history)


def test_image_grid_titles_and_red_mistakes():
    images = np.random.default_rng(0).random((5, 28, 28))
    probabilities = np.eye(3)[[0, 1, 2, 0, 0]]
    fig = plots.image_grid(images, [0, 1, 2, 1, 0], probabilities, ncols=3, title="Ejemplos")
    assert len(fig.axes) == 6 and sum(bool(ax.images) for ax in fig.axes) == 5
    titles = [ax.title for ax in fig.axes[:5]]
    assert titles[3].get_text() == "real 1 / predicha 0" and to_rgba(titles[3].get_color()) == RED
    assert titles[0].get_text() == "real 0 / predicha 0" and to_rgba(titles[0].get_color()) != RED
    assert fig._suptitle.get_text() == "Ejemplos"
    named = plots.image_grid(images.reshape(5, 784), [0, 1, 2, 1, 0], class_names=["cero", "uno", "dos"])
    assert [ax.get_title() for ax in named.axes[:3]] == ["cero", "uno", "dos"]
    assert plots.image_grid(images[..., None]).axes[0].images[0].get_array().shape == (28, 28)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(images=np.zeros((3, 10))), ValueError, "no forman una imagen cuadrada"),
    (dict(images=np.zeros((3, 2, 2, 2, 2))), ValueError, "deben tener forma"),
    (dict(images=np.zeros((0, 4, 4))), ValueError, "array está vacío"),
    (dict(images=np.zeros((3, 4, 4)), labels=[0, 1]), ValueError, "deberían tener uno por ejemplo"),
    (dict(images=np.zeros((2, 4, 4)), labels=[0.5, 1.0]), ValueError, "valores con decimales"),
    (dict(images=np.zeros((2, 4, 4)), labels=[0, 3], class_names=["a", "b"]), ValueError, "class_names solo tiene 2"),
    (dict(images=np.zeros((2, 4, 4)), ncols=0), ValueError, "ncols"),
    (dict(images=[["a"]]), TypeError, "array numérico"),
])
def test_image_grid_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        plots.image_grid(**kwargs)


Y_TRUE = [0, 0, 1, 2, 2, 2]
Y_PRED = [0, 1, 1, 2, 0, 2]


def test_compute_confusion_matrix_by_hand():
    expected = [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    np.testing.assert_array_equal(plots.compute_confusion_matrix(Y_TRUE, Y_PRED), expected)
    np.testing.assert_array_equal(plots.compute_confusion_matrix(np.eye(3)[Y_TRUE], np.eye(3)[Y_PRED]), expected)
    np.testing.assert_allclose(plots.compute_confusion_matrix(Y_TRUE, Y_PRED, normalize=True),
                               [[0.5, 0.5, 0], [0, 1, 0], [1 / 3, 0, 2 / 3]])
    four = plots.compute_confusion_matrix(Y_TRUE, Y_PRED, num_classes=4)
    assert four.shape == (4, 4) and four[3].sum() == 0
    assert plots.compute_confusion_matrix(Y_TRUE, Y_PRED, num_classes=4, normalize=True)[3].sum() == 0


@pytest.mark.parametrize("args, kwargs, message", [
    ((Y_TRUE, Y_PRED[:4]), {}, "deberían tener uno por ejemplo"),
    ((Y_TRUE, Y_PRED), {"num_classes": 2}, "Hay una clase 2 y num_classes=2"),
    (([0, -1], [0, 1]), {}, "no pueden tener valores negativos"),
    (([], []), {}, "No hay ejemplos"),
])
def test_compute_confusion_matrix_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.compute_confusion_matrix(*args, **kwargs)


def test_confusion_matrix_figure_annotates_counts():
    fig = plots.confusion_matrix(Y_TRUE, Y_PRED, class_names=["gato", "perro", "pez"])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Clase predicha" and ax.get_ylabel() == "Clase real"
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "0", "1", "0", "1", "0", "2"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["gato", "perro", "pez"]
    assert "exactitud 66.7 % (4 de 6)" in ax.get_title()
    normalized = plots.confusion_matrix(Y_TRUE, Y_PRED, normalize=True).axes[0]
    assert [t.get_text() for t in normalized.texts][:3] == ["50 %", "50 %", "0 %"]
    assert "normalizada" in normalized.get_title()
    with pytest.raises(ValueError, match="class_names solo tiene 2"):
        plots.confusion_matrix(Y_TRUE, Y_PRED, class_names=["a", "b"])


def test_misclassified_shows_confident_mistakes_first():
    images = np.random.default_rng(1).random((6, 8, 8))
    probabilities = np.array([
        [0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.3, 0.7], [0.95, 0.05], [0.1, 0.9],
    ])
    y_true = [0, 0, 0, 1, 1, 1]  # errores: 1 (60 %), 2 (80 %) y 4 (95 %)
    fig = plots.misclassified(images, y_true, probabilities, n=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["real 1 / predicha 0\n(95 %)", "real 0 / predicha 1\n(80 %)"]
    assert all(to_rgba(ax.title.get_color()) == RED for ax in shown)
    assert fig._suptitle.get_text().startswith("3 errores de 6 ejemplos; se muestran 2")
    plain = plots.misclassified(images, y_true, probabilities.argmax(1), class_names=["no", "sí"])
    assert [ax.get_title() for ax in plain.axes if ax.images] == [
        "real no / predicha sí", "real no / predicha sí", "real sí / predicha no"]
    none = plots.misclassified(images, [0, 1, 1, 1, 0, 1], probabilities)
    assert "Ningún error" in none.axes[0].texts[0].get_text()


def test_misclassified_bad_input():
    images = np.zeros((3, 4, 4))
    with pytest.raises(ValueError, match="n .* debe ser un entero positivo"):
        plots.misclassified(images, [0, 1, 0], [1, 1, 0], n=0)
    with pytest.raises(ValueError, match="probabilities debe tener forma"):
        plots.misclassified(images, [0, 1, 0], [1, 1, 0], probabilities=np.ones((3, 1)))
    with pytest.raises(ValueError, match="deberían tener uno por ejemplo"):
        plots.misclassified(images, [0, 1], [1, 1, 0])


def test_class_counts_bars_match_bincount():
    labels = np.array([0, 1, 1, 2, 2, 2])
    fig = plots.class_counts(labels, class_names=["a", "b", "c", "d"])
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1, 2, 3, 0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    assert ax.get_ylabel() == "Número de ejemplos"
    with pytest.raises(ValueError, match="vacío"):
        plots.class_counts(np.array([], dtype=int))
    with pytest.raises(ValueError, match="decimales"):
        plots.class_counts(np.array([0.5, 1.0]))


def test_live_figure_outside_ipython_keeps_png_and_prints_nothing(capsys, monkeypatch):
    import IPython
    from matplotlib.figure import Figure

    # Otras pruebas crean un InteractiveShell en este proceso: aquí simulamos un script sin IPython.
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)

    live = plots.LiveFigure()
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    live.update(fig)
    live.update(fig)
    assert live.updates == 2 and live.last_png.startswith(b"\x89PNG")
    assert capsys.readouterr().out == ""
