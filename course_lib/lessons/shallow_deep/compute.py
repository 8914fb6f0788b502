"""Cálculo del notebook 01: la red neuronal pequeña en NumPy y el «patio de juegos».

* :func:`train_mlp`: capas densas, salida sigmoide, entropía cruzada binaria y el optimizador
  Adam con el lote completo (una época = un paso). Sin capas ocultas es exactamente una
  regresión logística (aprendizaje superficial). Las activaciones y sus derivadas son las de
  la lección 04 (:mod:`course_lib.lessons.activations.compute`), la única implementación del
  curso.
* :func:`train_playground`: el cálculo del patio de juegos. Genera los datos, los separa en
  entrenamiento (75 %) y **validación** (25 %), entrena la red y guarda la pérdida de
  entrenamiento y de validación en cada época. El patio de juegos sirve para elegir capas,
  neuronas o tasa de aprendizaje, y eso se decide con un conjunto de validación: el de prueba
  se reserva para medir al final (notebook 06).
* :class:`TrainingCache`: los entrenamientos ya hechos del explorador (copias cada 50 épocas),
  para no repetirlos al volver a unos valores o al cambiar solo las épocas (mismo resultado).
* :data:`DEFAULTS`: los valores iniciales de los controles del patio de juegos, tomados de la
  firma de :func:`train_playground` (un único sitio).

Por qué una red en NumPy y no Keras o ``MLPClassifier`` de scikit-learn para el explorador:
cada movimiento de un control vuelve a entrenar la red y debe responder en menos de un
segundo en una CPU modesta. Keras tarda bastante más en preparar cada modelo nuevo;
``MLPClassifier.fit`` solo guarda la pérdida de entrenamiento, y obtener la de validación época a
época con ``partial_fit`` es unas diez veces más lento (medido: 2-6 s por interacción). La red
del notebook, la que ve el estudiante, sí se construye con Keras.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from types import MappingProxyType
from typing import Iterable, Sequence

import numpy as np

from course_lib import checks
from course_lib.lessons.activations.compute import get as get_activation
from course_lib.lessons.activations.compute import sigmoid
from course_lib.lessons.shallow_deep.data import (
    DATASETS, FEATURES, choice, feature_list, labels, make_dataset, make_features, plane_grid, split,
)

__all__ = [
    "ACTIVATIONS", "LEARNING_RATES", "DEFAULTS", "VALIDATION_FRACTION",
    "init_mlp", "count_parameters", "mlp_forward", "mlp_loss_and_gradients", "mlp_predict_proba", "train_mlp",
    "TrainingCache", "train_playground",
]

#: Activaciones de la red en NumPy: clave de Keras -> nombre en español (el de la lección 04).
ACTIVATIONS = {key: get_activation(key).label for key in ("tanh", "relu", "sigmoid", "linear")}

#: Tasas de aprendizaje que ofrece el explorador (escala aproximadamente logarítmica).
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)

#: Fracción de los puntos del patio de juegos que se aparta para validación.
VALIDATION_FRACTION = 0.25

MAX_LAYERS = 6
MAX_NEURONS = 64
MAX_EPOCHS = 5000
MAX_LEARNING_RATE = 100.0


# --------------------------------------------------------------------------- red neuronal en NumPy


def init_mlp(n_inputs: int, hidden: Sequence[int] = (4,), seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Pesos iniciales de una red densa ``n_inputs -> hidden... -> 1``.

    Como Keras por defecto: pesos uniformes de Glorot (``±√(6 / (entradas + salidas))``) y
    sesgos a cero. Devuelve una lista de pares ``(W, b)`` por capa, ``W`` de forma
    ``(entradas, neuronas)``.
    """
    n_inputs = checks.integer(n_inputs, "El número de entradas", 1, 10_000)
    hidden = tuple(checks.integer(h, "El número de neuronas de una capa oculta", 1, MAX_NEURONS) for h in hidden)
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"Como mucho {MAX_LAYERS} capas ocultas; has pedido {len(hidden)}.")
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
    f = get_activation(activation).function
    layers = [F]
    pre = []
    for W, b in params[:-1]:
        z = layers[-1] @ W + b
        pre.append(z)
        layers.append(f(z))
    W, b = params[-1]
    logits = (layers[-1] @ W + b)[:, 0]
    return layers, logits, pre


def _bce_from_logits(logits: np.ndarray, y: np.ndarray) -> float:
    # -[y·log σ(z) + (1-y)·log(1-σ(z))] = log(1 + e^z) - y·z, sin desbordamientos.
    return float(np.mean(np.logaddexp(0.0, logits) - y * logits))


def mlp_loss_and_gradients(params, F: np.ndarray, y: np.ndarray, activation: str = "tanh", out=None):
    """Pérdida (entropía cruzada binaria media) y gradientes respecto a cada ``(W, b)``.

    Los gradientes se calculan por retropropagación (*backpropagation*), la regla de la
    cadena capa a capa, que verás en el notebook 03. Con ``out`` (una lista de pares de arrays
    con las formas de ``params``) los gradientes se escriben en esos arrays y se devuelven ellos.
    """
    derivative = get_activation(activation).derivative
    layers, logits, pre = mlp_forward(params, F, activation)
    n = len(F)
    delta = ((sigmoid(logits) - y) / n)[:, None]  # dL/dz de la neurona de salida
    grads = [None] * len(params) if out is None else out
    for i in range(len(params) - 1, -1, -1):
        W, _b = params[i]
        if out is None:
            grads[i] = (layers[i].T @ delta, delta.sum(axis=0))
        else:
            np.matmul(layers[i].T, delta, out=out[i][0])
            delta.sum(axis=0, out=out[i][1])
        if i > 0:
            delta = (delta @ W.T) * derivative(pre[i - 1])
    return _bce_from_logits(logits, y), grads


def mlp_predict_proba(params, F: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """Probabilidad de la clase 1 para cada fila de ``F``."""
    return sigmoid(mlp_forward(params, np.asarray(F, dtype=np.float64), activation)[1])


def _feature_matrix(F, name: str) -> np.ndarray:
    F = np.asarray(F, dtype=np.float64)
    if F.ndim != 2 or len(F) == 0:
        raise ValueError(f"{name} debe tener forma (n, características), y su forma es {F.shape}.")
    if not np.all(np.isfinite(F)):
        raise ValueError(f"{name} tiene valores no finitos (NaN o infinito).")
    return F


def _flat_views(flat: np.ndarray, shapes) -> list[tuple[np.ndarray, np.ndarray]]:
    """Pares ``(W, b)`` que son vistas de un único vector ``flat`` (escribir en ellos lo cambia)."""
    views, start = [], 0
    for w_shape, b_shape in shapes:
        w_size, b_size = math.prod(w_shape), math.prod(b_shape)
        views.append((flat[start:start + w_size].reshape(w_shape), flat[start + w_size:start + w_size + b_size]))
        start += w_size + b_size
    return views


class _AdamRun:
    """El entrenamiento de :func:`train_mlp`, que se puede continuar y del que se guardan copias.

    Todos los pesos viven en un solo vector (y los momentos de Adam en otros dos): así cada paso
    de Adam son unas pocas operaciones sobre vectores en lugar de unas pocas por capa, con los
    mismos números. ``snapshot()``/``restore()`` guardan y recuperan el estado exacto (pesos,
    momentos, época y pérdidas): continuar desde una copia da lo mismo que entrenar desde cero.
    """

    BETA1, BETA2, EPS = 0.9, 0.999, 1e-7  # los valores por defecto de Adam en Keras

    def __init__(self, params, F_train, y_train, activation, learning_rate, F_val=None, y_val=None):
        self.shapes = [(W.shape, b.shape) for W, b in params]
        self.theta = np.concatenate([np.concatenate([W.ravel(), b.ravel()]) for W, b in params])
        self.m, self.v = np.zeros_like(self.theta), np.zeros_like(self.theta)
        self.grad = np.zeros_like(self.theta)
        self.F_train, self.y_train, self.F_val, self.y_val = F_train, y_train, F_val, y_val
        self.activation, self.learning_rate = activation, learning_rate
        self.t, self.diverged = 0, False
        self.loss_train: list[float] = []
        self.loss_val: list[float] = []

    @property
    def params(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return _flat_views(self.theta, self.shapes)

    def run(self, epochs: int) -> None:
        """Entrena hasta haber hecho ``epochs`` épocas (o hasta que la pérdida deje de ser un número)."""
        params, grads = self.params, _flat_views(self.grad, self.shapes)
        b1, b2 = self.BETA1, self.BETA2
        has_val = self.F_val is not None
        with np.errstate(over="ignore", invalid="ignore"):
            while self.t < epochs and not self.diverged:
                loss, _ = mlp_loss_and_gradients(params, self.F_train, self.y_train, self.activation, out=grads)
                if not math.isfinite(loss):
                    self.diverged = True
                    break
                self.t += 1
                self.loss_train.append(loss)
                if has_val:
                    self.loss_val.append(_bce_from_logits(mlp_forward(params, self.F_val, self.activation)[1],
                                                          self.y_val))
                scale = self.learning_rate * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
                g = self.grad
                self.m *= b1
                self.m += (1 - b1) * g
                g2 = (1 - b2) * g
                g2 *= g
                self.v *= b2
                self.v += g2
                step = scale * self.m
                step /= np.sqrt(self.v) + self.EPS
                self.theta -= step

    def result(self) -> dict:
        """El diccionario de :func:`train_mlp` con el estado actual (pesos copiados)."""
        params = [(W.copy(), b.copy()) for W, b in self.params]
        diverged = self.diverged
        if not diverged:  # la pérdida con los pesos finales (tras el último paso)
            with np.errstate(over="ignore", invalid="ignore"):
                final = _bce_from_logits(mlp_forward(params, self.F_train, self.activation)[1], self.y_train)
            diverged = not math.isfinite(final)
        return {"params": params, "loss_train": np.array(self.loss_train), "loss_val": np.array(self.loss_val),
                "diverged": diverged, "activation": self.activation}

    def snapshot(self) -> tuple:
        return (self.t, self.diverged, self.theta.copy(), self.m.copy(), self.v.copy(),
                list(self.loss_train), list(self.loss_val))

    def restore(self, snapshot: tuple) -> None:
        t, diverged, theta, m, v, loss_train, loss_val = snapshot
        self.t, self.diverged = t, diverged
        self.theta[:], self.m[:], self.v[:] = theta, m, v
        self.loss_train, self.loss_val = list(loss_train), list(loss_val)


def _checked_training(F_train, y_train, hidden, activation, learning_rate, epochs, seed, F_val, y_val) -> tuple:
    """Las entradas de :func:`train_mlp` comprobadas y la red inicial: ``(_AdamRun, épocas)``."""
    F_train = _feature_matrix(F_train, "F_train")
    y_train = labels(y_train, len(F_train), "y_train").astype(np.float64)
    activation = choice(activation, ACTIVATIONS, "La activación")
    learning_rate = checks.number(learning_rate, "La tasa de aprendizaje", 0.0, MAX_LEARNING_RATE, open_low=True)
    epochs = checks.integer(epochs, "El número de épocas", 1, MAX_EPOCHS)
    if F_val is not None and y_val is not None:
        F_val = np.asarray(F_val, dtype=np.float64)
        if F_val.ndim != 2 or F_val.shape[1] != F_train.shape[1]:
            raise ValueError(
                f"F_val debe tener las mismas columnas que F_train ({F_train.shape[1]}); su forma es {F_val.shape}."
            )
        y_val = labels(y_val, len(F_val), "y_val").astype(np.float64)
    else:
        F_val = y_val = None
    params = init_mlp(F_train.shape[1], hidden, seed)
    return _AdamRun(params, F_train, y_train, activation, learning_rate, F_val, y_val), epochs


def train_mlp(
    F_train,
    y_train,
    hidden: Sequence[int] = (4,),
    activation: str = "tanh",
    learning_rate: float = 0.03,
    epochs: int = 300,
    seed: int = 0,
    F_val=None,
    y_val=None,
) -> dict:
    """Entrena una red densa con salida sigmoide por descenso del gradiente (optimizador Adam).

    Cada época es **un** paso con todos los ejemplos (lote completo). Con ``hidden=()`` no hay
    capas ocultas y la red es una regresión logística. Devuelve un diccionario con
    ``params``, ``loss_train`` y ``loss_val`` (una pérdida por época; la de validación solo si
    se pasan ``F_val`` e ``y_val``) y ``diverged`` (``True`` si la pérdida dejó de ser un número).
    """
    run, epochs = _checked_training(F_train, y_train, hidden, activation, learning_rate, epochs, seed, F_val, y_val)
    run.run(epochs)
    return run.result()


class TrainingCache:
    """Entrenamientos del patio de juegos ya hechos, para no repetirlos (lo usa su explorador).

    Para cada red y datos (todo menos las épocas) guarda el estado del entrenamiento cada
    ``every`` épocas. Pedir menos épocas continúa desde la copia anterior más cercana; pedir
    más, desde la última. Como el entrenamiento es determinista (lote completo, misma semilla),
    el resultado es **el mismo** que entrenando desde cero. Guarda las ``size`` redes más recientes.
    """

    def __init__(self, every: int = 50, size: int = 24):
        self.every, self.size = every, size
        self._runs: dict = {}
        self.hits = 0   #: entrenamientos que se pudieron continuar desde una copia guardada

    def train(self, key, epochs: int, *args) -> dict:
        """Lo mismo que ``train_mlp(*args[:5], epochs, *args[5:])`` (``args`` sin las épocas)."""
        F_train, y_train, hidden, activation, learning_rate, seed, F_val, y_val = args
        entry = self._runs.pop(key, None)
        if entry is None:
            run, epochs = _checked_training(F_train, y_train, hidden, activation, learning_rate, epochs, seed,
                                            F_val, y_val)
            entry = (run, {0: run.snapshot()})
        else:
            epochs = checks.integer(epochs, "El número de épocas", 1, MAX_EPOCHS)
            self.hits += 1
        self._runs[key] = entry                       # la más reciente, al final
        while len(self._runs) > self.size:
            self._runs.pop(next(iter(self._runs)))
        run, saved = entry
        start = max(t for t in saved if t <= epochs)
        if start != run.t:
            run.restore(saved[start])
        for stop in range(start - start % self.every + self.every, epochs + 1, self.every):
            run.run(stop)
            if run.t < stop:                          # la pérdida se ha disparado
                break
            saved.setdefault(stop, run.snapshot())
        run.run(epochs)
        return run.result()


# --------------------------------------------------------------------------- el patio de juegos


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
    cache: TrainingCache | None = None,
) -> dict:
    """Cálculo del patio de juegos: genera los datos, entrena la red y evalúa la frontera.

    Un 75 % de los ``n_points`` puntos se usa para entrenar y un 25 % para **validar** (elegir
    la red). La red tiene ``hidden_layers`` capas ocultas de ``neurons`` neuronas (0 capas =
    regresión logística) y recibe las características hechas a mano ``features``. Devuelve un
    diccionario con los datos (``X_train``, ``X_val``…), la probabilidad de la clase 1 en una
    rejilla del plano (``probability``), lo que recibe la neurona de salida en cada punto de la
    rejilla (``input_maps``: las características o las neuronas de la última capa oculta) con
    sus pesos, las curvas de pérdida (``loss_train``, ``loss_val``) y las exactitudes
    (``accuracy_train``, ``accuracy_val``).

    Con ``cache`` (un :class:`TrainingCache`, el del explorador) no se repite un entrenamiento
    ya hecho: al cambiar solo las épocas se continúa desde una copia guardada (mismo resultado).
    """
    dataset = choice(dataset, DATASETS, "El conjunto de datos")
    hidden_layers = checks.integer(hidden_layers, "El número de capas ocultas", 0, MAX_LAYERS)
    neurons = checks.integer(neurons, "El número de neuronas por capa", 1, MAX_NEURONS)
    activation = choice(activation, ACTIVATIONS, "La activación")
    names = feature_list(features)
    n_points = checks.integer(n_points, "El número de puntos", 20, 5000)
    with _single_thread_blas():
        return _train_playground(dataset, noise, hidden_layers, neurons, activation, learning_rate, names,
                                 epochs, n_points, seed, resolution, cache)


#: Valores iniciales de los controles del patio de juegos (los de la firma de :func:`train_playground`).
DEFAULTS = MappingProxyType({
    name: parameter.default
    for name, parameter in inspect.signature(train_playground).parameters.items()
    if name in ("dataset", "noise", "hidden_layers", "neurons", "activation", "learning_rate", "features", "epochs")
})


def _single_thread_blas():
    """Un solo hilo de BLAS mientras dura el bloque.

    Con matrices tan pequeñas, repartir cada producto entre varios hilos no acelera nada, y si
    la CPU está ocupada (el navegador, otros programas) los hilos que se esperan unos a otros lo
    hacen hasta cien veces más lento. Las bibliotecas se buscan una sola vez (buscarlas cuesta
    unos milisegundos en cada cambio de un control).
    """
    global _BLAS_CONTROLLER
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # threadpoolctl llega con scikit-learn; sin él, como siempre
        return contextlib.nullcontext()
    if _BLAS_CONTROLLER is None:
        _BLAS_CONTROLLER = ThreadpoolController()
    return _BLAS_CONTROLLER.limit(limits=1, user_api="blas")


_BLAS_CONTROLLER = None


def _train_playground(dataset, noise, hidden_layers, neurons, activation, learning_rate, names, epochs, n_points,
                      seed, resolution, cache) -> dict:
    X, y = make_dataset(dataset, n_points, noise, seed)
    X_train, X_val, y_train, y_val = split(X, y, VALIDATION_FRACTION)
    hidden = (neurons,) * hidden_layers
    args = (make_features(X_train, names), y_train, hidden, activation, learning_rate, seed,
            make_features(X_val, names), y_val)
    if cache is None:
        trained = train_mlp(*args[:5], epochs, *args[5:])
    else:
        key = (dataset, float(noise), n_points, seed, hidden, activation, float(learning_rate), names)
        trained = cache.train(key, epochs, *args)
    params = trained["params"]
    extent = max(1.5, float(np.abs(X).max()) + 0.1)
    ticks, grid = plane_grid(extent, resolution)
    with np.errstate(over="ignore", invalid="ignore"):
        layers, logits, _ = mlp_forward(params, make_features(grid, names), activation)
        p_train = mlp_predict_proba(params, make_features(X_train, names), activation)
        p_val = mlp_predict_proba(params, make_features(X_val, names), activation)
    last = layers[-1]
    if hidden:
        map_labels = [f"neurona {j + 1}" for j in range(last.shape[1])]
    else:
        map_labels = [FEATURES[name] for name in names]
    return {
        "dataset": dataset, "noise": float(noise), "hidden": hidden, "activation": activation,
        "learning_rate": float(learning_rate), "features": names, "epochs": int(epochs), "seed": seed,
        "X_train": X_train, "y_train": y_train, "X_val": X_val, "y_val": y_val,
        "extent": extent, "ticks": ticks,
        "probability": sigmoid(logits).reshape(resolution, resolution),
        "input_maps": last.T.reshape(-1, resolution, resolution),
        "map_labels": map_labels,
        "output_weights": params[-1][0][:, 0].copy(),
        "output_bias": float(params[-1][1][0]),
        "loss_train": trained["loss_train"], "loss_val": trained["loss_val"],
        "accuracy_train": float(np.mean((p_train >= 0.5) == y_train)),
        "accuracy_val": float(np.mean((p_val >= 0.5) == y_val)),
        "n_parameters": count_parameters(params),
        "diverged": bool(trained["diverged"]),
    }
