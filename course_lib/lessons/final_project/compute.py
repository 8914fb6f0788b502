"""Cálculo de la evaluación final (notebook 09): las fotos de la tienda y lo que miran las comprobaciones.

Nada de figuras ni de controles: NumPy y Keras.

* :func:`shop_photos`: «las fotos de la tienda», las mismas imágenes de prueba tal como las
  fotografía la tienda (deterministas, con una semilla). Las transformaciones conservan la
  etiqueta: una prenda no cambia de clase por eso.
* :func:`image_hashes`: una huella por imagen, para saber de qué conjunto sale cada fila
  (la validación debe salir del entrenamiento, no de la prueba).
* :func:`accuracy`: la exactitud de un modelo recalculada con ``predict``.
* :func:`augmentation_layers`: las capas de aumento (``Random…``) de un modelo, también dentro
  de modelos anidados.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from course_lib import checks

#: Desplazamiento máximo (en píxeles, en cada eje) de las fotos de la tienda.
SHOP_MAX_SHIFT = 2


def shop_moves(n: int, *, max_shift: int = SHOP_MAX_SHIFT, seed: int = 0) -> np.ndarray:
    """Los desplazamientos ``(dy, dx)`` de las ``n`` fotos de la tienda: enteros entre ``-max_shift`` y ``max_shift``.

    Ninguna foto queda sin mover: si salen los dos a 0, se repite el sorteo de esa foto.
    """
    n = checks.integer(n, "n (el número de imágenes)", 0)
    max_shift = checks.integer(max_shift, "max_shift (píxeles)", 1, 8)
    rng = np.random.default_rng(seed)
    moves = rng.integers(-max_shift, max_shift + 1, size=(n, 2))
    still = np.flatnonzero((moves == 0).all(axis=1))
    while len(still):
        moves[still] = rng.integers(-max_shift, max_shift + 1, size=(len(still), 2))
        still = still[(moves[still] == 0).all(axis=1)]
    return moves


def shift_image(image: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Desplaza una imagen ``dy`` filas hacia abajo y ``dx`` columnas a la derecha, rellenando con 0 (fondo)."""
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    src_rows = slice(max(0, -dy), h - max(0, dy))
    dst_rows = slice(max(0, dy), h - max(0, -dy))
    src_cols = slice(max(0, -dx), w - max(0, dx))
    dst_cols = slice(max(0, dx), w - max(0, -dx))
    out[dst_rows, dst_cols] = image[src_rows, src_cols]
    return out


def shop_photos(images, *, max_shift: int = SHOP_MAX_SHIFT, seed: int = 0) -> np.ndarray:
    """Las mismas imágenes, tal como las fotografía la tienda; misma forma y tipo, mismo orden.

    Cada imagen se refleja de izquierda a derecha y se desplaza unos píxeles (entre
    ``-max_shift`` y ``max_shift`` en cada eje, nunca 0 en los dos), con un sorteo fijo
    (``seed``): dos llamadas con las mismas imágenes dan lo mismo. La etiqueta de cada foto es
    la de su imagen original.
    """
    x = checks.numeric_array(images, "Las imágenes")
    if x.ndim not in (3, 4):
        raise ValueError(f"shop_photos espera un lote de imágenes (n, alto, ancho) o (n, alto, ancho, canales), "
                         f"no un array de forma {x.shape}.")
    mirrored = x[:, :, ::-1]
    moves = shop_moves(len(x), max_shift=max_shift, seed=seed)
    return np.stack([shift_image(img, int(dy), int(dx)) for img, (dy, dx) in zip(mirrored, moves)]) if len(x) else x.copy()


def _as_bytes_rows(images) -> np.ndarray:
    """Cada imagen como fila de bytes 0-255: igual para la imagen original (uint8) que normalizada ([0, 1])."""
    x = np.asarray(images)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if np.issubdtype(x.dtype, np.floating):
        scale = 255.0 if x.size and float(np.nanmax(x)) <= 1.0 + 1e-6 else 1.0
        x = np.clip(np.rint(x * scale), 0, 255)
    return np.ascontiguousarray(x.astype(np.uint8).reshape(len(x), -1))


def image_hashes(images) -> list[str]:
    """Una huella (BLAKE2b) por imagen; la misma para la imagen 0-255 y para su versión normalizada."""
    rows = _as_bytes_rows(images)
    return [hashlib.blake2b(row.tobytes(), digest_size=12).hexdigest() for row in rows]


def predicted_classes(model, x, *, batch_size: int = 512) -> np.ndarray:
    """La clase que predice el modelo para cada ejemplo (``argmax`` de su salida)."""
    out = np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
    if out.ndim != 2:
        raise ValueError(f"la salida del modelo tiene forma {out.shape}; se espera una fila por imagen y una "
                         "columna por clase.")
    return out.argmax(axis=1)


def accuracy(model, x, y, *, batch_size: int = 512) -> float:
    """Exactitud del modelo en ``(x, y)``, recalculada con ``predict`` (lo mismo que ``model.evaluate``)."""
    y = np.asarray(y).reshape(-1)
    return float(np.mean(predicted_classes(model, x, batch_size=batch_size) == y))


def output_width(model) -> int | None:
    """Cuántas salidas tiene el modelo (las clases), o ``None`` si no se sabe."""
    try:
        shape = model.output_shape
    except (AttributeError, ValueError, RuntimeError):
        return None
    return shape[-1] if isinstance(shape, tuple) and shape else None


def all_layers(model) -> list:
    """Las capas del modelo, entrando en los modelos anidados (un ``Sequential`` dentro de otro)."""
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if getattr(layer, "layers", None):
            found.extend(all_layers(layer))
    return found


def augmentation_layers(model) -> list:
    """Las capas de aumento de datos del modelo: las de Keras cuyo nombre de clase empieza por ``Random``."""
    return [layer for layer in all_layers(model) if type(layer).__name__.startswith("Random")]


def rotation_degrees(layer) -> float:
    """El giro máximo (en grados) de una capa ``RandomRotation``: su ``factor`` es una fracción de vuelta."""
    factor = layer.get_config().get("factor", 0)
    values = factor if isinstance(factor, (tuple, list)) else (factor,)
    return 360.0 * max(abs(float(v)) for v in values)


def flip_mode(layer) -> str:
    """El modo de una capa ``RandomFlip``: ``"horizontal"``, ``"vertical"`` o ``"horizontal_and_vertical"``."""
    return str(layer.get_config().get("mode", ""))


def has_layer(model, class_names: tuple[str, ...]) -> bool:
    """¿Tiene el modelo alguna capa de estas clases (por nombre de clase, p. ej. ``("Conv2D",)``)?"""
    return any(type(layer).__name__ in class_names for layer in all_layers(model))


def active_at_evaluation(model, x) -> bool:
    """¿Cambian las predicciones de dos pasadas con ``training=False`` sobre el mismo lote?"""
    first = np.asarray(model(x, training=False))
    second = np.asarray(model(x, training=False))
    return not np.array_equal(first, second)


def figures_in(text: str) -> list[float]:
    """Las cifras de un texto como fracciones: «91.2 %», «91,2 %» y «0.912» dan 0.912."""
    found = []
    for match in re.finditer(r"(\d+(?:[.,]\d+)?)\s*(%)?", text):
        value = float(match.group(1).replace(",", "."))
        if match.group(2) or 1 < value <= 100:
            value /= 100
        if 0 <= value <= 1:
            found.append(value)
    return found
