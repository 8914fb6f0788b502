"""Pruebas de la figura reutilizada del explorador del descenso (gradient.figures.RunPainter).

Un fotograma reutilizado (la misma figura con sus datos cambiados) tiene que ser, píxel a píxel,
la imagen de una figura nueva; y la figura solo se construye de nuevo al cambiar de superficie.
En el explorador, un fotograma que reutiliza la colocación del anterior muestra lo mismo, con
cada eje a menos de 1 px (``conftest.assert_frame_matches_fresh``).
"""

import numpy as np

from course_lib.lessons import gradient
from course_lib.lessons.gradient.figures import RunPainter
from course_lib.rendering import figure_to_png
from conftest import assert_frame_matches_fresh, pixels


def assert_same_picture(fig, fresh) -> None:
    np.testing.assert_array_equal(pixels(figure_to_png(fig)), pixels(figure_to_png(fresh)))


def run(surface, learning_rate, momentum=0.0, steps=50, start=(-1.5, 2.0)):
    dim = gradient.get_surface(surface).dim
    return gradient.descend(surface, learning_rate=learning_rate, momentum=momentum, steps=steps, start=start[:dim])


def test_each_reused_frame_equals_a_fresh_figure_and_the_figure_is_built_once_per_surface():
    painter = RunPainter()
    # En cada superficie: converge, diverge (y se detiene), muchos pasos (marcas pequeñas), un paso.
    cases = {
        "parabola": [run("parabola", 0.1), run("parabola", 1.1), run("parabola", 0.01, 0.5, 500, (1.9,)),
                     run("parabola", 1.0, steps=1, start=(1.0,))],
        "double_well": [run("double_well", 3.0, steps=200, start=(1.9,)), run("double_well", 0.05, 0.8, 200)],
        "bowl": [run("bowl", 0.09, 0.5, 40), run("bowl", 0.2, 0.5, 40), run("bowl", 0.01, 0.9, 1000, (1.5, -0.5))],
        "rosenbrock": [run("rosenbrock", 0.002, 0.9, 100), run("rosenbrock", 0.05, steps=300)],
    }
    builds = 0
    for surface, runs in cases.items():
        first = painter(runs[0])
        builds += 1
        assert painter.builds == builds
        for r in runs:
            fig = painter(r)
            assert fig is first and painter.builds == builds      # misma superficie: misma figura
            assert_same_picture(fig, painter.fresh(r))
    assert any(r.stopped_at is not None for runs in cases.values() for r in runs)


def test_a_stopped_run_and_then_a_normal_one_leave_no_trace_of_the_warning():
    painter = RunPainter()
    stopped, normal = run("bowl", 0.2, 0.5, 40), run("bowl", 0.09, 0.5, 40)
    assert stopped.stopped_at is not None and normal.stopped_at is None
    figure_to_png(painter(stopped))
    fig = painter(normal)
    assert not fig.axes[1].texts[0].get_visible()
    assert_same_picture(fig, painter.fresh(normal))


def test_the_explorer_reuses_its_figure_and_its_frames_match_fresh_figures():
    exp = gradient.descent_explorer(surface="bowl", learning_rate=0.05, momentum=0.5, steps=40)
    exp.refresh()                                                  # el primer fotograma, como al mostrarlo
    painter = exp._draw
    assert isinstance(painter, RunPainter)
    fig = painter._frame[0]
    renderer = exp.figure._renderer
    for name, value in [("start_w1", -1.0), ("start_w1", -1.2), ("momentum", 0.6), ("start_w2", 2.5)]:
        frozen = renderer.frozen_frames
        exp.set(**{name: value})
        assert painter._frame[0] is fig and painter.builds == 1
        assert renderer.frozen_frames == frozen + 1                # la colocación, reutilizada
        assert_frame_matches_fresh(exp)
    exp.set(surface="rosenbrock")                                  # otra superficie: otra figura
    assert painter.builds == 2 and painter._frame[0] is not fig
    exp.set(start_w1=-1.0)
    assert painter.builds == 2


def test_each_explorer_has_its_own_painter():
    assert gradient.descent_explorer()._draw is not gradient.descent_explorer()._draw
