"""Figuras de la lección 08 (aumento de datos): la rejilla de la vista previa, el relleno de los
huecos (``fill_mode``), las transformaciones que cambian la etiqueta, las barras del experimento
y las curvas de robustez. Todas devuelven una ``matplotlib.figure.Figure``.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from course_lib import checks
from course_lib.rendering import Painter
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


def _heading(result: dict) -> str:
    """El título de la vista previa: el código Keras y los avisos, en líneas a la medida de la figura."""
    width = max(60, int(16 * (result["augmented"].shape[1] + 1)))
    head = "\n".join(textwrap.wrap(f"Aumento de datos: {result['keras']}", width))
    for warning in result["warnings"]:
        head += "\n" + "\n".join(textwrap.wrap(f"¡Atención! {warning}.", width))
    return head


def _gray(image: np.ndarray) -> np.ndarray:
    """La imagen (reales en [0, 1]) en los colores RGBA de ``cmap="gray", vmin=0, vmax=1``: los
    mismos píxeles que ``imshow`` con ese mapa de colores, sin normalizar en cada dibujo."""
    return colormaps["gray"](np.clip(image, 0.0, 1.0), bytes=True)


class PreviewPainter(Painter):
    """Rejilla de la vista previa: una fila por imagen, el original y sus versiones aumentadas.

    Bajo cada versión, la transformación que recibió: giro (°), volteo, tamaño relativo (×),
    contraste (c ×) y desplazamiento (dx, dy) en píxeles. La figura se construye una vez por
    forma de la rejilla (imágenes × copias); en cada cambio de control solo cambian los datos
    de las imágenes (``set_data``) y los textos y colores de los títulos.
    """

    def structure(self, result: dict):
        return result["augmented"].shape

    def build(self, result: dict):
        n, copies = result["augmented"].shape[:2]
        ncols = copies + 1
        fig = Figure(figsize=(1.35 * ncols, 1.6 * n + 0.7), layout="constrained")
        axes = fig.subplots(n, ncols, squeeze=False)
        blank = _gray(np.zeros(result["originals"].shape[1:], dtype=np.float32))
        images = np.empty((n, ncols), dtype=object)
        for i in range(n):
            for j in range(ncols):
                ax = axes[i, j]
                images[i, j] = ax.imshow(blank, interpolation="nearest")
                # y=1.0 es donde matplotlib coloca el título (no hay números arriba): así no lo
                # vuelve a calcular en cada dibujo.
                if j == 0:
                    ax.set_title(" ", fontsize=9, fontweight="bold", y=1.0)
                else:
                    ax.set_title(" ", fontsize=7.5, y=1.0)
                # Sin números en los ejes (como set_xticks([])), y los ejes ni se dibujan ni se miden.
                ax.xaxis.set_visible(False)
                ax.yaxis.set_visible(False)
                ax.patch.set_visible(False)     # la imagen tapa el fondo del eje (blanco, como la figura)
        heading = fig.suptitle(" ", fontsize=10)
        return fig, {"heading": heading, "axes": axes, "images": images}

    def update(self, parts: dict, result: dict) -> None:
        originals, augmented = _gray(result["originals"]), _gray(result["augmented"])   # todas a la vez
        axes, images = parts["axes"], parts["images"]
        # Cada eje vuelve a su sitio de la rejilla, como en una figura nueva: si el fotograma hay
        # que colocarlo de nuevo (un título que crece), la colocación parte de donde partiría la
        # de una figura nueva y da los mismos píxeles (con ejes de aspecto fijo no da igual).
        for ax in axes.ravel():
            ax.set_position(ax.get_subplotspec().get_position(ax.figure))
            ax.set_in_layout(True)
        n, copies = augmented.shape[:2]
        for i in range(n):
            label = "" if result["labels"] is None else f" ({result['labels'][i]})"
            images[i, 0].set_data(originals[i])
            axes[i, 0].title.set_text(f"original{label}")
            for j in range(copies):
                images[i, j + 1].set_data(augmented[i, j])
                flipped = result["settings"]["flip"] and result["flipped"][i, j]
                risky = flipped or abs(result["angles"][i, j]) >= 90
                title = axes[i, j + 1].title
                title.set_text(_caption(result, i, j))
                title.set_color(WARN_COLOR if risky else "black")
        parts["heading"].set_text(_heading(result))
        parts["heading"].set_color(WARN_COLOR if result["warnings"] else "black")


def draw_preview(result: dict) -> Figure:
    """Rejilla de la vista previa (una figura nueva; ver :class:`PreviewPainter`).

    El explorador usa su propio :class:`PreviewPainter`, que reutiliza la figura de un cambio de
    control al siguiente.
    """
    return PreviewPainter().fresh(result)


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
