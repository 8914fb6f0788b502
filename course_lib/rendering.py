"""Cómo se convierte una figura en PNG, deprisa: la base de :class:`course_lib.plots.LiveFigure`.

Un explorador redibuja su figura en cada cambio de un control, y las curvas en vivo al final
de cada época. Lo que cuesta no es dibujar las líneas, sino **colocar** la figura: con
``layout="constrained"`` matplotlib mide cada etiqueta, cada número de los ejes y cada título
para decidir los márgenes, y ``savefig(bbox_inches="tight")`` dibuja la figura dos veces. Aquí:

* :func:`figure_to_png` dibuja la figura **una sola vez** (sin ``bbox_inches="tight"``); solo
  si una figura sin colocación automática se sale de sus bordes, se guarda con
  ``bbox_inches="tight"``, para que nada quede cortado;
* :class:`FrameRenderer` convierte una serie de figuras con la misma estructura (los
  fotogramas de un explorador) reutilizando el lienzo Agg y su caché de medidas de texto, y la
  **colocación** del fotograma anterior: si la figura nueva tiene los mismos ejes, en la misma
  rejilla y del mismo tamaño, se dibuja con las posiciones ya calculadas, sin volver a medir.
  Después comprueba que lo dibujado de cada eje (números, etiquetas, títulos) cabe en el sitio
  que tenía en el fotograma colocado; si algo crece, vuelve a colocar la figura entera. Así
  ningún fotograma queda con una etiqueta cortada o encima de otro eje;
* el lienzo (:class:`_Canvas`) **recuerda cómo dibujó cada texto** (:class:`_TextCacheRenderer`):
  de un fotograma al siguiente casi todos los textos son los mismos en el mismo sitio, y
  rasterizarlos de nuevo era más de la mitad del tiempo de un fotograma (matplotlib 3.11);
  y recuerda también **cómo colocó** cada texto (:func:`_remembered_layout`): matplotlib mide
  cada texto varias veces por fotograma (al dibujarlo, al colocar las etiquetas de los ejes junto
  a sus números y al comprobar si todo cabe), y con 3.11 cada medida lee de nuevo las tablas de
  la fuente.
"""

from __future__ import annotations

import io
import weakref

import numpy as np
from matplotlib import font_manager, rcParams
from matplotlib import text as mtext_module
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

__all__ = ["FrameRenderer", "Painter", "figure_to_png"]

#: Holgura, en píxeles, al comparar lo dibujado con el sitio que tenía.
_TOLERANCE_PX = 1.0
#: Textos dibujados que recuerda un lienzo (:class:`_TextCacheRenderer`); al llenarse, empieza de nuevo.
_TEXT_CACHE_SIZE = 4000


def _layout_engine_kind(fig: Figure) -> str | None:
    """``"constrained"``, ``"tight"`` o ``None`` (márgenes fijos)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        return "constrained"
    if isinstance(engine, TightLayoutEngine):
        return "tight"
    return None


def _inside(inner, outer, tolerance: float) -> bool:
    return (inner.x0 >= outer.x0 - tolerance and inner.y0 >= outer.y0 - tolerance
            and inner.x1 <= outer.x1 + tolerance and inner.y1 <= outer.y1 + tolerance)


def _fits(fig: Figure, renderer) -> bool:
    """Si todo lo dibujado (títulos, etiquetas, leyendas) cabe dentro de la figura."""
    bbox = fig.get_tightbbox(renderer)
    return bbox is None or _inside(bbox, fig.bbox_inches, _TOLERANCE_PX / fig.dpi)


def _remember(cache: dict, key, value):
    """Guarda ``value`` en una memoria del lienzo; al llenarse (``_TEXT_CACHE_SIZE``), empieza de nuevo."""
    if len(cache) >= _TEXT_CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


_GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "cursive", "fantasy", "monospace"})


def _font_key(prop) -> tuple:
    """Todo lo que decide qué fuente dibuja un texto y cómo: sus propiedades, las listas de fuentes
    de ``rcParams`` a las que remiten sus familias genéricas («sans-serif»…), las fuentes
    registradas y el ajuste de los glifos (*hinting*, *kerning*). Es lo que usaría
    ``font_manager.findfont``, sin su coste (unos 60 µs por texto con matplotlib 3.11)."""
    families = tuple(prop.get_family())
    resolved = tuple(tuple(rcParams[f"font.{family}"]) for family in families if family in _GENERIC_FAMILIES)
    return (families, resolved, prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(),
            prop.get_size_in_points(), prop.get_file(), prop.get_math_fontfamily(),
            id(font_manager.fontManager), len(font_manager.fontManager.ttflist),
            rcParams["text.hinting"], rcParams["text.hinting_factor"], rcParams["text.kerning_factor"])


# El de matplotlib (si este módulo se vuelve a cargar, no el de la carga anterior).
_matplotlib_layout = getattr(mtext_module.Text._get_layout, "__wrapped__", mtext_module.Text._get_layout)


def _remembered_layout(text, renderer):
    """``Text._get_layout`` de matplotlib, recordado por el lienzo del curso (:class:`_Canvas`).

    Matplotlib mide cada texto varias veces por fotograma (para dibujarlo, para poner la etiqueta
    de un eje junto a sus números, para ver si todo cabe), y con matplotlib 3.11 cada medida
    busca la fuente y lee sus tablas de nuevo: más de una décima parte de un fotograma. La
    medida solo depende del texto, de su fuente, de su giro y alineación y de la resolución, no
    de dónde está: con esa clave se recuerda (la caja se devuelve copiada, como si fuera nueva).
    Con otros lienzos, con LaTeX o con textos matemáticos (``$…$``) se mide como siempre.
    """
    cache = getattr(renderer, "layout_cache", None)
    s = None if cache is None or text.get_usetex() else text._get_wrapped_text()
    if s is None or "$" in s:
        return _matplotlib_layout(text, renderer)
    key = (s, _font_key(text._fontproperties), text._linespacing, text.get_rotation(), text.get_rotation_mode(),
           text.get_horizontalalignment(), text.get_verticalalignment(), text._get_multialignment(),
           text.figure.dpi, renderer.dpi)
    layout = cache.get(key)
    if layout is None:
        layout = _remember(cache, key, _matplotlib_layout(text, renderer))
    bbox, lines, rest = layout
    return bbox.frozen(), list(lines), rest


_remembered_layout.__wrapped__ = _matplotlib_layout
mtext_module.Text._get_layout = _remembered_layout   # solo cambia algo con los lienzos del curso


class _Recorder:
    """Ocupa el sitio del dibujante Agg (C++) mientras se dibuja un texto: le pasa cada llamada y
    apunta las de ``draw_text_image`` (las imágenes de los glifos y dónde van). Si el texto pide
    cualquier otra cosa (las rayas de un texto matemático), ese texto no se guarda."""

    def __init__(self, real):
        self._real = real
        self.images: list = []
        self.cacheable = True

    def draw_text_image(self, image, x, y, angle, gc):
        self.images.append((np.array(image, copy=True), x, y, angle))
        self._real.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name):
        self.cacheable = False
        return getattr(self._real, name)


class _TextCacheRenderer(RendererAgg):
    """El dibujante Agg de matplotlib, que **recuerda cómo dibujó cada texto**.

    Dibujar un texto (colocar y rasterizar glifo a glifo con FreeType) es, con diferencia, lo que
    más cuesta de un fotograma: con matplotlib 3.11, unos 0.3 ms por carácter, y una figura del
    curso tiene cientos. De un fotograma al siguiente casi todos los textos (números de los ejes,
    etiquetas, leyendas) son los mismos, en el mismo sitio: este dibujante guarda las imágenes de
    sus glifos y las vuelve a poner con la misma llamada de Agg. La clave incluye todo lo que
    cambia el dibujo (el texto, la fuente, su tamaño, la posición exacta, el ángulo, el color, el
    suavizado, la resolución y el alto del lienzo), así que la imagen es la misma, píxel a píxel,
    que sin recordar nada. El recorte (``clip``) es el del contexto gráfico de cada llamada.
    """

    def __init__(self, width, height, dpi, text_cache: dict, layout_cache: dict):
        super().__init__(width, height, dpi)
        self.text_cache = text_cache
        self.layout_cache = layout_cache

    def _text_key(self, gc, x, y, s, prop, angle, mtext) -> tuple:
        # Rasgos e idioma del texto: solo en las versiones recientes de matplotlib (y mtext puede ser None).
        features = getattr(mtext, "get_fontfeatures", lambda: None)()
        language = getattr(mtext, "get_language", lambda: None)()
        return (s, _font_key(prop), x, y, angle,
                tuple(gc.get_rgb()), gc.get_alpha(), gc.get_forced_alpha(), gc.get_antialiased(), self.dpi,
                self.width, self.height, None if features is None else tuple(features), language)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = self._text_key(gc, x, y, s, prop, angle, mtext)
        images = self.text_cache.get(key)
        if images is not None:
            for image, ix, iy, iangle in images:
                self._renderer.draw_text_image(image, ix, iy, iangle, gc)
            return None
        real = self._renderer
        recorder = self._renderer = _Recorder(real)
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = real
        if recorder.cacheable:
            _remember(self.text_cache, key, recorder.images)
        return None


class _Canvas(FigureCanvasAgg):
    """Un lienzo Agg cuyo dibujante recuerda los textos (:class:`_TextCacheRenderer`) de un
    fotograma al siguiente, también si cambia el tamaño de la figura."""

    def __init__(self, figure=None):
        super().__init__(figure)
        self.text_cache: dict = {}
        self.layout_cache: dict = {}

    def get_renderer(self):
        renderer = super().get_renderer()
        if not isinstance(renderer, _TextCacheRenderer):   # uno nuevo (otro tamaño): el mismo, que recuerda
            renderer = self.renderer = _TextCacheRenderer(renderer.width, renderer.height, renderer.dpi,
                                                          self.text_cache, self.layout_cache)
        return renderer


def _agg_canvas(fig: Figure, canvas=None):
    if canvas is None or not isinstance(canvas, _Canvas):
        return _Canvas(fig)
    if fig.canvas is not canvas:
        canvas.figure = fig
        fig.set_canvas(canvas)
    return canvas


def _save(fig: Figure, dpi: int, tight: bool = False) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, **({"bbox_inches": "tight"} if tight else {}))
    return buffer.getvalue()


def _draw_png(fig: Figure, canvas, dpi: int, compress_level: int = 6) -> bytes:
    """Un solo dibujo (con la colocación de la figura, si la tiene) y los píxeles a PNG.

    ``savefig`` dibuja dos veces las figuras con colocación automática (una para colocar, otra
    para pintar); ``canvas.draw()`` coloca y pinta en la misma pasada.
    """
    from PIL import Image

    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.fromarray(rgba[..., :3] if (rgba[..., 3] == 255).all() else rgba)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def figure_to_png(fig: Figure, dpi: int = 100, *, canvas=None) -> bytes:
    """Convierte una figura en los bytes de una imagen PNG, dibujándola una sola vez.

    Las figuras del curso colocan sus ejes con ``layout="constrained"`` (o con márgenes fijos),
    así que todo cabe dentro y no hace falta ``bbox_inches="tight"``, que dibuja la figura dos
    veces. Si una figura sin colocación automática se sale de sus bordes (una etiqueta larga),
    se guarda con ``bbox_inches="tight"`` para que no quede nada cortado. ``canvas`` es un lienzo
    Agg que se reutiliza de una figura a otra (la imagen es la misma que con uno nuevo).
    """
    canvas = _agg_canvas(fig, canvas)
    png = _draw_png(fig, canvas, dpi)
    if _layout_engine_kind(fig) is None and not _fits(fig, canvas.get_renderer()):
        png = _save(fig, dpi, tight=True)
    return png


def _texts(fig: Figure):
    return [fig._suptitle, getattr(fig, "_supxlabel", None), getattr(fig, "_supylabel", None)]


_FIGURE_TEXTS = ("suptitle", "supxlabel", "supylabel")


def _extents(fig: Figure, renderer) -> list:
    """``(tipo, caja)`` de lo dibujado de cada eje, de cada leyenda de la figura y de cada título de la figura."""
    artists = [("axes", ax) for ax in fig.axes] + [("legend", legend) for legend in fig.legends]
    artists += [(kind, text) for kind, text in zip(_FIGURE_TEXTS, _texts(fig)) if text is not None]
    boxes = []
    for kind, artist in artists:
        bbox = artist.get_tightbbox(renderer) if hasattr(artist, "get_tightbbox") else artist.get_window_extent(renderer)
        boxes.append((kind, None if bbox is None else bbox.frozen()))
    return boxes


def _text_fits(kind: str, bbox, extent, figure_box, tolerance: float) -> bool:
    """Si un título de la figura cabe sin volver a colocarla.

    La colocación automática solo le reserva su **alto** al título y a la etiqueta inferior (y
    su ancho a la etiqueta lateral): si se alarga en la otra dirección, basta con que no se salga
    de la figura (un «Época 10/20» más ancho que «Época 9/20» no mueve ningún eje).
    """
    if not _inside(bbox, figure_box, tolerance):
        return False
    if kind == "supylabel":
        return bbox.x0 >= extent.x0 - tolerance and bbox.x1 <= extent.x1 + tolerance
    return bbox.y0 >= extent.y0 - tolerance and bbox.y1 <= extent.y1 + tolerance


def _structure(fig: Figure, dpi: int) -> tuple | None:
    """Lo que tiene que coincidir para reutilizar la colocación de otra figura (o ``None``)."""
    if _layout_engine_kind(fig) != "constrained" or fig.subfigs:
        return None
    axes = []
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        geometry = spec.get_geometry() if spec is not None else None
        grid = spec.get_gridspec() if spec is not None else None
        ratios = (tuple(grid.get_width_ratios() or ()), tuple(grid.get_height_ratios() or ())) if grid else None
        axes.append((type(ax).__name__, geometry, ratios, ax.get_label() == "<colorbar>",
                     ax.get_aspect() if isinstance(ax.get_aspect(), str) else float(ax.get_aspect())))
    texts = tuple(text is not None for text in _texts(fig))
    return (tuple(fig.get_size_inches()), dpi, tuple(axes), texts, len(fig.legends))


class FrameRenderer:
    """Convierte en PNG los fotogramas sucesivos de una figura en vivo, reutilizando la colocación.

    ``render(fig)`` devuelve los bytes PNG de ``fig``. El primer fotograma (y cualquiera cuya
    estructura cambie: otro número de ejes, otra rejilla, otro tamaño) se coloca con su
    ``layout="constrained"``; los siguientes, con las posiciones de ese fotograma, si lo que
    dibuja cada eje cabe en el sitio que tenía. ``frozen_frames`` cuenta los fotogramas que se
    dibujaron sin volver a colocar la figura. ``render(fig, exact=True)`` coloca la figura desde
    cero (la misma imagen que :func:`figure_to_png`): para el último fotograma, el que queda.
    """

    def __init__(self, dpi: int = 100):
        self.dpi = dpi
        self._canvas = None
        self._layout: dict | None = None
        self._frozen: tuple[Figure, dict] | None = None   # la figura que quedó congelada y cómo era
        # Dónde puso cada eje quien construyó la figura, antes de colocarla por primera vez.
        self._built = weakref.WeakKeyDictionary()
        self.frozen_frames = 0

    def render(self, fig: Figure, exact: bool = False) -> bytes:
        """Los bytes PNG de ``fig``; con ``exact=True``, colocada desde cero (como una figura suelta).

        ``fig`` puede ser una figura nueva en cada fotograma o la misma, con sus artistas
        cambiados (:class:`Painter`): si es la que quedó congelada en el fotograma anterior,
        primero se le devuelve su colocación automática.
        """
        if self._frozen is not None:
            frozen, snapshot = self._frozen
            self._frozen = None
            if frozen is fig:
                self._restore(fig, snapshot)
        built = self._built.get(fig)
        if built is None or len(built) != len(fig.axes):
            built = self._built[fig] = [(ax.get_position(original=True).frozen(), ax.get_position(original=False).frozen())
                                        for ax in fig.axes]
        self._canvas = _agg_canvas(fig, self._canvas)
        structure = _structure(fig, self.dpi)
        if structure is None:
            self._layout = None
            return figure_to_png(fig, self.dpi, canvas=self._canvas)
        layout = self._layout
        if not exact and layout is not None and layout["structure"] == structure:
            snapshot = self._snapshot(fig)
            self._apply(fig, layout)
            png = _draw_png(fig, self._canvas, self.dpi, compress_level=1)   # un fotograma de paso
            if self._still_fits(fig, layout):
                self.frozen_frames += 1
                self._frozen = (fig, snapshot)
                return png
            self._restore(fig, snapshot)            # algo ha crecido: se coloca de nuevo, desde cero
        # Desde cero de verdad: la colocación automática parte de las posiciones de cada eje, y
        # tras colocarla una vez (una figura reutilizada) llegaría a otras, una fracción de píxel
        # más allá. Con las posiciones de cuando se construyó, la imagen es la de una figura nueva.
        for ax, (original, active) in zip(fig.axes, built):
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
        png = _draw_png(fig, self._canvas, self.dpi)
        self._layout = self._record(fig, structure)
        return png

    def _record(self, fig: Figure, structure) -> dict:
        renderer = self._canvas.get_renderer()
        return {
            "structure": structure,
            "positions": [(ax.get_position(original=True).frozen(), ax.get_position(original=False).frozen())
                          for ax in fig.axes],
            "extents": _extents(fig, renderer),
            "texts": [None if text is None else (text.get_position(), text.get_ha(), text.get_va())
                      for text in _texts(fig)],
        }

    @staticmethod
    def _snapshot(fig: Figure) -> dict:
        """Lo que :meth:`_apply` cambia, tal como lo dejó quien construyó la figura."""
        return {
            "engine": fig.get_layout_engine(),
            "axes": [(ax.get_position(original=True).frozen(), ax.get_position(original=False).frozen(),
                      ax.get_in_layout()) for ax in fig.axes],
            "texts": [None if text is None else (text.get_position(), text.get_ha(), text.get_va(),
                                                 getattr(text, "_autopos", None)) for text in _texts(fig)],
        }

    @staticmethod
    def _restore(fig: Figure, snapshot: dict) -> None:
        fig.set_layout_engine(snapshot["engine"])
        for ax, (original, active, in_layout) in zip(fig.axes, snapshot["axes"]):
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
            ax.set_in_layout(in_layout)
        for text, saved in zip(_texts(fig), snapshot["texts"]):
            if text is not None and saved is not None:
                position, ha, va, autopos = saved
                text.set_position(position)
                text.set_ha(ha)
                text.set_va(va)
                if autopos is not None:
                    text._autopos = autopos

    @staticmethod
    def _apply(fig: Figure, layout: dict) -> None:
        fig.set_layout_engine("none")
        for ax, (original, active) in zip(fig.axes, layout["positions"]):
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
            ax.set_in_layout(False)
        for text, saved in zip(_texts(fig), layout["texts"]):
            if text is not None and saved is not None:
                position, ha, va = saved
                text.set_position(position)
                text.set_ha(ha)
                text.set_va(va)

    def _still_fits(self, fig: Figure, layout: dict) -> bool:
        renderer = self._canvas.get_renderer()
        for (kind, bbox), (_, extent) in zip(_extents(fig, renderer), layout["extents"]):
            if bbox is None:
                continue
            if extent is None:
                return False
            if kind in _FIGURE_TEXTS:
                if not _text_fits(kind, bbox, extent, fig.bbox, _TOLERANCE_PX):
                    return False
            elif not _inside(bbox, extent, _TOLERANCE_PX):
                return False
        return True   # cada parte cabe donde cabía en el fotograma colocado


class Painter:
    """Dibuja los fotogramas de un explorador sobre **la misma figura**, cambiando solo sus datos.

    Construir una figura (ejes, números de los ejes, leyendas, textos) cuesta más que cambiar los
    datos de unas líneas o de una imagen. Un ``Painter`` construye la figura una vez y, en los
    fotogramas siguientes, solo actualiza sus artistas (``set_data``, ``set_text``…). Se usa como
    la función ``draw`` de un :class:`course_lib.explorer.Explorer`: ``painter(resultado)``
    devuelve la figura lista para convertirla en imagen (la misma, fotograma tras fotograma).

    Una subclase define:

    * ``build(result) -> (fig, parts)``: crea la figura y sus artistas; ``parts`` es lo que
      ``update`` necesita para cambiarlos (un diccionario, un ``SimpleNamespace``…);
    * ``update(parts, result)``: pone en esos artistas los datos de ``result``;
    * ``structure(result)`` (opcional): lo que, si cambia, obliga a construir de nuevo (otro
      número de paneles, otro tipo de gráfico). Por defecto, nada: siempre la misma figura.

    ``fresh(result)`` construye una figura nueva desde cero (``build`` + ``update``) sin tocar la
    guardada: la imagen de referencia con la que las pruebas comparan los fotogramas
    reutilizados, y la forma de dibujar «de antes» en ``benchmarks/explorer_latency.py``. Cada
    explorador necesita su propio ``Painter`` (guarda su figura): no se comparten.
    """

    def __init__(self):
        self._frame: tuple[Figure, object] | None = None
        self._structure = None
        self.builds = 0       #: cuántas veces se construyó la figura

    def build(self, result) -> tuple[Figure, object]:  # pragma: no cover - lo define cada subclase
        raise NotImplementedError

    def update(self, parts, result) -> None:  # pragma: no cover - lo define cada subclase
        raise NotImplementedError

    def structure(self, result):
        return None

    def fresh(self, result) -> Figure:
        """Una figura nueva, construida desde cero con ``result`` (no se guarda)."""
        fig, parts = self.build(result)
        self.update(parts, result)
        return fig

    def __call__(self, result) -> Figure:
        structure = self.structure(result)
        if self._frame is None or structure != self._structure:
            self._frame, self._structure = self.build(result), structure
            self.builds += 1
        fig, parts = self._frame
        self.update(parts, result)
        return fig
