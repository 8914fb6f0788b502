"""Cálculo del experimento «con y sin aumento» del notebook 08: tablas, ganancia en puntos y
curvas de robustez. El entrenamiento y la evaluación están en las celdas del notebook.

Los resultados son un diccionario ``{variante: {conjunto: [exactitudes]}}`` con una exactitud
(entre 0 y 1) por repetición del experimento, y claves en inglés::

    results = {"baseline":  {"test": [0.959], "moved": [0.696]},
               "augmented": {"test": [0.974], "moved": [0.899]}}

Lo que se muestra de cada clave está en :data:`LABELS` («sin aumento», «prueba movida»...).
"""

from __future__ import annotations

import numpy as np

from course_lib import checks
from course_lib.lessons.augmentation.compute import MAX_ROTATION, _images, _labels, _signed, rotate_and_shift

#: Nombre en español de cada variante y de cada conjunto de prueba.
LABELS: dict[str, str] = {
    "baseline": "sin aumento",
    "augmented": "con aumento",
    "test": "prueba",
    "moved": "prueba movida",
}


def label(key) -> str:
    """Lo que se muestra de una clave de los resultados: ``label("baseline")`` → ``"sin aumento"``."""
    return LABELS.get(key, str(key))


def _accuracy(model, images, labels, batch_size: int = 512) -> float:
    probabilities = model.predict(images, batch_size=batch_size, verbose=0)
    return float(np.mean(np.argmax(probabilities, axis=1) == np.asarray(labels).reshape(-1)))


def _stats(values) -> tuple[float, float, float]:
    v = 100 * np.asarray(values, dtype=float)
    return float(v.mean()), float(v.min()), float(v.max())


def check_results(results: dict) -> list[str]:
    """Comprueba la forma de ``results`` y devuelve las claves de sus conjuntos de prueba."""
    shape = ('{"baseline": {"test": [exactitudes], ...}, "augmented": {...}} '
             "(una exactitud entre 0 y 1 por repetición)")
    if not isinstance(results, dict) or not results or not all(isinstance(v, dict) and v for v in results.values()):
        raise ValueError(f"results debe ser un diccionario {shape}.")
    test_names = list(next(iter(results.values())))
    for model, by_set in results.items():
        if list(by_set) != test_names:
            raise ValueError(f"El modelo {model!r} no tiene los mismos conjuntos de prueba que los demás.")
        for name, values in by_set.items():
            values = np.asarray(values, dtype=float).reshape(-1)
            if values.size == 0:
                raise ValueError(f"No hay ninguna exactitud de {model!r} en {name!r}: evalúa el modelo antes.")
            if not np.all((values >= 0) & (values <= 1)):
                raise ValueError(f"Las exactitudes de {model!r} en {name!r} deben estar entre 0 y 1 (son {values.tolist()}).")
    return test_names


def gain_points(results: dict, test_set: str, base: str = "baseline", other: str = "augmented") -> float:
    """Ganancia en **puntos porcentuales** de ``other`` sobre ``base`` en ``test_set`` (media de las repeticiones).

    Ejemplo: del 62.0 % al 85.0 % son 23 puntos (no un 23 %; sería un 37 % relativo).
    """
    test_names = check_results(results)
    for name in (base, other):
        if name not in results:
            raise ValueError(f"No hay resultados del modelo {name!r}; los modelos son: {', '.join(map(repr, results))}.")
    if test_set not in test_names:
        raise ValueError(f"No hay un conjunto de prueba llamado {test_set!r}; los conjuntos son: {', '.join(map(repr, test_names))}.")
    return _stats(results[other][test_set])[0] - _stats(results[base][test_set])[0]


def results_table(results: dict, base: str = "baseline", other: str = "augmented") -> str:
    """Tabla de texto con la exactitud (%) de cada modelo en cada conjunto y la ganancia en puntos.

    Con varias repeticiones muestra la media y, entre corchetes, el mínimo y el máximo.
    """
    test_names = check_results(results)
    repeats = min(len(v) for by_set in results.values() for v in by_set.values())
    width = max(12, *(len(label(name)) for name in results)) + 2
    cell = 24 if repeats > 1 else 12
    columns = [max(cell, len(label(name)) + 2) for name in test_names]
    lines = [" " * width + "".join(f"{label(name):>{c}}" for name, c in zip(test_names, columns))]
    for model, by_set in results.items():
        row = f"{label(model):<{width}}"
        for name, c in zip(test_names, columns):
            mean, low, high = _stats(by_set[name])
            text = f"{mean:.1f} %" + (f" [{low:.1f}–{high:.1f}]" if repeats > 1 else "")
            row += f"{text:>{c}}"
        lines.append(row)
    if base in results and other in results:
        row = f"{'ganancia':<{width}}"
        for name, c in zip(test_names, columns):
            text = f"{_signed(gain_points(results, name, base, other), 1)} puntos"
            row += f"{text:>{c}}"
        lines.append(row)
    note = (f"Media de {repeats} repeticiones [mínimo–máximo]." if repeats > 1 else "Una sola repetición.")
    return "\n".join(lines + [note])


def robustness(models: dict, images, labels, *, angles=(0, 10, 20, 30, 45, 60), shifts=(0, 1, 2, 3, 4, 5, 6),
               seed: int = 0) -> dict:
    """Exactitud de cada modelo cuando **todas** las imágenes se giran o se desplazan una cantidad fija.

    Para cada ángulo ``a`` de ``angles``, cada imagen se gira ``+a`` o ``−a`` grados (el signo,
    al azar con ``seed``); para cada ``d`` de ``shifts``, se desplaza ``d`` píxeles hacia
    arriba, abajo, la izquierda o la derecha (al azar; con ``d`` entero el desplazamiento es
    exacto, sin interpolar). ``models``: ``{"baseline": modelo, "augmented": modelo}``.
    Devuelve ``{"angles", "shifts", "rotation": {clave: [exactitudes]}, "shift": {clave: [exactitudes]}}``.
    """
    if not isinstance(models, dict) or not models:
        raise ValueError('models debe ser un diccionario {"baseline": modelo, ...} con al menos un modelo.')
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


