"""Figuras de la lección de retropropagación (notebook 03): objetos ``Figure`` de matplotlib.

* :func:`draw_computational_graph`: el grafo de una neurona con valores (azul) y gradientes (rojo).
* :func:`draw_network_step`: la red 2-2-1 en un paso del explorador paso a paso.
* :func:`draw_decision_function`: la probabilidad de la clase 1 en el plano, con los ejemplos.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from course_lib import checks
from course_lib.formatting import percent
from course_lib.lessons.backprop.compute import fmt, num
from course_lib.lessons.backprop.compute_steps import PHASE_NAMES, SUBSCRIPTS

__all__ = ["draw_computational_graph", "draw_decision_function", "draw_network_step"]

_VALUE_COLOR = "#1f4e9c"
_GRAD_COLOR = "#b00020"
_UPDATE_COLOR = "#1b7f3b"
_ACTIVE_EDGE = "#e69500"
_ACTIVE_FILL = "#fff4d6"
_IDLE_FILL = "#f4f6fa"
_UNKNOWN_COLOR = "#9a9a9a"
_OP_SYMBOLS = {"mul": "×", "add": "+", "sigmoid": "σ", "half_sq_error": "½(a − y)²"}


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
        lines = [head, f"valor {fmt(example['values'][name])}"]
        colors = ["black", _VALUE_COLOR]
        if name in example["grads"]:
            lines.append(f"∂L/∂{node['label']} = {fmt(example['grads'][name])}")
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
    act = "tanh"
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
            lit_fwd = phase == "forward" and active == h
            lit_bwd = phase == "backward" and active == h
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
        lit_fwd = phase == "forward" and active == "out"
        lit_bwd = phase == "backward" and active == "out"
        color = _GRAD_COLOR if lit_bwd else (_VALUE_COLOR if lit_fwd else "#666666")
        _arrow(ax, start, end, color=color, width=2.8 if (lit_fwd or lit_bwd) else 1.2)
        lx, ly = _edge_point(start, end, 0.5)
        _edge_label(ax, (lx, ly), p["W2"][j, 0], g["W2"][j, 0] if "out" in kg else None,
                    new["W2"][j, 0] if new is not None else None, "v", "above" if j == 0 else "below")
    # --- salida → pérdida y objetivo → pérdida
    _arrow(ax, (_POS["out"][0] + hw / 2, _POS["out"][1]), (_POS["L"][0] - _BOX["L"][0] / 2, _POS["L"][1]),
           color=_VALUE_COLOR if (phase == "forward" and active == "L") else "#666666",
           width=2.8 if (phase == "forward" and active == "L") else 1.2)
    _arrow(ax, (_POS["y"][0], _POS["y"][1] + 0.4), (_POS["L"][0], _POS["L"][1] - _BOX["L"][1] / 2), color="#666666")
    # --- nodos de entrada y objetivo
    for i, xn in enumerate(("x1", "x2")):
        ax.add_patch(Circle(_POS[xn], 0.55, facecolor="#e8eef8", edgecolor="#555555", linewidth=1.2, zorder=3))
        ax.text(*_POS[xn], f"x{SUBSCRIPTS[i]}\n{fmt(state['x'][i])}", ha="center", va="center", fontsize=12,
                color=_VALUE_COLOR, zorder=4)
    ax.add_patch(Circle(_POS["y"], 0.42, facecolor="#e8eef8", edgecolor="#555555", linewidth=1.2, zorder=3))
    ax.text(*_POS["y"], f"y = {fmt(state['y'])}", ha="center", va="center", fontsize=10.5, color=_VALUE_COLOR, zorder=4)
    # --- neuronas ocultas, salida y pérdida
    unknown = "?"
    for j, h in enumerate(("h1", "h2")):
        known = h in kv
        lines = [f"h{SUBSCRIPTS[j]}  ({act})",
                 f"z = {num(state['z1'][j])}" if known else f"z = {unknown}",
                 f"a = {num(state['a1'][j])}" if known else f"a = {unknown}",
                 f"∂L/∂a = {num(state['da1'][j])}" if h in kg else "∂L/∂a = ?",
                 f"∂L/∂z = {num(state['dz1'][j])}" if h in kg else "∂L/∂z = ?"]
        colors = ["black", _VALUE_COLOR if known else _UNKNOWN_COLOR, _VALUE_COLOR if known else _UNKNOWN_COLOR,
                  _GRAD_COLOR if h in kg else _UNKNOWN_COLOR, _GRAD_COLOR if h in kg else _UNKNOWN_COLOR]
        _box(ax, _POS[h], lines, colors, hw, hh, active=active == h)
        _bias_label(ax, (_POS[h][0], _POS[h][1] - hh / 2 - 0.1), p["b1"][j],
                    g["b1"][j] if h in kg else None, new["b1"][j] if new is not None else None, "b")
    known = "out" in kv
    lines = ["ŷ  (σ)", f"z = {num(state['z2'])}" if known else "z = ?",
             f"ŷ = {num(state['yhat'])}" if known else "ŷ = ?",
             f"∂L/∂ŷ = {num(state['dyhat'])}" if "out" in kg else "∂L/∂ŷ = ?",
             f"∂L/∂z = {num(state['dz2'])}" if "out" in kg else "∂L/∂z = ?"]
    colors = ["black", _VALUE_COLOR if known else _UNKNOWN_COLOR, _VALUE_COLOR if known else _UNKNOWN_COLOR,
              _GRAD_COLOR if "out" in kg else _UNKNOWN_COLOR, _GRAD_COLOR if "out" in kg else _UNKNOWN_COLOR]
    _box(ax, _POS["out"], lines, colors, hw, hh, active=active == "out")
    _bias_label(ax, (_POS["out"][0], _POS["out"][1] - hh / 2 - 0.1), p["b2"][0],
                g["b2"][0] if "out" in kg else None, new["b2"][0] if new is not None else None, "c")
    lw, lh = _BOX["L"]
    lines = ["L  (pérdida)", f"L = {num(state['loss'])}" if "L" in kv else "L = ?",
             "∂L/∂L = 1" if "L" in kg else "∂L/∂L = ?"]
    colors = ["black", _VALUE_COLOR if "L" in kv else _UNKNOWN_COLOR, _GRAD_COLOR if "L" in kg else _UNKNOWN_COLOR]
    _box(ax, _POS["L"], lines, colors, lw, lh, active=active == "L")
    if phase == "optimizer":
        ax.text(_POS["L"][0], _POS["L"][1] + lh / 2 + 0.35, f"después del paso: {num(state['new_loss'])}",
                ha="center", fontsize=11, color=_UPDATE_COLOR, fontweight="bold")
    # --- explicación del paso
    text = "\n".join(state["lines"])
    ax.text(-1.1, -3.55, text, ha="left", va="center", fontsize=11.5, family="DejaVu Sans Mono",
            bbox=dict(boxstyle="round,pad=0.5", facecolor="#fbfbfb", edgecolor="#bbbbbb"))
    arrow = {"start": "", "forward": "  →", "backward": "  ←", "optimizer": "  ✎"}[phase]
    fig.suptitle(f"Paso {state['step']} de {state['n_steps']} · {PHASE_NAMES[phase].capitalize()}{arrow}",
                 fontsize=14, color={"forward": _VALUE_COLOR, "backward": _GRAD_COLOR,
                                      "optimizer": _UPDATE_COLOR}.get(phase, "black"))
    return fig


def _param_lines(value, grad, new_value, name):
    """Líneas de la etiqueta de un peso o sesgo: valor (azul), gradiente (rojo) y, tras el
    optimizador, el cambio (verde). Como mucho dos líneas."""
    if new_value is not None:
        return [(f"∂L/∂{name} = {num(grad)}", _GRAD_COLOR),
                (f"{name}: {num(value)} → {num(new_value)}", _UPDATE_COLOR)]
    lines = [(f"{name} = {num(value)}", _VALUE_COLOR)]
    if grad is not None:
        lines.append((f"∂L/∂{name} = {num(grad)}", _GRAD_COLOR))
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



def draw_decision_function(predict: Callable, params: dict, X, y, title: str | None = None,
                           margin: float = 0.5, resolution: int = 150) -> Figure:
    """Probabilidad de la clase 1 que da la red en todo el plano, con los ejemplos encima.

    ``predict(params, X)`` es la función del notebook que devuelve la probabilidad ``ŷ`` de
    cada fila de ``X`` (forma ``(n, 1)`` o ``(n,)``); ``X`` tiene dos columnas.
    """
    if not callable(predict):
        raise ValueError("El primer argumento es la función predict(params, X) del notebook, "
                         f"no {type(predict).__name__}.")
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"Solo se puede dibujar una red con 2 entradas: X debe tener forma (n, 2), y tiene {X.shape}.")
    labels = np.asarray(y, dtype=float).reshape(-1) > 0.5
    if len(labels) != len(X):
        raise ValueError(f"X tiene {len(X)} ejemplos e y tiene {len(labels)}: deben ser los mismos.")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    resolution = checks.integer(resolution, "resolution", 2, 1000)
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    prob = np.asarray(predict(params, grid), dtype=float).reshape(g0.shape)
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot()
    mesh = ax.contourf(g0, g1, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.75)
    ax.contour(g0, g1, prob, levels=[0.5], colors="black", linewidths=2)
    size = 110 if len(X) <= 20 else 22
    ax.scatter(X[~labels, 0], X[~labels, 1], c="#2166ac", marker="o", s=size, edgecolors="white", label="clase 0")
    ax.scatter(X[labels, 0], X[labels, 1], c="#b2182b", marker="s", s=size, edgecolors="white", label="clase 1")
    fig.colorbar(mesh, ax=ax, label="Probabilidad de la clase 1 (ŷ)")
    acc = float(np.mean((np.asarray(predict(params, X), dtype=float).reshape(-1) > 0.5) == labels))
    ax.set(xlabel="x₁", ylabel="x₂", title=title or f"Lo que ha aprendido la red (exactitud {percent(acc, 0)})")
    ax.legend(loc="upper right", framealpha=0.9)
    return fig
