"""Cálculo de la lección 04 (funciones de activación), sin figuras ni controles.

La **única** implementación de la biblioteca de las activaciones y sus derivadas en NumPy, la
que usan las figuras y el explorador del notebook 04 y los ayudantes de las lecciones 01 y 03:

* :func:`linear`, :func:`sigmoid`, :func:`tanh`, :func:`relu`, :func:`leaky_relu`, :func:`gelu`
  y sus ``*_derivative``, reunidas en la tabla :data:`ACTIVATIONS` (objetos :class:`Activation`
  con ``.function`` y ``.derivative``) y accesibles por nombre con :func:`get` y :func:`names`;
* :func:`softmax` estable (resta el máximo) y :func:`naive_softmax`, la que se desborda;
* :func:`saturation_mask`: dónde la derivada es casi nula;
* :func:`grid_transform`: una rejilla del plano a través de una pila de capas, para la figura;
* :func:`neuron_response`: el cálculo del explorador de una neurona ``y = f(w·x + b)``, con las
  funciones de la biblioteca o con las que escribe el notebook (:func:`resolve_functions`);
* :func:`gradient_ratio`: cociente entre el gradiente de la 1.ª capa y el de la última.

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


# --------------------------------------------------------------------------- pilas de capas (figura de la rejilla)


def _forward(x: np.ndarray, layers, act: Activation) -> np.ndarray:
    """Aplica las capas ``(W, b)`` a ``x`` con ``act`` tras cada capa oculta (la última, sin activación).

    El notebook escribe este bucle en una celda; aquí solo lo usa :func:`grid_transform`.
    """
    h = x
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
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
    lines_out = [_forward(line, layers, act) for line in lines_in]
    return {"activation": act.key, "label": act.label, "depth": depth, "lines_in": lines_in,
            "lines_out": lines_out, "n_lines": n_lines}


# --------------------------------------------------------------------------- una neurona y = f(w·x + b)

#: Estados de una neurona que da :func:`neuron_response` (claves en inglés; el texto, en explorers).
NEURON_STATES = ("dead", "saturated", "constant", "partial", "active")


def _checked_pair(key: str, pair) -> tuple[Callable, Callable]:
    """``(función, derivada)`` comprobadas para la activación ``key``, o ``ValueError`` en español."""
    try:
        fn, dfn = pair
    except (TypeError, ValueError):
        raise ValueError(
            f"Para la activación {key!r} pasa un par (función, derivada), p. ej. (sigmoid, sigmoid_derivative)."
        ) from None
    for what, f in (("la función", fn), ("la derivada", dfn)):
        if not callable(f):
            raise ValueError(f"En {key!r}, {what} debe ser una función de Python, y es {type(f).__name__}.")
    return fn, dfn


def resolve_functions(functions=None) -> dict[str, tuple[str, Callable, Callable]]:
    """``{clave: (nombre en español, función, derivada)}`` de las activaciones que se van a dibujar.

    Sin ``functions``, las de la tabla :data:`ACTIVATIONS`. Con ``functions`` (un diccionario
    ``{"sigmoid": (sigmoid, sigmoid_derivative), ...}``, p. ej. las funciones escritas en el
    notebook), esas, con el nombre de la tabla si la clave es de Keras.
    """
    if functions is None:
        return {a.key: (a.label, a.function, a.derivative) for a in ACTIVATIONS.values()}
    if not isinstance(functions, dict) or not functions:
        raise ValueError("functions debe ser un diccionario no vacío {nombre: (función, derivada)}.")
    out = {}
    for key, pair in functions.items():
        if not isinstance(key, str):
            raise ValueError(f"Los nombres de functions deben ser textos como 'relu', no {key!r}.")
        fn, dfn = _checked_pair(key, pair)
        label = ACTIVATIONS[key].label if key in ACTIVATIONS else key
        out[key] = (label, fn, dfn)
    return out


def _evaluate_user(fn, z: np.ndarray, what: str) -> np.ndarray:
    """``fn(z)`` como array de la forma de ``z``, o ``ValueError`` en español."""
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(fn(z), dtype=np.float64)
    except Exception as exc:  # noqa: BLE001 - el estudiante ve la razón en español
        raise ValueError(f"{what} falla con un array de NumPy ({type(exc).__name__}: {exc}).") from None
    if out.shape != z.shape:
        raise ValueError(f"{what} debe devolver un valor por entrada: con forma {z.shape} devuelve {out.shape}.")
    return out


def neuron_response(activation="sigmoid", weight: float = 1.0, bias: float = 0.0,
                    x_extent: float = 4.0, n_points: int = 401, functions=None) -> dict:
    """Cálculo del explorador: una neurona ``y = f(w·x + b)`` para ``x`` entre ``−x_extent`` y ``x_extent``.

    ``functions`` (opcional) da las activaciones a usar, ``{clave: (función, derivada)}``; sin
    él, las de la biblioteca. Devuelve un diccionario con ``x``, la entrada neta ``z = w·x + b``,
    la salida ``y``, la derivada ``dy = f'(z)`` (el factor por el que se multiplica el gradiente
    al atravesar la neurona), la referencia ``f(x)`` (``w = 1``, ``b = 0``), las máscaras
    ``saturated`` (derivada casi nula) y ``dead`` (derivada exactamente 0), sus fracciones, el
    recorrido de la salida y un diagnóstico ``state`` (uno de :data:`NEURON_STATES`).
    """
    table = resolve_functions(functions)
    if activation not in table:
        raise ValueError(f"No hay activación {activation!r}; las disponibles son: {', '.join(table)}.")
    label, fn, dfn = table[activation]
    weight = checks.number(weight, "El peso w")
    bias = checks.number(bias, "El sesgo b")
    x_extent = checks.number(x_extent, "x_extent (la mitad del intervalo de entradas)", 0, open_low=True)
    n_points = checks.integer(n_points, "n_points (el número de puntos)", 2, 100_000)
    x = np.linspace(-x_extent, x_extent, n_points)
    z = weight * x + bias
    y = _evaluate_user(fn, z, f"La función {activation}")
    dy = _evaluate_user(dfn, z, f"La derivada de {activation}")
    max_derivative = float(np.max(np.abs(_evaluate_user(dfn, np.linspace(-10.0, 10.0, 2001),
                                                        f"La derivada de {activation}"))))
    saturated = np.abs(dy) < SATURATION_THRESHOLD * max_derivative
    dead = dy == 0
    frac_saturated = float(saturated.mean())
    frac_dead = float(dead.mean())
    if frac_dead == 1.0:
        state = "dead"
    elif frac_saturated == 1.0:
        state = "saturated"
    elif weight == 0.0:
        state = "constant"
    elif frac_saturated > 0.0:
        state = "partial"
    else:
        state = "active"
    return {
        "activation": activation, "label": label, "weight": weight, "bias": bias,
        "x_range": (-x_extent, x_extent), "x": x, "z": z, "y": y, "dy": dy,
        "reference": _evaluate_user(fn, x, f"La función {activation}"),
        "saturated": saturated, "dead": dead, "frac_saturated": frac_saturated, "frac_dead": frac_dead,
        "y_min": float(y.min()), "y_max": float(y.max()), "max_derivative": max_derivative,
        "state": state,
    }


def gradient_ratio(norms) -> float:
    """Cociente entre la norma del gradiente de la 1.ª capa y la de la última (``inf`` si la última es 0)."""
    values = np.asarray(norms, dtype=float)
    if values.ndim != 1 or values.size < 2 or np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ValueError("Las normas deben ser un vector de números no negativos, al menos dos (una por capa).")
    return float(values[0] / values[-1]) if values[-1] > 0 else float("inf")
