"""Figuras del notebook 01 (matplotlib ``Figure``, sin ``pyplot``).

* Problemas de juguete: :func:`dataset_gallery`, :func:`plot_boundaries` (fronteras de decisión
  de varios modelos), :func:`plot_feature_space` (la misma frontera en el plano y en el espacio
  de características) y :func:`plot_neuron_maps` (qué «ve» cada neurona oculta).
* El patio de juegos: :func:`headline` (su título) y las piezas que comparte con las figuras
  del notebook (colores, puntos, leyenda); su figura está en :mod:`.playground_figure`.
* Las figuras de los dígitos de 8 × 8 están en :mod:`.digit_figures`.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from course_lib import formatting
from course_lib.lessons.shallow_deep.compute import ACTIVATIONS
from course_lib.lessons.shallow_deep.data import (
    DATASETS, FEATURE_FORMULAS, FEATURES, as_probability, feature_list, labels, make_dataset, make_features,
    plane_grid, points, predictor,
)

__all__ = [
    "CLASS_COLORS", "architecture_text", "headline", "dataset_gallery", "plot_boundaries",
    "plot_feature_space", "plot_neuron_maps",
]

#: Colores de las dos clases (azul y naranja, distinguibles también con daltonismo).
CLASS_COLORS = ("#1f77b4", "#ff7f0e")
CLASS_NAMES = ("clase 0 (azul)", "clase 1 (naranja)")
CLASS_CMAP = LinearSegmentedColormap.from_list("azul_blanco_naranja", [CLASS_COLORS[0], "#f7f7f7", CLASS_COLORS[1]])
# Activaciones y características (no son clases): de oscuro (bajo) a claro (alto), 0 en gris medio.
ACTIVATION_CMAP = LinearSegmentedColormap.from_list("oscuro_claro", ["#1a1a1a", "#8c8c8c", "#f5f5f5"])
HOLE_CMAP = LinearSegmentedColormap.from_list("agujeros", [CLASS_COLORS[1]] * 2)


def architecture_text(hidden: tuple[int, ...], activation: str) -> str:
    """«1 capa oculta de 4 neuronas (tanh)» o «sin capas ocultas (regresión logística)»."""
    if not hidden:
        return "sin capas ocultas (regresión logística)"
    layers = "1 capa oculta" if len(hidden) == 1 else f"{len(hidden)} capas ocultas"
    neurons = hidden[0]
    return f"{layers} de {neurons} {'neurona' if neurons == 1 else 'neuronas'} ({ACTIVATIONS[activation].split(' ')[0]})"


def _scatter_classes(ax, X, y, held_out: bool = False, size: float = 22) -> None:
    for k in (0, 1):
        pts = X[y == k]
        if held_out:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, facecolors="none", edgecolors=CLASS_COLORS[k], linewidths=1.4)
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, color=CLASS_COLORS[k], edgecolors="white", linewidths=0.5)


def _boundary(ax, ticks, probability, extent) -> None:
    ax.contourf(ticks, ticks, probability, levels=np.linspace(0, 1, 11), cmap=CLASS_CMAP, vmin=0, vmax=1, alpha=0.85)
    if probability.min() < 0.5 < probability.max():
        ax.contour(ticks, ticks, probability, levels=[0.5], colors="black", linewidths=1.8)
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")


def _class_legend(ax, held_out: str | None = "prueba", boundary: bool = True, **kwargs) -> None:
    handles = [Line2D([], [], marker="o", linestyle="", color=c, markeredgecolor="white", markersize=8, label=name)
               for c, name in zip(CLASS_COLORS, CLASS_NAMES)]
    if held_out:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="gray",
                              markersize=8, label=f"{held_out} (huecos)"))
    if boundary:
        handles.append(Line2D([], [], color="black", linewidth=1.8, label="frontera (p = 0.5)"))
    ax.legend(handles=handles, **{"loc": "upper right", "fontsize": 9, "framealpha": 0.9, **kwargs})


def _percent0(fraction: float) -> str:
    return formatting.percent(fraction, 0)


def headline(result: dict) -> str:
    """El título del patio de juegos: datos, arquitectura, tasa, épocas y entradas."""
    features = ", ".join(FEATURES[f] for f in result["features"])
    return (f"{DATASETS[result['dataset']]} (ruido {result['noise']:.2f}) · "
            f"{architecture_text(result['hidden'], result['activation'])}"
            f" · tasa {result['learning_rate']:g} · {result['epochs']} épocas · entradas: {features}")


# --------------------------------------------------------------------------- figuras del notebook


def dataset_gallery(noise: float = 0.1, n: int = 400, seed: int = 0) -> Figure:
    """Los cuatro conjuntos de juguete, uno al lado del otro."""
    fig = Figure(figsize=(12, 3.5), layout="constrained")
    axes = fig.subplots(1, len(DATASETS))
    for ax, (key, label) in zip(axes, DATASETS.items()):
        X, y = make_dataset(key, n, noise, seed)
        _scatter_classes(ax, X, y, size=14)
        ax.set_title(label, fontsize=12)
        ax.set(xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), xlabel="x₁")
        ax.set_aspect("equal")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("x₂")
    _class_legend(axes[0], held_out=None, boundary=False, loc="lower left", fontsize=8)
    fig.suptitle(f"Cuatro problemas de clasificación en 2-D ({formatting.thousands(n)} puntos cada uno, "
                 f"ruido {noise:g})", fontsize=12)
    return fig


def plot_boundaries(models, X, y, X_test=None, y_test=None, extent: float = 1.5, resolution: int = 150,
                    title: str | None = None) -> Figure:
    """Fronteras de decisión de varios modelos sobre los mismos datos, una al lado de otra.

    ``models`` es una lista de pares ``(título, función)``, donde cada función recibe puntos
    ``(m, 2)`` y devuelve la probabilidad de la clase 1 (usa :func:`predictor`). Se dibujan los
    puntos de entrenamiento ``X, y`` (rellenos) y, si se dan, los de prueba (huecos); entonces
    el título de cada panel incluye la exactitud de prueba.
    """
    X = points(X)
    y = labels(y, len(X))
    has_test = X_test is not None and y_test is not None
    if has_test:
        X_test = points(X_test, "X_test")
        y_test = labels(y_test, len(X_test), "y_test")
    models = list(models)
    if not models or not all(isinstance(m, (tuple, list)) and len(m) == 2 and callable(m[1]) for m in models):
        raise ValueError("models debe ser una lista de pares (título, función), p. ej. [('Lineal', predictor(clf))].")
    ticks, grid = plane_grid(extent, resolution)
    fig = Figure(figsize=(4.6 * len(models), 4.6 + (0.3 if title else 0)), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(models)))
    for ax, (name, predict) in zip(axes, models):
        probability = as_probability(predict(grid), len(grid)).reshape(resolution, resolution)
        _boundary(ax, ticks, probability, extent)
        _scatter_classes(ax, X, y)
        if has_test:
            _scatter_classes(ax, X_test, y_test, held_out=True)
            accuracy = float(np.mean((predict(X_test) >= 0.5) == y_test))
            name = f"{name}\nexactitud de prueba {_percent0(accuracy)}"
        ax.set_title(name, fontsize=11)
        ax.set(xlabel="x₁", ylabel="x₂")
    _class_legend(axes[0], held_out="prueba" if has_test else None, loc="lower left", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def plot_feature_space(model, X, y, features: Sequence[str], resolution: int = 150) -> Figure:
    """La misma frontera vista en el plano original (izquierda) y en el espacio de dos
    características hechas a mano (derecha), donde un modelo lineal dibuja una **recta**.

    ``model`` es un clasificador de scikit-learn entrenado con ``make_features(X, features)``.
    """
    names = feature_list(features)
    if len(names) != 2:
        raise ValueError(f"Para dibujar el espacio de características hacen falta exactamente 2; has pasado {len(names)}.")
    X = points(X)
    y = labels(y, len(X))
    F = make_features(X, names)
    fig = Figure(figsize=(10, 4.6), layout="constrained")
    ax_plane, ax_feat = fig.subplots(1, 2)
    ticks, grid = plane_grid(1.5, resolution)
    predict = predictor(model, names)
    _boundary(ax_plane, ticks, predict(grid).reshape(resolution, resolution), 1.5)
    _scatter_classes(ax_plane, X, y)
    ax_plane.set(xlabel="x₁", ylabel="x₂", title="En el plano original: la frontera es curva")
    low, high = F.min(axis=0), F.max(axis=0)
    pad = 0.08 * (high - low + 1e-9)
    u = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    v = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    uu, vv = np.meshgrid(u, v)
    pf = as_probability(model.predict_proba(np.column_stack([uu.ravel(), vv.ravel()])), uu.size)
    pf = pf.reshape(resolution, resolution)
    ax_feat.contourf(u, v, pf, levels=np.linspace(0, 1, 11), cmap=CLASS_CMAP, vmin=0, vmax=1, alpha=0.85)
    if pf.min() < 0.5 < pf.max():
        ax_feat.contour(u, v, pf, levels=[0.5], colors="black", linewidths=1.8)
    _scatter_classes(ax_feat, F, y)
    ax_feat.set(xlabel=FEATURE_FORMULAS[names[0]], ylabel=FEATURE_FORMULAS[names[1]],
                title="En el espacio de características: una recta")
    _class_legend(ax_plane, held_out=None, loc="lower left", fontsize=8)
    return fig


def plot_neuron_maps(hidden, weights=None, X=None, y=None, extent: float = 1.5, resolution: int = 60,
                     title: str | None = None) -> Figure:
    """Qué «ve» cada neurona de una capa oculta: su activación en cada punto del plano.

    ``hidden`` es una función ``puntos (m, 2) -> activaciones (m, k)`` (por ejemplo, un
    sub-modelo de Keras que acaba en la capa oculta). ``weights`` son los ``k`` pesos con los
    que la neurona de salida combina esas activaciones (se muestran en cada título). Si se dan
    ``X, y``, los puntos se dibujan encima, pequeños y con el color de su clase. Los mapas van
    en gris (claro = activación alta, oscuro = baja) para no confundirlos con las clases.
    """
    ticks, grid = plane_grid(extent, resolution)
    acts = np.asarray(hidden(grid.astype(np.float32)), dtype=np.float64)
    if acts.ndim != 2 or len(acts) != len(grid):
        raise ValueError(
            f"La función de la capa oculta debe devolver una fila por punto (forma ({len(grid)}, neuronas)); "
            f"ha devuelto forma {acts.shape}."
        )
    k = acts.shape[1]
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64).reshape(-1)
        if len(weights) != k:
            raise ValueError(f"Hay {k} neuronas y {len(weights)} pesos: debe haber un peso por neurona.")
    maps = acts.T.reshape(k, resolution, resolution)
    pts = classes = None
    if X is not None and y is not None:
        pts = points(X)
        classes = labels(y, len(pts))
    ncols = min(k, 8)
    nrows = math.ceil(k / ncols)
    fig = Figure(figsize=(1.7 * max(ncols, 4), 1.95 * nrows + 0.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for j, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if j >= k:
            ax.set_axis_off()
            continue
        m = float(np.abs(maps[j]).max()) or 1.0
        ax.imshow(maps[j], origin="lower", cmap=ACTIVATION_CMAP, vmin=-m, vmax=m,
                  extent=(-extent, extent, -extent, extent), interpolation="bilinear")
        if pts is not None:
            for c in (0, 1):
                ax.scatter(pts[classes == c, 0], pts[classes == c, 1], s=3, color=CLASS_COLORS[c], alpha=0.9,
                           linewidths=0)
        text = f"neurona {j + 1}"
        if weights is not None:
            text += f"\npeso {weights[j]:+.2f}"
        ax.set_title(text, fontsize=9)
    fig.suptitle(title or "Activación de cada neurona oculta en cada punto del plano (claro: alta, oscuro: baja)",
                 fontsize=11)
    return fig
