"""Cálculo de la lección 04 (funciones de activación), sin figuras ni controles.

La **única** implementación de la biblioteca de las activaciones y sus derivadas en NumPy, la
que usan las figuras y el explorador del notebook 04 y los ayudantes de las lecciones 01 y 03:

* :func:`linear`, :func:`sigmoid`, :func:`tanh`, :func:`relu`, :func:`leaky_relu`, :func:`gelu`
  y sus ``*_derivative``, reunidas en la tabla :data:`ACTIVATIONS` (objetos :class:`Activation`
  con ``.function`` y ``.derivative``) y accesibles por nombre con :func:`get` y :func:`names`;
* :func:`softmax` estable (resta el máximo) y :func:`naive_softmax`, la que se desborda;
* :func:`saturation_mask`: dónde la derivada es casi nula;
* pilas de capas lineales: :func:`collapse_linear`, :func:`forward`, :func:`grid_transform`.

El notebook escribe sus propias versiones de estas funciones en celdas visibles y las compara
con ``keras.activations`` y ``tf.GradientTape``; este módulo no importa matplotlib.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from course_lib import checks

#: Una derivada se considera «casi nula» (neurona saturada) por debajo de esta fracción de su máximo.
SATURATION_THRESHOLD = 0.05

#: Pendiente de la parte negativa de la leaky ReLU (la de ``keras.activations.leaky_relu``).
LEAKY_SLOPE = 0.2

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

try:  # scipy viene con scikit-learn; sin él, math.erf elemento a elemento (más lento, mismo valor)
    from scipy.special import erf as _erf
except ImportError:  # pragma: no cover - solo sin scipy
    _erf = np.vectorize(math.erf, otypes=[float])


# --------------------------------------------------------------------------- entradas


def _as_array(x, what: str = "x") -> np.ndarray:
    """``x`` como array de ``float64`` (acepta números, listas y arrays), o un error en español."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{what} debe ser un número o un array de números, no el texto {x!r}.")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{what} debe ser un número o un array de números; {type(x).__name__} no se puede convertir ({exc})."
        ) from None
    return arr


# --------------------------------------------------------------------------- las funciones


def linear(x):
    """Identidad, ``f(x) = x``: la «activación» de una capa sin activación (``activation=None``)."""
    return _as_array(x).copy()


def linear_derivative(x):
    """Derivada de la identidad: 1 en todas partes."""
    return np.ones_like(_as_array(x))


def sigmoid(x):
    """Sigmoide, ``σ(x) = 1 / (1 + e^(-x))``: de ``(-∞, ∞)`` a ``(0, 1)``.

    Se calcula como ``exp(-log(1 + e^(-x)))`` para no desbordarse con ``x`` muy negativos.
    """
    x = _as_array(x)
    return np.exp(-np.logaddexp(0.0, -x))


def sigmoid_derivative(x):
    """Derivada de la sigmoide: ``σ'(x) = σ(x)·(1 − σ(x))``, como mucho 0.25 (en ``x = 0``)."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Tangente hiperbólica: de ``(-∞, ∞)`` a ``(-1, 1)``, centrada en 0."""
    return np.tanh(_as_array(x))


def tanh_derivative(x):
    """Derivada de tanh: ``1 − tanh(x)²``, como mucho 1 (en ``x = 0``)."""
    t = np.tanh(_as_array(x))
    return 1.0 - t * t


def relu(x):
    """ReLU (*rectified linear unit*), ``max(0, x)``."""
    return np.maximum(_as_array(x), 0.0)


def relu_derivative(x):
    """Derivada de ReLU: 1 si ``x > 0`` y 0 si ``x ≤ 0`` (en 0 se toma 0, como TensorFlow)."""
    return (_as_array(x) > 0).astype(np.float64)


def leaky_relu(x, negative_slope: float = LEAKY_SLOPE):
    """Leaky ReLU: ``x`` si ``x > 0`` y ``negative_slope·x`` si no (Keras usa 0.2)."""
    x = _as_array(x)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_derivative(x, negative_slope: float = LEAKY_SLOPE):
    """Derivada de leaky ReLU: 1 si ``x > 0`` y ``negative_slope`` si no: nunca es 0."""
    x = _as_array(x)
    return np.where(x > 0, 1.0, negative_slope)


def gelu(x):
    """GELU (exacta, la de Keras por defecto): ``x·Φ(x)``, con ``Φ`` la función de distribución normal."""
    x = _as_array(x)
    return 0.5 * x * (1.0 + _erf(x / _SQRT2))


def gelu_derivative(x):
    """Derivada de GELU: ``Φ(x) + x·φ(x)``, con ``φ`` la densidad normal."""
    x = _as_array(x)
    cdf = 0.5 * (1.0 + _erf(x / _SQRT2))
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * x * x)
    return cdf + x * pdf


def softmax(z, axis: int = -1):
    """Softmax **estable**: convierte puntuaciones (*logits*) en probabilidades que suman 1.

    ``softmax(z)_i = e^(z_i) / Σ_j e^(z_j)``, calculado restando antes el máximo de ``z``
    (el resultado es el mismo, porque ``e^(z_i − m) / Σ e^(z_j − m)`` simplifica ``e^(−m)``),
    para que ninguna exponencial se desborde. ``axis`` es el eje de las clases: con un lote
    ``(n, clases)``, cada fila suma 1.
    """
    z = _as_array(z, "z")
    if z.ndim == 0:
        raise ValueError("softmax necesita un vector de puntuaciones (una por clase), no un solo número.")
    if z.size == 0:
        raise ValueError("softmax necesita al menos una puntuación: el array está vacío.")
    if not np.all(np.isfinite(z)):
        raise ValueError("Las puntuaciones de softmax deben ser números finitos (hay nan o infinito).")
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def naive_softmax(z, axis: int = -1):
    """Softmax **ingenua**, sin restar el máximo: se desborda con puntuaciones grandes.

    Solo para comparar: con ``z = [1000, 1001, 1002]`` devuelve ``nan`` (``e^1000`` es infinito
    en coma flotante y ``∞/∞`` no es un número). No emite avisos de NumPy.
    """
    z = _as_array(z, "z")
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """Una función de activación de la tabla :data:`ACTIVATIONS`."""

    key: str                      #: nombre en Keras ("sigmoid", "relu"...)
    label: str                    #: nombre en español para figuras y textos
    function: Callable[[Any], np.ndarray]
    derivative: Callable[[Any], np.ndarray]
    output_range: str             #: recorrido de la función, en texto
    formula: str                  #: fórmula en texto
    max_derivative: float         #: máximo de |f'|

    def __call__(self, x):
        return self.function(x)


def _max_abs_derivative(derivative_fn) -> float:
    grid = np.linspace(-10.0, 10.0, 20001)
    return float(np.max(np.abs(derivative_fn(grid))))


def _make(key, label, fn, dfn, output_range, formula) -> Activation:
    return Activation(key, label, fn, dfn, output_range, formula, _max_abs_derivative(dfn))


#: Las activaciones elemento a elemento del curso, por su nombre en Keras.
ACTIVATIONS: dict[str, Activation] = {
    a.key: a
    for a in (
        _make("linear", "lineal (sin activación)", linear, linear_derivative, "(−∞, ∞)", "f(x) = x"),
        _make("sigmoid", "sigmoide", sigmoid, sigmoid_derivative, "(0, 1)", "σ(x) = 1 / (1 + e^(−x))"),
        _make("tanh", "tanh", tanh, tanh_derivative, "(−1, 1)", "tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))"),
        _make("relu", "ReLU", relu, relu_derivative, "[0, ∞)", "ReLU(x) = max(0, x)"),
        _make("leaky_relu", "leaky ReLU", leaky_relu, leaky_relu_derivative, "(−∞, ∞)",
              f"x si x > 0; {LEAKY_SLOPE}·x si no"),
        _make("gelu", "GELU", gelu, gelu_derivative, "[−0.17, ∞)", "GELU(x) = x·Φ(x)"),
    )
}

#: Nombres en español (y variantes habituales) que también acepta :func:`get`.
_ALIASES = {
    "lineal": "linear", "identidad": "linear", "none": "linear",
    "sigmoide": "sigmoid", "logistica": "sigmoid", "logística": "sigmoid",
    "tangente hiperbólica": "tanh", "tangente hiperbolica": "tanh",
    "leaky relu": "leaky_relu", "leakyrelu": "leaky_relu",
}


def names() -> list[str]:
    """Los nombres (de Keras) de las activaciones elemento a elemento del curso."""
    return list(ACTIVATIONS)


def get(name) -> Activation:
    """La :class:`Activation` llamada ``name`` (nombre de Keras o en español, sin distinguir mayúsculas).

    Softmax no está en la tabla porque no actúa elemento a elemento (cada salida depende de
    todas las puntuaciones): usa :func:`softmax`.
    """
    if isinstance(name, Activation):
        return name
    if name is None:
        return ACTIVATIONS["linear"]
    if not isinstance(name, str):
        raise ValueError(f"El nombre de la activación debe ser un texto como 'relu', no {name!r}.")
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key in ACTIVATIONS:
        return ACTIVATIONS[key]
    if key == "softmax":
        raise ValueError(
            "softmax no actúa elemento a elemento (cada salida depende de todas las puntuaciones): "
            "usa activations.softmax(z) con un vector de puntuaciones."
        )
    options = ", ".join(f"'{k}'" for k in ACTIVATIONS)
    close = difflib.get_close_matches(key, list(ACTIVATIONS) + list(_ALIASES), n=1, cutoff=0.6)
    suggestion = f" ¿Querías decir '{_ALIASES.get(close[0], close[0])}'?" if close else ""
    raise ValueError(f"No conozco la activación {name!r}. Elige una de: {options}.{suggestion}")


def evaluate(name, x):
    """Aplica la activación ``name`` a ``x`` (número o array)."""
    return get(name).function(x)


def derivative(name, x):
    """Derivada de la activación ``name`` en ``x`` (número o array)."""
    return get(name).derivative(x)


def saturation_mask(name, z, threshold: float = SATURATION_THRESHOLD) -> np.ndarray:
    """``True`` donde la derivada de ``name`` en ``z`` es casi nula (``|f'(z)| < threshold·máx|f'|``).

    Ahí la neurona está **saturada** (sigmoide, tanh) o **apagada** (ReLU con ``z ≤ 0``): el
    gradiente que la atraviesa se multiplica por casi 0 y sus pesos apenas cambian.
    """
    if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise ValueError(f"threshold es una fracción de la derivada máxima: un número entre 0 y 1, no {threshold!r}.")
    act = get(name)
    return np.abs(act.derivative(z)) < threshold * act.max_derivative


# --------------------------------------------------------------------------- pilas lineales


def _as_layers(layers) -> list[tuple[np.ndarray, np.ndarray]]:
    """Lista de ``(W, b)`` comprobada: ``W`` de forma ``(entradas, salidas)`` y ``b`` de ``(salidas,)``."""
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise ValueError("layers debe ser una lista de pares (W, b), p. ej. [capa.get_weights() for capa in model.layers].")
    out = []
    for i, pair in enumerate(layers, 1):
        try:
            w, b = pair
        except (TypeError, ValueError):
            raise ValueError(
                f"La capa {i} no es un par (W, b): cada elemento debe tener una matriz de pesos y un vector "
                "de sesgos, como devuelve capa.get_weights() en una capa Dense con sesgo."
            ) from None
        w, b = _as_array(w, f"W de la capa {i}"), _as_array(b, f"b de la capa {i}")
        if w.ndim != 2 or b.ndim != 1 or b.shape[0] != w.shape[1]:
            raise ValueError(
                f"En la capa {i}, W debe tener forma (entradas, salidas) y b forma (salidas,); "
                f"tienen formas {w.shape} y {b.shape}."
            )
        if out and out[-1][0].shape[1] != w.shape[0]:
            raise ValueError(
                f"Las capas {i - 1} y {i} no encajan: la capa {i - 1} da {out[-1][0].shape[1]} salidas y "
                f"la capa {i} espera {w.shape[0]} entradas."
            )
        out.append((w, b))
    if not out:
        raise ValueError("No hay capas: layers está vacío.")
    return out


def collapse_linear(layers) -> tuple[np.ndarray, np.ndarray]:
    """La capa única ``(W, b)`` equivalente a una pila de capas densas **sin activación**.

    Con la convención de Keras (``y = x @ W + b``), dos capas seguidas dan
    ``(x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2)``: otra capa lineal. Repetido
    capa a capa, cualquier pila se reduce a una sola. ``layers`` es una lista de pares
    ``(W, b)``, por ejemplo ``[capa.get_weights() for capa in model.layers]``.
    """
    pairs = _as_layers(layers)
    w_total, b_total = pairs[0]
    for w, b in pairs[1:]:
        w_total, b_total = w_total @ w, b_total @ w + b
    return w_total, b_total


def forward(x, layers, activation="linear") -> np.ndarray:
    """Aplica la pila ``layers`` (pares ``(W, b)``) a ``x``, con ``activation`` tras cada capa oculta.

    La última capa no lleva activación (como una capa de salida lineal). Con
    ``activation="linear"`` el resultado es exactamente ``x @ W + b`` con los ``(W, b)`` de
    :func:`collapse_linear`.
    """
    pairs = _as_layers(layers)
    act = get(activation)
    h = _as_array(x)
    if h.ndim != 2 or h.shape[1] != pairs[0][0].shape[0]:
        raise ValueError(
            f"x debe tener forma (ejemplos, {pairs[0][0].shape[0]}) para la primera capa, y tiene forma {h.shape}."
        )
    for i, (w, b) in enumerate(pairs):
        h = h @ w + b
        if i < len(pairs) - 1:
            h = act.function(h)
    return h


def grid_transform(activation="linear", depth: int = 3, width: int = 8, seed: int = 0,
                   n_lines: int = 11, extent: float = 1.0, scale: float = 1.5) -> dict:
    """Lleva una rejilla del plano a través de una pila aleatoria 2 → ``width`` → … → 2.

    Las capas ocultas usan ``activation``; los pesos son aleatorios (normal de desviación
    ``scale/√entradas``) pero **los mismos** para cualquier activación con la misma ``seed``, así que
    se pueden comparar. Sin activación, las rectas de la rejilla siguen siendo rectas y paralelas
    (la pila es una sola transformación lineal); con una no linealidad, se curvan y se pliegan.

    Devuelve ``{"activation", "label", "lines_in", "lines_out"}``: listas de arrays ``(puntos, 2)``.
    """
    act = get(activation)
    depth = checks.integer(depth, "depth (el número de capas)", 1, 50)
    width = checks.integer(width, "width (las neuronas por capa oculta)", 1, 512)
    n_lines = checks.integer(n_lines, "n_lines (el número de rectas por dirección)", 1, 101)
    extent = checks.number(extent, "extent (la mitad del lado de la rejilla)", 0, open_low=True)
    scale = checks.number(scale, "scale (la escala de los pesos)")
    rng = np.random.default_rng(seed)
    sizes = [2] + [width] * (depth - 1) + [2] if depth > 1 else [2, 2]
    layers = [(rng.normal(0.0, scale / math.sqrt(n_in), (n_in, n_out)), rng.normal(0.0, 0.3, n_out))
              for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    ticks = np.linspace(-extent, extent, n_lines)
    t = np.linspace(-extent, extent, 200)
    lines_in = [np.column_stack([t, np.full_like(t, c)]) for c in ticks]
    lines_in += [np.column_stack([np.full_like(t, c), t]) for c in ticks]
    lines_out = [forward(line, layers, act) for line in lines_in]
    return {"activation": act.key, "label": act.label, "depth": depth, "lines_in": lines_in,
            "lines_out": lines_out, "n_lines": n_lines}
