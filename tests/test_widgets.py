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
