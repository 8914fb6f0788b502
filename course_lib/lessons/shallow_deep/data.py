"""Datos del notebook 01: problemas de juguete en 2-D, características hechas a mano y
características de dígitos de 8 × 8 (cálculo puro: NumPy, sin figuras ni widgets).

* :func:`make_dataset`: círculos, lunas, XOR y espiral, con ruido y semilla. Todas las
  coordenadas quedan más o menos en el cuadrado [-1, 1] × [-1, 1].
* :func:`make_features` (:data:`FEATURES`): x₁, x₂, x₁², x₂², x₁·x₂ y el radio r.
* :func:`predictor`: un modelo (scikit-learn, Keras o una función) como función
  ``puntos -> probabilidad de la clase 1``; :func:`extra_feature_accuracy`, para el ejercicio 1.
* :func:`digit_features`: 24 características diseñadas a mano para los dígitos de
  ``sklearn.datasets.load_digits``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from course_lib import checks

__all__ = [
    "DATASETS", "FEATURES", "FEATURE_FORMULAS", "DIGIT_FEATURE_GROUPS",
    "make_dataset", "split", "make_features", "plane_grid", "predictor", "extra_feature_accuracy",
    "digit_features",
]

#: Conjuntos de datos de juguete: clave -> nombre en español.
DATASETS = {"circles": "Círculos", "moons": "Lunas", "xor": "XOR", "spiral": "Espiral"}

#: Características hechas a mano para puntos (x₁, x₂): clave -> etiqueta para figuras.
FEATURES = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂", "r": "r"}

#: Qué calcula cada característica (para los textos de ayuda).
FEATURE_FORMULAS = {
    "x1": "x₁ (la coordenada horizontal)", "x2": "x₂ (la coordenada vertical)",
    "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂ (positiva en los cuadrantes 1.º y 3.º)",
    "r": "r = √(x₁² + x₂²), la distancia al centro",
}

MAX_POINTS = 20000


# --------------------------------------------------------------------------- validación


def choice(value: Any, options: dict[str, str], what: str) -> str:
    """``value`` si es una de las claves de ``options``; si no, ``ValueError`` que las enumera."""
    if isinstance(value, str) and value in options:
        return value
    listing = ", ".join(f"{key!r} ({label})" for key, label in options.items())
    raise ValueError(f"{what} {value!r} no existe. Elige uno de estos: {listing}.")


def points(X: Any, name: str = "X") -> np.ndarray:
    """``X`` como array ``float64`` de forma ``(n, 2)``, o un ``ValueError`` en español."""
    X = np.asarray(X)
    if X.dtype == object or not np.issubdtype(X.dtype, np.number):
        raise ValueError(f"{name} debe ser un array numérico de puntos (n, 2), no {type(X).__name__}.")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"{name} debe tener forma (n, 2): una fila por punto y dos columnas (x₁, x₂); su forma es {X.shape}."
        )
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} tiene valores no finitos (NaN o infinito).")
    return X.astype(np.float64, copy=False)


def labels(y: Any, n: int, name: str = "y") -> np.ndarray:
    """``y`` como etiquetas 0/1 (``int64``), una por punto, o un ``ValueError`` en español."""
    y = np.asarray(y).reshape(-1)
    if len(y) != n:
        raise ValueError(f"{name} tiene {len(y)} etiquetas y hay {n} puntos: debe haber una etiqueta por punto.")
    if not np.all(np.isin(y, (0, 1))):
        raise ValueError(f"{name} debe contener solo etiquetas 0 y 1 (dos clases).")
    return y.astype(np.int64)


# --------------------------------------------------------------------------- datos de juguete


def make_dataset(name: str = "circles", n: int = 400, noise: float = 0.1, seed: int = 0):
    """Un problema de clasificación en 2-D: devuelve ``(X, y)``.

    * ``name``: ``"circles"`` (un disco dentro de un anillo), ``"moons"`` (dos medias lunas
      encajadas), ``"xor"`` (cuadrantes opuestos de la misma clase) o ``"spiral"`` (dos
      espirales entrelazadas).
    * ``n``: número de puntos (la mitad de cada clase).
    * ``noise``: desviación típica del ruido gaussiano que se suma a cada coordenada
      (0 = sin ruido; las coordenadas van más o menos de -1 a 1). En la espiral, cuyos brazos
      están más juntos, se suma la mitad de ese ruido.
    * ``seed``: semilla; con la misma semilla y distinto ruido, los puntos solo se desplazan.

    ``X`` tiene forma ``(n, 2)`` (columnas x₁ y x₂) e ``y`` forma ``(n,)`` con 0 o 1, en orden
    aleatorio.
    """
    name = choice(name, DATASETS, "El conjunto de datos")
    n = checks.integer(n, "El número de puntos n", 4, MAX_POINTS)
    noise = checks.number(noise, "El ruido", 0.0, 1.0)
    seed = checks.integer(seed, "La semilla", 0, 2**32 - 1)
    rng = np.random.default_rng(seed)
    n1 = n // 2
    n0 = n - n1
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    if name == "circles":
        # Clase 1: un disco de radio 0.5; clase 0: un anillo entre 0.7 y 1 (densidad uniforme).
        radius = np.concatenate([np.sqrt(rng.uniform(0.7**2, 1.0, n0)), np.sqrt(rng.uniform(0.0, 0.5**2, n1))])
        angle = rng.uniform(0, 2 * np.pi, n)
        X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    elif name == "xor":
        # Clase 1: cuadrantes 1.º y 3.º (x₁·x₂ > 0); clase 0: 2.º y 4.º. Un margen de 0.05 junto a los ejes.
        size = rng.uniform(0.05, 1.0, (n, 2))
        sign = rng.choice([-1.0, 1.0], n)
        second = np.where(y == 1, sign, -sign)
        X = size * np.column_stack([sign, second])
    elif name == "moons":
        t = rng.uniform(0, np.pi, n)
        upper = np.column_stack([np.cos(t), np.sin(t)])
        lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
        X = np.where((y == 0)[:, None], upper, lower)
        X = (X - [0.5, 0.25]) / 1.5
    else:  # spiral
        t = rng.uniform(0.0, 1.0, n)
        angle = 1.75 * 2 * np.pi * t + np.pi * y
        X = np.column_stack([t * np.sin(angle), t * np.cos(angle)])
    scale = 0.5 if name == "spiral" else 1.0
    X = X + scale * noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return X[order], y[order]


def split(X, y, fraction: float = 0.25):
    """Separa los últimos ``fraction`` puntos (de validación o de prueba): ``X_a, X_b, y_a, y_b``.

    Los datos de :func:`make_dataset` ya están barajados, así que basta con cortar.
    """
    X = points(X)
    y = labels(y, len(X))
    fraction = checks.number(fraction, "La fracción que se separa", 0.0, 0.9, open_low=True)
    n_out = max(1, int(round(len(X) * fraction)))
    if n_out >= len(X):
        raise ValueError(f"Con {len(X)} puntos y fraction={fraction} no queda ninguno para entrenar.")
    return X[:-n_out], X[-n_out:], y[:-n_out], y[-n_out:]


# --------------------------------------------------------------------------- características


_FEATURE_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "r": lambda X: np.hypot(X[:, 0], X[:, 1]),
}


def feature_list(features: Any) -> tuple[str, ...]:
    """Las claves de ``features`` como tupla, comprobadas (conocidas, sin repetir, al menos una)."""
    if isinstance(features, str):
        features = (features,)
    try:
        features = tuple(features)
    except TypeError:
        raise ValueError(
            f"Las características deben ser una lista de nombres, p. ej. ['x1', 'x2'], no {features!r}."
        ) from None
    if not features:
        raise ValueError(
            "No hay ninguna característica de entrada: marca al menos una (por ejemplo x₁ y x₂)."
        )
    unknown = [f for f in features if not (isinstance(f, str) and f in FEATURES)]
    if unknown:
        raise ValueError(
            f"Característica desconocida: {', '.join(map(repr, unknown))}. "
            f"Las que hay son: {', '.join(map(repr, FEATURES))}."
        )
    repeated = sorted({f for f in features if features.count(f) > 1})
    if repeated:
        raise ValueError(f"La característica {', '.join(map(repr, repeated))} está repetida: ponla una sola vez.")
    return features


def make_features(X, features: Iterable[str] = ("x1", "x2")) -> np.ndarray:
    """Calcula las características hechas a mano de cada punto: un array ``(n, k)``.

    ``features`` es una lista de claves de :data:`FEATURES` (``"x1"``, ``"x2"``, ``"x1^2"``,
    ``"x2^2"``, ``"x1*x2"``, ``"r"``), en el orden de las columnas. Ejemplo::

        make_features(X, ["x1", "x2", "r"])    # tres columnas: x₁, x₂ y el radio
    """
    X = points(X)
    names = feature_list(features)
    return np.column_stack([_FEATURE_FUNCTIONS[name](X) for name in names])


def plane_grid(extent: float = 1.5, resolution: int = 100):
    """Rejilla del plano [-extent, extent]²: devuelve ``(ticks, points)``.

    ``ticks`` son las ``resolution`` coordenadas de cada eje y ``points`` los
    ``resolution²`` puntos de la rejilla, forma ``(resolution², 2)``, fila a fila.
    """
    extent = checks.number(extent, "La extensión del plano", 0.0, 100.0, open_low=True)
    resolution = checks.integer(resolution, "La resolución", 2, 1000)
    ticks = np.linspace(-extent, extent, resolution)
    xx, yy = np.meshgrid(ticks, ticks)
    return ticks, np.column_stack([xx.ravel(), yy.ravel()])


def as_probability(out: Any, m: int) -> np.ndarray:
    """La salida de un modelo como una probabilidad de la clase 1 por punto, forma ``(m,)``."""
    p = np.asarray(out, dtype=np.float64)
    if p.ndim == 2 and p.shape[1] == 2:
        p = p[:, 1]
    p = p.reshape(-1)
    if len(p) != m:
        raise ValueError(
            f"El modelo devolvió {len(p)} valores para {m} puntos: debe dar una probabilidad por punto."
        )
    return p


def predictor(model: Any, features: Iterable[str] | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """Convierte un modelo en una función ``puntos (m, 2) -> probabilidad de la clase 1 (m,)``.

    Sirve para un clasificador de scikit-learn (usa ``predict_proba``), un modelo de Keras
    (``predict``) o cualquier función. Si el modelo se entrenó con características hechas a
    mano, pasa las mismas ``features`` y se calculan antes de predecir::

        predictor(clf, ["x1^2", "x2^2"])       # clf = LogisticRegression().fit(F, y)
    """
    names = None if features is None else feature_list(features)
    is_keras = hasattr(model, "predict") and hasattr(model, "layers")
    if hasattr(model, "predict_proba"):
        raw = model.predict_proba
    elif is_keras:
        def raw(F):
            return model.predict(F, verbose=0, batch_size=2048)
    elif callable(model):
        raw = model
    else:
        raise ValueError(
            f"No sé cómo predecir con {type(model).__name__}: pasa un clasificador de scikit-learn, "
            "un modelo de Keras o una función."
        )

    def predict(P):
        P = points(P, "Los puntos")
        F = P if names is None else make_features(P, names)
        return as_probability(raw(F.astype(np.float32) if is_keras else F), len(P))

    return predict


def extra_feature_accuracy(feature: Callable[[np.ndarray], Any], X_train, y_train, X_test, y_test) -> float:
    """Exactitud de prueba de una regresión logística con x₁, x₂ **y una característica tuya**.

    ``feature`` es una función que recibe los puntos ``X`` (forma ``(n, 2)``) y devuelve un
    valor por punto (forma ``(n,)``). Se entrena ``LogisticRegression`` de scikit-learn con las
    tres columnas ``[x₁, x₂, feature(X)]`` y se devuelve la exactitud en ``X_test, y_test``.
    """
    from sklearn.linear_model import LogisticRegression

    if not callable(feature):
        raise ValueError(
            f"Se esperaba una función que recibe X y devuelve una columna (p. ej. def f(X): return ...), "
            f"y has dado {type(feature).__name__}."
        )
    X_train, X_test = points(X_train, "X_train"), points(X_test, "X_test")
    y_train, y_test = labels(y_train, len(X_train), "y_train"), labels(y_test, len(X_test), "y_test")
    columns = []
    for X in (X_train, X_test):
        value = np.asarray(feature(X.copy()), dtype=np.float64)
        if value.shape not in ((len(X),), (len(X), 1)):
            raise ValueError(
                f"Tu función debe devolver un valor por punto, forma ({len(X)},), y ha devuelto forma {value.shape}. "
                "Usa X[:, 0] para x₁ y X[:, 1] para x₂."
            )
        if not np.all(np.isfinite(value)):
            raise ValueError("Tu función devuelve valores no finitos (NaN o infinito) para algún punto.")
        columns.append(np.column_stack([X, value.reshape(-1)]))
    model = LogisticRegression().fit(columns[0], y_train)
    return float(model.score(columns[1], y_test))


# --------------------------------------------------------------------------- dígitos


#: Grupos de características hechas a mano de :func:`digit_features` y cuántas columnas ocupa cada uno.
DIGIT_FEATURE_GROUPS = {
    "tinta total": 1,
    "perfil por filas": 8,
    "perfil por columnas": 8,
    "asimetría izquierda-derecha": 1,
    "asimetría arriba-abajo": 1,
    "centro de masas (fila, columna)": 2,
    "trazos que cruza la fila central": 1,
    "trazos que cruza la columna central": 1,
    "píxeles de agujeros": 1,
}

#: Umbral (fracción del máximo) a partir del cual un píxel cuenta como tinta.
INK_THRESHOLD = 0.4


def digit_images(images) -> np.ndarray:
    """Imágenes de 8 × 8 (``(n, 8, 8)`` o ``(n, 64)``) comprobadas y escaladas a [0, 1]."""
    x = np.asarray(images, dtype=np.float64)
    if x.ndim == 2 and x.shape[1] == 64:
        x = x.reshape(-1, 8, 8)
    if x.ndim != 3 or x.shape[1:] != (8, 8):
        raise ValueError(
            f"Se esperaban imágenes de 8 × 8 píxeles con forma (n, 8, 8) o (n, 64), como las de "
            f"sklearn.datasets.load_digits(); la forma es {x.shape}."
        )
    if len(x) == 0:
        raise ValueError("No hay imágenes: el array está vacío.")
    if not np.all(np.isfinite(x)) or x.min() < 0:
        raise ValueError("Los píxeles deben ser números finitos no negativos (de 0 a 16 en load_digits).")
    top = x.max()
    return x / top if top > 1 else x


def holes(binary: np.ndarray) -> np.ndarray:
    """Píxeles de fondo encerrados por la tinta en una imagen booleana (los «agujeros»)."""
    from scipy import ndimage

    return ndimage.binary_fill_holes(binary) & ~binary


def _runs(binary_lines: np.ndarray) -> np.ndarray:
    """Número de tramos de tinta seguidos en cada línea (fila) de un array booleano (n, largo)."""
    starts = np.diff(binary_lines.astype(np.int8), axis=1, prepend=0) == 1
    return starts.sum(axis=1).astype(np.float64)


def digit_features(images) -> tuple[np.ndarray, list[str]]:
    """Características de un dígito de 8 × 8 diseñadas a mano, como en el aprendizaje clásico.

    Devuelve ``(F, nombres)`` con 24 columnas (ver :data:`DIGIT_FEATURE_GROUPS`): la tinta
    total; cuánta tinta hay en cada fila y en cada columna (perfiles, como fracción de la
    tinta total); cuánto cambia la imagen al reflejarla (asimetrías); dónde está el centro de
    masas; cuántos trazos cruza una línea por el centro; y cuántos píxeles de fondo quedan
    encerrados por el trazo (los «agujeros» del 0, el 6, el 8 y el 9).
    """
    x = digit_images(images)
    ink = x.sum(axis=(1, 2))
    safe = np.where(ink > 0, ink, 1.0)
    rows = x.sum(axis=2) / safe[:, None]
    cols = x.sum(axis=1) / safe[:, None]
    asym_lr = np.abs(x - x[:, :, ::-1]).mean(axis=(1, 2))
    asym_ud = np.abs(x - x[:, ::-1, :]).mean(axis=(1, 2))
    index = np.arange(8)
    center = np.column_stack([(rows * index).sum(axis=1), (cols * index).sum(axis=1)])
    binary = x > INK_THRESHOLD
    cross_row = (_runs(binary[:, 3, :]) + _runs(binary[:, 4, :])) / 2
    cross_col = (_runs(binary[:, :, 3]) + _runs(binary[:, :, 4])) / 2
    hole_pixels = np.array([holes(b).sum() for b in binary], dtype=np.float64)
    F = np.column_stack([ink, rows, cols, asym_lr, asym_ud, center, cross_row, cross_col, hole_pixels])
    names = (["tinta total"] + [f"fila {i}" for i in range(8)] + [f"columna {j}" for j in range(8)]
             + ["asimetría izq.-der.", "asimetría arriba-abajo", "centro: fila", "centro: columna",
                "cruces fila central", "cruces columna central", "píxeles de agujeros"])
    return F, names
