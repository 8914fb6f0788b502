"""Aprendizaje superficial frente a profundo (notebook 01).

Lo que usa el notebook, en cuatro bloques:

* **Datos de juguete en 2-D** (:func:`make_dataset`): círculos, lunas, XOR y espiral, con
  ruido y semilla. Todas las coordenadas quedan más o menos en el cuadrado [-1, 1] × [-1, 1].
* **Características hechas a mano** (:func:`make_features`, :data:`FEATURES`): x₁, x₂, x₁²,
  x₂², x₁·x₂ y el radio r; y, para las imágenes de dígitos, :func:`digit_features`.
* **Una red neuronal pequeña en NumPy** (:func:`train_mlp`): capas densas, salida sigmoide,
  entropía cruzada binaria y el optimizador Adam con el lote completo. Es la que entrena el
  «patio de juegos»: tarda centésimas de segundo con unos cientos de puntos y guarda la
  pérdida de entrenamiento **y** de prueba en cada época. Sin capas ocultas es exactamente una
  regresión logística (aprendizaje superficial).
* **Figuras y el explorador** (:func:`playground_explorer`): fronteras de decisión, mapas de lo
  que «ve» cada neurona oculta, el espacio de características y pesos aprendidos como imágenes.

Ejemplo::

    from course_lib import playground
    X, y = playground.make_dataset("circles", n=400, noise=0.1, seed=0)
    F = playground.make_features(X, ["x1", "x2", "r"])
    playground.playground_explorer()          # en un notebook: el patio de juegos

Por qué una red en NumPy y no Keras o ``MLPClassifier`` de scikit-learn para el explorador:
cada movimiento de un control vuelve a entrenar la red y debe responder en menos de un
segundo en una CPU modesta. Keras tarda bastante más en preparar cada modelo nuevo;
``MLPClassifier.fit`` solo guarda la pérdida de entrenamiento, y obtener la de prueba época a
época con ``partial_fit`` es unas diez veces más lento (medido: 2-6 s por interacción). La red
del notebook, la que ve el estudiante, sí se construye con Keras.
"""

from __future__ import annotations

import html
import math
from typing import Any, Callable, Iterable, Sequence

import ipywidgets as w
import numpy as np
import traitlets
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from course_lib import checks

__all__ = [
    "DATASETS", "FEATURES", "ACTIVATIONS", "LEARNING_RATES",
    "make_dataset", "make_features", "split", "plane_grid", "predictor", "extra_feature_accuracy",
    "init_mlp", "mlp_forward", "mlp_loss_and_gradients", "train_mlp", "mlp_predict_proba", "count_parameters",
    "train_playground", "draw_playground", "summarize_playground", "playground_explorer", "FeatureToggles",
    "dataset_gallery", "plot_boundaries", "plot_feature_space", "plot_neuron_maps",
    "digit_features", "DIGIT_FEATURE_GROUPS", "plot_digit_features", "plot_weight_images", "plot_class_profiles",
    "plot_accuracies",
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

#: Funciones de activación de la red en NumPy: clave -> nombre en español.
ACTIVATIONS = {"tanh": "tanh", "relu": "ReLU", "sigmoid": "sigmoide", "linear": "lineal (sin activación)"}

#: Tasas de aprendizaje que ofrece el explorador (escala aproximadamente logarítmica).
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)

#: Colores de las dos clases (azul y naranja, distinguibles también con daltonismo).
CLASS_COLORS = ("#1f77b4", "#ff7f0e")
CLASS_NAMES = ("clase 0 (azul)", "clase 1 (naranja)")
_CMAP = LinearSegmentedColormap.from_list("azul_blanco_naranja", [CLASS_COLORS[0], "#f7f7f7", CLASS_COLORS[1]])
# Activaciones y características (no son clases): de oscuro (bajo) a claro (alto), 0 en gris medio.
_ACT_CMAP = LinearSegmentedColormap.from_list("oscuro_claro", ["#1a1a1a", "#8c8c8c", "#f5f5f5"])

_MAX_POINTS = 20000
_MAX_LAYERS = 6
_MAX_NEURONS = 64
_MAX_EPOCHS = 5000


# --------------------------------------------------------------------------- validación


def _choice(value: Any, options: dict[str, str], what: str) -> str:
    if isinstance(value, str) and value in options:
        return value
    listing = ", ".join(f"{key!r} ({label})" for key, label in options.items())
    raise ValueError(f"{what} {value!r} no existe. Elige uno de estos: {listing}.")


def _points(X: Any, name: str = "X") -> np.ndarray:
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


def _labels(y: Any, n: int, name: str = "y") -> np.ndarray:
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
    name = _choice(name, DATASETS, "El conjunto de datos")
    n = checks.integer(n, "El número de puntos n", 4, _MAX_POINTS)
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


def split(X, y, test_fraction: float = 0.25):
    """Separa los últimos ``test_fraction`` puntos como conjunto de prueba: ``X_tr, X_te, y_tr, y_te``.

    Los datos de :func:`make_dataset` ya están barajados, así que basta con cortar.
    """
    X = _points(X)
    y = _labels(y, len(X))
    test_fraction = checks.number(test_fraction, "La fracción de prueba", 0.0, 0.9, open_low=True)
    n_test = max(1, int(round(len(X) * test_fraction)))
    if n_test >= len(X):
        raise ValueError(f"Con {len(X)} puntos y test_fraction={test_fraction} no queda ninguno para entrenar.")
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


# --------------------------------------------------------------------------- características


_FEATURE_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "r": lambda X: np.hypot(X[:, 0], X[:, 1]),
}


def _feature_list(features: Any) -> tuple[str, ...]:
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
    X = _points(X)
    names = _feature_list(features)
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


def _as_probability(out: Any, m: int) -> np.ndarray:
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
    names = None if features is None else _feature_list(features)
    if hasattr(model, "predict_proba"):
        raw = model.predict_proba
    elif hasattr(model, "predict") and hasattr(model, "layers"):  # Keras
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
        P = _points(P, "Los puntos")
        F = P if names is None else make_features(P, names)
        return _as_probability(raw(F.astype(np.float32) if hasattr(model, "layers") else F), len(P))

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
    X_train, X_test = _points(X_train, "X_train"), _points(X_test, "X_test")
    y_train, y_test = _labels(y_train, len(X_train), "y_train"), _labels(y_test, len(X_test), "y_test")
    columns = []
    for X in (X_train, X_test):
        value = np.asarray(feature(X.copy()), dtype=np.float64)
        if value.shape not in ((len(X),), (len(X), 1)):
            raise ValueError(
                f"tu función debe devolver un valor por punto, forma ({len(X)},), y ha devuelto forma {value.shape}. "
                "Usa X[:, 0] para x₁ y X[:, 1] para x₂."
            )
        if not np.all(np.isfinite(value)):
            raise ValueError("tu función devuelve valores no finitos (NaN o infinito) para algún punto.")
        columns.append(np.column_stack([X, value.reshape(-1)]))
    model = LogisticRegression().fit(columns[0], y_train)
    return float(model.score(columns[1], y_test))


# --------------------------------------------------------------------------- red neuronal en NumPy


def _activation(name: str):
    if name == "tanh":
        return np.tanh, lambda z, a: 1.0 - a * a
    if name == "relu":
        return (lambda z: np.maximum(z, 0.0)), (lambda z, a: (z > 0).astype(z.dtype))
    if name == "sigmoid":
        return _sigmoid, lambda z, a: a * (1.0 - a)
    return (lambda z: z), (lambda z, a: np.ones_like(z))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # estable para |z| grande


def init_mlp(n_inputs: int, hidden: Sequence[int] = (4,), seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Pesos iniciales de una red densa ``n_inputs -> hidden... -> 1``.

    Como Keras por defecto: pesos uniformes de Glorot (``±√(6 / (entradas + salidas))``) y
    sesgos a cero. Devuelve una lista de pares ``(W, b)`` por capa, ``W`` de forma
    ``(entradas, neuronas)``.
    """
    n_inputs = checks.integer(n_inputs, "El número de entradas", 1, 10_000)
    hidden = tuple(checks.integer(h, "El número de neuronas de una capa oculta", 1, _MAX_NEURONS) for h in hidden)
    if len(hidden) > _MAX_LAYERS:
        raise ValueError(f"Como mucho {_MAX_LAYERS} capas ocultas; has pedido {len(hidden)}.")
    rng = np.random.default_rng(checks.integer(seed, "La semilla", 0, 2**32 - 1))
    sizes = (n_inputs, *hidden, 1)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        params.append((rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)))
    return params


def count_parameters(params) -> int:
    """Número de parámetros (pesos y sesgos) de una red de :func:`init_mlp`."""
    return int(sum(W.size + b.size for W, b in params))


def mlp_forward(params, F: np.ndarray, activation: str = "tanh"):
    """Propagación hacia delante: devuelve ``(capas, logits, z)``.

    ``capas`` es la lista ``[F, h₁, h₂, ...]`` (la entrada y la salida de cada capa oculta),
    ``logits`` el valor antes de la sigmoide de la neurona de salida, forma ``(n,)``, y ``z``
    la lista de valores de cada capa oculta antes de su activación.
    """
    act, _ = _activation(activation)
    layers = [F]
    pre = []
    for W, b in params[:-1]:
        z = layers[-1] @ W + b
        pre.append(z)
        layers.append(act(z))
    W, b = params[-1]
    logits = (layers[-1] @ W + b)[:, 0]
    return layers, logits, pre


def _bce_from_logits(logits: np.ndarray, y: np.ndarray) -> float:
    # -[y·log σ(z) + (1-y)·log(1-σ(z))] = log(1 + e^z) - y·z, sin desbordamientos.
    return float(np.mean(np.logaddexp(0.0, logits) - y * logits))


def mlp_loss_and_gradients(params, F: np.ndarray, y: np.ndarray, activation: str = "tanh"):
    """Pérdida (entropía cruzada binaria media) y gradientes respecto a cada ``(W, b)``.

    Los gradientes se calculan por retropropagación (*backpropagation*), la regla de la
    cadena capa a capa, que verás en el notebook 03.
    """
    _, dact = _activation(activation)
    layers, logits, pre = mlp_forward(params, F, activation)
    n = len(F)
    delta = ((_sigmoid(logits) - y) / n)[:, None]  # dL/dz de la neurona de salida
    grads = [None] * len(params)
    for i in range(len(params) - 1, -1, -1):
        W, _b = params[i]
        grads[i] = (layers[i].T @ delta, delta.sum(axis=0))
        if i > 0:
            delta = (delta @ W.T) * dact(pre[i - 1], layers[i])
    return _bce_from_logits(logits, y), grads


def mlp_predict_proba(params, F: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """Probabilidad de la clase 1 para cada fila de ``F``."""
    return _sigmoid(mlp_forward(params, np.asarray(F, dtype=np.float64), activation)[1])


def train_mlp(
    F_train,
    y_train,
    hidden: Sequence[int] = (4,),
    activation: str = "tanh",
    learning_rate: float = 0.03,
    epochs: int = 300,
    seed: int = 0,
    F_test=None,
    y_test=None,
) -> dict:
    """Entrena una red densa con salida sigmoide por descenso del gradiente (optimizador Adam).

    Cada época es **un** paso con todos los ejemplos (lote completo). Con ``hidden=()`` no hay
    capas ocultas y la red es una regresión logística. Devuelve un diccionario con
    ``params``, ``loss_train`` y ``loss_test`` (una pérdida por época; la de prueba solo si se
    pasan ``F_test`` e ``y_test``) y ``diverged`` (``True`` si la pérdida dejó de ser un número).
    """
    F_train = np.asarray(F_train, dtype=np.float64)
    if F_train.ndim != 2 or len(F_train) == 0:
        raise ValueError(f"F_train debe tener forma (n, características), y su forma es {F_train.shape}.")
    if not np.all(np.isfinite(F_train)):
        raise ValueError("F_train tiene valores no finitos (NaN o infinito).")
    y_train = _labels(y_train, len(F_train), "y_train").astype(np.float64)
    activation = _choice(activation, ACTIVATIONS, "La activación")
    learning_rate = checks.number(learning_rate, "La tasa de aprendizaje", 0.0, 100.0, open_low=True)
    epochs = checks.integer(epochs, "El número de épocas", 1, _MAX_EPOCHS)
    has_test = F_test is not None and y_test is not None
    if has_test:
        F_test = np.asarray(F_test, dtype=np.float64)
        if F_test.ndim != 2 or F_test.shape[1] != F_train.shape[1]:
            raise ValueError(
                f"F_test debe tener las mismas columnas que F_train ({F_train.shape[1]}); su forma es {F_test.shape}."
            )
        y_test = _labels(y_test, len(F_test), "y_test").astype(np.float64)
    params = init_mlp(F_train.shape[1], hidden, seed)
    moments = [(np.zeros_like(W), np.zeros_like(b), np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-7  # los valores por defecto de Adam en Keras
    loss_train, loss_test = [], []
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, epochs + 1):
            loss, grads = mlp_loss_and_gradients(params, F_train, y_train, activation)
            if not math.isfinite(loss):
                diverged = True
                break
            loss_train.append(loss)
            if has_test:
                loss_test.append(_bce_from_logits(mlp_forward(params, F_test, activation)[1], y_test))
            scale = learning_rate * math.sqrt(1 - beta2**t) / (1 - beta1**t)
            new_params, new_moments = [], []
            for (W, b), (gW, gb), (mW, mb, vW, vb) in zip(params, grads, moments):
                mW = beta1 * mW + (1 - beta1) * gW
                mb = beta1 * mb + (1 - beta1) * gb
                vW = beta2 * vW + (1 - beta2) * gW * gW
                vb = beta2 * vb + (1 - beta2) * gb * gb
                new_params.append((W - scale * mW / (np.sqrt(vW) + eps), b - scale * mb / (np.sqrt(vb) + eps)))
                new_moments.append((mW, mb, vW, vb))
            params, moments = new_params, new_moments
        if not diverged:  # la pérdida con los pesos finales (tras el último paso)
            final = _bce_from_logits(mlp_forward(params, F_train, activation)[1], y_train)
            diverged = not math.isfinite(final)
    return {"params": params, "loss_train": np.array(loss_train), "loss_test": np.array(loss_test),
            "diverged": diverged, "activation": activation}


# --------------------------------------------------------------------------- el patio de juegos


def _architecture(hidden: tuple[int, ...], activation: str) -> str:
    if not hidden:
        return "sin capas ocultas (regresión logística)"
    layers = "1 capa oculta" if len(hidden) == 1 else f"{len(hidden)} capas ocultas"
    neurons = hidden[0]
    return f"{layers} de {neurons} {'neurona' if neurons == 1 else 'neuronas'} ({ACTIVATIONS[activation].split(' ')[0]})"


def train_playground(
    dataset: str = "circles",
    noise: float = 0.1,
    hidden_layers: int = 1,
    neurons: int = 4,
    activation: str = "tanh",
    learning_rate: float = 0.03,
    features: Iterable[str] = ("x1", "x2"),
    epochs: int = 300,
    n_points: int = 400,
    seed: int = 0,
    resolution: int = 80,
) -> dict:
    """Cálculo del patio de juegos: genera los datos, entrena la red y evalúa la frontera.

    Un 75 % de los ``n_points`` puntos se usa para entrenar y un 25 % para probar. La red tiene
    ``hidden_layers`` capas ocultas de ``neurons`` neuronas (0 capas = regresión logística) y
    recibe las características hechas a mano ``features``. Devuelve un diccionario con los
    datos, la probabilidad de la clase 1 en una rejilla del plano (``probability``), lo que
    recibe la neurona de salida en cada punto de la rejilla (``input_maps``: las
    características o las neuronas de la última capa oculta) con sus pesos, las curvas de
    pérdida y las exactitudes.
    """
    dataset = _choice(dataset, DATASETS, "El conjunto de datos")
    hidden_layers = checks.integer(hidden_layers, "El número de capas ocultas", 0, _MAX_LAYERS)
    neurons = checks.integer(neurons, "El número de neuronas por capa", 1, _MAX_NEURONS)
    activation = _choice(activation, ACTIVATIONS, "La activación")
    names = _feature_list(features)
    n_points = checks.integer(n_points, "El número de puntos", 20, 5000)
    with _single_thread_blas():
        return _train_playground(dataset, noise, hidden_layers, neurons, activation, learning_rate, names,
                                 epochs, n_points, seed, resolution)


def _single_thread_blas():
    """Un solo hilo de BLAS mientras dura el bloque.

    Con matrices tan pequeñas, repartir cada producto entre varios hilos no acelera nada, y si
    la CPU está ocupada (el navegador, otros programas) los hilos que se esperan unos a otros lo
    hacen hasta cien veces más lento.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl llega con scikit-learn; sin él, como siempre
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _train_playground(dataset, noise, hidden_layers, neurons, activation, learning_rate, names, epochs, n_points,
                      seed, resolution) -> dict:
    X, y = make_dataset(dataset, n_points, noise, seed)
    X_train, X_test, y_train, y_test = split(X, y, 0.25)
    hidden = (neurons,) * hidden_layers
    trained = train_mlp(make_features(X_train, names), y_train, hidden, activation, learning_rate, epochs, seed,
                        make_features(X_test, names), y_test)
    params = trained["params"]
    extent = max(1.5, float(np.abs(X).max()) + 0.1)
    ticks, grid = plane_grid(extent, resolution)
    with np.errstate(over="ignore", invalid="ignore"):
        layers, logits, _ = mlp_forward(params, make_features(grid, names), activation)
        p_train = mlp_predict_proba(params, make_features(X_train, names), activation)
        p_test = mlp_predict_proba(params, make_features(X_test, names), activation)
    last = layers[-1]
    if hidden:
        map_labels = [f"neurona {j + 1}" for j in range(last.shape[1])]
    else:
        map_labels = [FEATURES[name] for name in names]
    return {
        "dataset": dataset, "noise": float(noise), "hidden": hidden, "activation": activation,
        "learning_rate": float(learning_rate), "features": names, "epochs": int(epochs), "seed": seed,
        "X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test,
        "extent": extent, "ticks": ticks,
        "probability": _sigmoid(logits).reshape(resolution, resolution),
        "input_maps": last.T.reshape(-1, resolution, resolution),
        "map_labels": map_labels,
        "output_weights": params[-1][0][:, 0].copy(),
        "output_bias": float(params[-1][1][0]),
        "loss_train": trained["loss_train"], "loss_test": trained["loss_test"],
        "accuracy_train": float(np.mean((p_train >= 0.5) == y_train)),
        "accuracy_test": float(np.mean((p_test >= 0.5) == y_test)),
        "n_parameters": count_parameters(params),
        "diverged": bool(trained["diverged"]),
    }


def _scatter_classes(ax, X, y, test: bool = False, size: float = 22) -> None:
    for k in (0, 1):
        pts = X[y == k]
        if test:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, facecolors="none", edgecolors=CLASS_COLORS[k], linewidths=1.4)
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, color=CLASS_COLORS[k], edgecolors="white", linewidths=0.5)


def _boundary(ax, ticks, probability, extent) -> None:
    ax.contourf(ticks, ticks, probability, levels=np.linspace(0, 1, 11), cmap=_CMAP, vmin=0, vmax=1, alpha=0.85)
    if probability.min() < 0.5 < probability.max():
        ax.contour(ticks, ticks, probability, levels=[0.5], colors="black", linewidths=1.8)
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")


def _class_legend(ax, with_test: bool = True, boundary: bool = True, **kwargs) -> None:
    handles = [Line2D([], [], marker="o", linestyle="", color=c, markeredgecolor="white", markersize=8, label=name)
               for c, name in zip(CLASS_COLORS, CLASS_NAMES)]
    if with_test:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="gray",
                              markersize=8, label="prueba (huecos)"))
    if boundary:
        handles.append(Line2D([], [], color="black", linewidth=1.8, label="frontera (p = 0.5)"))
    ax.legend(handles=handles, **{"loc": "upper right", "fontsize": 9, "framealpha": 0.9, **kwargs})


def _draw_maps(ax, maps, labels, weights=None, slots: int = 8) -> None:
    """Una fila de mapas pequeños (activación de cada neurona o valor de cada característica en
    el plano), alineados a la izquierda, en **un solo** ``Axes`` (mucho más rápido de dibujar que
    un ``Axes`` por mapa). Cada mapa se escala a su propio máximo: claro = alto, oscuro = bajo."""
    from matplotlib.patches import Rectangle

    k, res = len(maps), maps.shape[-1]
    slots = max(slots, k)
    gap = max(2, res // 6)
    canvas = np.full((res, slots * (res + gap) - gap), np.nan)
    for j in range(k):
        finite = bool(np.all(np.isfinite(maps[j])))
        m = float(np.abs(maps[j]).max()) if finite else 0.0
        left = j * (res + gap)
        canvas[:, left:left + res] = maps[j] / m if m > 0 else 0.0
        text = labels[j] + (f"\npeso {weights[j]:+.2f}" if weights is not None else "")
        dead = finite and m == 0.0
        if dead:
            text += " · muerta"
        ax.text(left + res / 2, res + 1, text, ha="center", va="bottom", fontsize=9,
                color="#b00020" if dead else "black")
        ax.add_patch(Rectangle((left - 0.5, -0.5), res, res, fill=False, edgecolor="#444444", linewidth=0.8))
    cmap = _ACT_CMAP.with_extremes(bad="white")
    ax.imshow(canvas, origin="lower", cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xlim(-1, canvas.shape[1])
    ax.set_ylim(-1, res * 1.45)
    ax.set_axis_off()


def draw_playground(result: dict) -> Figure:
    """Vista del patio de juegos: frontera de decisión, curvas de pérdida y, debajo, lo que
    recibe la neurona de salida (las características a mano o las neuronas de la última capa
    oculta) con su peso."""
    fig = Figure(figsize=(11, 7.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[2.4, 1])
    ax_b, ax_l = top.subplots(1, 2, width_ratios=[1.1, 1])
    _boundary(ax_b, result["ticks"], result["probability"], result["extent"])
    _scatter_classes(ax_b, result["X_train"], result["y_train"])
    _scatter_classes(ax_b, result["X_test"], result["y_test"], test=True)
    _class_legend(ax_b)
    ax_b.set(xlabel="x₁", ylabel="x₂")
    ax_b.set_title(f"Frontera de decisión · exactitud de prueba {result['accuracy_test']:.0%}"
                   f" (entrenamiento {result['accuracy_train']:.0%})", fontsize=11)

    epochs = np.arange(1, len(result["loss_train"]) + 1)
    ax_l.plot(epochs, result["loss_train"], color="#1f77b4", linewidth=2, label="entrenamiento")
    if len(result["loss_test"]):
        ax_l.plot(epochs, result["loss_test"], "--", color="#ff7f0e", linewidth=2, label="prueba")
    ax_l.axhline(math.log(2), color="gray", linestyle=":", linewidth=1, label="azar (ln 2 ≈ 0.69)")
    ax_l.set(xlabel="Época", ylabel="Pérdida (entropía cruzada)", xlim=(0, result["epochs"]))
    first = [float(curve[0]) for curve in (result["loss_train"], result["loss_test"]) if len(curve)]
    ax_l.set_ylim(0, min(max([1.0] + first) * 1.05, 3.0))
    ax_l.grid(True, alpha=0.3)
    ax_l.legend(fontsize=9)
    if result["diverged"]:
        ax_l.text(0.5, 0.5, "La pérdida se ha disparado:\nbaja la tasa de aprendizaje", transform=ax_l.transAxes,
                  ha="center", va="center", fontsize=13, color="#b00020")
        ax_l.set_title("Pérdida por época", fontsize=11)
    else:
        final = f"{result['loss_train'][-1]:.3f}" if len(result["loss_train"]) else "—"
        final_test = f" · prueba {result['loss_test'][-1]:.3f}" if len(result["loss_test"]) else ""
        ax_l.set_title(f"Pérdida por época: entrenamiento {final}{final_test}", fontsize=11)
    top.suptitle(_headline(result), fontsize=12)

    if result["hidden"]:
        what = ("Lo que recibe la neurona de salida: las neuronas de la última capa oculta "
                "(características aprendidas; claro = alta, oscuro = baja)")
    else:
        what = "Lo que recibe la neurona de salida: las características hechas a mano (claro = alta, oscuro = baja)"
    _draw_maps(bottom.subplots(), result["input_maps"], result["map_labels"], result["output_weights"])
    bottom.suptitle(what, fontsize=11, x=0.01, ha="left")
    return fig


def _headline(result: dict) -> str:
    features = ", ".join(FEATURES[f] for f in result["features"])
    return (f"{DATASETS[result['dataset']]} (ruido {result['noise']:.2f}) · {_architecture(result['hidden'], result['activation'])}"
            f" · tasa {result['learning_rate']:g} · {result['epochs']} épocas · entradas: {features}")


def summarize_playground(result: dict) -> str:
    """Una línea en español: datos, arquitectura, parámetros y exactitud."""
    head = (f"{DATASETS[result['dataset']]}, ruido {result['noise']:.2f} · "
            f"{_architecture(result['hidden'], result['activation'])}, {result['n_parameters']} parámetros · "
            f"tasa {result['learning_rate']:g}, {result['epochs']} épocas → ")
    if result["diverged"]:
        return head + "la pérdida se ha disparado (ya no es un número): baja la tasa de aprendizaje."
    return (head + f"exactitud de prueba {result['accuracy_test']:.0%} (entrenamiento "
            f"{result['accuracy_train']:.0%}), pérdida de prueba {result['loss_test'][-1]:.3f}")


class FeatureToggles(w.HBox):
    """Casillas de las características hechas a mano, con un único ``value`` (tupla de claves).

    Se comporta como un control más de ipywidgets: ``toggles.value = ("x1", "r")`` marca las
    casillas, y al marcar o desmarcar una casilla cambia ``value`` (en el orden de
    :data:`FEATURES`).
    """

    value = traitlets.Tuple()

    def __init__(self, value=("x1", "x2"), description: str = "Características"):
        value = tuple(value)
        self._boxes = {
            key: w.Checkbox(value=key in value, description=label, indent=False,
                            layout=w.Layout(width="auto", margin="0 12px 0 0"))
            for key, label in FEATURES.items()
        }
        # Alineada a la derecha, como las descripciones de los demás controles (150 px).
        label = w.HTML(f"<div style='text-align:right;padding-right:8px'>{html.escape(description)}</div>",
                       layout=w.Layout(width="150px", flex="0 0 auto"))
        super().__init__([label, *self._boxes.values()],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self._syncing = False
        self.value = value
        for box in self._boxes.values():
            box.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _from_boxes(self, _change=None) -> None:
        if not self._syncing:
            self.value = tuple(key for key, box in self._boxes.items() if box.value)

    def _to_boxes(self, change) -> None:
        self._syncing = True
        try:
            chosen = set(change["new"])
            for key, box in self._boxes.items():
                box.value = key in chosen
        finally:
            self._syncing = False


def playground_explorer(
    dataset: str = "circles",
    noise: float = 0.1,
    hidden_layers: int = 1,
    neurons: int = 4,
    activation: str = "tanh",
    learning_rate: float = 0.03,
    features: Iterable[str] = ("x1", "x2"),
    epochs: int = 300,
):
    """El patio de juegos de fronteras de decisión (al estilo de TensorFlow Playground).

    Controles: capas ocultas, neuronas por capa, activación, tasa de aprendizaje, épocas,
    conjunto de datos, ruido y características hechas a mano. Cada cambio entrena de nuevo
    una red pequeña (:func:`train_playground`) y redibuja la frontera, las curvas de pérdida y
    lo que recibe la neurona de salida.
    """
    from course_lib.widgets import Explorer

    if learning_rate not in LEARNING_RATES:
        raise ValueError(f"La tasa de aprendizaje inicial debe ser una de {LEARNING_RATES}, no {learning_rate!r}.")
    style = {"description_width": "150px"}
    layout = w.Layout(width="480px")
    controls = {
        "hidden_layers": w.IntSlider(value=hidden_layers, min=0, max=4, description="Capas ocultas",
                                     continuous_update=False, style=style, layout=layout),
        "neurons": w.IntSlider(value=neurons, min=1, max=8, description="Neuronas por capa",
                               continuous_update=False, style=style, layout=layout),
        "activation": w.Dropdown(options=[(label, key) for key, label in ACTIVATIONS.items()], value=activation,
                                 description="Activación", style=style, layout=layout),
        "learning_rate": w.SelectionSlider(options=[(f"{lr:g}", lr) for lr in LEARNING_RATES], value=learning_rate,
                                           description="Tasa de aprendizaje", continuous_update=False,
                                           style=style, layout=layout),
        "epochs": w.IntSlider(value=epochs, min=50, max=1000, step=50, description="Épocas",
                              continuous_update=False, style=style, layout=layout),
        "dataset": w.Dropdown(options=[(label, key) for key, label in DATASETS.items()], value=dataset,
                              description="Datos", style=style, layout=layout),
        "noise": w.FloatSlider(value=noise, min=0.0, max=0.5, step=0.05, description="Ruido", readout_format=".2f",
                               continuous_update=False, style=style, layout=layout),
        "features": FeatureToggles(tuple(features)),
    }
    return Explorer(controls, train_playground, draw_playground, summarize_playground,
                    title="Patio de juegos: aprendizaje superficial (0 capas ocultas) frente a profundo")


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
    _class_legend(axes[0], with_test=False, boundary=False, loc="lower left", fontsize=8)
    fig.suptitle(f"Cuatro problemas de clasificación en 2-D ({n} puntos cada uno, ruido {noise:g})", fontsize=12)
    return fig


def _accuracy(predict, X, y) -> float:
    return float(np.mean((predict(X) >= 0.5) == y))


def plot_boundaries(models, X, y, X_test=None, y_test=None, extent: float = 1.5, resolution: int = 150,
                    title: str | None = None) -> Figure:
    """Fronteras de decisión de varios modelos sobre los mismos datos, una al lado de otra.

    ``models`` es una lista de pares ``(título, función)``, donde cada función recibe puntos
    ``(m, 2)`` y devuelve la probabilidad de la clase 1 (usa :func:`predictor`). Se dibujan los
    puntos de entrenamiento ``X, y`` (rellenos) y, si se dan, los de prueba (huecos); entonces
    el título de cada panel incluye la exactitud de prueba.
    """
    X = _points(X)
    y = _labels(y, len(X))
    has_test = X_test is not None and y_test is not None
    if has_test:
        X_test = _points(X_test, "X_test")
        y_test = _labels(y_test, len(X_test), "y_test")
    models = list(models)
    if not models or not all(isinstance(m, (tuple, list)) and len(m) == 2 and callable(m[1]) for m in models):
        raise ValueError("models debe ser una lista de pares (título, función), p. ej. [('Lineal', predictor(clf))].")
    ticks, grid = plane_grid(extent, resolution)
    fig = Figure(figsize=(4.6 * len(models), 4.6 + (0.3 if title else 0)), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(models)))
    for ax, (name, predict) in zip(axes, models):
        probability = _as_probability(predict(grid), len(grid)).reshape(resolution, resolution)
        _boundary(ax, ticks, probability, extent)
        _scatter_classes(ax, X, y)
        if has_test:
            _scatter_classes(ax, X_test, y_test, test=True)
            name = f"{name}\nexactitud de prueba {_accuracy(predict, X_test, y_test):.0%}"
        ax.set_title(name, fontsize=11)
        ax.set(xlabel="x₁", ylabel="x₂")
    _class_legend(axes[0], with_test=has_test, loc="lower left", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def plot_feature_space(model, X, y, features: Sequence[str], resolution: int = 150) -> Figure:
    """La misma frontera vista en el plano original (izquierda) y en el espacio de dos
    características hechas a mano (derecha), donde un modelo lineal dibuja una **recta**.

    ``model`` es un clasificador de scikit-learn entrenado con ``make_features(X, features)``.
    """
    names = _feature_list(features)
    if len(names) != 2:
        raise ValueError(f"Para dibujar el espacio de características hacen falta exactamente 2; has pasado {len(names)}.")
    X = _points(X)
    y = _labels(y, len(X))
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
    pf = _as_probability(model.predict_proba(np.column_stack([uu.ravel(), vv.ravel()])), uu.size)
    pf = pf.reshape(resolution, resolution)
    ax_feat.contourf(u, v, pf, levels=np.linspace(0, 1, 11), cmap=_CMAP, vmin=0, vmax=1, alpha=0.85)
    if pf.min() < 0.5 < pf.max():
        ax_feat.contour(u, v, pf, levels=[0.5], colors="black", linewidths=1.8)
    _scatter_classes(ax_feat, F, y)
    ax_feat.set(xlabel=FEATURE_FORMULAS[names[0]], ylabel=FEATURE_FORMULAS[names[1]],
                title="En el espacio de características: una recta")
    _class_legend(ax_plane, with_test=False, loc="lower left", fontsize=8)
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
    points = classes = None
    if X is not None and y is not None:
        points = _points(X)
        classes = _labels(y, len(points))
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
        ax.imshow(maps[j], origin="lower", cmap=_ACT_CMAP, vmin=-m, vmax=m,
                  extent=(-extent, extent, -extent, extent), interpolation="bilinear")
        if points is not None:
            for c in (0, 1):
                ax.scatter(points[classes == c, 0], points[classes == c, 1], s=3, color=CLASS_COLORS[c], alpha=0.9,
                           linewidths=0)
        text = f"neurona {j + 1}"
        if weights is not None:
            text += f"\npeso {weights[j]:+.2f}"
        ax.set_title(text, fontsize=9)
    fig.suptitle(title or "Activación de cada neurona oculta en cada punto del plano (claro: alta, oscuro: baja)",
                 fontsize=11)
    return fig


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


def _digit_images(images) -> np.ndarray:
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
    from scipy import ndimage

    x = _digit_images(images)
    ink = x.sum(axis=(1, 2))
    safe = np.where(ink > 0, ink, 1.0)
    rows = x.sum(axis=2) / safe[:, None]
    cols = x.sum(axis=1) / safe[:, None]
    asym_lr = np.abs(x - x[:, :, ::-1]).mean(axis=(1, 2))
    asym_ud = np.abs(x - x[:, ::-1, :]).mean(axis=(1, 2))
    index = np.arange(8)
    center = np.column_stack([(rows * index).sum(axis=1), (cols * index).sum(axis=1)])
    binary = x > 0.4
    cross_row = (_runs(binary[:, 3, :]) + _runs(binary[:, 4, :])) / 2
    cross_col = (_runs(binary[:, :, 3]) + _runs(binary[:, :, 4])) / 2
    holes = np.array([(ndimage.binary_fill_holes(b) & ~b).sum() for b in binary], dtype=np.float64)
    F = np.column_stack([ink, rows, cols, asym_lr, asym_ud, center, cross_row, cross_col, holes])
    names = (["tinta total"] + [f"fila {i}" for i in range(8)] + [f"columna {j}" for j in range(8)]
             + ["asimetría izq.-der.", "asimetría arriba-abajo", "centro: fila", "centro: columna",
                "cruces fila central", "cruces columna central", "píxeles de agujeros"])
    return F, names


def plot_digit_features(image, label=None) -> Figure:
    """Un dígito y algunas de sus características hechas a mano: los perfiles de tinta por
    filas y columnas, los cruces de las líneas centrales y los agujeros."""
    from scipy import ndimage

    x = _digit_images(np.asarray(image)[None] if np.asarray(image).ndim in (1, 2) else image)
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
    b = img > 0.4
    holes = ndimage.binary_fill_holes(b) & ~b
    if holes.any():
        ax_img.imshow(np.ma.masked_where(~holes, holes), cmap=LinearSegmentedColormap.from_list("h", ["#ff7f0e"] * 2),
                      alpha=0.7, vmin=0, vmax=1)
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
        ax.imshow(w, cmap=_CMAP, vmin=-m, vmax=m)
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
    """Diagrama de barras horizontales con la exactitud de varios modelos (valores entre 0 y 1)."""
    if not isinstance(results, dict) or not results:
        raise ValueError("results debe ser un diccionario no vacío {nombre del modelo: exactitud}.")
    values = []
    for name, value in results.items():
        value = checks.number(value, f"La exactitud de «{name}»", 0.0, 1.0)
        values.append(100 * value)
    names = list(results)
    fig = Figure(figsize=(9, 0.8 * len(names) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    colors = ["#888888"] * len(names)
    colors[int(np.argmax(values))] = "#1b7f3b"
    bars = ax.barh(names, values, color=colors, height=0.6)
    for bar, value in zip(bars, values):
        ax.text(value - 1, bar.get_y() + bar.get_height() / 2, f"{value:.1f} %", va="center", ha="right",
                color="white", fontsize=12, fontweight="bold")
    low = max(0.0, math.floor((min(values) - 10) / 10) * 10)
    ax.set_xlim(low, 100)
    ax.invert_yaxis()
    ax.set_xlabel("Exactitud (%)")
    ax.set_title(title, fontsize=12)
    ax.grid(True, axis="x", alpha=0.3)
    return fig
