"""Pruebas de la vista previa rápida de la lección 08: la caché del cálculo (mismas rejillas que sin
caché) y la figura reutilizada del explorador (lo mismo que una figura nueva: mismos píxeles o, si
reutiliza la colocación del fotograma anterior, cada eje a menos de 1 px)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib.lessons import augmentation
from course_lib.lessons.augmentation import compute, figures
from course_lib.rendering import figure_to_png
from conftest import assert_frame_matches_fresh, digits, pixels


#: Cambios de control como los del estudiante: cada uno, sobre el anterior.
CHANGES = [dict(), dict(contrast=0.3), dict(flip=True), dict(first=3), dict(rotation=120), dict(seed=4),
           dict(shift=0.0), dict(zoom=0.3), dict(contrast=0.0), dict(first=0), dict(rotation=0), dict(seed=0)]


def test_the_cache_gives_the_same_preview_as_computing_from_scratch():
    x, y = digits(8)
    cache = augmentation.PreviewCache()
    settings = dict(rotation=15, shift=0.1, zoom=0.1, contrast=0.0, flip=False, first=0, seed=0)
    for change in CHANGES + CHANGES:          # la segunda vuelta sale de la caché
        settings.update(change)
        fresh = augmentation.preview(x, y, copies=3, n_images=2, **settings)
        cached = augmentation.preview(x, y, copies=3, n_images=2, cache=cache, **settings)
        assert fresh.keys() == cached.keys()
        for key, value in fresh.items():
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(cached[key], value, err_msg=f"{key} con {settings}")
            else:
                assert cached[key] == value, f"{key} con {settings}"


def test_the_cache_does_not_draw_again_what_does_not_change(monkeypatch):
    x, y = digits(8)
    made = []
    make_layer = compute._make_layer
    monkeypatch.setattr(compute, "_make_layer", lambda *spec: made.append(spec[0]) or make_layer(*spec))
    cache = augmentation.PreviewCache()
    settings = dict(rotation=15, shift=0.1, zoom=0.1, copies=3, n_images=2, seed=0)
    augmentation.preview(x, y, cache=cache, **settings)
    assert made == ["rotation", "shift", "zoom"]
    augmentation.preview(x, y, cache=cache, first=4, **settings)      # otras imágenes, los mismos sorteos
    augmentation.preview(x, y, cache=cache, contrast=0.5, **settings)  # solo la capa nueva, al final
    assert made == ["rotation", "shift", "zoom", "contrast"]
    result = augmentation.preview(x, y, cache=cache, contrast=0.5, **settings)
    result["angles"][:] = 0                                          # el resultado es una copia
    again = augmentation.preview(x, y, cache=cache, contrast=0.5, **settings)
    assert np.abs(again["angles"]).max() > 0 and made[-1] == "contrast" and len(made) == 4
    # Sin semilla, cada llamada sortea de nuevo (nada sale de la caché).
    unseeded = [augmentation.preview(x, y, rotation=40, cache=cache, copies=3, n_images=2, seed=None)["angles"]
                for _ in range(2)]
    assert not np.array_equal(*unseeded)


def test_gray_images_are_the_pixels_of_imshow_with_the_gray_colormap():
    image = np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28) ** 2

    def figure(rgba: bool) -> Figure:
        fig = Figure(figsize=(2, 2))
        ax = fig.add_subplot()
        if rgba:
            ax.imshow(figures._gray(image), interpolation="nearest")
        else:
            ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        return fig

    np.testing.assert_array_equal(pixels(figure_to_png(figure(True))), pixels(figure_to_png(figure(False))))


@pytest.mark.parametrize("change", [dict(seed=7), dict(first=5), dict(contrast=0.4), dict(rotation=150)])
def test_the_explorer_reuses_its_figure_and_each_frame_matches_a_fresh_figure(change):
    x, y = digits(8)
    exp = augmentation.preview_explorer(x, y, n_images=2, copies=3)
    painter = exp._draw
    assert isinstance(painter, augmentation.PreviewPainter)
    exp.refresh()
    shown = painter._frame[0]
    first_png = exp.figure.last_png
    exp.set(**change)
    assert painter._frame[0] is shown and painter.builds == 1        # la misma figura, sin reconstruir
    assert exp.figure.last_png != first_png
    assert_frame_matches_fresh(exp)


def test_each_explorer_has_its_own_painter_and_a_new_grid_shape_builds_again():
    x, y = digits(8)
    a = augmentation.preview_explorer(x, y, n_images=2, copies=3)
    b = augmentation.preview_explorer(x, y, n_images=2, copies=3)
    assert a._draw is not b._draw
    painter = augmentation.PreviewPainter()
    small = augmentation.preview(x, y, copies=2, n_images=2)
    big = augmentation.preview(x, y, copies=4, n_images=3)
    fig = painter(small)
    assert painter(big) is not fig and painter.builds == 2 and len(painter(big).axes) == 3 * 5
    np.testing.assert_array_equal(pixels(figure_to_png(painter(big))), pixels(figure_to_png(painter.fresh(big))))
