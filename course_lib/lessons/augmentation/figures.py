"""Figuras de la lección 08 (aumento de datos): la rejilla de la vista previa, el relleno de los
huecos (``fill_mode``), las transformaciones que cambian la etiqueta, las barras del experimento
y las curvas de robustez. Todas devuelven una ``matplotlib.figure.Figure``.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks
from course_lib.lessons.augmentation.compute import MAX_SHIFT, _images, _labels, _signed
from course_lib.lessons.augmentation.experiment import _stats, check_results, label

import keras  # noqa: E402  (después de course_lib: TensorFlow ya está en silencio)

#: Colores de las dos variantes del experimento.
COLORS = {"baseline": "#1f77b4", "augmented": "#d62728"}
WARN_COLOR = "#b00020"


def _caption(result: dict, i: int, j: int) -> str:
    """Hasta tres líneas: giro y volteo; tamaño y contraste; desplazamiento."""
    s = result["settings"]
    lines = [[], [], []]
    if s["rotation"]:
        lines[0].append(f"{_signed(result['angles'][i, j])}°")
    if s["flip"] and result["flipped"][i, j]:
        lines[0].append("volteada")
    if s["zoom"]:
        lines[1].append(f"×{result['scales'][i, j]:.2f}")
    if s["contrast"]:
        lines[1].append(f"c ×{result['contrasts'][i, j]:.2f}")
    if s["shift"]:
        dx, dy = result["shifts"][i, j]
        lines[2].append(f"({_signed(dx, 1)}, {_signed(dy, 1)}) px")
    return "\n".join(" ".join(line) for line in lines if line)


def draw_preview(result: dict) -> Figure:
    """Rejilla de la vista previa: una fila por imagen, el original y sus versiones aumentadas.

    Bajo cada versión, la transformación que recibió: giro (°), volteo, tamaño relativo (×),
    contraste (c ×) y desplazamiento (dx, dy) en píxeles.
    """
    originals, augmented = result["originals"], result["augmented"]
    n, copies = augmented.shape[:2]
    ncols = copies + 1
    fig = Figure(figsize=(1.35 * ncols, 1.6 * n + 0.7), layout="constrained")
    axes = fig.subplots(n, ncols, squeeze=False)
    for i in range(n):
        label = "" if result["labels"] is None else f" ({result['labels'][i]})"
        axes[i, 0].imshow(originals[i], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        axes[i, 0].set_title(f"original{label}", fontsize=9, fontweight="bold")
        for j in range(copies):
            ax = axes[i, j + 1]
            ax.imshow(augmented[i, j], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            flipped = result["settings"]["flip"] and result["flipped"][i, j]
            risky = flipped or abs(result["angles"][i, j]) >= 90
            ax.set_title(_caption(result, i, j), fontsize=7.5, color=WARN_COLOR if risky else "black")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    width = max(60, int(16 * ncols))
    head = "\n".join(textwrap.wrap(f"Aumento de datos: {result['keras']}", width))
    for warning in result["warnings"]:
        head += "\n" + "\n".join(textwrap.wrap(f"¡Atención! {warning}.", width))
    fig.suptitle(head, fontsize=10, color=WARN_COLOR if result["warnings"] else "black")
    return fig



def fill_mode_figure(image, shift: float = 0.3) -> Figure:
    """Una imagen desplazada ``shift`` (fracción) a la derecha con ``fill_mode="reflect"``
    (lo que hace Keras por defecto) y con ``fill_mode="constant"`` (relleno negro)."""
    x, _ = _images(np.asarray(image)[None])
    shift = checks.number(shift, "El desplazamiento", 0.05, MAX_SHIFT, advice="Usa una fracción entre 0.05 y 0.5.")
    batch = x[..., None]
    panels = [("original", x[0])]
    for mode in ("reflect", "constant"):
        layer = keras.layers.RandomTranslation((0, 0), (shift, shift), fill_mode=mode)
        panels.append((f'fill_mode="{mode}"', np.asarray(layer(batch, training=True))[0, ..., 0]))
    fig = Figure(figsize=(7.2, 2.7), layout="constrained")
    for ax, (title, img) in zip(fig.subplots(1, 3), panels):
        ax.imshow(img, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"Desplazamiento de {shift * x.shape[2]:.0f} píxeles a la derecha: ¿con qué se rellena el hueco?",
                 fontsize=10)
    return fig


def label_risk_figure(images, labels) -> Figure:
    """Cada imagen original, volteada en horizontal y girada 180°: transformaciones que pueden
    cambiar la etiqueta de un dígito."""
    x, _ = _images(images)
    y = _labels(labels, len(x))
    variants = [("original", lambda im: im), ("volteo horizontal", lambda im: im[:, ::-1]),
                ("giro de 180°", lambda im: im[::-1, ::-1])]
    fig = Figure(figsize=(1.5 * len(x) + 1.4, 5.0), layout="constrained")
    axes = fig.subplots(len(variants), len(x), squeeze=False)
    for row, (name, transform) in enumerate(variants):
        for col in range(len(x)):
            ax = axes[row, col]
            ax.imshow(transform(x[col]), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0 and y is not None:
                ax.set_title(f"etiqueta {y[col]}", fontsize=10)
            if col == 0:
                ax.set_ylabel(name, fontsize=10)
    fig.suptitle("¿Seguiría siendo el mismo dígito?", fontsize=12)
    return fig


def draw_results(results: dict) -> Figure:
    """Barras con la exactitud de cada modelo en cada conjunto de prueba (y el rango de las repeticiones).

    ``results``: ``{"baseline": {"test": [...], "moved": [...]}, "augmented": {...}}`` (ver
    :mod:`course_lib.lessons.augmentation.experiment`); se muestran sus nombres en español.
    """
    test_names = check_results(results)
    fig = Figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.add_subplot()
    n_models = len(results)
    width = 0.8 / n_models
    positions = np.arange(len(test_names))
    lowest = 100.0
    for k, (model, by_set) in enumerate(results.items()):
        stats = [_stats(by_set[name]) for name in test_names]
        means = np.array([s[0] for s in stats])
        errors = np.array([[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]])
        lowest = min(lowest, float(min(s[1] for s in stats)))
        bars = ax.bar(positions + (k - (n_models - 1) / 2) * width, means, width * 0.95, label=label(model),
                      color=COLORS.get(model, f"C{k}"), yerr=errors if errors.any() else None, capsize=4)
        ax.bar_label(bars, labels=[f"{m:.1f} %" for m in means], fontsize=9, padding=3)
    ax.set_xticks(positions, [label(name) for name in test_names])
    ax.set_ylabel("Exactitud (%)")
    ax.set_ylim(max(0.0, 10 * np.floor(lowest / 10) - 10), 112)
    repeats = min(len(v) for by_set in results.values() for v in by_set.values())
    extra = f" (media de {repeats} repeticiones; la línea, del mínimo al máximo)" if repeats > 1 else ""
    ax.set_title("Exactitud en el conjunto de prueba" + extra, fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper right", ncol=n_models)
    return fig



def draw_robustness(result: dict, augmentation: dict | None = None) -> Figure:
    """Curvas de robustez: exactitud según el giro y según el desplazamiento de las imágenes.

    ``augmentation``, opcional: ``{"rotation": grados, "shift": píxeles}`` del aumento usado en
    el entrenamiento, que se sombrea como «rango del aumento».
    """
    fig = Figure(figsize=(11, 4.0), layout="constrained")
    panels = fig.subplots(1, 2)
    specs = [("rotation", "angles", "Ángulo de giro (grados)", "Exactitud según el giro"),
             ("shift", "shifts", "Desplazamiento (píxeles)", "Exactitud según el desplazamiento")]
    for ax, (kind, key, xlabel, title) in zip(panels, specs):
        xs = result[key]
        if augmentation and augmentation.get(kind):
            ax.axvspan(0, augmentation[kind], color="#999999", alpha=0.2, label="rango del aumento")
        for k, (name, accuracies) in enumerate(result[kind].items()):
            ax.plot(xs, 100 * np.asarray(accuracies), "o-", linewidth=2, color=COLORS.get(name, f"C{k}"),
                    label=label(name))
        ax.set(xlabel=xlabel, ylabel="Exactitud en prueba (%)", title=title, ylim=(0, 101))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower left")
    return fig
