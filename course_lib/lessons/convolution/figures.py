"""Figuras de la lección 07 (redes convolucionales): el explorador de convolución, la galería
de filtros, el *max pooling*, los filtros aprendidos, los mapas de características de un
modelo y la comparación CNN frente a red densa. Todas devuelven una ``matplotlib.figure.Figure``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from course_lib import checks
from course_lib.formatting import thousands
from course_lib.rendering import Painter
from course_lib.lessons.convolution.compute import PRESET_LABELS, _as_2d, conv2d, max_pool, preset_kernel

_DIVERGING = "RdBu_r"
_PAD_COLOR = (0.62, 0.80, 0.93)


def _kernel_text(v: float) -> str:
    fraction = Fraction(v).limit_denominator(16)
    exact = abs(float(fraction) - v) < 1e-9 and fraction.denominator > 1
    return str(fraction) if exact else f"{v:.3g}"


def _annotate_kernel(ax, w: np.ndarray) -> tuple:
    """El filtro con su valor en cada casilla; devuelve la imagen y los textos (para cambiarlos)."""
    limit = float(np.abs(w).max()) or 1.0
    image = ax.imshow(w, cmap=_DIVERGING, vmin=-limit, vmax=limit)
    texts = {}
    for (i, j), v in np.ndenumerate(w):
        texts[i, j] = ax.text(j, i, _kernel_text(v), ha="center", va="center", fontsize=12 if len(w) <= 3 else 8,
                              color="white" if abs(v) > 0.6 * limit else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    return image, texts


def _padded_rgb(view: dict) -> np.ndarray:
    """La imagen en grises y los ceros del relleno en un color propio, para distinguirlos del fondo."""
    padded = view["padded"]
    top, left = view["pad_rows"][0], view["pad_cols"][0]
    h, w = view["input_shape"]
    low, high = float(view["image"].min()), float(view["image"].max())
    gray = (padded - min(low, 0.0)) / ((max(high, 1.0) - min(low, 0.0)) or 1.0)
    rgb = np.repeat(np.clip(gray, 0, 1)[..., None], 3, axis=2)
    inside = np.zeros(padded.shape, dtype=bool)
    inside[top:top + h, left:left + w] = True
    rgb[~inside] = _PAD_COLOR
    return rgb


class FeatureMapPainter(Painter):
    """La vista del explorador de convolución: imagen (con su relleno y las dos primeras ventanas),
    filtro y mapa de características.

    Mientras no cambien los tamaños (paso, relleno, tamaño del filtro), la figura es la misma y
    solo cambian sus datos: otra imagen, otros valores del filtro, otro mapa.
    """

    def structure(self, view: dict):
        return (view["padded"].shape, view["kernel"].shape, view["output"].shape, view["stride"],
                view["padding"], tuple(view["input_shape"]))

    def build(self, view: dict):
        fig = Figure(figsize=(11.5, 3.9), layout="constrained")
        ax_img, ax_ker, ax_out = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.15, 0.75, 1.15]})
        padded, k, s = view["padded"], view["kernel"].shape[0], view["stride"]
        h, w = view["input_shape"]
        image = ax_img.imshow(_padded_rgb(view), interpolation="nearest")
        if padded.shape != tuple(view["input_shape"]):
            ax_img.add_patch(Rectangle((0, 0), 0, 0, color=_PAD_COLOR, label="relleno (ceros)"))
        ax_img.add_patch(Rectangle((-0.5, -0.5), k, k, fill=False, edgecolor="#e53935", linewidth=2.2,
                                   label="1.ª ventana"))
        if view["output_shape"][1] > 1:
            ax_img.add_patch(Rectangle((s - 0.5, -0.5), k, k, fill=False, edgecolor="#1e88e5", linewidth=2.2,
                                       linestyle="--", label=f"2.ª ventana (paso {s})"))
        ax_img.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=9, frameon=False,
                      handlelength=1.2, columnspacing=1.0)
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        kernel_image, kernel_texts = _annotate_kernel(ax_ker, view["kernel"])
        out = view["output"]
        limit = float(np.abs(out).max()) or 1.0
        output_image = ax_out.imshow(out, cmap=_DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
        fig.colorbar(output_image, ax=ax_out, shrink=0.85, label="Respuesta del filtro")
        ax_out.set_title(f"Mapa de características {out.shape[0]} × {out.shape[1]}", fontsize=10)
        ax_out.set_xticks([])
        ax_out.set_yticks([])
        return fig, {"ax_img": ax_img, "ax_ker": ax_ker, "image": image, "kernel_image": kernel_image,
                     "kernel_texts": kernel_texts, "output_image": output_image}

    def update(self, parts: dict, view: dict) -> None:
        padded, k = view["padded"], view["kernel"].shape[0]
        h, w = view["input_shape"]
        parts["image"].set_data(_padded_rgb(view))
        name = f"{view['image_name']}: " if view["image_name"] else ""
        pad_text = "sin relleno" if view["padding"] == "valid" else f"relleno same ({padded.shape[0]} × {padded.shape[1]})"
        parts["ax_img"].set_title(f"{name}entrada {h} × {w}, {pad_text}", fontsize=10)
        kernel = view["kernel"]
        limit = float(np.abs(kernel).max()) or 1.0
        parts["kernel_image"].set_data(kernel)
        parts["kernel_image"].set_clim(-limit, limit)
        for (i, j), v in np.ndenumerate(kernel):
            text = parts["kernel_texts"][i, j]
            text.set_text(_kernel_text(v))
            text.set_color("white" if abs(v) > 0.6 * limit else "black")
        parts["ax_ker"].set_title(f"Filtro (kernel) {k} × {k}\n{view['kernel_label']}", fontsize=10)
        out = view["output"]
        limit = float(np.abs(out).max()) or 1.0
        parts["output_image"].set_data(out)
        parts["output_image"].set_clim(-limit, limit)


def draw_feature_map(view: dict) -> Figure:
    """Vista del explorador (una figura nueva): imagen con su relleno y las dos primeras ventanas, filtro y mapa."""
    return FeatureMapPainter().fresh(view)


def filter_gallery(image, presets=None, title: str | None = None) -> Figure:
    """La imagen y su mapa de características con varios filtros predefinidos (relleno same).

    ``presets``: claves de :data:`~course_lib.lessons.convolution.compute.PRESETS` (por defecto, seis).
    """
    raw = np.asarray(image)
    x = _as_2d(raw, "La imagen")
    if raw.dtype == np.uint8:
        x = x / 255.0
    names = list(presets) if presets is not None else [
        "vertical_edges", "horizontal_edges", "all_edges", "box_blur", "sharpen", "emboss"]
    kernels = [preset_kernel(n) for n in names]
    ncols = min(4, len(names) + 1)
    nrows = math.ceil((len(names) + 1) / ncols)
    fig = Figure(figsize=(3.0 * ncols, 3.1 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    axes[0].imshow(x, cmap="gray", interpolation="nearest")
    axes[0].set_title("Imagen original", fontsize=10)
    for ax, name, kernel in zip(axes[1:], names, kernels):
        out = conv2d(x, kernel, padding="same")
        if kernel.sum() > 0.5:     # filtros que conservan el brillo: en gris, como la imagen
            ax.imshow(out, cmap="gray", interpolation="nearest")
        else:                      # detectores de bordes: rojo positivo, azul negativo
            limit = float(np.abs(out).max()) or 1.0
            ax.imshow(out, cmap=_DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(PRESET_LABELS[name], fontsize=10)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        if not ax.images:
            ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def pooling_figure(feature_map, size: int = 2, title: str | None = None) -> Figure:
    """Un mapa de características antes y después de *max pooling* ``size × size``."""
    a = _as_2d(feature_map, "El mapa de características")
    pooled = max_pool(a, size)
    fig = Figure(figsize=(8, 3.8), layout="constrained")
    ax_a, ax_b = fig.subplots(1, 2)
    vmin, vmax = float(a.min()), float(a.max())
    ax_a.imshow(a, cmap="magma", vmin=vmin, vmax=vmax, interpolation="nearest")
    for i in range(0, a.shape[0] - size + 1, size):   # la rejilla de ventanas
        ax_a.axhline(i - 0.5, color="white", linewidth=0.4, alpha=0.5)
    for j in range(0, a.shape[1] - size + 1, size):
        ax_a.axvline(j - 0.5, color="white", linewidth=0.4, alpha=0.5)
    ax_a.set_title(f"Mapa de características {a.shape[0]} × {a.shape[1]}", fontsize=10)
    ax_b.imshow(pooled, cmap="magma", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax_b.set_title(f"Tras max pooling {size} × {size}: {pooled.shape[0]} × {pooled.shape[1]}", fontsize=10)
    for ax in (ax_a, ax_b):
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def plot_filters(kernel, ncols: int = 8, title: str | None = None) -> Figure:
    """Los filtros de una capa ``Conv2D`` (``layer.kernel``, forma ``(k, k, canales, filtros)``).

    Con varios canales de entrada se dibuja el filtro del canal 0. Cada filtro tiene su propia
    escala de color, simétrica alrededor de 0 (rojo: pesos positivos; azul: negativos), para que
    se vea su forma aunque sus pesos sean pequeños.
    """
    w = np.asarray(kernel, dtype=np.float64)
    if w.ndim == 2:
        w = w[:, :, None, None]
    if w.ndim != 4:
        raise ValueError(f"Se esperaban los filtros de una Conv2D, forma (k, k, canales, filtros), y la forma es {w.shape}.")
    ncols = checks.integer(ncols, "ncols (el número de columnas)", low=1)
    n = w.shape[3]
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(1.25 * ncols, 1.3 * nrows + 0.8), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.set_axis_off()
            continue
        limit = float(np.abs(w[:, :, 0, i]).max()) or 1.0
        ax.imshow(w[:, :, 0, i], cmap=_DIVERGING, vmin=-limit, vmax=limit)
        ax.set_title(f"filtro {i}", fontsize=8)
    fig.suptitle(title or f"{n} filtros {w.shape[0]} × {w.shape[1]}", fontsize=12)
    fig.supxlabel("Cada filtro con su propia escala: rojo, pesos positivos; azul, negativos; blanco, 0",
                  fontsize=9)
    return fig


def plot_feature_maps(maps, image=None, n: int = 8, title: str | None = None) -> Figure:
    """Una fila por capa con sus ``n`` primeros mapas de características (de :func:`layer_outputs`).

    Si se pasa ``image``, la primera columna la muestra. Cada mapa tiene su propia escala de
    color (claro: la neurona se activa mucho en esa zona).
    """
    maps = list(maps)
    if not maps:
        raise ValueError("No hay mapas de características que dibujar.")
    n = checks.integer(n, "n (el número de mapas por capa)", low=1)
    extra = 1 if image is not None else 0
    ncols = n + extra
    fig = Figure(figsize=(1.35 * ncols + 0.8, 1.45 * len(maps) + 0.5), layout="constrained")
    axes = fig.subplots(len(maps), ncols, squeeze=False)
    for row, (name, a) in enumerate(maps):
        a = np.asarray(a)
        if a.ndim != 3:
            raise ValueError(f"Los mapas de la capa {name} deben tener forma (alto, ancho, canales) y tienen {a.shape}.")
        for col in range(ncols):
            ax = axes[row, col]
            ax.set_xticks([])
            ax.set_yticks([])
            if extra and col == 0:
                if row == 0:
                    ax.imshow(_as_2d(image, "La imagen"), cmap="gray", interpolation="nearest")
                    ax.set_title("entrada", fontsize=8)
                else:
                    ax.set_axis_off()
                continue
            c = col - extra
            if c >= a.shape[2]:
                ax.set_axis_off()
                continue
            ax.imshow(a[:, :, c], cmap="magma", interpolation="nearest")
            ax.set_title(f"mapa {c}", fontsize=8)
            if c == 0:
                ax.set_ylabel(f"{name}\n{a.shape[0]} × {a.shape[1]} × {a.shape[2]}", fontsize=8)
    fig.suptitle(title or "Mapas de características de una imagen, capa a capa", fontsize=12)
    return fig


def compare_models(results: dict, title: str | None = None) -> Figure:
    """Barras que comparan modelos: exactitud de prueba, parámetros y segundos por época.

    ``results``: ``{"dense": {"label": "red densa", "accuracy": 0.91, "params": 200000,
    "seconds": 12.0}, ...}``; la clave identifica el modelo y ``label`` (opcional; si falta, la
    clave) es lo que se muestra. ``seconds`` es opcional.
    """
    if not isinstance(results, dict) or not results:
        raise ValueError("results debe ser un diccionario no vacío {clave: {'accuracy': ..., 'params': ...}}.")
    for name, r in results.items():
        if not isinstance(r, dict) or "accuracy" not in r or "params" not in r:
            raise ValueError(f"Al modelo {name!r} le falta 'accuracy' o 'params'.")
        if not 0 <= r["accuracy"] <= 1:
            raise ValueError(f"La exactitud de {name!r} debe estar entre 0 y 1 (es {r['accuracy']}).")
    keys = list(results)
    labels = [str(results[k].get("label", k)) for k in keys]
    panels = [("accuracy", "Exactitud en prueba (%)", 100.0, lambda v: f"{v:.1f} %"),
              ("params", "Parámetros", 1.0, thousands)]
    if all("seconds" in r for r in results.values()):
        panels.append(("seconds", "Segundos por época", 1.0, lambda v: f"{v:.1f} s"))
    fig = Figure(figsize=(3.6 * len(panels), 3.4), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    colors = [f"C{i}" for i in range(len(keys))]
    for ax, (key, label, scale, fmt) in zip(axes, panels):
        values = [results[k][key] * scale for k in keys]
        bars = ax.bar(labels, values, color=colors, width=0.6)
        ax.bar_label(bars, [fmt(v) for v in values], fontsize=9)
        ax.set_title(label, fontsize=11)
        ax.margins(y=0.18)
        if key == "accuracy":
            low = min(values)
            ax.set_ylim(max(0.0, low - 10), 100)
        elif key == "params":
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: thousands(v)))
        ax.tick_params(axis="x", labelsize=9)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig
