"""Utilidades comunes de las pruebas: modo del curso, datos pequeños y comprobación de exploradores.

Las pruebas de cada lección están en ``tests/lessons/``; las del marco (config, data, device,
training, plots, explorer, exercises, hints), en ``tests/``.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from course_lib import config


@pytest.fixture(autouse=True)
def course_mode():
    """Cada prueba empieza en el modo que dicta el entorno y deja el modo como estaba; las guardas
    de ``model.fit`` que active una prueba (``hints.enable``) no pasan a la siguiente."""
    config.set_quick(None)
    yield
    config.set_quick(None)
    training = sys.modules.get("course_lib.training")
    if training is not None and training.fit_is_guarded():
        training.guard_fit(False)


@pytest.fixture(scope="session")
def digits_like():
    """Imágenes 28 × 28 sintéticas (uint8, 0-255) y etiquetas 0-9 equilibradas: 200 ejemplos."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(200, 28, 28), dtype=np.uint8)
    y = np.tile(np.arange(10, dtype=np.uint8), 20)
    return x, y


def fake_matmul_rows(pairs, label="CPU:0"):
    """Medidas falsas de productos de matrices: [(n, gflops), ...] -> filas como las de
    ``device.time_matmul`` (para probar sin cronometrar de verdad)."""
    from course_lib import device

    rows = []
    for n, gflops in pairs:
        flops = device.matmul_flops(n)
        rows.append({"size": n, "flops": flops, "seconds": flops / gflops / 1e9, "gflops": gflops,
                     "times": [flops / gflops / 1e9], "device": label, "dtype": "float32"})
    return rows


def control_extremes(control):
    """Los valores extremos (y las opciones) que puede tomar un control de ipywidgets."""
    import ipywidgets as w

    if isinstance(control, w.widgets.widget_selection._Selection):
        return [value for _, value in control._options_full]
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [False, True]
    if isinstance(control, w.FloatLogSlider):
        return [control.base ** control.min, control.base ** control.max]
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.max]
    return []


def assert_every_control_value_is_valid(explorer, skip=()):
    """Ningún control puede llegar a un valor que el cálculo rechace: extremos y opciones, uno a uno.

    Tras cada cambio el explorador no debe mostrar error; al final se restauran los valores.
    Cada fotograma se dibuja de verdad (cálculo, figura y PNG), pero con pocos puntos por
    pulgada: lo que se comprueba es que nada falle, no la nitidez.
    """
    start = explorer.values()
    dpi, explorer.figure.dpi = explorer.figure.dpi, 20
    try:
        for name, control in explorer.controls.items():
            if name in skip:
                continue
            for value in control_extremes(control):
                explorer.set(**{name: value})
                assert explorer.error is None, f"{name}={value!r}: {explorer.error}"
            explorer.set(**{name: start[name]})
    finally:
        explorer.figure.dpi = dpi



@pytest.fixture(scope="module")
def blobs():
    """Tres nubes de puntos en 20 dimensiones: 240 para entrenar (pool) y 90 para validar."""
    rng = np.random.default_rng(0)
    centers = rng.normal(0, 1.0, (3, 20))

    def sample(n):
        y = np.arange(n) % 3
        x = centers[y] + rng.normal(0, 1.2, (n, 20))
        return x.astype("float32"), y.astype("int64")

    return (*sample(240), *sample(90))


def small_mlp(width=8, depth=1, l2=0.0, dropout=0.0):
    """Como el ``build_mlp`` del notebook 06, con 20 entradas y 3 clases (para los datos ``blobs``)."""
    import keras

    layers = [keras.Input(shape=(20,))]
    for _ in range(depth):
        layers.append(keras.layers.Dense(width, activation="relu",
                                         kernel_regularizer=keras.regularizers.L2(l2) if l2 else None))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(3, activation="softmax"))
    return keras.Sequential(layers)


@pytest.fixture
def offline_data(monkeypatch):
    """Los cargadores de ``course_lib.data`` sin internet, sin las variables de entorno del usuario
    y sin el Fashion-MNIST de Debian: las pruebas de datos solo ven las carpetas que ellas crean."""
    import keras

    from course_lib import data

    monkeypatch.delenv(data.MNIST_DIR_ENV, raising=False)
    monkeypatch.delenv(data.FASHION_MNIST_DIR_ENV, raising=False)

    def no_network(*args, **kwargs):
        raise Exception("URL fetch failure: sin conexión (simulado)")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", no_network)
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", no_network)
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", data.Path("/nonexistent/fashion-mnist"))


def figure_scene(fig) -> list:
    """Lo que muestra una figura, artista por artista: textos, datos de líneas e imágenes, colores, límites.

    Dos figuras con la misma «escena» muestran lo mismo. Sirve para probar un
    :class:`course_lib.rendering.Painter`: la figura reutilizada tras ``update`` debe tener la
    misma escena que una figura nueva (``painter.fresh``). (Comparar píxeles no vale: la
    colocación automática de matplotlib, dibujada dos veces, mueve los ejes una fracción de píxel.)
    """
    from matplotlib.colors import to_rgba
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    def value(x):
        if isinstance(x, np.ndarray) or (isinstance(x, (list, tuple)) and x and isinstance(x[0], (list, tuple, np.ndarray))):
            data = np.asarray(x, dtype=float)
            rounded = np.round(data, 9).astype(object)
            rounded[np.isnan(data)] = None          # nan != nan: dos listas con nan nunca serían iguales
            return rounded.tolist()
        return x

    def artist(a):
        if not a.get_visible():
            return ("invisible", type(a).__name__)
        if isinstance(a, Text):
            return ("text", a.get_text(), value(a.get_position()), to_rgba(a.get_color()), a.get_fontsize(), a.get_ha())
        if isinstance(a, Line2D):
            return ("line", value(np.asarray(a.get_xydata())), to_rgba(a.get_color()), a.get_linestyle(),
                    a.get_linewidth(), a.get_marker(), a.get_label())
        if isinstance(a, AxesImage):
            data = np.ma.filled(np.ma.asarray(a.get_array(), dtype=float), np.nan)
            mapped = data.ndim == 2        # una imagen RGB no usa la escala de colores (clim, cmap)
            return ("image", value(data), a.get_clim() if mapped else None, a.get_cmap().name if mapped else None,
                    value(a.get_extent()))
        if isinstance(a, Patch):
            return ("patch", type(a).__name__, value(a.get_path().vertices), value(a.get_patch_transform().get_matrix()),
                    to_rgba(a.get_facecolor()), to_rgba(a.get_edgecolor()), a.get_label())
        if hasattr(a, "get_offsets"):
            return ("collection", type(a).__name__, value(np.asarray(a.get_offsets())),
                    value(np.asarray(a.get_facecolors())), value(np.asarray(a.get_array()) if a.get_array() is not None else []))
        return ("other", type(a).__name__)

    def ticks(axis, labels):
        return [t.get_text() for t in labels] if axis.get_visible() else "oculto"   # no se dibujan

    scene = [("suptitle", fig._suptitle.get_text() if fig._suptitle else None), ("size", tuple(fig.get_size_inches()))]
    for ax in fig.axes:
        legend = ax.get_legend()
        scene.append(("axes", ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), value(ax.get_xlim()),
                      value(ax.get_ylim()), ticks(ax.xaxis, ax.get_xticklabels()), ticks(ax.yaxis, ax.get_yticklabels()),
                      [t.get_text() for t in legend.get_texts()] if legend else None))
        skip = {id(ax.patch), id(legend), id(ax.title), id(ax._left_title), id(ax._right_title),
                id(ax.xaxis), id(ax.yaxis), *(id(spine) for spine in ax.spines.values())}
        scene.extend(artist(a) for a in ax.get_children() if id(a) not in skip)
    return scene


def assert_same_scene(reused, fresh) -> None:
    """La figura reutilizada (tras ``Painter.update``) muestra lo mismo que una figura nueva."""
    from course_lib.rendering import figure_to_png

    figure_to_png(fresh)               # los números de los ejes se calculan al dibujar
    a, b = figure_scene(reused), figure_scene(fresh)
    assert len(a) == len(b), (len(a), len(b))
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"elemento {i}: {x!r:.300} != {y!r:.300}"


def assert_frame_matches_fresh(exp) -> None:
    """El último fotograma de un explorador con :class:`course_lib.rendering.Painter` muestra lo
    que una figura nueva (``painter.fresh``) con el mismo resultado.

    Si el fotograma se colocó de nuevo, es la imagen de la figura nueva, píxel a píxel. Si
    reutilizó la colocación del anterior (el :class:`~course_lib.rendering.FrameRenderer` guarda
    esa figura como congelada hasta el fotograma siguiente), su escena es la misma y cada eje está
    a menos de un píxel de donde lo pondría la colocación automática: la de la figura nueva
    depende, una fracción de píxel, del ancho de los números de los ejes, y el fotograma
    congelado se queda con la anterior (así, con matplotlib 3.8, el eje se mueve 0.05 px). Se
    comparan las posiciones con que se dibujó cada eje (las que deja su proporción fija, si la
    tiene): entre el fotograma y esta comprobación nada debe tocar la figura.
    """
    from course_lib.rendering import _TOLERANCE_PX, figure_to_png

    fig, fresh = exp._draw._frame[0], exp._draw.fresh(exp.result)
    frozen = exp.figure._renderer._frozen
    shown, expected = pixels(exp.figure.last_png), pixels(figure_to_png(fresh))
    if frozen is None or frozen[0] is not fig:
        np.testing.assert_array_equal(shown, expected)
        return
    assert shown.shape == expected.shape
    assert len(fig.axes) == len(fresh.axes)
    width, height = fig.bbox.width, fig.bbox.height
    for i, (a, b) in enumerate(zip(fig.axes, fresh.axes)):   # antes de dibujar otra vez la figura nueva
        gap = np.abs((np.asarray(a.get_position().bounds) - np.asarray(b.get_position().bounds))
                     * [width, height, width, height])
        assert gap.max() <= _TOLERANCE_PX, f"eje {i}: a {gap.max():.2f} px de su sitio en una figura nueva"
    assert_same_scene(fig, fresh)


def pixels(png: bytes) -> np.ndarray:
    """Los píxeles RGBA de una imagen PNG (para comparar dos fotogramas píxel a píxel)."""
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def digits(n=6, seed=0):
    """Imágenes uint8 (n, 28, 28) con un trazo distinto en cada una y etiquetas 0..n-1 (lección 08)."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 28, 28), dtype=np.uint8)
    for i in range(n):
        r, c = rng.integers(6, 16, 2)
        x[i, r:r + 10, c:c + 3] = 255
        x[i, r:r + 2, c:c + 8] = 200
    return x, np.arange(n) % 10
