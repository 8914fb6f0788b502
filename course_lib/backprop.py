"""Retropropagación: la regla de la cadena nodo a nodo, una red pequeña escrita a mano en NumPy,
la comprobación de sus gradientes y un explorador que recorre paso a paso la propagación hacia
delante y la retropropagación.

Contenido (notebook 03):

* **Grafo computacional de una neurona** (:func:`neuron_example`): ``u₁ = w₁·x₁``,
  ``u₂ = w₂·x₂``, ``z = u₁ + u₂ + b``, ``a = σ(z)``, ``L = ½(a − y)²``, con los valores hacia
  delante y los gradientes hacia atrás de cada nodo; :func:`format_example` lo escribe como
  tabla y :func:`draw_computational_graph` lo dibuja.
* **Red densa en NumPy** con una capa oculta (``tanh`` o sigmoide) y una salida sigmoide, con
  pérdida de entropía cruzada binaria: :func:`init_params`, :func:`forward`,
  :func:`backward` (la retropropagación, escrita a mano), :func:`gradient_descent_step` (el
  optimizador), :func:`train`.
* **Comprobación de gradientes**: :func:`numerical_gradient` (diferencias finitas centradas),
  :func:`to_keras` (la misma red en Keras, para ``tf.GradientTape``), :func:`relative_errors`
  y :func:`format_gradient_check`.
* **Explorador paso a paso** (:func:`step_explorer`): cálculo puro :func:`network_step`, dibujo
  :func:`draw_network_step` y resumen :func:`summarize_network_step`.

Convención de las matrices (la misma que Keras): los ejemplos van en filas, ``X`` tiene forma
``(n, entradas)``, ``W1`` tiene forma ``(entradas, ocultas)`` y ``W2`` ``(ocultas, salidas)``.
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from course_lib import checks, gradient
from course_lib.activations import sigmoid  # la misma sigmoide estable del notebook 04

PARAM_NAMES = ("W1", "b1", "W2", "b2")
ACTIVATIONS = ("tanh", "sigmoid")
INIT_SCHEMES = ("aleatoria", "ceros", "constante")

_VALUE_COLOR = "#1f4e9c"
_GRAD_COLOR = "#b00020"
_UPDATE_COLOR = "#1b7f3b"
_ACTIVE_EDGE = "#e69500"
_ACTIVE_FILL = "#fff4d6"
_IDLE_FILL = "#f4f6fa"
_UNKNOWN_COLOR = "#9a9a9a"


# ============================================================================ utilidades


def _fmt(value: float, digits: int = 4) -> str:
    """Número corto para tablas: hasta ``digits`` decimales, sin ceros sobrantes (``0.5``, ``-0.125``)."""
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else ("-∞" if value < 0 else "nan")
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _paren(value: float, digits: int = 4) -> str:
    """Número para una fórmula: entre paréntesis si es negativo, ``(-1)``."""
    text = _fmt(value, digits)
    return f"({text})" if text.startswith("-") else text


def _num(value: float, digits: int = 3) -> str:
    """Número con decimales fijos para figuras y resúmenes (``0.462``, ``-0.031``)."""
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _pnum(value: float, digits: int = 3) -> str:
    """Como :func:`_num`, entre paréntesis si es negativo (para fórmulas: ``0.5·(-0.093)``)."""
    text = _num(value, digits)
    return f"({text})" if text.startswith("-") else text


# ============================================================================ 1. grafo de una neurona

#: Nodos del grafo de una neurona: nombre, etiqueta, operación, padres, posición en la figura.
_NEURON_GRAPH = [
    ("w1", "w₁", "input", (), (0.0, 4.3)),
    ("x1", "x₁", "input", (), (0.0, 2.95)),
    ("w2", "w₂", "input", (), (0.0, 1.35)),
    ("x2", "x₂", "input", (), (0.0, 0.0)),
    ("b", "b", "input", (), (2.9, -1.25)),
    ("u1", "u₁", "mul", ("w1", "x1"), (2.9, 3.6)),
    ("u2", "u₂", "mul", ("w2", "x2"), (2.9, 0.7)),
    ("z", "z", "add", ("u1", "u2", "b"), (5.8, 1.7)),
    ("a", "a", "sigmoid", ("z",), (8.5, 1.7)),
    ("y", "y", "target", (), (11.2, -0.45)),
    ("L", "L", "half_sq_error", ("a", "y"), (11.2, 1.7)),
]

_OP_SYMBOLS = {"mul": "×", "add": "+", "sigmoid": "σ", "half_sq_error": "½(a − y)²"}


def _forward_op(op: str, args: list[float]) -> float:
    if op == "mul":
        return args[0] * args[1]
    if op == "add":
        return float(sum(args))
    if op == "sigmoid":
        return float(sigmoid(args[0]))
    if op == "half_sq_error":
        return 0.5 * (args[0] - args[1]) ** 2
    raise ValueError(f"Operación desconocida: {op!r}.")


def _local_derivative(op: str, position: int, labels: list[str], args: list[float], out: float,
                      out_label: str) -> tuple[str, float]:
    """Derivada local ``∂(nodo)/∂(padre)``: su fórmula en texto y su valor."""
    if op == "mul":
        other = 1 - position
        return labels[other], args[other]
    if op == "add":
        return "1", 1.0
    if op == "sigmoid":
        return f"σ'({labels[0]})", out * (1 - out)
    if op == "half_sq_error":
        sign = 1.0 if position == 0 else -1.0
        return (f"{labels[0]} − {labels[1]}" if position == 0 else f"−({labels[0]} − {labels[1]})"), sign * (args[0] - args[1])
    raise ValueError(f"Operación desconocida: {op!r}.")


def _forward_text(op: str, label: str, labels: list[str], args: list[float], out: float) -> tuple[str, str]:
    """Fórmula de un nodo hacia delante: en símbolos y con los números."""
    if op == "mul":
        return f"{label} = {labels[0]}·{labels[1]}", f"{_paren(args[0])}·{_paren(args[1])}"
    if op == "add":
        return f"{label} = " + " + ".join(labels), " + ".join(_paren(a) for a in args)
    if op == "sigmoid":
        return f"{label} = σ({labels[0]})", f"σ({_fmt(args[0])})"
    if op == "half_sq_error":
        return f"{label} = ½({labels[0]} − {labels[1]})²", f"½({_fmt(args[0])} − {_paren(args[1])})²"
    raise ValueError(f"Operación desconocida: {op!r}.")


def neuron_example(x1: float = 2.0, w1: float = 0.5, x2: float = -1.0, w2: float = 1.5,
                   b: float = 0.5, y: float = 1.0) -> dict:
    """Propagación hacia delante y retropropagación, nodo a nodo, en el grafo de una neurona.

    El grafo es ``u₁ = w₁·x₁``, ``u₂ = w₂·x₂``, ``z = u₁ + u₂ + b``, ``a = σ(z)`` y la pérdida
    ``L = ½(a − y)²``. Hacia delante se calcula el valor de cada nodo a partir de sus padres;
    hacia atrás, el gradiente ``∂L/∂nodo`` de cada nodo con la **regla de la cadena**:
    el gradiente que llega de su consumidor multiplicado por la derivada local (y sumando si
    el nodo alimenta a varios consumidores).

    Devuelve un diccionario con ``values`` y ``grads`` (nodo → número), ``forward`` y
    ``backward`` (filas ``(símbolos, números, valor)`` en el orden del cálculo), ``nodes``
    (la descripción del grafo) y ``inputs``. Ejemplo::

        ex = neuron_example()
        ex["values"]["a"], ex["grads"]["w1"]   # (0.5, -0.25)
    """
    inputs = {name: checks.number(value, name, advice="Por ejemplo 0.5.")
              for name, value in dict(x1=x1, w1=w1, x2=x2, w2=w2, b=b, y=y).items()}
    nodes = {name: {"name": name, "label": label, "op": op, "parents": parents, "pos": pos}
             for name, label, op, parents, pos in _NEURON_GRAPH}
    order = [n[0] for n in _NEURON_GRAPH]
    values: dict[str, float] = {}
    forward_rows = []
    for name in order:
        node = nodes[name]
        if node["op"] in ("input", "target"):
            values[name] = inputs[name]
            continue
        args = [values[p] for p in node["parents"]]
        labels = [nodes[p]["label"] for p in node["parents"]]
        values[name] = _forward_op(node["op"], args)
        symbols, numbers = _forward_text(node["op"], node["label"], labels, args, values[name])
        forward_rows.append((symbols, numbers, values[name]))

    consumers: dict[str, list[str]] = {name: [] for name in order}
    for name in order:
        for parent in nodes[name]["parents"]:
            consumers[parent].append(name)
    # Orden inverso: de la pérdida a las entradas; dentro de cada nivel, como se dibuja.
    backward_order = ["L", "a", "z", "b", "u1", "u2", "w1", "x1", "w2", "x2"]
    grads: dict[str, float] = {"L": 1.0}
    backward_rows = [("∂L/∂L = 1", "", 1.0)]
    for name in backward_order[1:]:
        node = nodes[name]
        symbolic, numeric, total = [], [], 0.0
        for consumer in consumers[name]:
            c = nodes[consumer]
            args = [values[p] for p in c["parents"]]
            labels = [nodes[p]["label"] for p in c["parents"]]
            position = c["parents"].index(name)
            local_text, local_value = _local_derivative(c["op"], position, labels, args, values[consumer], c["label"])
            total += grads[consumer] * local_value
            if consumer == "L":  # el gradiente de la pérdida es 1: basta con la derivada local
                symbolic.append(local_text)
                numeric.append(f"{_fmt(args[0])} − {_paren(args[1])}")
            else:
                symbolic.append(f"∂L/∂{c['label']} · {local_text}")
                numeric.append(f"{_paren(grads[consumer])} · {_paren(local_value)}")
        grads[name] = total
        backward_rows.append((f"∂L/∂{node['label']} = " + " + ".join(symbolic), " + ".join(numeric), total))
    return {"inputs": inputs, "nodes": [nodes[n] for n in order], "values": values, "grads": grads,
            "forward": forward_rows, "backward": backward_rows}


def format_example(example: dict) -> str:
    """Tabla en texto del ejemplo de :func:`neuron_example`: hacia delante y hacia atrás."""
    def block(rows):
        width = max(len(r[0]) for r in rows)
        num_width = max(len(r[1]) for r in rows)
        lines = []
        for symbols, numbers, value in rows:
            if numbers:
                lines.append(f"  {symbols:<{width}} = {numbers:<{num_width}} = {_fmt(value)}")
            else:
                lines.append(f"  {symbols}")
        return lines

    given = example["inputs"]
    head = ("Datos: " + ", ".join(f"{k[0]}{'₁' if k.endswith('1') else '₂' if k.endswith('2') else ''} = {_fmt(given[k])}"
                                  for k in ("x1", "x2", "w1", "w2", "b", "y")))
    return "\n".join(
        [head, "", "Propagación hacia delante (de las entradas a la pérdida):"] + block(example["forward"])
        + ["", "Retropropagación (de la pérdida hacia las entradas):"] + block(example["backward"])
    )


def _box(ax, xy, lines, colors, width, height, active=False, round_shape=True, fontsize=11):
    """Caja de un nodo con varias líneas de texto de colores."""
    x, y = xy
    style = "round,pad=0.02,rounding_size=0.25" if round_shape else "square,pad=0.02"
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle=style,
                                facecolor=_ACTIVE_FILL if active else _IDLE_FILL,
                                edgecolor=_ACTIVE_EDGE if active else "#555555",
                                linewidth=3.5 if active else 1.2, zorder=3))
    n = len(lines)
    step = height / (n + 0.6)
    for i, (text, color) in enumerate(zip(lines, colors)):
        ax.text(x, y + height / 2 - step * (i + 0.8), text, ha="center", va="center", color=color,
                fontsize=fontsize, fontweight="bold" if i == 0 else "normal", zorder=4)


def _arrow(ax, start, end, color="#555555", width=1.3, style="-|>", zorder=1, shrink=(0, 0), ls="-"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, color=color,
                                 linewidth=width, shrinkA=shrink[0], shrinkB=shrink[1], zorder=zorder,
                                 linestyle=ls))


def draw_computational_graph(example: dict, title: str | None = None) -> Figure:
    """Dibuja el grafo de :func:`neuron_example`: cada nodo con su valor (azul) y su gradiente (rojo)."""
    nodes = {n["name"]: n for n in example["nodes"]}
    fig = Figure(figsize=(12.5, 5.6), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-1.0, 12.4)
    ax.set_ylim(-2.2, 5.2)
    ax.set_axis_off()
    width, height = 1.75, 1.15

    def node_width(node):
        return 2.35 if node["op"] == "half_sq_error" else width

    for name, node in nodes.items():
        for parent in node["parents"]:
            (x0, y0), (x1, y1) = nodes[parent]["pos"], node["pos"]
            if abs(x0 - x1) < 0.1:  # el objetivo y, debajo de la pérdida
                _arrow(ax, (x0, y0 + height / 2), (x1, y1 - height / 2))
                continue
            dy = 0.25 if y0 > y1 + 0.5 else -0.25 if y0 < y1 - 0.5 else 0.0
            _arrow(ax, (x0 + node_width(nodes[parent]) / 2, y0), (x1 - node_width(node) / 2, y1 + dy))
    for name, node in nodes.items():
        op = node["op"]
        head = node["label"] if op in ("input", "target") else f"{node['label']}  [{_OP_SYMBOLS[op]}]"
        lines = [head, f"valor {_fmt(example['values'][name])}"]
        colors = ["black", _VALUE_COLOR]
        if name in example["grads"]:
            lines.append(f"∂L/∂{node['label']} = {_fmt(example['grads'][name])}")
            colors.append(_GRAD_COLOR)
        else:
            lines.append("(constante)")
            colors.append(_UNKNOWN_COLOR)
        _box(ax, node["pos"], lines, colors, node_width(node), height, fontsize=10.5)
    ax.text(-0.9, 5.05, "Hacia delante: valores (azul), de izquierda a derecha.   "
                        "Hacia atrás: gradientes ∂L/∂nodo (rojo), de derecha a izquierda.",
            fontsize=11, va="center")
    fig.suptitle(title or "Grafo computacional de una neurona con pérdida ½(a − y)²", fontsize=13)
    return fig


# ============================================================================ 2. red en NumPy


def xor_data() -> tuple[np.ndarray, np.ndarray]:
    """El problema XOR: ``X`` de forma ``(4, 2)`` y ``y`` de forma ``(4, 1)`` (``float64``).

    La salida es 1 cuando exactamente una de las dos entradas es 1. Ninguna recta separa las
    dos clases: hace falta al menos una capa oculta.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    return X, y


def _check_sizes(sizes) -> tuple[int, int, int]:
    try:
        n_in, n_hidden, n_out = (int(s) for s in sizes)
        ok = all(float(s) == int(s) for s in sizes) and min(n_in, n_hidden, n_out) >= 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(
            f"sizes debe ser (entradas, neuronas ocultas, salidas) con tres enteros positivos, "
            f"por ejemplo (2, 2, 1), no {sizes!r}."
        )
    return n_in, n_hidden, n_out


def init_params(sizes=(2, 2, 1), scheme: str = "aleatoria", seed: int = 0, value: float = 0.5) -> dict:
    """Pesos y sesgos iniciales de una red ``entradas → ocultas → salidas``.

    ``scheme``:

    * ``"aleatoria"``: pesos de una normal de media 0 y desviación ``1/√entradas`` (la idea de
      la inicialización de Glorot/He) con la semilla ``seed``; sesgos a cero, como en Keras.
    * ``"ceros"``: todos los pesos y sesgos a cero.
    * ``"constante"``: todos los pesos a ``value`` y los sesgos a cero.

    Devuelve ``{"W1": (entradas, ocultas), "b1": (ocultas,), "W2": (ocultas, salidas), "b2": (salidas,)}``.
    """
    n_in, n_hidden, n_out = _check_sizes(sizes)
    if scheme not in INIT_SCHEMES:
        raise ValueError(f"Inicialización desconocida: {scheme!r}. Usa una de: {', '.join(INIT_SCHEMES)}.")
    if scheme == "aleatoria":
        rng = np.random.default_rng(checks.integer(seed, "La semilla", 0))
        W1 = rng.normal(0.0, 1.0 / math.sqrt(n_in), (n_in, n_hidden))
        W2 = rng.normal(0.0, 1.0 / math.sqrt(n_hidden), (n_hidden, n_out))
    else:
        fill = 0.0 if scheme == "ceros" else checks.number(value, "value")
        W1 = np.full((n_in, n_hidden), fill)
        W2 = np.full((n_hidden, n_out), fill)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def _check_params(params) -> dict:
    if not isinstance(params, dict) or set(params) != set(PARAM_NAMES):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(
            f"Los parámetros deben ser un diccionario con las claves {', '.join(PARAM_NAMES)} "
            f"(lo que devuelve init_params), y tienen: {got}."
        )
    p = {k: np.asarray(params[k], dtype=float) for k in PARAM_NAMES}
    if p["W1"].ndim != 2 or p["W2"].ndim != 2 or p["b1"].shape != (p["W1"].shape[1],) \
            or p["W2"].shape[0] != p["W1"].shape[1] or p["b2"].shape != (p["W2"].shape[1],):
        shapes = ", ".join(f"{k} {p[k].shape}" for k in PARAM_NAMES)
        raise ValueError(
            f"Las formas de los parámetros no encajan: {shapes}. Deben ser W1 (entradas, ocultas), "
            "b1 (ocultas,), W2 (ocultas, salidas) y b2 (salidas,)."
        )
    return p


def _check_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(f"Activación desconocida: {activation!r}. Usa una de: {', '.join(ACTIVATIONS)}.")
    return activation


def _check_data(p: dict, X, y=None):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != p["W1"].shape[0]:
        raise ValueError(
            f"X debe tener forma (ejemplos, {p['W1'].shape[0]}), una fila por ejemplo, y tiene forma {X.shape}."
        )
    if y is None:
        return X
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (len(X), p["W2"].shape[1]):
        raise ValueError(
            f"y debe tener forma ({len(X)}, {p['W2'].shape[1]}), una fila por ejemplo, y tiene forma {y.shape}."
        )
    return X, y


def _activate(z, activation):
    return np.tanh(z) if activation == "tanh" else sigmoid(z)


def _activation_derivative(a, activation):
    """Derivada de la activación escrita con su salida ``a``: ``1 − a²`` (tanh) o ``a(1 − a)`` (sigmoide)."""
    return 1.0 - a ** 2 if activation == "tanh" else a * (1.0 - a)


def forward(params: dict, X, activation: str = "tanh") -> dict:
    """Propagación hacia delante. Devuelve la caché con todo lo que necesita :func:`backward`.

    ``Z1 = X·W1 + b1``, ``A1 = activación(Z1)``, ``Z2 = A1·W2 + b2``, ``Yhat = σ(Z2)``.
    """
    p = _check_params(params)
    _check_activation(activation)
    X = _check_data(p, X)
    Z1 = X @ p["W1"] + p["b1"]
    A1 = _activate(Z1, activation)
    Z2 = A1 @ p["W2"] + p["b2"]
    return {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "Yhat": sigmoid(Z2), "activation": activation}


def loss(cache: dict, y) -> float:
    """Entropía cruzada binaria media, calculada a partir de ``Z2`` sin desbordamientos.

    ``L = media(−y·ln ŷ − (1 − y)·ln(1 − ŷ))`` con ``ŷ = σ(z)``, que es lo mismo que
    ``media(ln(1 + e^z) − y·z)``.
    """
    Z2 = cache["Z2"]
    y = np.asarray(y, dtype=float).reshape(Z2.shape)
    return float(np.mean(np.logaddexp(0.0, Z2) - y * Z2))


def accuracy(cache: dict, y) -> float:
    """Fracción de ejemplos bien clasificados (``ŷ > 0.5`` es la clase 1)."""
    yhat = cache["Yhat"]
    y = np.asarray(y, dtype=float).reshape(yhat.shape)
    return float(np.mean((yhat > 0.5) == (y > 0.5)))


def backward(params: dict, cache: dict, y) -> dict:
    """Retropropagación escrita a mano: los gradientes de la pérdida media respecto a cada parámetro.

    Solo **calcula** gradientes; no cambia ningún peso (eso lo hace el optimizador,
    :func:`gradient_descent_step`). Va de la pérdida hacia la entrada, capa a capa, y en cada
    una reutiliza el gradiente que llega de la capa siguiente (``dZ2``, luego ``dZ1``).
    """
    p = _check_params(params)        # comprueba claves y formas (con mensajes en español)
    X, A1, Yhat = cache["X"], cache["A1"], cache["Yhat"]
    n = len(X)
    y = np.asarray(y, dtype=float).reshape(Yhat.shape)
    # Salida: con sigmoide y entropía cruzada, ∂L/∂z = ŷ − y (dividido entre n por la media).
    dZ2 = (Yhat - y) / n
    dW2 = A1.T @ dZ2                 # ∂L/∂W2: cada peso recibe (gradiente en su salida) × (su entrada)
    db2 = dZ2.sum(axis=0)            # ∂L/∂b2: el sesgo es como un peso con entrada 1
    # Capa oculta: el gradiente vuelve por los mismos pesos que usó la propagación hacia delante.
    dA1 = dZ2 @ p["W2"].T            # suma, para cada neurona oculta, lo que llega de cada salida
    dZ1 = dA1 * _activation_derivative(A1, cache["activation"])   # regla de la cadena: × derivada local
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def gradient_descent_step(params: dict, grads: dict, learning_rate: float) -> dict:
    """El optimizador (descenso del gradiente): ``w ← w − η·∂L/∂w`` para cada parámetro.

    Devuelve parámetros **nuevos** (no modifica los que recibe).
    """
    p = _check_params(params)
    g = _check_params(grads)
    lr = checks.number(learning_rate, "La tasa de aprendizaje", 0, open_low=True, advice="Prueba con 0.5.")
    return {k: p[k] - lr * g[k] for k in PARAM_NAMES}


def train(params: dict, X, y, epochs: int, learning_rate: float, activation: str = "tanh"):
    """Entrena con descenso del gradiente por lotes completos: en cada época, propagación hacia
    delante, retropropagación y actualización.

    Devuelve ``(parámetros_finales, historial)``; el historial es ``{"loss": [...], "accuracy": [...]}``
    (la pérdida y la exactitud antes de la actualización de cada época, como Keras), y se
    puede dibujar con ``plots.learning_curves``.
    """
    epochs = checks.integer(epochs, "epochs", 1)
    p = _check_params(params)
    X, y = _check_data(p, X, y)
    history = {"loss": [], "accuracy": []}
    for _ in range(int(epochs)):
        cache = forward(p, X, activation)
        grads = backward(p, cache, y)
        history["loss"].append(loss(cache, y))
        history["accuracy"].append(accuracy(cache, y))
        p = gradient_descent_step(p, grads, learning_rate)
    return p, history


def predict_proba(params: dict, X, activation: str = "tanh") -> np.ndarray:
    """Probabilidad de la clase 1 para cada fila de ``X`` (forma ``(n, salidas)``)."""
    return forward(params, X, activation)["Yhat"]


def describe_params(params: dict, digits: int = 3) -> str:
    """Los parámetros en texto, redondeados (una línea por matriz o vector)."""
    p = _check_params(params)

    def row(values):
        return "[" + ", ".join(_num(v, digits) for v in np.ravel(values)) + "]"

    lines = []
    for name in PARAM_NAMES:
        v = p[name]
        if v.ndim == 2:
            lines.append(f"{name} = [" + ", ".join(row(r) for r in v) + "]")
        else:
            lines.append(f"{name} = {row(v)}")
    return "\n".join(lines)


def show_source(function: Callable) -> Any:
    """Muestra el código fuente de una función de este módulo, con colores (en un notebook)."""
    from IPython.display import Code

    return Code(inspect.getsource(function), language="python")


# ============================================================================ 3. comprobar gradientes


def numerical_gradient(params: dict, X, y, activation: str = "tanh", eps: float = 1e-6) -> dict:
    """Gradiente por **diferencias finitas centradas**, parámetro a parámetro.

    Para cada número ``θ`` de los parámetros: ``(L(θ + ε) − L(θ − ε)) / (2ε)``. Necesita dos
    propagaciones hacia delante **por parámetro**: sirve para comprobar, no para entrenar.
    Es :func:`course_lib.gradient.numerical_gradient` (notebook 02) aplicada a cada matriz o
    vector de parámetros, con la pérdida de la red como función de esos números.
    """
    p = _check_params(params)
    X, y = _check_data(p, X, y)
    _check_activation(activation)
    eps = checks.number(eps, "eps", 0, 1, open_low=True, open_high=True, advice="Lo normal es 1e-6.")
    grads = {}
    for name in PARAM_NAMES:
        shape = p[name].shape

        def loss_of(values, name=name, shape=shape):
            """La pérdida con los valores ``values`` (aplanados) en el parámetro ``name``."""
            return loss(forward({**p, name: values.reshape(shape)}, X, activation), y)

        try:
            grads[name] = gradient.numerical_gradient(loss_of, p[name].ravel(), eps).reshape(shape)
        except ValueError as exc:
            raise ValueError(f"Parámetro {name}: {exc}") from None
    return grads


def time_gradients(params: dict, X, y, activation: str = "tanh", repeats: int = 5) -> dict:
    """Cronometra el gradiente completo con retropropagación y con diferencias finitas.

    Devuelve ``n_params`` (número de parámetros), ``forward_passes`` (propagaciones hacia delante
    que necesitan las diferencias finitas centradas: dos por parámetro), ``backprop_s`` y
    ``finite_diff_s`` (segundos, el mejor de ``repeats`` intentos) y ``ratio`` (cuántas veces
    más tardan las diferencias finitas).
    """
    import time

    p = _check_params(params)
    X, y = _check_data(p, X, y)
    repeats = checks.integer(repeats, "repeats", 1, 100)

    def best_time(function):
        times = []
        for _ in range(int(repeats)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return max(min(times), 1e-9)

    backprop_s = best_time(lambda: backward(p, forward(p, X, activation), y))
    finite_diff_s = best_time(lambda: numerical_gradient(p, X, y, activation))
    n_params = int(sum(v.size for v in p.values()))
    return {"n_params": n_params, "forward_passes": 2 * n_params, "backprop_s": backprop_s,
            "finite_diff_s": finite_diff_s, "ratio": finite_diff_s / backprop_s}


def relative_error(a, b) -> float:
    """Error relativo entre dos arrays: ``‖a − b‖ / (‖a‖ + ‖b‖)`` (0 si los dos son cero).

    Entre 0 (iguales) y 1 (p. ej. signos opuestos). No depende de la escala de los gradientes.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"No se pueden comparar arrays de formas distintas: {a.shape} y {b.shape}.")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def relative_errors(grads: dict, reference: dict) -> dict:
    """Error relativo (:func:`relative_error`) de cada gradiente frente a una referencia."""
    if not isinstance(grads, dict) or not isinstance(reference, dict) or set(grads) != set(reference):
        a = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        b = sorted(reference) if isinstance(reference, dict) else type(reference).__name__
        raise ValueError(f"Los dos gradientes deben tener los mismos parámetros, y tienen {a} y {b}.")
    names = [k for k in PARAM_NAMES if k in grads] + sorted(k for k in grads if k not in PARAM_NAMES)
    errors = {}
    for name in names:
        try:
            errors[name] = relative_error(grads[name], reference[name])
        except ValueError as exc:
            raise ValueError(f"Gradiente de {name}: {exc}") from None
    return errors


def to_keras(params: dict, activation: str = "tanh"):
    """La misma red en Keras, con los mismos pesos, en ``float64`` y **sin** la sigmoide final.

    La salida es ``z`` (el *logit*): la pérdida ``tf.nn.sigmoid_cross_entropy_with_logits``
    aplica la sigmoide por dentro, de forma numéricamente estable. Sirve para comparar los
    gradientes de :func:`backward` con los de ``tf.GradientTape``.
    """
    from course_lib import config

    config.quiet_tensorflow()
    import keras

    p = _check_params(params)
    _check_activation(activation)
    n_in, n_hidden = p["W1"].shape
    model = keras.Sequential([
        keras.Input(shape=(n_in,), dtype="float64"),
        keras.layers.Dense(n_hidden, activation=activation, dtype="float64", name="oculta"),
        keras.layers.Dense(p["W2"].shape[1], dtype="float64", name="salida_logit"),
    ], name="red_numpy_en_keras")
    model.set_weights([p[k] for k in PARAM_NAMES])
    return model


def format_gradient_check(checks: dict) -> str:
    """Tabla determinista de la comprobación de gradientes.

    ``checks`` es ``{"nombre del método": (errores, tolerancia)}``, con los errores de
    :func:`relative_errors`. Cada casilla dice ``< tolerancia ✔`` o el error con ``✘``: así la
    salida es la misma en cualquier equipo mientras la comprobación pase.
    """
    from course_lib.checks import number   # el argumento «checks» tapa aquí el módulo

    if not checks:
        raise ValueError("No hay comprobaciones que mostrar: pasa {'método': (errores, tolerancia)}.")
    methods = list(checks)
    names = list(next(iter(checks.values()))[0])
    cells = {}
    for method, (errors, tol) in checks.items():
        tol = number(tol, "La tolerancia")
        for name in names:
            err = errors[name]
            cells[method, name] = f"< {tol:.0e} ✔" if err < tol else f"{err:.1e} ✘ (tolerancia {tol:.0e})"
    widths = [max(len("parámetro"), *(len(n) for n in names))]
    widths += [max(len(f"frente a {m}"), *(len(cells[m, n]) for n in names)) for m in methods]
    header = ["parámetro"] + [f"frente a {m}" for m in methods]
    lines = ["Error relativo ‖g − g_ref‖ / (‖g‖ + ‖g_ref‖) de los gradientes de la retropropagación:",
             "  " + "   ".join(h.ljust(w) for h, w in zip(header, widths))]
    for name in names:
        row = [name] + [cells[m, name] for m in methods]
        lines.append("  " + "   ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def hidden_delta_problem(answer, dA1, A1, Z1, activation: str = "tanh", X=None) -> str | None:
    """Comprueba un ``dZ1`` escrito por el estudiante (ejercicio del notebook 03).

    Devuelve ``None`` si es correcto o la razón del error, reconociendo los errores típicos
    (olvidar la derivada local, usar la de otra activación, escribirla con ``z`` en vez de ``a``).
    Con ``X``, añade el error relativo que tendría el gradiente de ``W1`` calculado con ese
    ``dZ1``: lo que detectaría una comprobación de gradientes.
    """
    dA1, A1, Z1 = (np.asarray(v, dtype=float) for v in (dA1, A1, Z1))
    if callable(answer):
        return "dZ1 debe ser un array (el resultado del cálculo), no una función."
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"dZ1 debe ser un array de números, y es {type(answer).__name__}."
    if got.shape != dA1.shape:
        return (f"dZ1 tiene forma {got.shape} y debería tener la misma forma que dA1 y A1, {dA1.shape}: "
                "la derivada local se aplica elemento a elemento (con *, no con @).")
    expected = dA1 * _activation_derivative(A1, activation)

    def same(x):
        return np.allclose(got, x, rtol=1e-6, atol=1e-12)

    if same(expected):
        return None
    other = "sigmoid" if activation == "tanh" else "tanh"
    mistakes = [
        (dA1, "has dejado dZ1 = dA1: falta multiplicar por la derivada local de la activación "
              "(la regla de la cadena: gradiente que llega × derivada local)."),
        (dA1 * _activation_derivative(A1, other),
         f"esa es la derivada de la {'sigmoide, a(1 − a)' if other == 'sigmoid' else 'tangente hiperbólica, 1 − a²'}; "
         f"esta capa usa {'tanh' if activation == 'tanh' else 'la sigmoide'}."),
        (dA1 * _activation_derivative(Z1, activation),
         "has escrito la derivada con z en lugar de a: si a = tanh(z), la derivada es 1 − a² = 1 − tanh(z)², no 1 − z²."),
        (_activation_derivative(A1, activation),
         "esa es solo la derivada local: falta multiplicarla por el gradiente que llega, dA1."),
        (-expected, "tiene el signo cambiado."),
    ]
    reason = f"dZ1 no coincide con el gradiente correcto (error relativo {relative_error(got, expected):.2g})."
    for wrong, why in mistakes:
        if same(wrong):
            reason = why
            break
    if X is not None:
        X = np.asarray(X, dtype=float)
        err = relative_error(X.T @ got, X.T @ expected)
        reason += (f" Con ese dZ1, el gradiente de W1 (X.T @ dZ1) tendría un error relativo de {err:.2g}: "
                   "la comprobación de gradientes lo detectaría.")
    return reason


# ============================================================================ 4. explorador paso a paso

_STEP_PHASES = ["inicio", "adelante", "adelante", "adelante", "adelante",
                "atrás", "atrás", "atrás", "atrás", "optimizador"]
#: Número del último paso del explorador (los pasos van de 0 a ``N_STEPS``).
N_STEPS = len(_STEP_PHASES) - 1
_PHASE_NAMES = {"inicio": "inicio", "adelante": "propagación hacia delante",
                "atrás": "retropropagación", "optimizador": "optimizador"}
_SUB = "₁₂₃₄₅₆₇₈₉"


def _single_example(params: dict, x, y, activation: str) -> dict:
    """Valores y gradientes de la red 2-2-1 para un solo ejemplo (con :func:`forward` y :func:`backward`)."""
    p = _check_params(params)
    if p["W1"].shape != (2, 2) or p["W2"].shape != (2, 1):
        raise ValueError(
            f"El explorador dibuja una red 2-2-1 (2 entradas, 2 neuronas ocultas, 1 salida) y estos "
            f"parámetros son de una red {p['W1'].shape[0]}-{p['W1'].shape[1]}-{p['W2'].shape[1]}."
        )
    x = np.asarray(x, dtype=float).reshape(1, -1)
    X, Y = _check_data(p, x, np.asarray(y, dtype=float).reshape(1, 1))
    cache = forward(p, X, activation)
    grads = backward(p, cache, Y)
    yhat = float(cache["Yhat"][0, 0])
    target = float(Y[0, 0])
    clipped = min(max(yhat, 1e-12), 1 - 1e-12)
    return {
        "params": p, "x": X[0], "y": target, "activation": activation,
        "z1": cache["Z1"][0], "a1": cache["A1"][0], "z2": float(cache["Z2"][0, 0]), "yhat": yhat,
        "loss": loss(cache, Y),
        "dyhat": -target / clipped + (1 - target) / (1 - clipped),
        "dz2": float((cache["Yhat"] - Y)[0, 0]),
        "da1": (cache["Yhat"] - Y)[0, 0] * p["W2"][:, 0],
        "dz1": ((cache["Yhat"] - Y)[0, 0] * p["W2"][:, 0]) * _activation_derivative(cache["A1"][0], activation),
        "grads": grads,
    }


def network_step(params: dict, x, y, step: int, learning_rate: float = 0.5, activation: str = "tanh") -> dict:
    """Estado de la red 2-2-1 en el paso ``step`` del recorrido (función pura del explorador).

    Pasos: 0 inicio; 1-4 propagación hacia delante (h₁, h₂, ŷ, L); 5-8 retropropagación
    (L, ŷ, h₂, h₁); 9 el optimizador actualiza los pesos con ``w ← w − η·∂L/∂w``.
    Los valores y gradientes son los de :func:`forward` y :func:`backward` con un solo ejemplo.

    Devuelve un diccionario con todos los números (``z1``, ``a1``, ``yhat``, ``loss``, ``grads``...),
    lo que ya se conoce en este paso (``known_values``, ``known_grads``), el nodo activo
    (``active``), la fase, las líneas de explicación (``lines``) y un titular (``headline``).
    """
    step = checks.integer(step, "El paso", 0, N_STEPS)
    _check_activation(activation)
    lr = checks.number(learning_rate, "La tasa de aprendizaje η", 0, open_low=True, advice="Prueba con 0.5.")
    r = _single_example(params, x, y, activation)
    p, g = r["params"], r["grads"]
    act = "tanh" if activation == "tanh" else "σ"
    deriv = "(1 − a²)" if activation == "tanh" else "a(1 − a)"
    order_forward = ["h1", "h2", "out", "L"]
    order_backward = ["L", "out", "h2", "h1"]
    step = int(step)
    phase = _STEP_PHASES[step]
    known_values = set(order_forward[:min(step, 4)])
    known_grads = set(order_backward[:max(0, min(step - 4, 4))])
    active = None
    x1, x2 = r["x"]
    lines: list[str] = []
    if phase == "inicio":
        headline = (f"entrada x = ({_fmt(x1)}, {_fmt(x2)}), objetivo y = {_fmt(r['y'])}; "
                    "pulsa ▶ para empezar la propagación hacia delante")
        lines = ["Se conocen la entrada, el objetivo y los pesos. Nada más.",
                 "Hacia delante se calcula cada neurona a partir de la capa anterior."]
    elif phase == "adelante":
        active = order_forward[step - 1]
        if active in ("h1", "h2"):
            j = 0 if active == "h1" else 1
            w = p["W1"][:, j]
            z, a = r["z1"][j], r["a1"][j]
            lines = [f"z = w·x + b = {_pnum(w[0])}·{_paren(x1)} + {_pnum(w[1])}·{_paren(x2)} + "
                     f"{_pnum(p['b1'][j])} = {_num(z)}",
                     f"a = {act}(z) = {act}({_num(z)}) = {_num(a)}"]
            headline = f"h{_SUB[j]}: z = {_num(z)}, a = {act}(z) = {_num(a)}"
        elif active == "out":
            v = p["W2"][:, 0]
            lines = [f"z = v·h + c = {_pnum(v[0])}·{_pnum(r['a1'][0])} + {_pnum(v[1])}·{_pnum(r['a1'][1])} + "
                     f"{_pnum(p['b2'][0])} = {_num(r['z2'])}",
                     f"ŷ = σ(z) = σ({_num(r['z2'])}) = {_num(r['yhat'])}"]
            headline = f"ŷ = σ(z) = σ({_num(r['z2'])}) = {_num(r['yhat'])}"
        else:
            lines = ["L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]   (entropía cruzada binaria)",
                     f"L = −[{_fmt(r['y'])}·ln {_num(r['yhat'])} + {_fmt(1 - r['y'])}·ln {_num(1 - r['yhat'])}] "
                     f"= {_num(r['loss'])}"]
            headline = f"pérdida L = {_num(r['loss'])} (la propagación hacia delante ha terminado)"
    elif phase == "atrás":
        active = order_backward[step - 5]
        if active == "L":
            lines = ["La retropropagación empieza en la pérdida: ∂L/∂L = 1.",
                     "Desde aquí, cada nodo recibe el gradiente de su consumidor y lo multiplica por su derivada local."]
            headline = "empieza en la pérdida: ∂L/∂L = 1"
        elif active == "out":
            lines = [f"∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) = {_num(r['dyhat'])}",
                     f"∂L/∂z = ∂L/∂ŷ · σ'(z) = ∂L/∂ŷ · ŷ(1 − ŷ) = ŷ − y = {_num(r['dz2'])}",
                     f"∂L/∂v = ∂L/∂z · h = ({_num(g['W2'][0, 0])}, {_num(g['W2'][1, 0])})    "
                     f"∂L/∂c = ∂L/∂z = {_num(g['b2'][0])}"]
            headline = (f"ŷ: ∂L/∂z = ŷ − y = {_num(r['dz2'])}; ∂L/∂v = ({_num(g['W2'][0, 0])}, "
                        f"{_num(g['W2'][1, 0])}), ∂L/∂c = {_num(g['b2'][0])}")
        else:
            j = 0 if active == "h1" else 1
            lines = [f"∂L/∂a = ∂L/∂z(ŷ) · v = {_pnum(r['dz2'])}·{_pnum(p['W2'][j, 0])} = {_num(r['da1'][j])}",
                     f"∂L/∂z = ∂L/∂a · {deriv} = {_pnum(r['da1'][j])}·{_num(_activation_derivative(r['a1'][j], activation))} "
                     f"= {_num(r['dz1'][j])}",
                     f"∂L/∂w = ∂L/∂z · x = ({_num(g['W1'][0, j])}, {_num(g['W1'][1, j])})    "
                     f"∂L/∂b = ∂L/∂z = {_num(g['b1'][j])}"]
            headline = (f"h{_SUB[j]}: ∂L/∂z = ∂L/∂a · {deriv} = {_num(r['dz1'][j])}; "
                        f"∂L/∂w = ({_num(g['W1'][0, j])}, {_num(g['W1'][1, j])})")
    else:
        new = gradient_descent_step(p, g, lr)
        new_loss = loss(forward(new, r["x"][None, :], activation), np.array([[r["y"]]]))
        lines = ["La retropropagación ya terminó: solo ha calculado gradientes.",
                 f"Ahora el optimizador cambia cada peso: w ← w − η·∂L/∂w, con η = {_fmt(lr)}.",
                 f"Pérdida de este ejemplo: {_num(r['loss'])} → {_num(new_loss)}"]
        headline = (f"w ← w − η·∂L/∂w con η = {_fmt(lr)}: la pérdida de este ejemplo pasa de "
                    f"{_num(r['loss'])} a {_num(new_loss)}")
        r["new_params"] = new
        r["new_loss"] = new_loss
    r.update({"step": step, "n_steps": N_STEPS, "phase": phase, "active": active,
              "known_values": known_values, "known_grads": known_grads,
              "learning_rate": lr, "lines": lines, "headline": headline})
    return r


def summarize_network_step(state: dict) -> str:
    """Una línea en español: paso, fase y lo que se acaba de calcular."""
    return f"Paso {state['step']}/{state['n_steps']} · {_PHASE_NAMES[state['phase']]}: {state['headline']}"


_POS = {"x1": (0.0, 3.5), "x2": (0.0, -0.5), "h1": (5.0, 3.5), "h2": (5.0, -0.5),
        "out": (9.5, 1.5), "L": (13.0, 1.5), "y": (13.0, -0.9)}
_BOX = {"h": (2.5, 1.9), "out": (2.5, 1.9), "L": (2.1, 1.3)}


def _edge_point(start, end, t):
    return (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))


def draw_network_step(state: dict) -> Figure:
    """Dibuja la red 2-2-1 en un paso del recorrido: valores (azul), gradientes (rojo),
    pesos nuevos (verde) y el nodo activo resaltado."""
    p, g = state["params"], state["grads"]
    kv, kg = state["known_values"], state["known_grads"]
    active, phase = state["active"], state["phase"]
    act = "tanh" if state["activation"] == "tanh" else "σ"
    new = state.get("new_params")
    fig = Figure(figsize=(13, 7.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-1.2, 14.4)
    ax.set_ylim(-4.3, 4.9)
    ax.set_axis_off()
    hw, hh = _BOX["h"]
    # --- aristas entrada → oculta, con su peso y su gradiente. Las etiquetas de las aristas
    # horizontales van encima (x₁) o debajo (x₂) de la línea; las de las diagonales, cerca de
    # la neurona de destino, donde ya no se cruzan.
    for j, h in enumerate(("h1", "h2")):
        for i, xn in enumerate(("x1", "x2")):
            start = (_POS[xn][0] + 0.55, _POS[xn][1])
            end = (_POS[h][0] - hw / 2, _POS[h][1] + (0.35 if i == 0 else -0.35))
            lit_fwd = phase == "adelante" and active == h
            lit_bwd = phase == "atrás" and active == h
            color = _GRAD_COLOR if lit_bwd else (_VALUE_COLOR if lit_fwd else "#666666")
            _arrow(ax, start, end, color=color, width=2.8 if (lit_fwd or lit_bwd) else 1.2)
            if i == j:
                lx, ly = _edge_point(start, end, 0.42)
                where = "above" if i == 0 else "below"
            else:
                lx, ly = _edge_point(start, end, 0.74)
                where = "center"
            _edge_label(ax, (lx, ly), p["W1"][i, j], g["W1"][i, j] if h in kg else None,
                        new["W1"][i, j] if new is not None else None, "w", where)
    # --- aristas oculta → salida
    for j, h in enumerate(("h1", "h2")):
        start = (_POS[h][0] + hw / 2, _POS[h][1])
        end = (_POS["out"][0] - hw / 2, _POS["out"][1] + (0.3 if j == 0 else -0.3))
        lit_fwd = phase == "adelante" and active == "out"
        lit_bwd = phase == "atrás" and active == "out"
        color = _GRAD_COLOR if lit_bwd else (_VALUE_COLOR if lit_fwd else "#666666")
        _arrow(ax, start, end, color=color, width=2.8 if (lit_fwd or lit_bwd) else 1.2)
        lx, ly = _edge_point(start, end, 0.5)
        _edge_label(ax, (lx, ly), p["W2"][j, 0], g["W2"][j, 0] if "out" in kg else None,
                    new["W2"][j, 0] if new is not None else None, "v", "above" if j == 0 else "below")
    # --- salida → pérdida y objetivo → pérdida
    _arrow(ax, (_POS["out"][0] + hw / 2, _POS["out"][1]), (_POS["L"][0] - _BOX["L"][0] / 2, _POS["L"][1]),
           color=_VALUE_COLOR if (phase == "adelante" and active == "L") else "#666666",
           width=2.8 if (phase == "adelante" and active == "L") else 1.2)
    _arrow(ax, (_POS["y"][0], _POS["y"][1] + 0.4), (_POS["L"][0], _POS["L"][1] - _BOX["L"][1] / 2), color="#666666")
    # --- nodos de entrada y objetivo
    for i, xn in enumerate(("x1", "x2")):
        ax.add_patch(Circle(_POS[xn], 0.55, facecolor="#e8eef8", edgecolor="#555555", linewidth=1.2, zorder=3))
        ax.text(*_POS[xn], f"x{_SUB[i]}\n{_fmt(state['x'][i])}", ha="center", va="center", fontsize=12,
                color=_VALUE_COLOR, zorder=4)
    ax.add_patch(Circle(_POS["y"], 0.42, facecolor="#e8eef8", edgecolor="#555555", linewidth=1.2, zorder=3))
    ax.text(*_POS["y"], f"y = {_fmt(state['y'])}", ha="center", va="center", fontsize=10.5, color=_VALUE_COLOR, zorder=4)
    # --- neuronas ocultas, salida y pérdida
    unknown = "?"
    for j, h in enumerate(("h1", "h2")):
        known = h in kv
        lines = [f"h{_SUB[j]}  ({act})",
                 f"z = {_num(state['z1'][j])}" if known else f"z = {unknown}",
                 f"a = {_num(state['a1'][j])}" if known else f"a = {unknown}",
                 f"∂L/∂a = {_num(state['da1'][j])}" if h in kg else "∂L/∂a = ?",
                 f"∂L/∂z = {_num(state['dz1'][j])}" if h in kg else "∂L/∂z = ?"]
        colors = ["black", _VALUE_COLOR if known else _UNKNOWN_COLOR, _VALUE_COLOR if known else _UNKNOWN_COLOR,
                  _GRAD_COLOR if h in kg else _UNKNOWN_COLOR, _GRAD_COLOR if h in kg else _UNKNOWN_COLOR]
        _box(ax, _POS[h], lines, colors, hw, hh, active=active == h)
        _bias_label(ax, (_POS[h][0], _POS[h][1] - hh / 2 - 0.1), p["b1"][j],
                    g["b1"][j] if h in kg else None, new["b1"][j] if new is not None else None, "b")
    known = "out" in kv
    lines = ["ŷ  (σ)", f"z = {_num(state['z2'])}" if known else "z = ?",
             f"ŷ = {_num(state['yhat'])}" if known else "ŷ = ?",
             f"∂L/∂ŷ = {_num(state['dyhat'])}" if "out" in kg else "∂L/∂ŷ = ?",
             f"∂L/∂z = {_num(state['dz2'])}" if "out" in kg else "∂L/∂z = ?"]
    colors = ["black", _VALUE_COLOR if known else _UNKNOWN_COLOR, _VALUE_COLOR if known else _UNKNOWN_COLOR,
              _GRAD_COLOR if "out" in kg else _UNKNOWN_COLOR, _GRAD_COLOR if "out" in kg else _UNKNOWN_COLOR]
    _box(ax, _POS["out"], lines, colors, hw, hh, active=active == "out")
    _bias_label(ax, (_POS["out"][0], _POS["out"][1] - hh / 2 - 0.1), p["b2"][0],
                g["b2"][0] if "out" in kg else None, new["b2"][0] if new is not None else None, "c")
    lw, lh = _BOX["L"]
    lines = ["L  (pérdida)", f"L = {_num(state['loss'])}" if "L" in kv else "L = ?",
             "∂L/∂L = 1" if "L" in kg else "∂L/∂L = ?"]
    colors = ["black", _VALUE_COLOR if "L" in kv else _UNKNOWN_COLOR, _GRAD_COLOR if "L" in kg else _UNKNOWN_COLOR]
    _box(ax, _POS["L"], lines, colors, lw, lh, active=active == "L")
    if phase == "optimizador":
        ax.text(_POS["L"][0], _POS["L"][1] + lh / 2 + 0.35, f"después del paso: {_num(state['new_loss'])}",
                ha="center", fontsize=11, color=_UPDATE_COLOR, fontweight="bold")
    # --- explicación del paso
    text = "\n".join(state["lines"])
    ax.text(-1.1, -3.55, text, ha="left", va="center", fontsize=11.5, family="DejaVu Sans Mono",
            bbox=dict(boxstyle="round,pad=0.5", facecolor="#fbfbfb", edgecolor="#bbbbbb"))
    arrow = {"inicio": "", "adelante": "  →", "atrás": "  ←", "optimizador": "  ✎"}[phase]
    fig.suptitle(f"Paso {state['step']} de {state['n_steps']} · {_PHASE_NAMES[phase].capitalize()}{arrow}",
                 fontsize=14, color={"adelante": _VALUE_COLOR, "atrás": _GRAD_COLOR,
                                      "optimizador": _UPDATE_COLOR}.get(phase, "black"))
    return fig


def _param_lines(value, grad, new_value, name):
    """Líneas de la etiqueta de un peso o sesgo: valor (azul), gradiente (rojo) y, tras el
    optimizador, el cambio (verde). Como mucho dos líneas."""
    if new_value is not None:
        return [(f"∂L/∂{name} = {_num(grad)}", _GRAD_COLOR),
                (f"{name}: {_num(value)} → {_num(new_value)}", _UPDATE_COLOR)]
    lines = [(f"{name} = {_num(value)}", _VALUE_COLOR)]
    if grad is not None:
        lines.append((f"∂L/∂{name} = {_num(grad)}", _GRAD_COLOR))
    return lines


def _edge_label(ax, xy, weight, grad, new_weight, name, where="center"):
    lines = _param_lines(weight, grad, new_weight, name)
    shift = {"above": 0.2 + 0.18 * len(lines), "below": -(0.2 + 0.18 * len(lines)), "center": 0.0}[where]
    _stacked_text(ax, (xy[0], xy[1] + shift), lines, fontsize=10)


def _bias_label(ax, xy, bias, grad, new_bias, name):
    lines = _param_lines(bias, grad, new_bias, name)
    _stacked_text(ax, (xy[0], xy[1] - 0.2 - 0.18 * len(lines)), lines, fontsize=10.5)


def _stacked_text(ax, xy, lines, fontsize=10.5):
    """Varias líneas de colores centradas en ``xy``, sobre un fondo blanco."""
    n = len(lines)
    spacing = 0.36
    top = xy[1] + spacing * (n - 1) / 2
    for k, (text, color) in enumerate(lines):
        ax.text(xy[0], top - k * spacing, text, ha="center", va="center", fontsize=fontsize, color=color,
                zorder=5, bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85))


def _example_label(x, y) -> str:
    return f"x = ({_fmt(x[0])}, {_fmt(x[1])}) → y = {_fmt(y)}"


def step_explorer(weight_sets: dict, X, y, learning_rate: float = 0.5, activation: str = "tanh",
                  step: int = 0, example: int = 1):
    """Explorador paso a paso de la propagación hacia delante y la retropropagación en una red 2-2-1.

    ``weight_sets`` asocia un nombre («aleatorios», «entrenados», «todos a cero»...) con unos
    parámetros de :func:`init_params`; ``X`` e ``y`` son los ejemplos que se pueden elegir.
    Controles: «Paso» (deslizador, de 0 a :data:`N_STEPS`, con botones ◀ y ▶), «Ejemplo»,
    «Pesos» y la tasa de aprendizaje η del optimizador (último paso).

    Para probarlo desde Python: ``exp = step_explorer(...); exp.set(step=3); exp.result["yhat"]``;
    ``exp.next_button.click()`` avanza un paso.
    """
    import ipywidgets as w

    from course_lib.widgets import Explorer

    if not isinstance(weight_sets, dict) or not weight_sets:
        raise ValueError("weight_sets debe ser un diccionario no vacío {nombre: parámetros}.")
    for name, params in weight_sets.items():
        try:
            _single_example(params, np.zeros(2), 0.0, activation)
        except ValueError as exc:
            raise ValueError(f"Pesos «{name}»: {exc}") from None
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X debe tener forma (n, 2) e y forma (n,), y tienen {X.shape} y {y.shape}.")
    if not 0 <= example < len(X):
        raise ValueError(f"example debe estar entre 0 y {len(X) - 1}, y es {example!r}.")
    style = {"description_width": "7em"}
    controls = {
        "step": w.IntSlider(value=step, min=0, max=N_STEPS, description="Paso", continuous_update=False,
                            style=style, layout=w.Layout(width="30em")),
        "example": w.Dropdown(options=[(_example_label(X[i], y[i]), i) for i in range(len(X))], value=example,
                              description="Ejemplo", style=style, layout=w.Layout(width="22em")),
        "weights": w.Dropdown(options=list(weight_sets), value=next(iter(weight_sets)), description="Pesos",
                              style=style, layout=w.Layout(width="22em")),
        "learning_rate": w.FloatText(value=learning_rate, description="Tasa η", step=0.1,
                                     style=style, layout=w.Layout(width="14em")),
    }

    def compute(step, example, weights, learning_rate):
        if weights not in weight_sets:
            raise ValueError(f"Pesos desconocidos: {weights!r}. Elige uno de: {', '.join(weight_sets)}.")
        if not isinstance(example, (int, np.integer)) or not 0 <= example < len(X):
            raise ValueError(f"El ejemplo debe estar entre 0 y {len(X) - 1}, y es {example!r}.")
        return network_step(weight_sets[weights], X[example], y[example], step, learning_rate, activation)

    explorer = Explorer(controls, compute, draw_network_step, summarize_network_step,
                        title="Paso a paso: propagación hacia delante, retropropagación y optimizador")
    _add_step_buttons(explorer, controls["step"])
    return explorer


def _add_step_buttons(explorer, slider) -> None:
    """Añade los botones ◀ / ▶ junto al deslizador (cambian su valor; el Explorer recalcula)."""
    import ipywidgets as w

    previous_button = w.Button(description="◀ Anterior", tooltip="Paso anterior", layout=w.Layout(width="9em"))
    next_button = w.Button(description="Siguiente ▶", tooltip="Paso siguiente", layout=w.Layout(width="9em"))

    def move(delta):
        slider.value = min(max(slider.value + delta, slider.min), slider.max)

    def update_buttons(_change=None):
        previous_button.disabled = slider.value <= slider.min
        next_button.disabled = slider.value >= slider.max

    previous_button.on_click(lambda _b: move(-1))
    next_button.on_click(lambda _b: move(+1))
    slider.observe(update_buttons, names="value")
    update_buttons()
    children = list(explorer.view.children)
    children[children.index(slider)] = w.HBox([slider, previous_button, next_button])
    explorer.view.children = tuple(children)
    explorer.previous_button = previous_button
    explorer.next_button = next_button


# ============================================================================ 5. figuras de la red


def draw_decision_function(params: dict, X, y, activation: str = "tanh", title: str | None = None,
                           margin: float = 0.5, resolution: int = 150) -> Figure:
    """Probabilidad de la clase 1 que da la red en todo el plano, con los ejemplos encima."""
    p = _check_params(params)
    X, y = _check_data(p, X, y)
    if p["W1"].shape[0] != 2:
        raise ValueError(f"Solo se puede dibujar una red con 2 entradas, y esta tiene {p['W1'].shape[0]}.")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    prob = predict_proba(p, grid, activation)[:, 0].reshape(g0.shape)
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot()
    mesh = ax.contourf(g0, g1, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.75)
    ax.contour(g0, g1, prob, levels=[0.5], colors="black", linewidths=2)
    labels = y[:, 0] > 0.5
    size = 110 if len(X) <= 20 else 22
    ax.scatter(X[~labels, 0], X[~labels, 1], c="#2166ac", marker="o", s=size, edgecolors="white", label="clase 0")
    ax.scatter(X[labels, 0], X[labels, 1], c="#b2182b", marker="s", s=size, edgecolors="white", label="clase 1")
    fig.colorbar(mesh, ax=ax, label="Probabilidad de la clase 1 (ŷ)")
    acc = accuracy(forward(p, X, activation), y)
    ax.set(xlabel="x₁", ylabel="x₂", title=title or f"Lo que ha aprendido la red (exactitud {acc * 100:.0f} %)")
    ax.legend(loc="upper right", framealpha=0.9)
    return fig


__all__ = [
    "ACTIVATIONS", "INIT_SCHEMES", "N_STEPS", "PARAM_NAMES",
    "accuracy", "backward", "describe_params", "draw_computational_graph", "draw_decision_function",
    "draw_network_step", "format_example", "format_gradient_check", "forward", "gradient_descent_step",
    "hidden_delta_problem", "init_params", "loss", "network_step", "neuron_example", "numerical_gradient",
    "predict_proba", "relative_error", "relative_errors", "show_source", "sigmoid", "step_explorer",
    "summarize_network_step", "time_gradients", "to_keras", "train", "xor_data",
]
