"""Cálculo del explorador de predicciones del notebook 05 (sin figuras ni widgets).

:func:`predictions` comprueba y prepara, una sola vez, lo que devolvió ``model.predict``;
:func:`prediction_view` elige qué imagen mostrar según los controles del explorador
(``index`` y ``only_errors``) y devuelve lo que hay que dibujar.
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import checks

__all__ = ["error_index_for", "prediction_view", "predictions"]


def _as_image(image: np.ndarray) -> np.ndarray:
    """Una imagen aplanada (784 valores) vuelve a 28 × 28; una con canal (28, 28, 1), a (28, 28)."""
    if image.ndim == 1:
        side = math.isqrt(image.size)
        if side * side == image.size:
            return image.reshape(side, side)
    if image.ndim == 3 and image.shape[-1] == 1:
        return image[..., 0]
    return image


def predictions(images, labels, probabilities, class_names=None) -> dict:
    """Comprueba y prepara las predicciones de la red sobre un conjunto de imágenes.

    ``images`` son las imágenes que se pasaron a ``model.predict`` (``(n, 28, 28)`` o aplanadas
    ``(n, 784)``), ``labels`` sus clases reales (enteras o one-hot) y ``probabilities`` la salida
    de ``model.predict``, ``(n, clases)``. Devuelve un diccionario con las clases reales y
    predichas, las posiciones de los errores (``"errors"``) y los nombres de las clases.
    """
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2:
        raise ValueError(
            f"probabilities debe ser la salida de model.predict, con forma (n, clases), y tiene forma "
            f"{probabilities.shape}."
        )
    n, classes = probabilities.shape
    if len(images) != n:
        raise ValueError(
            f"Hay {len(images)} imágenes y {n} filas de probabilidades: pasa las mismas imágenes que "
            "usaste en model.predict."
        )
    if n == 0:
        raise ValueError("No hay imágenes que explorar: el conjunto está vacío.")
    # Enteras (y_test) o one-hot (y_test_oh): el normalizador de etiquetas del curso.
    labels = checks.class_labels(labels, "Las etiquetas", n=n, num_classes=classes)
    names = [str(c) for c in class_names] if class_names is not None else [str(i) for i in range(classes)]
    if len(names) != classes:
        raise ValueError(f"class_names tiene {len(names)} nombres y la red da {classes} probabilidades.")
    predicted = probabilities.argmax(axis=1)
    return {
        "images": images,
        "labels": labels,
        "probabilities": probabilities,
        "predicted": predicted,
        "errors": np.flatnonzero(predicted != labels),
        "class_names": names,
    }


def error_index_for(data: dict, position: int) -> int:
    """Índice, entre los errores, del primer error en ``position`` o después (el último si no hay)."""
    errors = data["errors"]
    if len(errors) == 0:
        return 0
    return int(min(np.searchsorted(errors, position), len(errors) - 1))


def prediction_view(data: dict, index: int, only_errors: bool = False) -> dict:
    """Qué imagen mostrar y qué dijo la red: el resultado del explorador de predicciones.

    ``index`` recorre todas las imágenes o, con ``only_errors=True``, solo las mal clasificadas
    (``data`` sale de :func:`predictions`). Si la red no falla ninguna y se piden solo los
    errores, devuelve ``"position": None`` (no hay imagen que mostrar, y no es un error).
    """
    candidates = data["errors"] if only_errors else np.arange(len(data["labels"]))
    base = {"only_errors": bool(only_errors), "n_candidates": int(len(candidates)),
            "n_images": int(len(data["labels"])), "n_errors": int(len(data["errors"])),
            "class_names": data["class_names"]}
    if len(candidates) == 0:
        return {**base, "position": None}
    if not 0 <= index < len(candidates):
        raise ValueError(f"El índice debe estar entre 0 y {len(candidates) - 1}, y es {index}.")
    position = int(candidates[index])
    return {
        **base,
        "index": int(index),
        "position": position,
        "image": _as_image(np.asarray(data["images"][position])),
        "label": int(data["labels"][position]),
        "predicted": int(data["predicted"][position]),
        "probabilities": data["probabilities"][position],
    }
