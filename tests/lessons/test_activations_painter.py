"""Pruebas de la figura reutilizada del explorador de activaciones (activations.figures.NeuronPainter).

Un fotograma reutilizado tiene que ser, píxel a píxel, la imagen de una figura nueva, también
cuando cambian las zonas sombreadas (y con ellas las leyendas); la figura se construye una vez.
En el explorador, un fotograma que reutiliza la colocación del anterior muestra lo mismo, con
cada eje a menos de 1 px (``conftest.assert_frame_matches_fresh``).
"""

import numpy as np

from course_lib.lessons import activations as A
from course_lib.lessons.activations.figures import NeuronPainter
from course_lib.rendering import figure_to_png
from conftest import assert_frame_matches_fresh, pixels


def test_each_reused_frame_equals_a_fresh_figure_and_the_figure_is_built_once():
    painter = NeuronPainter()
    first = None
    states = set()
    for activation in A.names():
        for weight, bias, extent in [(1.0, 0.0, 4.0), (-10.0, 0.0, 4.0), (5.6, -1.1, 4.0), (0.0, 3.0, 2.0),
                                     (10.0, 10.0, 10.0), (1.0, -6.0, 1.0)]:
            result = A.neuron_response(activation, weight, bias, extent)
            states.add(result["state"])
            fig = painter(result)
            first = first or fig
            assert fig is first and painter.builds == 1
            np.testing.assert_array_equal(pixels(figure_to_png(fig)), pixels(figure_to_png(painter.fresh(result))))
    # Se han probado neuronas sin sombra, con sombra parcial, saturadas y muertas.
    assert {"active", "partial", "saturated", "dead"} <= states


def test_the_shaded_zones_and_legends_follow_the_last_result():
    painter = NeuronPainter()
    partial = A.neuron_response("sigmoid", 5.0, 0.0, 4.0)
    active = A.neuron_response("linear", 1.0, 0.0, 4.0)
    fig = painter(partial)
    assert fig.axes[0].patches and "saturada" in fig.axes[0].get_legend().get_texts()[0].get_text()
    fig = painter(active)
    assert not fig.axes[0].patches and not fig.axes[1].patches
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        "referencia f(x)  (w = 1, b = 0)", "salida f(w·x + b)"]


def test_the_explorer_reuses_its_figure_and_its_frames_match_fresh_figures():
    exp = A.activation_explorer()
    painter = exp._draw
    assert isinstance(painter, NeuronPainter)
    fig = painter._frame[0]
    for name, value in [("weight", 5.0), ("activation", "relu"), ("bias", -6.0), ("x_extent", 8.0),
                        ("activation", "tanh")]:
        exp.set(**{name: value})
        assert painter._frame[0] is fig and painter.builds == 1
        assert_frame_matches_fresh(exp)


def test_each_explorer_has_its_own_painter():
    assert A.activation_explorer()._draw is not A.activation_explorer()._draw
