"""Pruebas de course_lib.rendering: un solo dibujo por PNG y la colocación reutilizada entre fotogramas."""

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.rendering import FrameRenderer, figure_to_png
from conftest import pixels


def two_panels(scale: float = 1.0, ylabel: str = "Pérdida", title: str = "Época 3/10",
               panel_title: str = "Pérdida") -> Figure:
    """Una figura como las de los exploradores: dos ejes, leyenda, título de figura, constrained."""
    fig = Figure(figsize=(8, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    x = np.linspace(0, 1, 50)
    left.plot(x, scale * x ** 2, label="entrenamiento")
    left.set(xlabel="Época", ylabel=ylabel, title=panel_title)
    left.legend()
    image = right.imshow(np.outer(x, x), cmap="Blues")
    fig.colorbar(image, ax=right, label="Valor")
    fig.suptitle(title)
    return fig


def test_a_reused_layout_gives_the_same_image_as_a_fresh_figure():
    renderer = FrameRenderer()
    first = renderer.render(two_panels())
    second = renderer.render(two_panels())          # misma estructura y mismo contenido
    assert renderer.frozen_frames == 1
    fresh = figure_to_png(two_panels())
    np.testing.assert_array_equal(pixels(second), pixels(fresh))
    np.testing.assert_array_equal(pixels(first), pixels(fresh))


def test_a_frame_whose_labels_grow_is_laid_out_again_and_nothing_is_cut():
    renderer = FrameRenderer()
    renderer.render(two_panels())
    # Un título del panel mucho más ancho que el eje: no cabe en el sitio de antes. (Los números
    # grandes del eje no sirven para esta prueba: según la versión de matplotlib, 1e7 va aparte,
    # como desplazamiento, y las etiquetas no crecen.)
    wide = dict(panel_title="Pérdida de entrenamiento y de validación, media por lote, en cada época de las diez")
    grown = renderer.render(two_panels(**wide))
    assert renderer.frozen_frames == 0
    np.testing.assert_array_equal(pixels(grown), pixels(figure_to_png(two_panels(**wide))))
    # Y el siguiente fotograma, igual que este, reutiliza ya la colocación nueva.
    renderer.render(two_panels(**wide))
    assert renderer.frozen_frames == 1


def test_a_frame_with_smaller_labels_keeps_the_layout_and_fits():
    renderer = FrameRenderer()
    renderer.render(two_panels(scale=1e7))
    smaller = two_panels(scale=1.0)
    png = renderer.render(smaller)
    assert renderer.frozen_frames == 1
    assert smaller.get_layout_engine() is None or smaller.get_layout_engine().__class__.__name__ != "ConstrainedLayoutEngine"
    renderer_ = smaller.canvas.get_renderer()
    bbox = smaller.get_tightbbox(renderer_)
    assert bbox.x0 >= 0 and bbox.y0 >= 0 and bbox.x1 <= 8 and bbox.y1 <= 3.2
    assert pixels(png).shape[:2] == (320, 800)


def test_another_structure_is_laid_out_from_scratch():
    renderer = FrameRenderer()
    renderer.render(two_panels())

    def three_panels():
        fig = Figure(figsize=(8, 3.2), layout="constrained")
        fig.subplots(1, 3)[0].plot([1, 2, 3])
        return fig

    png = renderer.render(three_panels())
    assert renderer.frozen_frames == 0
    np.testing.assert_array_equal(pixels(png), pixels(figure_to_png(three_panels())))


def test_a_figure_without_layout_that_overflows_is_saved_tight():
    fig = Figure(figsize=(4, 3))
    fig.subplots_adjust(left=0.0, bottom=0.0)        # las etiquetas quedarían fuera de la figura
    ax = fig.add_subplot()
    ax.plot([1, 2, 3])
    ax.set_ylabel("una etiqueta que se saldría")
    tight = pixels(figure_to_png(fig))
    assert tight.shape[:2] != (300, 400)             # recortada a lo dibujado, con la etiqueta entera

    inside = Figure(figsize=(4, 3))
    inside.subplots_adjust(left=0.2, bottom=0.2)
    inside.add_subplot().plot([1, 2, 3])
    assert pixels(figure_to_png(inside)).shape[:2] == (300, 400)   # cabe: un solo dibujo, tamaño exacto


def test_live_figure_frames_match_fresh_images_for_learning_curves(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    history = {"loss": [1.0, 0.6, 0.4], "accuracy": [0.5, 0.8, 0.9],
               "val_loss": [1.1, 0.7, 0.6], "val_accuracy": [0.45, 0.7, 0.8]}
    live = plots.LiveFigure()
    for done in (1, 2, 3):
        live.update(plots.learning_curves({k: v[:done] for k, v in history.items()}, total_epochs=3))
    assert live._renderer.frozen_frames >= 1 and live.last_seconds > 0
    live.update(plots.learning_curves(history, total_epochs=3), exact=True)   # el último: desde cero
    np.testing.assert_array_equal(pixels(live.last_png),
                                  pixels(figure_to_png(plots.learning_curves(history, total_epochs=3))))


def _curve_painter():
    """Un Painter mínimo: una línea cuyo dato cambia y un título que cambia con ella."""
    from course_lib.rendering import Painter

    class Curve(Painter):
        def build(self, result):
            fig = Figure(figsize=(6, 3), layout="constrained")
            ax = fig.subplots()
            line, = ax.plot([], [], label="curva")
            ax.set(xlabel="x", ylabel="y", xlim=(0, 1), ylim=(0, 4))
            ax.legend(loc="upper left")
            return fig, {"line": line, "ax": ax}

        def update(self, parts, result):
            x = np.linspace(0, 1, 40)
            parts["line"].set_data(x, result["scale"] * x ** 2)
            parts["ax"].set_title(result["title"])

        def structure(self, result):
            return result.get("panels", 1)

    return Curve()


def test_a_painter_reuses_its_figure_and_its_frames_match_fresh_figures():
    painter, renderer = _curve_painter(), FrameRenderer()
    results = [{"scale": s, "title": f"Fotograma {i}"} for i, s in enumerate((1.0, 2.5, 3.9, 0.5))]
    figures = []
    for result in results:
        fig = painter(result)
        figures.append(fig)
        png = renderer.render(fig)
        np.testing.assert_array_equal(pixels(png), pixels(figure_to_png(painter.fresh(result))))
    assert all(fig is figures[0] for fig in figures) and painter.builds == 1
    assert renderer.frozen_frames == len(results) - 1
    # El fotograma exacto (el que queda en el notebook) de la misma figura reutilizada.
    exact = renderer.render(painter(results[0]), exact=True)
    np.testing.assert_array_equal(pixels(exact), pixels(figure_to_png(painter.fresh(results[0]))))


def test_a_painter_builds_again_when_the_structure_changes():
    painter = _curve_painter()
    first = painter({"scale": 1.0, "title": "a"})
    assert painter({"scale": 2.0, "title": "b"}) is first
    other = painter({"scale": 2.0, "title": "c", "panels": 2})
    assert other is not first and painter.builds == 2


def test_a_reused_figure_whose_title_grows_is_laid_out_again():
    painter, renderer = _curve_painter(), FrameRenderer()
    renderer.render(painter({"scale": 1.0, "title": "corto"}))
    wide = {"scale": 1.0, "title": "Un título mucho más ancho que el eje, que no cabe en el sitio que tenía el anterior"}
    png = renderer.render(painter(wide))
    assert renderer.frozen_frames == 0
    np.testing.assert_array_equal(pixels(png), pixels(figure_to_png(painter.fresh(wide))))


def test_assert_same_scene_catches_a_painter_that_forgets_to_update_something():
    import pytest
    from conftest import assert_same_scene

    painter = _curve_painter()
    first, second = {"scale": 1.0, "title": "a"}, {"scale": 2.0, "title": "b"}
    assert_same_scene(painter(second), painter.fresh(second))
    fig = painter(first)
    fig.axes[0].set_title("a")
    fig.axes[0].lines[0].set_data([0, 1], [0, 1])          # como un update que no pone la curva nueva
    with pytest.raises(AssertionError, match="elemento"):
        assert_same_scene(fig, painter.fresh(first))
    painter(first).axes[0].set_title("otro título")        # o que no cambia el título
    with pytest.raises(AssertionError):
        assert_same_scene(painter._frame[0], painter.fresh(second))


def test_a_reused_figure_laid_out_again_gives_the_image_of_a_fresh_figure():
    """Con un eje de aspecto fijo y una barra de color, colocar dos veces la misma figura movía
    los ejes una fracción de píxel; el fotograma exacto de una figura reutilizada es el de una nueva."""
    from course_lib.rendering import Painter

    class Heatmap(Painter):
        def build(self, result):
            fig = Figure(figsize=(7, 3), layout="constrained")
            left, right = fig.subplots(1, 2)
            image = right.imshow(np.zeros((6, 6)), cmap="RdBu_r", vmin=-1, vmax=1)
            fig.colorbar(image, ax=right, shrink=0.85, label="Respuesta")
            line, = left.plot([], [])
            left.set(xlim=(0, 1), ylim=(-1, 1))
            return fig, {"image": image, "line": line, "right": right}

        def update(self, parts, result):
            parts["image"].set_data(result)
            parts["image"].set_clim(-abs(result).max(), abs(result).max())
            parts["line"].set_data(np.linspace(0, 1, 6), result[0])
            parts["right"].set_title(f"Máximo {abs(result).max():.2f}")

    rng = np.random.default_rng(0)
    painter, renderer = Heatmap(), FrameRenderer()
    frames = [rng.normal(size=(6, 6)) * s for s in (1.0, 30.0, 0.2)]
    for frame in frames:
        renderer.render(painter(frame))
    exact = renderer.render(painter(frames[-1]), exact=True)
    np.testing.assert_array_equal(pixels(exact), pixels(figure_to_png(painter.fresh(frames[-1]))))


def test_a_wider_suptitle_keeps_the_layout_but_a_taller_or_overflowing_one_does_not():
    renderer = FrameRenderer()
    renderer.render(two_panels(title="Época 9/20"))
    renderer.render(two_panels(title="Época 10/20 · pérdida de validación 0.35"))   # más ancho, mismo alto
    assert renderer.frozen_frames == 1
    taller = two_panels(title="Época 11/20\nla pérdida de validación ya no baja")    # dos líneas: otro alto
    png = renderer.render(taller)
    assert renderer.frozen_frames == 1
    np.testing.assert_array_equal(pixels(png), pixels(figure_to_png(two_panels(
        title="Época 11/20\nla pérdida de validación ya no baja"))))
    renderer.render(two_panels(title="Época 12/20 " + "muy largo " * 30))         # se saldría de la figura
    assert renderer.frozen_frames == 1


def _texts_figure(label: str = "x₁ (entrada)", color: str = "#c62828", alpha: float = 1.0) -> Figure:
    """Textos de todas las clases: rotados, de colores, transparentes, en negrita, matemáticos, con tildes."""
    fig = Figure(figsize=(5, 3), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 2])
    ax.set_xlabel(label, color=color, alpha=alpha)
    ax.set_ylabel("Pérdida (entropía cruzada)")                  # rotada 90°
    ax.set_title(r"$\eta = 0.1$ · tasa de aprendizaje", fontweight="bold")
    ax.text(0.3, 1.2, "texto a 30°", rotation=30, fontsize=14, alpha=0.5)
    ax.text(0.6, 0.4, "¿Añadir más? ½", fontsize=9)
    return fig


def _plain_agg(fig: Figure) -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_the_canvas_remembers_each_text_and_draws_exactly_what_matplotlib_draws():
    from course_lib.rendering import _Canvas

    fig = _texts_figure()
    expected = _plain_agg(fig)
    canvas = _Canvas(fig)
    canvas.draw()
    remembered = len(canvas.text_cache)
    assert remembered >= 8                          # números de los ejes, etiquetas, textos (no el matemático)
    first = np.asarray(canvas.buffer_rgba()).copy()
    canvas.draw()                                   # todos los textos salen de lo recordado
    assert len(canvas.text_cache) == remembered
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), expected)


def test_a_text_that_changes_in_any_way_is_drawn_again_not_taken_from_memory():
    from course_lib.rendering import _Canvas

    fig = _texts_figure()
    canvas = _Canvas(fig)
    canvas.draw()
    for label, color, alpha in [("x₂ (entrada)", "#c62828", 1.0), ("x₂ (entrada)", "#1f77b4", 1.0),
                                ("x₂ (entrada)", "#1f77b4", 0.4)]:
        fig.axes[0].xaxis.label.set(text=label, color=color, alpha=alpha)
        canvas.draw()
        np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()),
                                      _plain_agg(_texts_figure(label, color, alpha)))
    fig.axes[0].set_xlim(0, 2)                       # números de los ejes en otros sitios
    canvas.draw()
    moved = _texts_figure("x₂ (entrada)", "#1f77b4", 0.4)
    moved.axes[0].set_xlim(0, 2)
    np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), _plain_agg(moved))
    fig.set_size_inches(6, 3)                        # otro tamaño de lienzo: otra posición de cada texto
    canvas.draw()
    moved.set_size_inches(6, 3)
    np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), _plain_agg(moved))


def test_the_memory_of_texts_and_layouts_is_bounded_and_only_for_the_course_canvas(monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course_lib import rendering

    monkeypatch.setattr(rendering, "_TEXT_CACHE_SIZE", 5)
    fig = _texts_figure()
    canvas = rendering._Canvas(fig)
    for limit in range(2, 12):
        fig.axes[0].set_xlim(0, limit)
        canvas.draw()
        assert len(canvas.text_cache) <= 5 and len(canvas.layout_cache) <= 5
    last = _texts_figure()
    last.axes[0].set_xlim(0, 11)
    np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), _plain_agg(last))
    other = _texts_figure()
    FigureCanvasAgg(other).draw()                    # otro lienzo: nada que recordar
    assert not hasattr(other.canvas.get_renderer(), "layout_cache")


def test_the_canvas_remembers_how_each_text_is_laid_out_and_measures_what_matplotlib_measures():
    """La medida recordada de un texto es la de matplotlib, también tras cambiar lo que la decide."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course_lib.rendering import _Canvas

    fig = _texts_figure()
    canvas = _Canvas(fig)
    canvas.draw()
    assert canvas.layout_cache                        # los textos ya dibujados se miden de memoria
    text = fig.axes[0].texts[0]
    changes = [{}, {"fontsize": 20}, {"rotation": 75}, {"ha": "right", "va": "top"},
               {"text": "dos\nlíneas", "multialignment": "right"}, {"linespacing": 2.0},
               {"fontweight": "normal", "family": "monospace"}]
    for i, change in enumerate(changes):
        text.set(**change)
        canvas.draw()
        remembered = [t.get_window_extent(canvas.get_renderer()).bounds for t in fig.axes[0].texts]
        fresh = _texts_figure()
        for done in changes[:i + 1]:                 # los mismos cambios, en orden, sobre una figura nueva
            fresh.axes[0].texts[0].set(**done)
        plain = FigureCanvasAgg(fresh)
        plain.draw()
        np.testing.assert_allclose(remembered, [t.get_window_extent(plain.get_renderer()).bounds
                                                for t in fresh.axes[0].texts], rtol=0, atol=1e-9)
        np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), np.asarray(plain.buffer_rgba()))

