"""Cálculo del explorador paso a paso del notebook 03 (sin figuras ni widgets).

:func:`network_step` describe la red 2-2-1 de XOR en un paso del recorrido: propagación hacia
delante, retropropagación y optimizador. No lleva su propia red: usa las funciones que el
notebook escribe en NumPy (``forward``, ``backward``, ``loss`` y el paso del optimizador), que
llegan como argumentos. Así el explorador enseña exactamente las cuentas de esas celdas.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from course_lib import checks
from course_lib.lessons.backprop.compute import (
    PARAM_NAMES, activation_derivative, check_params, fmt, num, paren, pnum,
)

#: Fase de cada paso del recorrido (los pasos van de 0 a :data:`N_STEPS`).
STEP_PHASES = ("start", "forward", "forward", "forward", "forward",
               "backward", "backward", "backward", "backward", "optimizer")
N_STEPS = len(STEP_PHASES) - 1
#: Cómo se nombra cada fase en pantalla.
PHASE_NAMES = {"start": "inicio", "forward": "propagación hacia delante",
               "backward": "retropropagación", "optimizer": "optimizador"}
CACHE_KEYS = ("Z1", "A1", "Z2", "Yhat")
SUBSCRIPTS = "₁₂₃₄₅₆₇₈₉"

__all__ = ["CACHE_KEYS", "N_STEPS", "PHASE_NAMES", "STEP_PHASES", "network_step", "single_example"]


def _as_grads(grads, p: dict, name: str) -> dict:
    try:
        g = check_params(grads, f"Los gradientes que devuelve {name}")
    except ValueError as exc:
        raise ValueError(str(exc).replace("(lo que devuelve init_params)", "(uno por parámetro)")) from None
    for k in PARAM_NAMES:
        if g[k].shape != p[k].shape:
            raise ValueError(f"{name} devuelve el gradiente de {k} con forma {g[k].shape}, y {k} tiene forma {p[k].shape}.")
    return g


def single_example(params: dict, x, y, forward: Callable, backward: Callable, loss: Callable) -> dict:
    """Valores y gradientes de la red 2-2-1 para un solo ejemplo, con las funciones del notebook.

    ``forward(params, X)`` devuelve la caché (``Z1``, ``A1``, ``Z2``, ``Yhat``);
    ``backward(params, cache, y)`` los gradientes; ``loss(cache, y)`` la pérdida. Con un solo
    ejemplo, ``∂L/∂z`` de la salida es el gradiente de su sesgo (``b2``) y ``∂L/∂z`` de cada
    neurona oculta el del suyo (``b1``): se leen de ahí, de los gradientes del notebook.
    """
    p = check_params(params)
    if p["W1"].shape != (2, 2) or p["W2"].shape != (2, 1):
        raise ValueError(
            f"El explorador dibuja una red 2-2-1 (2 entradas, 2 neuronas ocultas, 1 salida) y estos "
            f"parámetros son de una red {p['W1'].shape[0]}-{p['W1'].shape[1]}-{p['W2'].shape[1]}."
        )
    X = np.asarray(x, dtype=float).reshape(1, 2)
    Y = np.asarray(y, dtype=float).reshape(1, 1)
    cache = forward({k: v.copy() for k, v in p.items()}, X)
    if not isinstance(cache, dict) or not set(CACHE_KEYS) <= set(cache):
        got = sorted(cache) if isinstance(cache, dict) else type(cache).__name__
        raise ValueError(f"forward debe devolver un diccionario con {', '.join(CACHE_KEYS)} (la caché), y devuelve {got}.")
    shapes = {"Z1": (1, 2), "A1": (1, 2), "Z2": (1, 1), "Yhat": (1, 1)}
    values = {}
    for key in CACHE_KEYS:
        values[key] = np.asarray(cache[key], dtype=float)
        if values[key].shape != shapes[key]:
            raise ValueError(f"forward devuelve {key} con forma {values[key].shape}; con un ejemplo debería ser {shapes[key]}.")
    grads = _as_grads(backward({k: v.copy() for k, v in p.items()}, cache, Y), p, "backward")
    yhat = float(values["Yhat"][0, 0])
    target = float(Y[0, 0])
    clipped = min(max(yhat, 1e-12), 1 - 1e-12)
    dz2 = float(grads["b2"][0])
    return {
        "params": p, "x": X[0], "y": target,
        "z1": values["Z1"][0], "a1": values["A1"][0], "z2": float(values["Z2"][0, 0]), "yhat": yhat,
        "loss": float(loss(cache, Y)),
        "dyhat": -target / clipped + (1 - target) / (1 - clipped),
        "dz2": dz2, "da1": dz2 * p["W2"][:, 0], "dz1": np.array(grads["b1"], dtype=float),
        "grads": grads,
    }


def network_step(params: dict, x, y, step: int, *, forward: Callable, backward: Callable, loss: Callable,
                 update: Callable, learning_rate: float = 0.5) -> dict:
    """Estado de la red 2-2-1 (capa oculta tanh) en el paso ``step`` del recorrido.

    Pasos: 0 inicio; 1-4 propagación hacia delante (h₁, h₂, ŷ, L); 5-8 retropropagación
    (L, ŷ, h₂, h₁); 9 el optimizador, ``update(params, grads, learning_rate)``, cambia los pesos.
    Los números salen de ``forward``, ``backward`` y ``loss`` (las funciones del notebook) con
    un solo ejemplo.

    Devuelve un diccionario con todos los números (``z1``, ``a1``, ``yhat``, ``loss``, ``grads``...),
    lo que ya se conoce en este paso (``known_values``, ``known_grads``), el nodo activo
    (``active``), la fase (``phase``: ``"start"``, ``"forward"``, ``"backward"`` u
    ``"optimizer"``), las líneas de explicación (``lines``) y un titular (``headline``).
    """
    step = checks.integer(step, "El paso", 0, N_STEPS)
    lr = checks.number(learning_rate, "La tasa de aprendizaje η", 0, open_low=True, advice="Prueba con 0.5.")
    r = single_example(params, x, y, forward, backward, loss)
    p, g = r["params"], r["grads"]
    order_forward = ["h1", "h2", "out", "L"]
    order_backward = ["L", "out", "h2", "h1"]
    phase = STEP_PHASES[step]
    known_values = set(order_forward[:min(step, 4)])
    known_grads = set(order_backward[:max(0, min(step - 4, 4))])
    active = None
    x1, x2 = r["x"]
    if phase == "start":
        headline = (f"entrada x = ({fmt(x1)}, {fmt(x2)}), objetivo y = {fmt(r['y'])}; "
                    "pulsa ▶ para empezar la propagación hacia delante")
        lines = ["Se conocen la entrada, el objetivo y los pesos. Nada más.",
                 "Hacia delante se calcula cada neurona a partir de la capa anterior."]
    elif phase == "forward":
        active = order_forward[step - 1]
        if active in ("h1", "h2"):
            j = 0 if active == "h1" else 1
            w = p["W1"][:, j]
            z, a = r["z1"][j], r["a1"][j]
            lines = [f"z = w·x + b = {pnum(w[0])}·{paren(x1)} + {pnum(w[1])}·{paren(x2)} + "
                     f"{pnum(p['b1'][j])} = {num(z)}",
                     f"a = tanh(z) = tanh({num(z)}) = {num(a)}"]
            headline = f"h{SUBSCRIPTS[j]}: z = {num(z)}, a = tanh(z) = {num(a)}"
        elif active == "out":
            v = p["W2"][:, 0]
            lines = [f"z = v·h + c = {pnum(v[0])}·{pnum(r['a1'][0])} + {pnum(v[1])}·{pnum(r['a1'][1])} + "
                     f"{pnum(p['b2'][0])} = {num(r['z2'])}",
                     f"ŷ = σ(z) = σ({num(r['z2'])}) = {num(r['yhat'])}"]
            headline = f"ŷ = σ(z) = σ({num(r['z2'])}) = {num(r['yhat'])}"
        else:
            lines = ["L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]   (entropía cruzada binaria)",
                     f"L = −[{fmt(r['y'])}·ln {num(r['yhat'])} + {fmt(1 - r['y'])}·ln {num(1 - r['yhat'])}] "
                     f"= {num(r['loss'])}"]
            headline = f"pérdida L = {num(r['loss'])} (la propagación hacia delante ha terminado)"
    elif phase == "backward":
        active = order_backward[step - 5]
        if active == "L":
            lines = ["La retropropagación empieza en la pérdida: ∂L/∂L = 1.",
                     "Desde aquí, cada nodo recibe el gradiente de su consumidor y lo multiplica por su derivada local."]
            headline = "empieza en la pérdida: ∂L/∂L = 1"
        elif active == "out":
            lines = [f"∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) = {num(r['dyhat'])}",
                     f"∂L/∂z = ∂L/∂ŷ · σ'(z) = ∂L/∂ŷ · ŷ(1 − ŷ) = ŷ − y = {num(r['dz2'])}",
                     f"∂L/∂v = ∂L/∂z · h = ({num(g['W2'][0, 0])}, {num(g['W2'][1, 0])})    "
                     f"∂L/∂c = ∂L/∂z = {num(g['b2'][0])}"]
            headline = (f"ŷ: ∂L/∂z = ŷ − y = {num(r['dz2'])}; ∂L/∂v = ({num(g['W2'][0, 0])}, "
                        f"{num(g['W2'][1, 0])}), ∂L/∂c = {num(g['b2'][0])}")
        else:
            j = 0 if active == "h1" else 1
            local = float(activation_derivative(r["a1"][j]))
            lines = [f"∂L/∂a = ∂L/∂z(ŷ) · v = {pnum(r['dz2'])}·{pnum(p['W2'][j, 0])} = {num(r['da1'][j])}",
                     f"∂L/∂z = ∂L/∂a · (1 − a²) = {pnum(r['da1'][j])}·{num(local)} = {num(r['dz1'][j])}",
                     f"∂L/∂w = ∂L/∂z · x = ({num(g['W1'][0, j])}, {num(g['W1'][1, j])})    "
                     f"∂L/∂b = ∂L/∂z = {num(g['b1'][j])}"]
            headline = (f"h{SUBSCRIPTS[j]}: ∂L/∂z = ∂L/∂a · (1 − a²) = {num(r['dz1'][j])}; "
                        f"∂L/∂w = ({num(g['W1'][0, j])}, {num(g['W1'][1, j])})")
    else:
        new = check_params(update({k: v.copy() for k, v in p.items()}, g, lr),
                           "Los parámetros que devuelve el optimizador")
        new_loss = float(loss(forward(new, r["x"][None, :]), np.array([[r["y"]]])))
        lines = ["La retropropagación ya terminó: solo ha calculado gradientes.",
                 f"Ahora el optimizador cambia cada peso: w ← w − η·∂L/∂w, con η = {fmt(lr)}.",
                 f"Pérdida de este ejemplo: {num(r['loss'])} → {num(new_loss)}"]
        headline = (f"w ← w − η·∂L/∂w con η = {fmt(lr)}: la pérdida de este ejemplo pasa de "
                    f"{num(r['loss'])} a {num(new_loss)}")
        r["new_params"] = new
        r["new_loss"] = new_loss
    r.update({"step": step, "n_steps": N_STEPS, "phase": phase, "active": active,
              "known_values": known_values, "known_grads": known_grads,
              "learning_rate": lr, "lines": lines, "headline": headline})
    return r
