"""Figuras de la sección de dígitos de 8 × 8 del notebook 01 (matplotlib ``Figure``, sin ``pyplot``).

* :func:`plot_digit_features`: un dígito y sus características diseñadas a mano.
* :func:`plot_weight_images`: los pesos de entrada de las neuronas de la primera capa, como imágenes.
* :func:`plot_class_profiles`: valor medio de cada característica por clase (mapas de calor).
* :func:`plot_accuracies`: exactitud de varios modelos en barras.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks, formatting
from course_lib.lessons.shallow_deep.data import INK_THRESHOLD, digit_features, digit_images, holes
from course_lib.lessons.shallow_deep.figures import CLASS_CMAP, HOLE_CMAP

__all__ = ["plot_digit_features", "plot_weight_images", "plot_class_profiles", "plot_accuracies"]


def plot_digit_features(image, label=None) -> Figure:
    """Un dígito y algunas de sus características hechas a mano: los perfiles de tinta por
    filas y columnas, los cruces de las líneas centrales y los agujeros."""
    image = np.asarray(image)
    x = digit_images(image[None] if image.ndim in (1, 2) else image)
    if len(x) != 1:
        raise ValueError("plot_digit_features dibuja un solo dígito: pasa una imagen (8, 8), no varias.")
    F, names = digit_features(x)
    f = dict(zip(names, F[0]))
    img = x[0]
    fig = Figure(figsize=(9.5, 4.2), layout="constrained")
    grid = fig.add_gridspec(2, 3, width_ratios=[3, 1.2, 3.2], height_ratios=[3, 1.2])
    ax_img = fig.add_subplot(grid[0, 0])
    ax_rows = fig.add_subplot(grid[0, 1], sharey=ax_img)
    ax_cols = fig.add_subplot(grid[1, 0], sharex=ax_img)
    ax_text = fig.add_subplot(grid[:, 2])
    ax_img.imshow(img, cmap="gray_r", vmin=0, vmax=1)
    hole = holes(img > INK_THRESHOLD)
    if hole.any():
        ax_img.imshow(np.ma.masked_where(~hole, hole), cmap=HOLE_CMAP, alpha=0.7, vmin=0, vmax=1)
    for line in (3, 4):
        ax_img.axhline(line, color="#1f77b4", linewidth=1, alpha=0.6)
        ax_img.axvline(line, color="#1f77b4", linewidth=1, alpha=0.6)
    ax_img.set_xticks(range(8))
    ax_img.set_yticks(range(8))
    ax_img.set_title(f"Dígito {label}" if label is not None else "Dígito", fontsize=12)
    ax_rows.barh(range(8), F[0, 1:9], color="#555555")
    ax_rows.set_title("tinta por fila", fontsize=9)
    ax_rows.tick_params(labelleft=False)
    ax_cols.bar(range(8), F[0, 9:17], color="#555555")
    ax_cols.set_ylabel("tinta por\ncolumna", fontsize=9)
    ax_cols.invert_yaxis()
    ax_text.set_axis_off()
    lines = [
        f"tinta total: {f['tinta total']:.1f}",
        f"asimetría izq.-der.: {f['asimetría izq.-der.']:.2f}",
        f"asimetría arriba-abajo: {f['asimetría arriba-abajo']:.2f}",
        f"centro de masas: fila {f['centro: fila']:.1f}, columna {f['centro: columna']:.1f}",
        f"trazos que cruza la fila central: {f['cruces fila central']:g}",
        f"trazos que cruza la columna central: {f['cruces columna central']:g}",
        f"píxeles de agujeros (naranja): {f['píxeles de agujeros']:g}",
        "",
        "+ 8 valores del perfil por filas y 8 por columnas",
        f"= {F.shape[1]} características diseñadas a mano",
    ]
    ax_text.text(0.0, 0.95, "\n".join(lines), va="top", ha="left", fontsize=11, family="DejaVu Sans",
                 transform=ax_text.transAxes, linespacing=1.6)
    return fig


def plot_weight_images(weights, n: int = 16, importance=None, shape=(8, 8), title: str | None = None) -> Figure:
    """Los pesos de entrada de las neuronas de la primera capa, dibujados como imágenes.

    ``weights`` tiene forma ``(píxeles, neuronas)`` (el ``kernel`` de una capa densa de Keras).
    Cada neurona calcula la suma de los píxeles multiplicados por sus pesos: naranja = la tinta
    ahí la activa, azul = la inhibe. Con ``importance`` (un número por neurona, p. ej. el tamaño
    de sus pesos de salida) se muestran primero las ``n`` más importantes.
    """
    W = np.asarray(weights, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != shape[0] * shape[1]:
        raise ValueError(
            f"weights debe tener forma ({shape[0] * shape[1]}, neuronas), el kernel de la primera capa "
            f"densa; su forma es {W.shape}."
        )
    n = checks.integer(n, "n", 1, W.shape[1])
    order = np.arange(W.shape[1])
    if importance is not None:
        importance = np.asarray(importance, dtype=np.float64).reshape(-1)
        if len(importance) != W.shape[1]:
            raise ValueError(f"importance debe tener un valor por neurona ({W.shape[1]}), y tiene {len(importance)}.")
        order = np.argsort(-importance, kind="stable")
    ncols = min(n, 8)
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(1.45 * ncols, 1.55 * nrows + 0.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= n:
            continue
        w = W[:, order[i]].reshape(shape)
        m = float(np.abs(w).max()) or 1.0
        ax.imshow(w, cmap=CLASS_CMAP, vmin=-m, vmax=m)
        ax.set_title(f"neurona {order[i] + 1}", fontsize=9)
    fig.suptitle(title or "Pesos de entrada de las neuronas de la primera capa (naranja +, azul −)", fontsize=11)
    return fig


def plot_class_profiles(panels: dict, labels, title: str | None = None) -> Figure:
    """Valor medio de cada característica para cada clase, en mapas de calor uno al lado del otro.

    ``panels`` asocia un título con una matriz de características ``(n, k)`` o con un par
    ``(matriz, nombres)``. Cada columna se estandariza (media 0, desviación típica 1 en todos
    los ejemplos) y se dibuja su media por clase: una característica útil tiene colores muy
    distintos en filas distintas. Una columna toda blanca es una característica que no cambia
    (por ejemplo, una neurona ReLU que nunca se activa).
    """
    if not isinstance(panels, dict) or not panels:
        raise ValueError("panels debe ser un diccionario no vacío {título: matriz de características (n, k)}.")
    labels = np.asarray(labels).reshape(-1)
    classes = np.unique(labels)
    prepared = []
    for name, value in panels.items():
        F, names = value if isinstance(value, tuple) else (value, None)
        F = np.asarray(F, dtype=np.float64)
        if F.ndim != 2 or len(F) != len(labels):
            raise ValueError(
                f"«{name}»: se esperaba una matriz (n, k) con una fila por etiqueta ({len(labels)}); "
                f"su forma es {F.shape}."
            )
        std = F.std(axis=0)
        Z = (F - F.mean(axis=0)) / np.where(std > 0, std, 1.0)
        means = np.array([Z[labels == c].mean(axis=0) for c in classes])
        names = list(names) if names is not None else [str(j + 1) for j in range(F.shape[1])]
        if len(names) != F.shape[1]:
            raise ValueError(f"«{name}»: hay {F.shape[1]} columnas y {len(names)} nombres.")
        prepared.append((name, means, names))
    widths = [max(len(p[2]), 4) for p in prepared]
    fig = Figure(figsize=(min(0.3 * sum(widths) + 2.5, 16), 5.2), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(prepared), gridspec_kw={"width_ratios": widths}))
    for ax, (name, means, names) in zip(axes, prepared):
        image = ax.imshow(means, cmap="coolwarm", vmin=-2, vmax=2, aspect="auto")
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize=8)
        ax.set_yticks(range(len(classes)), [str(c) for c in classes])
        ax.set_title(name, fontsize=11)
        ax.set_ylabel("Clase")
    fig.colorbar(image, ax=list(axes), shrink=0.9, label="media por clase (en desviaciones típicas)")
    fig.suptitle(title or "¿Qué característica distingue qué clase?", fontsize=12)
    return fig


def plot_accuracies(results: dict[str, float], title: str = "Exactitud en el conjunto de prueba") -> Figure:
    """Diagrama de barras horizontales con la exactitud de varios modelos (valores entre 0 y 1).

    Cada barra lleva su exactitud con un decimal (``96.2 %``), el mismo redondeo que
    :func:`course_lib.formatting.percent`; la mejor va en verde.
    """
    if not isinstance(results, dict) or not results:
        raise ValueError("results debe ser un diccionario no vacío {nombre del modelo: exactitud}.")
    values = [checks.number(value, f"La exactitud de «{name}»", 0.0, 1.0) for name, value in results.items()]
    names = list(results)
    fig = Figure(figsize=(9, 0.8 * len(names) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    colors = ["#888888"] * len(names)
    colors[int(np.argmax(values))] = "#1b7f3b"
    bars = ax.barh(names, [100 * v for v in values], color=colors, height=0.6)
    for bar, value in zip(bars, values):
        ax.text(100 * value - 1, bar.get_y() + bar.get_height() / 2, formatting.percent(value), va="center",
                ha="right", color="white", fontsize=12, fontweight="bold")
    low = max(0.0, math.floor((100 * min(values) - 10) / 10) * 10)
    ax.set_xlim(low, 100)
    ax.invert_yaxis()
    ax.set_xlabel("Exactitud (%)")
    ax.set_title(title, fontsize=12)
    ax.grid(True, axis="x", alpha=0.3)
    return fig
