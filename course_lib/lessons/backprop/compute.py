"""Cálculo de la lección de retropropagación (notebook 03): sin figuras ni widgets.

* **Grafo de una neurona** (:func:`neuron_example`, :func:`format_example`): valores hacia
  delante y gradientes hacia atrás, nodo a nodo, para la tabla y la figura de la sección 1.
* **Preparación de la red** que el notebook escribe en NumPy: los datos XOR (:func:`xor_data`),
  los pesos iniciales (:func:`init_params`) y su descripción en texto (:func:`describe_params`).
  La propagación hacia delante, la retropropagación, la pérdida y el optimizador **no** están
  aquí: son la lección y se escriben en celdas del notebook.
* **Comprobación de gradientes**: la tabla de errores relativos (:func:`format_gradient_check`).
  La corrección del ejercicio de la capa oculta está en :mod:`course_lib.lessons.backprop.exercises`.
* **Coste**: cuántas operaciones cuestan las diferencias finitas y la retropropagación
  (:func:`gradient_cost`) y un cronómetro (:func:`best_time`).

Convención de las matrices (la misma que Keras): los ejemplos van en filas, ``X`` tiene forma
``(n, entradas)``, ``W1`` tiene forma ``(entradas, ocultas)`` y ``W2`` ``(ocultas, salidas)``.
El cálculo del explorador paso a paso está en :mod:`course_lib.lessons.backprop.compute_steps`.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np

from course_lib import checks
from course_lib.lessons.activations.compute import sigmoid  # la sigmoide estable del notebook 04

PARAM_NAMES = ("W1", "b1", "W2", "b2")
#: Inicializaciones de :func:`init_params`.
INIT_SCHEMES = ("random", "zeros", "constant")
#: Activaciones de la capa oculta que reconoce :func:`activation_derivative`.
ACTIVATIONS = ("tanh", "sigmoid")

__all__ = [
    "ACTIVATIONS", "INIT_SCHEMES", "PARAM_NAMES", "activation_derivative", "best_time", "check_params",
    "describe_params", "format_example", "format_gradient_check", "gradient_cost",
    "init_params", "neuron_example", "relative_error", "sigmoid", "xor_data",
]


# ============================================================================ números en texto


def fmt(value: float, digits: int = 4) -> str:
    """Número corto para tablas: hasta ``digits`` decimales, sin ceros sobrantes (``0.5``, ``-0.125``)."""
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else ("-∞" if value < 0 else "nan")
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def paren(value: float, digits: int = 4) -> str:
    """Número para una fórmula: entre paréntesis si es negativo, ``(-1)``."""
    text = fmt(value, digits)
    return f"({text})" if text.startswith("-") else text


def num(value: float, digits: int = 3) -> str:
    """Número con decimales fijos para figuras y resúmenes (``0.462``, ``-0.031``), sin «-0.000»."""
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def pnum(value: float, digits: int = 3) -> str:
    """Como :func:`num`, entre paréntesis si es negativo (para fórmulas: ``0.5·(-0.093)``)."""
    text = num(value, digits)
    return f"({text})" if text.startswith("-") else text


def scientific(value: float) -> str:
    """Un error relativo legible: ``2.2e-09``; ``0`` si es exactamente cero."""
    value = float(value)
    return "0" if value == 0 else f"{value:.1e}"


# ============================================================================ 1. grafo de una neurona

#: Nodos del grafo de una neurona: nombre, etiqueta, operación, padres, posición en la figura.
NEURON_GRAPH = [
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


def _local_derivative(op: str, position: int, labels: list[str], args: list[float], out: float) -> tuple[str, float]:
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
        text = f"{labels[0]} − {labels[1]}" if position == 0 else f"−({labels[0]} − {labels[1]})"
        return text, sign * (args[0] - args[1])
    raise ValueError(f"Operación desconocida: {op!r}.")


def _forward_text(op: str, label: str, labels: list[str], args: list[float]) -> tuple[str, str]:
    """Fórmula de un nodo hacia delante: en símbolos y con los números."""
    if op == "mul":
        return f"{label} = {labels[0]}·{labels[1]}", f"{paren(args[0])}·{paren(args[1])}"
    if op == "add":
        return f"{label} = " + " + ".join(labels), " + ".join(paren(a) for a in args)
    if op == "sigmoid":
        return f"{label} = σ({labels[0]})", f"σ({fmt(args[0])})"
    if op == "half_sq_error":
        return f"{label} = ½({labels[0]} − {labels[1]})²", f"½({fmt(args[0])} − {paren(args[1])})²"
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
    (la descripción del grafo) e ``inputs``. Ejemplo::

        ex = neuron_example()
        ex["values"]["a"], ex["grads"]["w1"]   # (0.5, -0.25)
    """
    inputs = {name: checks.number(value, name, advice="Por ejemplo 0.5.")
              for name, value in dict(x1=x1, w1=w1, x2=x2, w2=w2, b=b, y=y).items()}
    nodes = {name: {"name": name, "label": label, "op": op, "parents": parents, "pos": pos}
             for name, label, op, parents, pos in NEURON_GRAPH}
    order = [n[0] for n in NEURON_GRAPH]
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
        symbols, numbers = _forward_text(node["op"], node["label"], labels, args)
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
        symbolic, numeric, total = [], [], 0.0
        for consumer in consumers[name]:
            c = nodes[consumer]
            args = [values[p] for p in c["parents"]]
            labels = [nodes[p]["label"] for p in c["parents"]]
            local_text, local_value = _local_derivative(c["op"], c["parents"].index(name), labels, args,
                                                        values[consumer])
            total += grads[consumer] * local_value
            if consumer == "L":  # el gradiente de la pérdida es 1: basta con la derivada local
                symbolic.append(local_text)
                numeric.append(f"{fmt(args[0])} − {paren(args[1])}")
            else:
                symbolic.append(f"∂L/∂{c['label']} · {local_text}")
                numeric.append(f"{paren(grads[consumer])} · {paren(local_value)}")
        grads[name] = total
        backward_rows.append((f"∂L/∂{nodes[name]['label']} = " + " + ".join(symbolic), " + ".join(numeric), total))
    return {"inputs": inputs, "nodes": [nodes[n] for n in order], "values": values, "grads": grads,
            "forward": forward_rows, "backward": backward_rows}


def format_example(example: dict) -> str:
    """Tabla en texto del ejemplo de :func:`neuron_example`: hacia delante y hacia atrás."""
    def block(rows):
        width = max(len(r[0]) for r in rows)
        num_width = max(len(r[1]) for r in rows)
        lines = []
        for symbols, numbers, value in rows:
            lines.append(f"  {symbols:<{width}} = {numbers:<{num_width}} = {fmt(value)}" if numbers else f"  {symbols}")
        return lines

    given = example["inputs"]
    subscript = {"1": "₁", "2": "₂"}
    head = "Datos: " + ", ".join(f"{k[0]}{subscript.get(k[-1], '')} = {fmt(given[k])}"
                                 for k in ("x1", "x2", "w1", "w2", "b", "y"))
    return "\n".join(
        [head, "", "Propagación hacia delante (de las entradas a la pérdida):"] + block(example["forward"])
        + ["", "Retropropagación (de la pérdida hacia las entradas):"] + block(example["backward"])
    )


# ============================================================================ 2. preparación de la red


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


def init_params(sizes=(2, 2, 1), scheme: str = "random", seed: int = 0, value: float = 0.5) -> dict:
    """Pesos y sesgos iniciales de una red ``entradas → ocultas → salidas``.

    ``scheme``:

    * ``"random"``: pesos de una normal de media 0 y desviación ``1/√entradas`` (la idea de
      la inicialización de Glorot/He) con la semilla ``seed``; sesgos a cero, como en Keras.
    * ``"zeros"``: todos los pesos y sesgos a cero.
    * ``"constant"``: todos los pesos a ``value`` y los sesgos a cero.

    Devuelve ``{"W1": (entradas, ocultas), "b1": (ocultas,), "W2": (ocultas, salidas), "b2": (salidas,)}``.
    """
    n_in, n_hidden, n_out = _check_sizes(sizes)
    if scheme not in INIT_SCHEMES:
        raise ValueError(f"Inicialización desconocida: {scheme!r}. Usa una de: {', '.join(INIT_SCHEMES)}.")
    if scheme == "random":
        rng = np.random.default_rng(checks.integer(seed, "La semilla", 0))
        W1 = rng.normal(0.0, 1.0 / math.sqrt(n_in), (n_in, n_hidden))
        W2 = rng.normal(0.0, 1.0 / math.sqrt(n_hidden), (n_hidden, n_out))
    else:
        fill = 0.0 if scheme == "zeros" else checks.number(value, "value")
        W1 = np.full((n_in, n_hidden), fill)
        W2 = np.full((n_hidden, n_out), fill)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def check_params(params, what: str = "Los parámetros") -> dict:
    """Los parámetros como arrays ``float``; ``ValueError`` en español si faltan claves o no encajan."""
    if not isinstance(params, dict) or set(params) != set(PARAM_NAMES):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(
            f"{what} deben ser un diccionario con las claves {', '.join(PARAM_NAMES)} "
            f"(lo que devuelve init_params), y tienen: {got}."
        )
    p = {k: np.asarray(params[k], dtype=float) for k in PARAM_NAMES}
    if p["W1"].ndim != 2 or p["W2"].ndim != 2 or p["b1"].shape != (p["W1"].shape[1],) \
            or p["W2"].shape[0] != p["W1"].shape[1] or p["b2"].shape != (p["W2"].shape[1],):
        shapes = ", ".join(f"{k} {p[k].shape}" for k in PARAM_NAMES)
        raise ValueError(
            f"Las formas de {what.lower()} no encajan: {shapes}. Deben ser W1 (entradas, ocultas), "
            "b1 (ocultas,), W2 (ocultas, salidas) y b2 (salidas,)."
        )
    return p


def describe_params(params: dict, digits: int = 3) -> str:
    """Los parámetros en texto, redondeados (una línea por matriz o vector)."""
    p = check_params(params)

    def row(values):
        return "[" + ", ".join(num(v, digits) for v in np.ravel(values)) + "]"

    lines = []
    for name in PARAM_NAMES:
        v = p[name]
        lines.append(f"{name} = [" + ", ".join(row(r) for r in v) + "]" if v.ndim == 2 else f"{name} = {row(v)}")
    return "\n".join(lines)


def activation_derivative(a, activation: str = "tanh"):
    """Derivada de la activación escrita con su salida ``a``: ``1 − a²`` (tanh) o ``a(1 − a)`` (sigmoide)."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"Activación desconocida: {activation!r}. Usa una de: {', '.join(ACTIVATIONS)}.")
    a = np.asarray(a, dtype=float)
    return 1.0 - a ** 2 if activation == "tanh" else a * (1.0 - a)


# ============================================================================ 3. comprobar gradientes


def relative_error(a, b) -> float:
    """Error relativo entre dos arrays: ``‖a − b‖ / (‖a‖ + ‖b‖)`` (0 si los dos son cero)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"No se pueden comparar arrays de formas distintas: {a.shape} y {b.shape}.")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def format_gradient_check(results: dict) -> str:
    """Tabla de la comprobación de gradientes, con el error relativo de cada parámetro.

    ``results`` es ``{"nombre del método": (errores, tolerancia)}``, con ``errores`` un
    diccionario ``parámetro → error relativo``. Cada casilla escribe el error (``2.2e-09``)
    seguido de ``✔`` si está por debajo de la tolerancia o de ``✘`` si no; la cabecera de cada
    columna dice la tolerancia.
    """
    if not results:
        raise ValueError("No hay comprobaciones que mostrar: pasa {'método': (errores, tolerancia)}.")
    methods = list(results)
    names = list(next(iter(results.values()))[0])
    cells, headers = {}, {}
    for method, (errors, tol) in results.items():
        tol = checks.number(tol, "La tolerancia", 0, open_low=True)
        if set(errors) != set(names):
            raise ValueError(f"Los errores de «{method}» son de {sorted(errors)} y los demás de {sorted(names)}.")
        headers[method] = f"frente a {method} (tolerancia {tol:.0e})"
        for name in names:
            err = float(errors[name])
            cells[method, name] = f"{scientific(err)} {'✔' if err < tol else '✘'}"
    widths = [max(len("parámetro"), *(len(n) for n in names))]
    widths += [max(len(headers[m]), *(len(cells[m, n]) for n in names)) for m in methods]
    header = ["parámetro"] + [headers[m] for m in methods]
    lines = ["Error relativo ‖g − g_ref‖ / (‖g‖ + ‖g_ref‖) de los gradientes de la retropropagación:",
             "  " + "   ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    for name in names:
        row = [name] + [cells[m, name] for m in methods]
        lines.append("  " + "   ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


# ============================================================================ 4. coste


def gradient_cost(layer_sizes) -> dict:
    """Operaciones (FLOP) por ejemplo para un gradiente completo de una red densa.

    ``layer_sizes`` son los tamaños de las capas, de la entrada a la salida: ``(2, 16, 1)`` o
    ``(784, 512, 512, 10)``. Cuenta los productos de matrices, que dominan el coste (2 FLOP
    por peso: una multiplicación y una suma); sesgos y activaciones son despreciables.

    * Propagación hacia delante: ``2·(entradas·salidas)`` en cada capa.
    * Hacia atrás, en cada capa, ``∂L/∂W = Aᵀ·∂L/∂Z`` (lo mismo que hacia delante) y, salvo en
      la primera, ``∂L/∂A = ∂L/∂Z·Wᵀ`` (otro tanto): algo menos del doble que hacia delante.
    * Diferencias finitas centradas: dos propagaciones hacia delante por parámetro.

    Devuelve ``n_params``, ``forward_flops``, ``backward_flops``, ``backprop_flops`` (delante +
    atrás), ``backprop_in_forwards`` (cuántas propagaciones hacia delante cuesta la
    retropropagación), ``finite_diff_forwards`` (``2·n_params``), ``finite_diff_flops`` y
    ``ratio`` (cuántas veces más operaciones necesitan las diferencias finitas).
    """
    try:
        sizes = [checks.integer(s, "Cada tamaño de capa", 1) for s in layer_sizes]
    except TypeError:
        raise ValueError(f"layer_sizes debe ser una lista de tamaños de capa, como (2, 16, 1), no {layer_sizes!r}.") from None
    if len(sizes) < 2:
        raise ValueError(f"Hacen falta al menos dos tamaños (entrada y salida), y hay {len(sizes)}.")
    pairs = list(zip(sizes[:-1], sizes[1:]))
    n_params = sum(n_in * n_out + n_out for n_in, n_out in pairs)
    forward_flops = sum(2 * n_in * n_out for n_in, n_out in pairs)
    backward_flops = forward_flops + sum(2 * n_in * n_out for n_in, n_out in pairs[1:])
    backprop_flops = forward_flops + backward_flops
    finite_diff_flops = 2 * n_params * forward_flops
    return {"n_params": n_params, "forward_flops": forward_flops, "backward_flops": backward_flops,
            "backprop_flops": backprop_flops, "backprop_in_forwards": backprop_flops / forward_flops,
            "finite_diff_forwards": 2 * n_params, "finite_diff_flops": finite_diff_flops,
            "ratio": finite_diff_flops / backprop_flops}


def best_time(function: Callable[[], object], repeats: int = 5) -> float:
    """Segundos que tarda ``function()``: el mejor de ``repeats`` intentos (el menos perturbado)."""
    if not callable(function):
        raise ValueError(f"best_time necesita una función sin argumentos (p. ej. una lambda), no {function!r}.")
    repeats = checks.integer(repeats, "repeats", 1, 100)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return max(min(times), 1e-9)
