"""La figura del patio de juegos del notebook 01 (matplotlib ``Figure``, sin ``pyplot``).

* :class:`PlaygroundPainter`: un :class:`course_lib.rendering.Painter` que construye la figura
  una vez y, en cada cambio de un control, solo cambia sus artistas (la frontera, los puntos,
  las curvas, los mapas, los títulos). Es el ``draw`` del explorador.
* :func:`draw_playground`: la misma figura construida desde cero (una figura nueva).

La figura tiene tres zonas: arriba, la frontera de decisión y las curvas de pérdida de
entrenamiento y de validación; debajo, lo que recibe la neurona de salida (las características
a mano o las neuronas de la última capa oculta) con su peso. Las zonas se colocan con una
rejilla anidada (``subgridspec``) y no con subfiguras, para que la figura en vivo pueda
reutilizar la colocación de un fotograma al siguiente (:class:`course_lib.rendering.FrameRenderer`).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course_lib import formatting
from course_lib.lessons.shallow_deep.figures import (
    ACTIVATION_CMAP, CLASS_CMAP, CLASS_COLORS, _class_legend, headline,
)
from course_lib.rendering import Painter

__all__ = ["PlaygroundPainter", "draw_playground"]

#: Huecos de la fila de mapas: siempre caben ocho (las neuronas por capa del explorador).
MAP_SLOTS = 8
#: Los niveles de color de la frontera (probabilidad de la clase 1 de 0.1 en 0.1).
BOUNDARY_LEVELS = np.linspace(0, 1, 11)
#: Los colores de la frontera van debajo de los puntos; la línea p = 0.5, encima.
FILL_ZORDER, LINE_ZORDER = 0.9, 2.0
DEAD_COLOR = "#b00020"
MAPS_CMAP = ACTIVATION_CMAP.with_extremes(bad="white")


def _percent0(fraction: float) -> str:
    return formatting.percent(fraction, 0)


def _map_geometry(result: dict) -> tuple[int, int, int]:
    """``(resolución, huecos, separación)`` de la fila de mapas pequeños."""
    k, res = len(result["input_maps"]), result["input_maps"].shape[-1]
    return res, max(MAP_SLOTS, k), max(2, res // 6)


def _maps_canvas(maps: np.ndarray, slots: int, gap: int) -> tuple[np.ndarray, list[float]]:
    """La fila de mapas en una sola imagen (huecos en blanco) y el máximo de cada mapa.

    Cada mapa se escala a su propio máximo: claro = alto, oscuro = bajo; un mapa con valores
    no finitos (la red se ha disparado) queda en gris medio."""
    k, res = len(maps), maps.shape[-1]
    canvas = np.full((res, slots * (res + gap) - gap), np.nan)
    peaks = []
    for j in range(k):
        finite = bool(np.all(np.isfinite(maps[j])))
        m = float(np.abs(maps[j]).max()) if finite else math.nan
        left = j * (res + gap)
        canvas[:, left:left + res] = maps[j] / m if finite and m > 0 else 0.0
        peaks.append(m)
    return canvas, peaks


class PlaygroundPainter(Painter):
    """La figura del patio de juegos, reutilizada de un cambio de control al siguiente.

    Solo se construye de nuevo si cambia la resolución de la rejilla, el número de huecos de
    mapas o si hay (o no) curva de validación; lo demás (frontera, puntos, curvas, límites,
    títulos, mapas y sus etiquetas) se cambia sobre los mismos artistas.
    """

    def structure(self, result: dict):
        return _map_geometry(result), bool(len(result["loss_val"]))

    def build(self, result: dict):
        fig = Figure(figsize=(11, 7.6), layout="constrained")
        headline_text = self._headline(fig, result)
        rows = fig.add_gridspec(2, 1, height_ratios=[2.4, 1])
        top = rows[0].subgridspec(1, 2, width_ratios=[1.1, 1])
        ax_b, ax_l, ax_m = fig.add_subplot(top[0, 0]), fig.add_subplot(top[0, 1]), fig.add_subplot(rows[1])
        parts = SimpleNamespace(fig=fig, ax_b=ax_b, ax_l=ax_l, ax_m=ax_m, headline=headline_text, fills=None,
                                line=None)

        # Frontera de decisión: los puntos (rellenos: entrenamiento; huecos: validación) y la leyenda.
        parts.points = []
        for held_out in (False, True):
            for k in (0, 1):
                style = (dict(facecolors="none", edgecolors=CLASS_COLORS[k], linewidths=1.4) if held_out
                         else dict(color=CLASS_COLORS[k], edgecolors="white", linewidths=0.5))
                parts.points.append(ax_b.scatter([], [], s=22, **style))
        _class_legend(ax_b, held_out="validación")
        ax_b.set(xlabel="x₁", ylabel="x₂")
        ax_b.set_aspect("equal")

        # Curvas de pérdida.
        parts.loss_train, = ax_l.plot([], [], color="#1f77b4", linewidth=2, label="entrenamiento")
        parts.loss_val = None
        if len(result["loss_val"]):
            parts.loss_val, = ax_l.plot([], [], "--", color="#ff7f0e", linewidth=2, label="validación")
        ax_l.axhline(math.log(2), color="gray", linestyle=":", linewidth=1, label="azar (ln 2 ≈ 0.69)")
        ax_l.set(xlabel="Época", ylabel="Pérdida (entropía cruzada)")
        ax_l.grid(True, alpha=0.3)
        ax_l.legend(fontsize=9)
        parts.diverged = ax_l.text(0.5, 0.5, "La pérdida se ha disparado:\nbaja la tasa de aprendizaje",
                                   transform=ax_l.transAxes, ha="center", va="center", fontsize=13,
                                   color=DEAD_COLOR, visible=False)

        # Lo que recibe la neurona de salida: una fila de mapas pequeños en un solo Axes (mucho
        # más rápido de dibujar que un Axes por mapa), alineados a la izquierda.
        res, slots, gap = _map_geometry(result)
        parts.image = ax_m.imshow(np.full((res, slots * (res + gap) - gap), np.nan), origin="lower",
                                  cmap=MAPS_CMAP, vmin=-1, vmax=1, interpolation="nearest")
        parts.labels, parts.frames = [], []
        for j in range(slots):
            left = j * (res + gap)
            parts.labels.append(ax_m.text(left + res / 2, res + 1, "", ha="center", va="bottom", fontsize=9))
            parts.frames.append(ax_m.add_patch(Rectangle((left - 0.5, -0.5), res, res, fill=False,
                                                         edgecolor="#444444", linewidth=0.8)))
        ax_m.set_xlim(-1, slots * (res + gap) - gap)
        ax_m.set_ylim(-1, res * 1.45)
        ax_m.set_axis_off()
        parts.home = [(ax, ax.get_position(original=True).frozen()) for ax in fig.axes]
        return fig, parts

    @staticmethod
    def _headline(fig: Figure, result: dict):
        """El título de la figura, arriba y centrado, con su franja reservada.

        Se coloca como un ``suptitle`` con ``layout="constrained"`` (a ``h_pad`` del borde y una
        franja de su alto más dos ``h_pad``), pero como texto de la figura: su ancho cambia con
        cada control (datos, capas, características) y no mueve nada, así que la figura en vivo
        puede seguir usando la colocación del fotograma anterior.
        """
        engine = fig.get_layout_engine()
        pad = engine.get()["h_pad"] * fig.dpi / fig.bbox.height      # en fracción del alto de la figura
        text = fig.text(0.5, 1 - pad, headline(result), ha="center", va="top", fontsize=12)
        height = text.get_window_extent(fig._get_renderer()).height / fig.bbox.height
        engine.set(rect=(0, 0, 1, 1 - height - 2 * pad))
        return text

    def update(self, parts, result: dict) -> None:
        # La colocación automática parte de donde están los ejes: se vuelven a poner donde los dejó
        # ``build``, para que la figura reutilizada se coloque igual que una nueva.
        for ax, home in parts.home:
            ax._set_position(home, which="both")
        self._update_boundary(parts, result)
        self._update_losses(parts, result)
        self._update_maps(parts, result)
        parts.headline.set_text(headline(result))

    @staticmethod
    def _update_boundary(parts, result: dict) -> None:
        ax, ticks, probability, extent = parts.ax_b, result["ticks"], result["probability"], result["extent"]
        for old in (parts.fills, parts.line):
            if old is not None:
                old.remove()
        parts.fills = ax.contourf(ticks, ticks, probability, levels=BOUNDARY_LEVELS, cmap=CLASS_CMAP, vmin=0, vmax=1,
                                  alpha=0.85, zorder=FILL_ZORDER)
        parts.line = None
        if probability.min() < 0.5 < probability.max():
            parts.line = ax.contour(ticks, ticks, probability, levels=[0.5], colors="black", linewidths=1.8,
                                    zorder=LINE_ZORDER)
        data = ((result["X_train"], result["y_train"]), (result["X_val"], result["y_val"]))
        for i, (X, y) in enumerate(data):
            for k in (0, 1):
                parts.points[2 * i + k].set_offsets(X[y == k])
        ax.set_xlim(-extent, extent)
        ax.set_ylim(-extent, extent)
        ax.set_title(f"Frontera de decisión · exactitud de validación {_percent0(result['accuracy_val'])}"
                     f" (entrenamiento {_percent0(result['accuracy_train'])})", fontsize=11)

    @staticmethod
    def _update_losses(parts, result: dict) -> None:
        ax, loss_train, loss_val = parts.ax_l, result["loss_train"], result["loss_val"]
        epochs = np.arange(1, len(loss_train) + 1)
        parts.loss_train.set_data(epochs, loss_train)
        if parts.loss_val is not None:
            parts.loss_val.set_data(epochs, loss_val)
        ax.set_xlim(0, result["epochs"])
        first = [float(curve[0]) for curve in (loss_train, loss_val) if len(curve)]
        ax.set_ylim(0, min(max([1.0] + first) * 1.05, 3.0))
        parts.diverged.set_visible(result["diverged"])
        if result["diverged"]:
            ax.set_title("Pérdida por época", fontsize=11)
        else:
            final = f"{loss_train[-1]:.3f}" if len(loss_train) else "—"
            final_val = f" · validación {loss_val[-1]:.3f}" if len(loss_val) else ""
            ax.set_title(f"Pérdida por época: entrenamiento {final}{final_val}", fontsize=11)

    @staticmethod
    def _update_maps(parts, result: dict) -> None:
        _res, slots, gap = _map_geometry(result)
        canvas, peaks = _maps_canvas(result["input_maps"], slots, gap)
        parts.image.set_data(canvas)
        weights, names = result["output_weights"], result["map_labels"]
        for j, (label, frame) in enumerate(zip(parts.labels, parts.frames)):
            shown = j < len(peaks)
            label.set_visible(shown)
            frame.set_visible(shown)
            if not shown:
                label.set_text("")
                continue
            dead = peaks[j] == 0.0
            label.set_text(f"{names[j]}\npeso {weights[j]:+.2f}" + (" · muerta" if dead else ""))
            label.set_color(DEAD_COLOR if dead else "black")
        if result["hidden"]:
            what = ("Lo que recibe la neurona de salida: las neuronas de la última capa oculta "
                    "(características aprendidas; claro = alta, oscuro = baja)")
        else:
            what = "Lo que recibe la neurona de salida: las características hechas a mano (claro = alta, oscuro = baja)"
        parts.ax_m.set_title(what, fontsize=11, loc="left")


def draw_playground(result: dict) -> Figure:
    """Vista del patio de juegos, en una figura nueva: frontera de decisión, curvas de pérdida de
    entrenamiento y de validación y, debajo, lo que recibe la neurona de salida (las
    características a mano o las neuronas de la última capa oculta) con su peso."""
    return PlaygroundPainter().fresh(result)
