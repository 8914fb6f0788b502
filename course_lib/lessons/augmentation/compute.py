"""Cálculo de la lección 08 (aumento de datos): las capas de aumento de Keras, la vista previa
y las imágenes movidas de forma determinista.

* **Capas de Keras**: :func:`augmentation_layers` crea las capas (``RandomRotation``,
  ``RandomTranslation``, ``RandomZoom``, ``RandomContrast``, ``RandomFlip``) a partir de
  magnitudes intuitivas (grados, fracción del tamaño...) y :func:`keras_code` escribe su código.
* **Vista previa**: :func:`preview` aplica esas capas con una semilla (misma semilla, misma
  rejilla) y anota qué transformación recibió cada copia.
* **Imágenes movidas** (sin Keras, con ``scipy.ndimage``): :func:`rotate_and_shift` gira y
  desplaza cada imagen exactamente lo que se le pide, y :func:`perturb_images` construye un
  conjunto de prueba girado y desplazado reproducible (preparación de datos del experimento).

El experimento con y sin aumento (entrenar, evaluar) está en las celdas del notebook; sus tablas
y curvas de robustez, en :mod:`course_lib.lessons.augmentation.experiment`.

Convenciones: las imágenes son ``(n, alto, ancho)`` o ``(n, alto, ancho, 1)``, ``uint8``
(0-255) o reales en [0, 1]; los ángulos, en grados, positivos en sentido antihorario tal como
se ve la imagen (como ``RandomRotation``); los desplazamientos ``(dx, dy)``, en píxeles, con
``dx > 0`` hacia la derecha y ``dy > 0`` hacia abajo.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import checks, config

config.quiet_tensorflow()
import keras  # noqa: E402

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


def _layer_specs(rotation: float = 0.0, shift: float = 0.0, zoom: float = 0.0, contrast: float = 0.0,
                 flip: bool = False, seed: int | None = None) -> list[tuple]:
    """Las capas de :func:`augmentation_layers` sin crearlas: ``(tipo, magnitud, semilla)`` de
    cada una, con los valores ya comprobados (mensajes en español)."""
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
    specs = []
    for kind, value in (("rotation", rotation), ("shift", shift), ("zoom", zoom), ("contrast", contrast),
                        ("flip", flip)):
        if value:
            specs.append((kind, True if kind == "flip" else float(value),
                          None if seed is None else seed * 10 + len(specs)))
    return specs


def _make_layer(kind: str, value, seed: int | None):
    """La capa de Keras de una de las especificaciones de :func:`_layer_specs`."""
    if kind == "rotation":
        return keras.layers.RandomRotation(value / 360.0, fill_mode="constant", seed=seed)
    if kind == "shift":
        return keras.layers.RandomTranslation(value, value, fill_mode="constant", seed=seed)
    if kind == "zoom":
        return keras.layers.RandomZoom(value, fill_mode="constant", seed=seed)
    if kind == "contrast":
        return keras.layers.RandomContrast(value, value_range=(0, 1), seed=seed)
    return keras.layers.RandomFlip("horizontal", seed=seed)


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
    Cada capa recibe su propia semilla (``seed * 10``, ``seed * 10 + 1``...) si se da una.
    """
    return [_make_layer(*spec) for spec in _layer_specs(rotation, shift, zoom, contrast, flip, seed)]


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


def _record(kind: str, transformation: dict, total: int) -> np.ndarray:
    """Qué transformación tocó a cada copia: ángulo, (dx, dy), tamaño relativo, contraste o volteo."""
    if kind == "rotation":
        return np.asarray(transformation["angle"], dtype=float).reshape(total)
    if kind == "shift":
        return np.asarray(transformation["translations"], dtype=float).reshape(total, 2)
    if kind == "zoom":
        return 1.0 / np.asarray(transformation["height_zoom"], dtype=float).reshape(total)
    if kind == "contrast":
        return np.asarray(transformation["contrast_factor"], dtype=float).reshape(total)
    return np.asarray(transformation["flips"]).reshape(total).astype(bool)


class PreviewCache:
    """Lo que la vista previa puede reutilizar de un cambio de control al siguiente.

    * **Capas y sorteos**: el sorteo de una capa (``get_random_transformation``) solo depende de
      su tipo, su magnitud, su semilla y la forma del lote, no de las imágenes; se guarda con su
      capa, creada una sola vez. Cambiar la primera imagen no sortea nada de nuevo.
    * **Resultados parciales**: la salida tras cada capa, para unas imágenes y las capas
      anteriores dadas. Cambiar el contraste o el volteo (las últimas capas) no vuelve a girar,
      desplazar ni hacer zoom.

    La rejilla es la misma que sin caché: cada sorteo se hace una vez, con una capa nueva, como
    en ``layer(x, training=True)``. Guarda como mucho ``size`` elementos de cada tipo (los más
    recientes). La usa el explorador; :func:`preview` sin caché calcula todo desde cero.
    """

    def __init__(self, size: int = 64):
        from collections import OrderedDict

        self.size = size
        self._draws: OrderedDict = OrderedDict()
        self._outputs: OrderedDict = OrderedDict()

    def _get(self, store, key):
        if key in store:
            store.move_to_end(key)
            return store[key]
        return None

    def _put(self, store, key, value) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > self.size:
            store.popitem(last=False)

    def draw(self, spec: tuple, batch):
        """La capa de ``spec``, su sorteo para un lote como ``batch`` y lo que tocó a cada copia."""
        key = (spec, tuple(batch.shape))
        found = self._get(self._draws, key)
        if found is None:
            found = _draw(spec, batch)
            self._put(self._draws, key, found)
        return found

    def output(self, images, specs: list):
        """La salida guardada de ``images`` tras las capas ``specs`` (o ``None``)."""
        return self._get(self._outputs, (images, tuple(specs)))

    def keep(self, images, specs: list, output) -> None:
        self._put(self._outputs, (images, tuple(specs)), output)


def _draw(spec: tuple, batch):
    layer = _make_layer(*spec)
    transformation = layer.get_random_transformation(batch, training=True)
    return layer, transformation, _record(spec[0], transformation, batch.shape[0])


def _augment(batch: np.ndarray, specs: list, cache: PreviewCache | None):
    """Las capas de ``specs`` aplicadas a ``batch`` (con ``training=True``) y lo que tocó a cada copia.

    Lo mismo que ``layer(out, training=True)`` capa a capa, pero guardando el sorteo de cada una.
    """
    out, records, done = batch, {}, 0
    if any(spec[2] is None for spec in specs):
        cache = None            # sin semilla, cada llamada sortea de nuevo: no hay nada que reutilizar
    if cache is not None:
        images = (batch.shape, batch.tobytes())
        for k in range(len(specs), 0, -1):          # la salida guardada tras más capas iguales
            found = cache.output(images, specs[:k])
            if found is not None:
                (out, records), done = found, k
                break
    for k in range(done, len(specs)):
        layer, transformation, record = _draw(specs[k], out) if cache is None else cache.draw(specs[k], out)
        out = layer.transform_images(out, transformation, training=True)
        records = {**records, specs[k][0]: record}
        if cache is not None:
            cache.keep(images, specs[:k + 1], (out, records))
    return out, records


def preview(images, labels=None, *, rotation: float = 15, shift: float = 0.1, zoom: float = 0.1,
            contrast: float = 0.0, flip: bool = False, copies: int = 6, first: int = 0,
            n_images: int = 4, seed: int = 0, cache: PreviewCache | None = None) -> dict:
    """Cálculo de la vista previa: ``copies`` versiones aumentadas de ``n_images`` imágenes.

    Aplica las capas de Keras de :func:`augmentation_layers` (con ``training=True``) a las
    imágenes ``images[first : first + n_images]``, cada una repetida ``copies`` veces. Es
    determinista: la misma ``seed`` da siempre la misma rejilla. ``cache`` (una
    :class:`PreviewCache`, la del explorador) reutiliza capas, sorteos y resultados parciales
    de llamadas anteriores, con el mismo resultado.

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
    specs = _layer_specs(**settings, seed=seed)
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
    out, records = _augment(batch, specs, cache)
    angles = np.array(records.get("rotation", np.zeros(total)))   # copias: la caché no se toca
    shifts = np.array(records.get("shift", np.zeros((total, 2))))
    scales = np.array(records.get("zoom", np.ones(total)))
    contrasts = np.array(records.get("contrast", np.ones(total)))
    flipped = np.array(records.get("flip", np.zeros(total, dtype=bool)))
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


