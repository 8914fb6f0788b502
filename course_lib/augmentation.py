"""Aumento de datos (*data augmentation*): vista previa, conjuntos de prueba movidos y el
experimento «con y sin aumento» del notebook 08.

Tres grupos de funciones:

* **Vista previa** de las capas de aumento de Keras: :func:`augmentation_layers` crea las
  capas (``RandomRotation``, ``RandomTranslation``, ``RandomZoom``, ``RandomContrast``,
  ``RandomFlip``) a partir de magnitudes intuitivas (grados, fracción del tamaño...);
  :func:`preview` las aplica con una semilla (misma semilla, misma rejilla) y anota qué
  transformación recibió cada copia; :func:`preview_explorer` es el explorador interactivo.
* **Imágenes movidas de forma determinista** (sin Keras, con ``scipy.ndimage``):
  :func:`rotate_and_shift` gira y desplaza cada imagen exactamente lo que se le pide, y
  :func:`perturb_images` construye un conjunto de prueba girado y desplazado reproducible.
* **Experimento**: :func:`evaluate_models`, :func:`repeat_experiment`, :func:`results_table`,
  :func:`gain_points`, :func:`draw_results` y las curvas de robustez (:func:`robustness`,
  :func:`draw_robustness`).

Convenciones: las imágenes son ``(n, alto, ancho)`` o ``(n, alto, ancho, 1)``, ``uint8``
(0-255) o reales en [0, 1]; los ángulos, en grados, positivos en sentido antihorario tal como
se ve la imagen (como ``RandomRotation``); los desplazamientos ``(dx, dy)``, en píxeles, con
``dx > 0`` hacia la derecha y ``dy > 0`` hacia abajo.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks, config

config.quiet_tensorflow()
import keras  # noqa: E402

#: Colores de las dos variantes del experimento.
_COLORS = {"sin aumento": "#1f77b4", "con aumento": "#d62728"}
_WARN_COLOR = "#b00020"

#: Límites de los controles de la vista previa (los mismos que comprueba :func:`preview`).
MAX_ROTATION = 180
MAX_SHIFT = 0.5
MAX_ZOOM = 0.9
MAX_CONTRAST = 1.0
MAX_COPIES = 12


# --------------------------------------------------------------------------- comprobaciones


def _images(images: Any, what: str = "Las imágenes") -> tuple[np.ndarray, bool]:
    """Imágenes ``(n, alto, ancho)`` como ``float32`` en [0, 1]; dice si traían canal."""
    x = np.asarray(images)
    if x.dtype == object or not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise ValueError(f"{what} deben ser un array numérico de NumPy, no {type(images).__name__}.")
    channel = x.ndim == 4 and x.shape[-1] == 1
    if channel:
        x = x[..., 0]
    if x.ndim == 2:
        raise ValueError(
            f"{what} tienen forma {x.shape}: para una sola imagen usa imagen[None] (forma (1, alto, ancho)); "
            "si están aplanadas (n, 784), devuélveles su forma con reshape(-1, 28, 28)."
        )
    if x.ndim != 3:
        raise ValueError(
            f"{what} deben tener forma (n, alto, ancho) o (n, alto, ancho, 1), y tienen forma {np.shape(images)}."
        )
    if len(x) == 0:
        raise ValueError(f"{what}: el array está vacío.")
    if x.dtype == np.uint8:
        return x.astype(np.float32) / 255.0, channel
    x = x.astype(np.float32)
    lo, hi = float(x.min()), float(x.max())
    if lo < -1e-6 or hi > 1 + 1e-6:
        raise ValueError(
            f"{what} reales deben estar en [0, 1] y van de {lo:g} a {hi:g}: normalízalas "
            "(data.normalize) o pásalas como uint8 (0-255)."
        )
    return x, channel


def _restore(x: np.ndarray, like: np.ndarray, channel: bool) -> np.ndarray:
    """Devuelve ``x`` (reales en [0, 1]) con el tipo y la forma de ``like``."""
    x = np.clip(x, 0.0, 1.0)
    if np.asarray(like).dtype == np.uint8:
        x = np.round(x * 255.0).astype(np.uint8)
    else:
        x = x.astype(np.asarray(like).dtype if np.issubdtype(np.asarray(like).dtype, np.floating) else np.float32)
    return x[..., None] if channel else x


def _labels(labels: Any, n: int) -> np.ndarray | None:
    if labels is None:
        return None
    y = np.asarray(labels)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if len(y) != n:
        raise ValueError(f"Hay {n} imágenes y {len(y)} etiquetas: deben ser tantas como imágenes.")
    return y.astype(np.int64)


# --------------------------------------------------------------------------- capas de Keras


def degrees_to_factor(degrees: float) -> float:
    """Factor de ``keras.layers.RandomRotation`` para giros de hasta ``±degrees`` grados.

    Keras mide el giro en **fracciones de vuelta completa** (360°): ``RandomRotation(0.05)``
    gira entre −18° y +18°. Ejemplo: ``degrees_to_factor(15)`` → ``0.0417``.
    """
    return checks.number(degrees, "El giro máximo (en grados)", 0, MAX_ROTATION,
                         advice="Usa un ángulo entre 0 y 180 grados.") / 360.0


def augmentation_layers(rotation: float = 0.0, shift: float = 0.0, zoom: float = 0.0,
                        contrast: float = 0.0, flip: bool = False, seed: int | None = None) -> list:
    """Capas de aumento de Keras, en este orden: giro, desplazamiento, zoom, contraste y volteo.

    * ``rotation``: giro máximo en **grados** (``RandomRotation(rotation / 360)``);
    * ``shift``: desplazamiento máximo como **fracción** del alto y del ancho
      (``RandomTranslation(shift, shift)``; 0.1 en 28 píxeles son ±2.8 píxeles);
    * ``zoom``: acercar o alejar hasta esa fracción (``RandomZoom(zoom)``);
    * ``contrast``: multiplicar el contraste por un factor entre ``1 - contrast`` y
      ``1 + contrast`` (``RandomContrast(contrast, value_range=(0, 1))``, para imágenes en [0, 1]);
    * ``flip``: volteo horizontal al azar (``RandomFlip("horizontal")``).

    Solo se crean las capas con magnitud distinta de cero. Los huecos que dejan giros y
    desplazamientos se rellenan de negro (``fill_mode="constant"``); el valor por defecto de
    Keras, ``"reflect"``, refleja los trazos del borde y crea trazos falsos.
    Cada capa recibe su propia semilla (``seed``, ``seed + 1``...) si se da una.
    """
    rotation = checks.number(rotation, "El giro máximo (en grados)", 0, MAX_ROTATION,
                             advice="Usa un ángulo entre 0 y 180 grados.")
    shift = checks.number(shift, "El desplazamiento máximo", 0, MAX_SHIFT,
                          advice="Es una fracción del tamaño: 0.1 son ±2.8 píxeles en una imagen de 28.")
    zoom = checks.number(zoom, "El zoom máximo", 0, MAX_ZOOM,
                         advice="Es una fracción: 0.1 acerca o aleja hasta un 10 %.")
    contrast = checks.number(contrast, "El cambio de contraste", 0, MAX_CONTRAST,
                             advice="Es una fracción: 0.3 multiplica el contraste por un factor entre 0.7 y 1.3.")
    if not isinstance(flip, (bool, np.bool_)):
        raise ValueError(f"flip (el volteo horizontal) debe ser True o False, no {flip!r}.")
    if seed is not None:
        seed = checks.integer(seed, "La semilla", 0)
    layers = []

    def next_seed():
        return None if seed is None else seed * 10 + len(layers)

    if rotation > 0:
        layers.append(keras.layers.RandomRotation(rotation / 360.0, fill_mode="constant", seed=next_seed()))
    if shift > 0:
        layers.append(keras.layers.RandomTranslation(shift, shift, fill_mode="constant", seed=next_seed()))
    if zoom > 0:
        layers.append(keras.layers.RandomZoom(zoom, fill_mode="constant", seed=next_seed()))
    if contrast > 0:
        layers.append(keras.layers.RandomContrast(contrast, value_range=(0, 1), seed=next_seed()))
    if flip:
        layers.append(keras.layers.RandomFlip("horizontal", seed=next_seed()))
    return layers


def keras_code(rotation: float = 0.0, shift: float = 0.0, zoom: float = 0.0, contrast: float = 0.0,
               flip: bool = False) -> str:
    """El código Keras equivalente a :func:`augmentation_layers`, en una línea.

    Ejemplo: ``keras_code(rotation=18, shift=0.1)`` →
    ``'RandomRotation(0.05), RandomTranslation(0.1, 0.1)'``.
    """
    parts = []
    if rotation:
        parts.append(f"RandomRotation({rotation / 360:.3g})")
    if shift:
        parts.append(f"RandomTranslation({shift:g}, {shift:g})")
    if zoom:
        parts.append(f"RandomZoom({zoom:g})")
    if contrast:
        parts.append(f"RandomContrast({contrast:g})")
    if flip:
        parts.append('RandomFlip("horizontal")')
    return ", ".join(parts) if parts else "ninguna capa"


def examples_by_class(images, labels, classes) -> tuple[np.ndarray, np.ndarray]:
    """El primer ejemplo de cada clase de ``classes``, en ese orden (para elegir qué mostrar).

    Ejemplo: ``examples_by_class(x, y, [6, 9])`` devuelve el primer 6 y el primer 9.
    """
    x = np.asarray(images)
    y = _labels(labels, len(x))
    if y is None:
        raise ValueError("Hacen falta las etiquetas para elegir ejemplos por clase.")
    chosen = []
    for c in classes:
        where = np.flatnonzero(y == c)
        if len(where) == 0:
            raise ValueError(f"No hay ningún ejemplo de la clase {c!r}; las clases presentes son {sorted(set(y.tolist()))}.")
        chosen.append(int(where[0]))
    return x[chosen], y[chosen]


# --------------------------------------------------------------------------- vista previa


def preview(images, labels=None, *, rotation: float = 15, shift: float = 0.1, zoom: float = 0.1,
            contrast: float = 0.0, flip: bool = False, copies: int = 6, first: int = 0,
            n_images: int = 4, seed: int = 0) -> dict:
    """Cálculo de la vista previa: ``copies`` versiones aumentadas de ``n_images`` imágenes.

    Aplica las capas de Keras de :func:`augmentation_layers` (con ``training=True``) a las
    imágenes ``images[first : first + n_images]``, cada una repetida ``copies`` veces. Es
    determinista: la misma ``seed`` da siempre la misma rejilla.

    Devuelve un diccionario con ``originals`` ``(n_images, alto, ancho)``, ``augmented``
    ``(n_images, copies, alto, ancho)`` (reales en [0, 1]), ``labels``, los parámetros que
    recibió cada copia (``angles`` en grados, ``shifts`` ``(dx, dy)`` en píxeles, ``scales``
    —tamaño relativo del objeto—, ``contrasts`` y ``flipped``), ``settings`` (los valores de
    los controles), ``keras`` (el código equivalente), ``mean_change`` (cambio medio por
    píxel respecto al original) y ``warnings`` (transformaciones que pueden cambiar la etiqueta).
    """
    x, _ = _images(images)
    y = _labels(labels, len(x))
    settings = dict(rotation=rotation, shift=shift, zoom=zoom, contrast=contrast, flip=flip)
    layers = augmentation_layers(**settings, seed=seed)
    settings = {k: (bool(v) if k == "flip" else float(v)) for k, v in settings.items()}
    copies = checks.integer(copies, "El número de copias", 1, MAX_COPIES)
    n_images = checks.integer(n_images, "El número de imágenes", 1, MAX_COPIES)
    if n_images > len(x):
        raise ValueError(f"Se piden {n_images} imágenes y solo hay {len(x)}: pide menos o pasa más imágenes.")
    first = checks.integer(first, "La primera imagen", 0, len(x) - n_images)
    originals = x[first:first + n_images]
    height, width = originals.shape[1:]
    batch = np.repeat(originals, copies, axis=0)[..., None]  # imagen 0 × copias, imagen 1 × copias...
    total = len(batch)
    angles = np.zeros(total)
    shifts = np.zeros((total, 2))
    scales = np.ones(total)
    contrasts = np.ones(total)
    flipped = np.zeros(total, dtype=bool)
    out = batch
    for layer in layers:
        # Lo mismo que layer(out, training=True), pero guardando qué transformación tocó a cada copia.
        transformation = layer.get_random_transformation(out, training=True)
        out = layer.transform_images(out, transformation, training=True)
        if isinstance(layer, keras.layers.RandomRotation):
            angles = np.asarray(transformation["angle"], dtype=float).reshape(total)
        elif isinstance(layer, keras.layers.RandomTranslation):
            shifts = np.asarray(transformation["translations"], dtype=float).reshape(total, 2)
        elif isinstance(layer, keras.layers.RandomZoom):
            scales = 1.0 / np.asarray(transformation["height_zoom"], dtype=float).reshape(total)
        elif isinstance(layer, keras.layers.RandomContrast):
            contrasts = np.asarray(transformation["contrast_factor"], dtype=float).reshape(total)
        elif isinstance(layer, keras.layers.RandomFlip):
            flipped = np.asarray(transformation["flips"]).reshape(total).astype(bool)
    augmented = np.clip(np.asarray(out, dtype=np.float32)[..., 0], 0.0, 1.0)
    augmented = augmented.reshape(n_images, copies, height, width)
    warnings = []
    if settings["rotation"] >= 90:
        warnings.append("con giros de 90° o más un 6 puede convertirse en un 9 (y al revés): la etiqueta deja de ser fiable")
    if settings["flip"]:
        warnings.append("el volteo horizontal convierte muchos dígitos (2, 3, 4, 7...) en símbolos que no son dígitos")
    if settings["shift"] > 0.25 or settings["zoom"] > 0.5:
        warnings.append("con desplazamientos o zoom tan grandes parte del trazo se sale de la imagen")
    shape = (n_images, copies)
    return {
        "originals": originals,
        "augmented": augmented,
        "labels": None if y is None else y[first:first + n_images],
        "first": first,
        "angles": angles.reshape(shape),
        "shifts": shifts.reshape(shape + (2,)),
        "scales": scales.reshape(shape),
        "contrasts": contrasts.reshape(shape),
        "flipped": flipped.reshape(shape),
        "settings": settings,
        "seed": seed,
        "keras": keras_code(**settings),
        "mean_change": float(np.abs(augmented - originals[:, None]).mean()),
        "warnings": warnings,
    }


def _signed(value: float, digits: int = 0) -> str:
    text = f"{value:+.{digits}f}"
    return text.replace("-", "−")


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
            ax.set_title(_caption(result, i, j), fontsize=7.5, color=_WARN_COLOR if risky else "black")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    import textwrap

    width = max(60, int(16 * ncols))
    head = "\n".join(textwrap.wrap(f"Aumento de datos: {result['keras']}", width))
    for warning in result["warnings"]:
        head += "\n" + "\n".join(textwrap.wrap(f"¡Atención! {warning}.", width))
    fig.suptitle(head, fontsize=10, color=_WARN_COLOR if result["warnings"] else "black")
    return fig


def summarize_preview(result: dict) -> str:
    """Una línea: qué transformaciones se aplican, su código Keras y cuánto cambian las imágenes."""
    s = result["settings"]
    parts = []
    if s["rotation"]:
        parts.append(f"giro ±{s['rotation']:g}°")
    if s["shift"]:
        parts.append(f"desplazamiento ±{100 * s['shift']:g} % (±{s['shift'] * result['originals'].shape[2]:.1f} px)")
    if s["zoom"]:
        parts.append(f"zoom ±{100 * s['zoom']:g} %")
    if s["contrast"]:
        parts.append(f"contraste ±{100 * s['contrast']:g} %")
    if s["flip"]:
        parts.append("volteo horizontal")
    if not parts:
        return "Ninguna transformación: las copias son iguales al original."
    text = (f"{', '.join(parts)} → {result['keras']} · cambio medio por píxel: {result['mean_change']:.3f} "
            f"(semilla {result['seed']})")
    if result["warnings"]:
        text += " · ⚠️ " + "; ".join(result["warnings"])
    return text


def preview_explorer(images, labels=None, *, n_images: int = 4, copies: int = 6):
    """Explorador de la vista previa del aumento de datos.

    Controles: giro máximo (°), desplazamiento, zoom, contraste, volteo horizontal, primera
    imagen y semilla. Ejemplo::

        augmentation.preview_explorer(x_ejemplos, y_ejemplos)
    """
    import ipywidgets as w

    from course_lib.widgets import Explorer

    x, _ = _images(images)
    n_images = checks.integer(n_images, "El número de imágenes", 1, MAX_COPIES)
    if n_images > len(x):
        raise ValueError(f"Se piden {n_images} imágenes y solo hay {len(x)}: pide menos o pasa más imágenes.")
    style = {"description_width": "11em"}
    layout = w.Layout(width="34em")
    controls = {
        "rotation": w.IntSlider(value=15, min=0, max=MAX_ROTATION, step=5, description="Giro máximo (°)",
                                continuous_update=False, style=style, layout=layout),
        "shift": w.FloatSlider(value=0.1, min=0.0, max=0.3, step=0.05, description="Desplazamiento",
                               readout_format=".2f", continuous_update=False, style=style, layout=layout),
        "zoom": w.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.05, description="Zoom",
                              readout_format=".2f", continuous_update=False, style=style, layout=layout),
        "contrast": w.FloatSlider(value=0.0, min=0.0, max=0.9, step=0.1, description="Contraste",
                                  readout_format=".1f", continuous_update=False, style=style, layout=layout),
        "flip": w.Checkbox(value=False, description="Volteo horizontal", style=style, layout=layout),
        "first": w.IntSlider(value=0, min=0, max=len(x) - n_images, description="Primera imagen",
                             continuous_update=False, style=style, layout=layout),
        "seed": w.IntSlider(value=0, min=0, max=99, description="Semilla", continuous_update=False,
                            style=style, layout=layout),
    }

    def compute(rotation, shift, zoom, contrast, flip, first, seed):
        return preview(x, labels, rotation=rotation, shift=shift, zoom=zoom, contrast=contrast, flip=flip,
                       copies=copies, first=first, n_images=n_images, seed=seed)

    return Explorer(controls, compute, draw_preview, summarize_preview,
                    title="Vista previa del aumento de datos")


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


# --------------------------------------------------------------------------- imágenes movidas


def rotate_and_shift(images, angles, shifts) -> np.ndarray:
    """Gira cada imagen ``angles[i]`` grados alrededor de su centro y luego la desplaza ``shifts[i]``.

    Determinista y exacto (interpolación bilineal de ``scipy.ndimage``; lo que entra por los
    bordes es negro). ``angles``: ``(n,)`` en grados, positivos en sentido antihorario tal como
    se ve la imagen. ``shifts``: ``(n, 2)`` con ``(dx, dy)`` en píxeles, ``dx > 0`` a la derecha
    y ``dy > 0`` hacia abajo. Devuelve un array con el tipo y la forma de ``images``.

    Ejemplo: ``rotate_and_shift(x[:1], [90], [(0, 0)])`` es ``np.rot90(x[0])``.
    """
    from scipy import ndimage

    raw = np.asarray(images)
    x, channel = _images(raw)
    n = len(x)
    angles = np.asarray(angles, dtype=float).reshape(-1)
    shifts = np.asarray(shifts, dtype=float)
    if angles.shape != (n,):
        raise ValueError(f"Hace falta un ángulo por imagen: hay {n} imágenes y {angles.size} ángulos.")
    if shifts.shape != (n, 2):
        raise ValueError(
            f"Hace falta un desplazamiento (dx, dy) por imagen, forma ({n}, 2), y la forma es {shifts.shape}."
        )
    if not (np.all(np.isfinite(angles)) and np.all(np.isfinite(shifts))):
        raise ValueError("Los ángulos y los desplazamientos deben ser números finitos (hay NaN o infinitos).")
    center = (np.array(x.shape[1:], dtype=float) - 1) / 2  # (fila, columna)
    out = np.empty_like(x)
    for i in range(n):
        theta = np.radians(angles[i])
        c, s = np.cos(theta), np.sin(theta)
        # Coordenadas (fila, columna): la salida o viene de la entrada A^T (o - centro - t) + centro.
        inverse = np.array([[c, s], [-s, c]])
        t = np.array([shifts[i, 1], shifts[i, 0]])
        offset = center - inverse @ (center + t)
        out[i] = ndimage.affine_transform(x[i], inverse, offset=offset, order=1, mode="constant", cval=0.0)
    return _restore(out, raw, channel)


def perturb_images(images, max_rotation: float = 20, max_shift: float = 3, seed: int = 0):
    """Conjunto de imágenes girado y desplazado **al azar pero siempre igual** (misma semilla).

    Cada imagen recibe un giro uniforme en ``[-max_rotation, max_rotation]`` grados y un
    desplazamiento ``(dx, dy)`` uniforme en ``[-max_shift, max_shift]`` píxeles por eje.
    Devuelve ``(imagenes_movidas, {"angles": ..., "shifts": ...})``.

    Sirve para medir la **robustez**: las mismas imágenes de prueba, un poco movidas, como las
    escribiría otra persona. Se calcula una vez y es igual para todos los modelos.
    """
    x, _ = _images(images)
    max_rotation = checks.number(max_rotation, "El giro máximo", 0, MAX_ROTATION,
                                 advice="Usa un ángulo entre 0 y 180 grados.")
    max_shift = checks.number(max_shift, "El desplazamiento máximo", 0, min(x.shape[1:]) / 2,
                              advice="Se mide en píxeles y no puede superar la mitad de la imagen.")
    seed = checks.integer(seed, "La semilla", 0)
    rng = np.random.default_rng(seed)
    angles = rng.uniform(-max_rotation, max_rotation, len(x))
    shifts = rng.uniform(-max_shift, max_shift, (len(x), 2))
    return rotate_and_shift(images, angles, shifts), {"angles": angles, "shifts": shifts}


# --------------------------------------------------------------------------- experimento


def _accuracy(model, images, labels, batch_size: int = 512) -> float:
    probabilities = model.predict(images, batch_size=batch_size, verbose=0)
    return float(np.mean(np.argmax(probabilities, axis=1) == np.asarray(labels).reshape(-1)))


def _check_test_sets(test_sets: dict) -> None:
    if not isinstance(test_sets, dict) or not test_sets:
        raise ValueError('test_sets debe ser un diccionario {"nombre": (x, y)} con al menos un conjunto de prueba.')
    for name, pair in test_sets.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or len(pair[0]) != len(pair[1]):
            raise ValueError(f"El conjunto de prueba {name!r} debe ser una tupla (x, y) con tantas imágenes como etiquetas.")


def evaluate_models(models: dict, test_sets: dict, results: dict | None = None) -> dict:
    """Exactitud de cada modelo en cada conjunto de prueba.

    ``models``: ``{"sin aumento": modelo, ...}``; ``test_sets``: ``{"prueba": (x, y), ...}``.
    Devuelve ``{modelo: {conjunto: [exactitud]}}``; con ``results`` añade las exactitudes a las
    listas que ya haya (una por repetición del experimento).
    """
    if not isinstance(models, dict) or not models:
        raise ValueError('models debe ser un diccionario {"nombre": modelo} con al menos un modelo.')
    _check_test_sets(test_sets)
    results = {} if results is None else results
    for name, model in models.items():
        for test_name, (x, y) in test_sets.items():
            results.setdefault(name, {}).setdefault(test_name, []).append(_accuracy(model, x, y))
    return results


def repeat_experiment(build_model: Callable[[bool], Any], x, y, test_sets: dict, *, seeds, epochs: int,
                      batch_size: int = 32, validation_data=None, results: dict | None = None) -> dict:
    """Repite el experimento con otras semillas: entrena el modelo sin aumento y con aumento
    (``build_model(False)`` y ``build_model(True)``, ya compilados) y evalúa los dos.

    Con la misma semilla, las dos variantes empiezan con los mismos pesos y ven los lotes en
    el mismo orden: la única diferencia es el aumento. Devuelve (y amplía, si se pasa)
    ``results`` como :func:`evaluate_models`. Sin semillas, devuelve ``results`` tal cual.
    """
    from course_lib import training

    _check_test_sets(test_sets)
    seeds = list(seeds)
    results = {} if results is None else results
    for seed in seeds:
        models = {}
        for name, with_augmentation in (("sin aumento", False), ("con aumento", True)):
            config.set_seed(seed)
            model = build_model(with_augmentation)
            training.fit(model, x, y, epochs=epochs, batch_size=batch_size, validation_data=validation_data,
                         live=False, summary=False)
            models[name] = model
        evaluate_models(models, test_sets, results)
    return results


def _stats(values) -> tuple[float, float, float]:
    v = 100 * np.asarray(values, dtype=float)
    return float(v.mean()), float(v.min()), float(v.max())


def _check_results(results: dict) -> list[str]:
    if not isinstance(results, dict) or not results or not all(isinstance(v, dict) and v for v in results.values()):
        raise ValueError("results debe ser lo que devuelve evaluate_models: {modelo: {conjunto: [exactitudes]}}.")
    test_names = list(next(iter(results.values())))
    for model, by_set in results.items():
        if list(by_set) != test_names:
            raise ValueError(f"El modelo {model!r} no tiene los mismos conjuntos de prueba que los demás.")
    return test_names


def gain_points(results: dict, test_set: str, base: str = "sin aumento", other: str = "con aumento") -> float:
    """Ganancia en **puntos porcentuales** de ``other`` sobre ``base`` en ``test_set`` (media de las repeticiones).

    Ejemplo: del 62.0 % al 85.0 % son 23 puntos (no un 23 %; sería un 37 % relativo).
    """
    test_names = _check_results(results)
    for name in (base, other):
        if name not in results:
            raise ValueError(f"No hay resultados del modelo {name!r}; los modelos son: {', '.join(results)}.")
    if test_set not in test_names:
        raise ValueError(f"No hay un conjunto de prueba llamado {test_set!r}; los conjuntos son: {', '.join(test_names)}.")
    return _stats(results[other][test_set])[0] - _stats(results[base][test_set])[0]


def results_table(results: dict, base: str = "sin aumento", other: str = "con aumento") -> str:
    """Tabla de texto con la exactitud (%) de cada modelo en cada conjunto y la ganancia en puntos.

    Con varias repeticiones muestra la media y, entre corchetes, el mínimo y el máximo.
    """
    test_names = _check_results(results)
    repeats = min(len(v) for by_set in results.values() for v in by_set.values())
    width = max(12, *(len(name) for name in results)) + 2
    cell = 24 if repeats > 1 else 12
    lines = [" " * width + "".join(f"{name:>{max(cell, len(name) + 2)}}" for name in test_names)]
    for model, by_set in results.items():
        row = f"{model:<{width}}"
        for name in test_names:
            mean, low, high = _stats(by_set[name])
            text = f"{mean:.1f} %" + (f" [{low:.1f}–{high:.1f}]" if repeats > 1 else "")
            row += f"{text:>{max(cell, len(name) + 2)}}"
        lines.append(row)
    if base in results and other in results:
        row = f"{'ganancia':<{width}}"
        for name in test_names:
            text = f"{_signed(gain_points(results, name, base, other), 1)} puntos"
            row += f"{text:>{max(cell, len(name) + 2)}}"
        lines.append(row)
    note = (f"Media de {repeats} repeticiones [mínimo–máximo]." if repeats > 1 else "Una sola repetición.")
    return "\n".join(lines + [note])


def draw_results(results: dict) -> Figure:
    """Barras con la exactitud de cada modelo en cada conjunto de prueba (y el rango de las repeticiones)."""
    test_names = _check_results(results)
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
        bars = ax.bar(positions + (k - (n_models - 1) / 2) * width, means, width * 0.95, label=model,
                      color=_COLORS.get(model, f"C{k}"), yerr=errors if errors.any() else None, capsize=4)
        ax.bar_label(bars, labels=[f"{m:.1f} %" for m in means], fontsize=9, padding=3)
    ax.set_xticks(positions, test_names)
    ax.set_ylabel("Exactitud (%)")
    ax.set_ylim(max(0.0, 10 * np.floor(lowest / 10) - 10), 112)
    repeats = min(len(v) for by_set in results.values() for v in by_set.values())
    extra = f" (media de {repeats} repeticiones; la línea, del mínimo al máximo)" if repeats > 1 else ""
    ax.set_title("Exactitud en el conjunto de prueba" + extra, fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper right", ncol=n_models)
    return fig


def robustness(models: dict, images, labels, *, angles=(0, 10, 20, 30, 45, 60), shifts=(0, 1, 2, 3, 4, 5, 6),
               seed: int = 0) -> dict:
    """Exactitud de cada modelo cuando **todas** las imágenes se giran o se desplazan una cantidad fija.

    Para cada ángulo ``a`` de ``angles``, cada imagen se gira ``+a`` o ``−a`` grados (el signo,
    al azar con ``seed``); para cada ``d`` de ``shifts``, se desplaza ``d`` píxeles hacia
    arriba, abajo, la izquierda o la derecha (al azar; con ``d`` entero el desplazamiento es
    exacto, sin interpolar). Devuelve ``{"angles", "shifts", "rotation": {modelo: [exactitudes]},
    "shift": {modelo: [exactitudes]}}``.
    """
    if not isinstance(models, dict) or not models:
        raise ValueError('models debe ser un diccionario {"nombre": modelo} con al menos un modelo.')
    x, channel = _images(images)
    y = _labels(labels, len(x))
    if y is None:
        raise ValueError("Hacen falta las etiquetas para medir la exactitud.")
    angles = [checks.number(a, "Cada ángulo", 0, MAX_ROTATION, advice="Usa ángulos entre 0 y 180 grados.")
              for a in angles]
    shifts = [checks.number(d, "Cada desplazamiento", 0, min(x.shape[1:]) / 2, advice="Se mide en píxeles.")
              for d in shifts]
    if not angles or not shifts:
        raise ValueError("Hace falta al menos un ángulo y un desplazamiento.")
    rng = np.random.default_rng(checks.integer(seed, "La semilla", 0))
    signs = rng.choice([-1.0, 1.0], len(x))
    unit = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])[rng.integers(0, 4, len(x))]
    zero = np.zeros((len(x), 2))
    result = {"angles": angles, "shifts": shifts, "rotation": {}, "shift": {}}
    sets = {"rotation": [rotate_and_shift(x, signs * a, zero) for a in angles],
            "shift": [rotate_and_shift(x, np.zeros(len(x)), unit * d) for d in shifts]}
    for kind, variants in sets.items():
        for name, model in models.items():
            result[kind][name] = [_accuracy(model, v[..., None], y) for v in variants]
    return result


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
            ax.plot(xs, 100 * np.asarray(accuracies), "o-", linewidth=2, color=_COLORS.get(name, f"C{k}"), label=name)
        ax.set(xlabel=xlabel, ylabel="Exactitud en prueba (%)", title=title, ylim=(0, 101))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower left")
    return fig
