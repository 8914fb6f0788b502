"""Pruebas de la base Explorer: controles -> cálculo puro -> figura y texto."""

import ipywidgets as w
import pytest
from matplotlib.figure import Figure

from course_lib.widgets import Explorer


def square(n):
    if n < 0:
        raise ValueError("n no puede ser negativo.")
    return {"n": n, "square": n * n}


def draw(result):
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().bar(["n²"], [result["square"]])
    return fig


def make():
    return Explorer(
        controls={"n": w.IntSlider(value=3, min=-5, max=10, description="n")},
        compute=square, draw=draw,
        summarize=lambda r: f"{r['n']}² = {r['square']} <ok>", title="Cuadrados",
    )


def test_set_control_updates_result_readout_and_figure():
    exp = make()
    exp.refresh()
    assert exp.result["square"] == 9 and exp.figure.updates == 1
    first_png = exp.figure.last_png
    exp.set(n=7)
    assert exp.controls["n"].value == 7
    assert exp.result == {"n": 7, "square": 49}
    assert exp.readout.value == "7² = 49 &lt;ok&gt;"
    assert exp.figure.updates == 2 and exp.figure.last_png != first_png
    assert exp.figure.last_png.startswith(b"\x89PNG")


def test_moving_the_widget_directly_triggers_the_callback():
    exp = make()
    exp.controls["n"].value = 4
    assert exp.result["square"] == 16


def test_bad_value_shows_spanish_message_and_keeps_last_result():
    exp = make()
    exp.set(n=2)
    exp.set(n=-1)
    assert exp.error == "n no puede ser negativo."
    assert "⚠️ n no puede ser negativo." in exp.readout.value
    assert exp.result["n"] == 2


def test_unknown_control_is_refused():
    with pytest.raises(ValueError, match="Control desconocido: m"):
        make().set(m=1)


# ------------------------------------------------------------ explorador de predicciones

import numpy as np  # noqa: E402

from course_lib import widgets  # noqa: E402


def prediction_data():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    labels = np.array([0, 1, 2, 3, 4])
    probs = np.full((5, 10), 0.01)
    predicted = [0, 7, 2, 9, 4]          # errores en las posiciones 1 y 3
    probs[np.arange(5), predicted] = 0.91
    return images, labels, probs


def test_prediction_explorer_moves_through_images_and_errors():
    exp = widgets.prediction_explorer(*prediction_data())
    exp.refresh()
    assert exp.result["position"] == 0 and exp.result["predicted"] == 0
    assert "real 0, predicha 0 (91.0%) · acierto" in exp.readout.value
    exp.set(index=3)
    assert exp.result["label"] == 3 and exp.result["predicted"] == 9
    assert "· error" in exp.readout.value
    exp.set(only_errors=True)
    assert exp.controls["index"].max == 1 and exp.controls["index"].value == 1
    assert exp.result["position"] == 3
    exp.set(index=0)
    assert exp.result["position"] == 1 and exp.result["predicted"] == 7
    exp.set(only_errors=False)
    assert exp.controls["index"].max == 4


def test_prediction_view_bad_input_in_spanish():
    images, labels, probs = prediction_data()
    with pytest.raises(ValueError, match="tantas imágenes"):
        widgets.prediction_view(images[:3], labels, probs, 0)
    with pytest.raises(ValueError, match="entre 0 y 4"):
        widgets.prediction_view(images, labels, probs, 9)
    perfect = np.eye(10)[labels][:, :10]
    with pytest.raises(ValueError, match="no se equivoca en ninguna"):
        widgets.prediction_view(images, labels, perfect, 0, only_errors=True)


def test_prediction_view_accepts_flat_images():
    images, labels, probs = prediction_data()
    view = widgets.prediction_view(images.reshape(5, 784), labels, probs, 2)
    assert view["image"].shape == (28, 28)
