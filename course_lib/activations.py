"""Funciones de activación: qué son, sus derivadas, la saturación y el gradiente en redes profundas.

Todo lo que el notebook 04 necesita, en funciones pequeñas y probadas:

* **Las funciones y sus derivadas en NumPy** (:func:`sigmoid`, :func:`tanh`, :func:`relu`,
  :func:`leaky_relu`, :func:`gelu`, :func:`linear` y sus ``*_derivative``), reunidas en la
  tabla :data:`ACTIVATIONS` y accesibles por nombre con :func:`get`, :func:`evaluate` y
  :func:`derivative`. Coinciden con ``keras.activations`` y con las derivadas que calcula
  ``tf.GradientTape`` (lo comprueba :func:`compare_with_keras`).
* **Softmax** estable (:func:`softmax`, resta el máximo) y la versión ingenua que se desborda
  (:func:`naive_softmax`), para ver por qué hace falta restar el máximo.
* **Sin no linealidad, una pila de capas densas es una sola capa**: :func:`collapse_linear`
  calcula la matriz y el sesgo equivalentes; :func:`forward` aplica una pila con o sin
  activación; :func:`grid_transform` y :func:`grid_figure` lo enseñan deformando una rejilla.
* **Saturación y neuronas muertas**: :func:`saturation_mask`, :func:`dead_fraction`.
* **Desvanecimiento y explosión del gradiente**: :func:`deep_dense_model` (una red densa
  profunda con inicialización reproducible), :func:`gradient_norms` (norma del gradiente de
  cada capa con ``tf.GradientTape``), :func:`gradient_norms_figure` y
  :func:`summarize_gradient_norms`.
* **Explorador de una neurona** ``y = f(w·x + b)``: cálculo puro :func:`neuron_response`,
  figura :func:`draw_neuron`, resumen :func:`summarize_neuron` y :func:`activation_explorer`.

Ejemplo::

    from course_lib import activations
    activations.sigmoid(0.0)                # 0.5
    activations.derivative("tanh", 0.0)     # 1.0
    activations.softmax([1000, 1001, 1002])  # sin desbordarse
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks, config

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


from course_lib.lessons.activations.compute import *  # noqa: F401,F403  (temporal)
from course_lib.lessons.activations.compute import _ALIASES, _as_array, _as_layers  # noqa: F401

def compare_with_keras(names_to_check=None, x=None) -> list[dict]:
    """Compara las funciones y derivadas NumPy con ``keras.activations`` y ``tf.GradientTape``.

    Devuelve una fila por activación con el error máximo de la función (``function_error``) y
    de la derivada (``derivative_error``) en los puntos ``x`` (por defecto, 201 puntos entre −6
    y 6), calculados en ``float32`` como hace Keras.
    """
    tf = config.quiet_tensorflow()
    import keras

    chosen = [get(n) for n in (names_to_check or names())]
    points = np.linspace(-6.0, 6.0, 201) if x is None else _as_array(x)
    if points.size == 0:
        raise ValueError("Hacen falta puntos en los que comparar: x está vacío.")
    rows = []
    for act in chosen:
        keras_fn = getattr(keras.activations, act.key)
        xt = tf.constant(points, dtype=tf.float32)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = keras_fn(xt)
        grad = tape.gradient(y, xt)
        ours_x = points.astype(np.float32).astype(np.float64)
        rows.append({
            "name": act.key,
            "label": act.label,
            "function_error": float(np.max(np.abs(np.asarray(y, dtype=np.float64) - act.function(ours_x)))),
            "derivative_error": float(np.max(np.abs(np.asarray(grad, dtype=np.float64) - act.derivative(ours_x)))),
        })
    return rows



def grid_figure(transforms) -> Figure:
    """Rejilla de entrada y su imagen tras cada pila de :func:`grid_transform`, lado a lado."""
    transforms = list(transforms)
    if not transforms:
        raise ValueError("No hay transformaciones que dibujar: pasa una lista de resultados de grid_transform.")
    n = len(transforms) + 1
    fig = Figure(figsize=(3.3 * n, 3.6), layout="constrained")
    axes = fig.subplots(1, n)
    panels = [("Entrada: rejilla del plano", transforms[0]["lines_in"], transforms[0]["n_lines"])]
    panels += [(f"{t['depth']} capas " + ("sin activación" if t["activation"] == "linear" else f"con {t['label']}"),
                t["lines_out"], t["n_lines"]) for t in transforms]
    for ax, (title, lines, k) in zip(axes, panels):
        for j, line in enumerate(lines):
            ax.plot(line[:, 0], line[:, 1], color="#1f77b4" if j < k else "#d62728", linewidth=1.1)
        ax.set_title(title, fontsize=10)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("Una pila de capas lineales solo estira y gira el plano; una no linealidad lo curva y lo pliega",
                 fontsize=11)
    return fig


# --------------------------------------------------------------------------- galería de funciones


def _shade(ax, x, mask, color, label=None) -> None:
    """Sombrea los tramos de ``x`` donde ``mask`` es ``True``."""
    if not np.any(mask):
        return
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    step = (x[1] - x[0]) / 2 if len(x) > 1 else 0
    for k, (start, stop) in enumerate(zip(edges[::2], edges[1::2])):
        ax.axvspan(x[start] - step, x[stop - 1] + step, color=color, alpha=0.15, linewidth=0,
                   label=label if k == 0 else None)


def activation_gallery(which=None, x_range=(-5.0, 5.0)) -> Figure:
    """Una gráfica por activación con la función (línea continua) y su derivada (discontinua).

    Las zonas sombreadas son las de derivada casi nula (:func:`saturation_mask`): ahí la neurona
    está saturada o apagada y casi no aprende.
    """
    acts = [get(n) for n in (which or names())]
    lo, hi = _check_range(x_range)
    x = np.linspace(lo, hi, 801)
    ncols = min(3, len(acts))
    nrows = math.ceil(len(acts) / ncols)
    fig = Figure(figsize=(4.2 * ncols, 3.2 * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[len(acts):]:
        ax.set_axis_off()
    for ax, act in zip(axes, acts):
        _shade(ax, x, saturation_mask(act, x), "#e6a700", "derivada casi nula")
        ax.plot(x, act.function(x), color="#1f77b4", linewidth=2.2, label="f(x)")
        ax.plot(x, act.derivative(x), "--", color="#d62728", linewidth=2, label="f′(x)")
        ax.axhline(0, color="gray", linewidth=0.8)
        ax.axvline(0, color="gray", linewidth=0.8)
        ax.set_title(f"{act.label}: salida en {act.output_range}", fontsize=11)
        ax.set_xlim(lo, hi)
        ax.set_ylim(-1.3, 2.3)
        ax.set_xlabel("x")
        ax.grid(True, alpha=0.3)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Line2D([], [], color="#1f77b4", linewidth=2.2, label="función f(x)"),
               Line2D([], [], color="#d62728", linestyle="--", linewidth=2, label="derivada f′(x)"),
               Patch(color="#e6a700", alpha=0.25,
                     label=f"derivada casi nula (< {100 * SATURATION_THRESHOLD:.0f} % de su máximo)")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=10)
    return fig


# --------------------------------------------------------------------------- explorador de una neurona


def _check_range(x_range) -> tuple[float, float]:
    try:
        lo, hi = x_range
    except (TypeError, ValueError):
        raise ValueError(f"El intervalo de entradas debe ser un par (mínimo, máximo), no {x_range!r}.") from None
    lo = checks.number(lo, "El extremo inferior del intervalo de entradas")
    hi = checks.number(hi, "El extremo superior del intervalo de entradas")
    if not lo < hi:
        raise ValueError(
            f"El intervalo de entradas está vacío (de {lo:g} a {hi:g}): el mínimo debe ser menor que el "
            "máximo. Separa los dos extremos del control «Entradas x»."
        )
    return lo, hi


def neuron_response(activation="sigmoid", weight: float = 1.0, bias: float = 0.0,
                    x_range=(-4.0, 4.0), n_points: int = 401) -> dict:
    """Cálculo del explorador: una neurona ``y = f(w·x + b)`` para ``x`` en ``x_range``.

    Devuelve un diccionario con ``x``, la entrada neta ``z = w·x + b``, la salida ``y``, la
    derivada ``dy = f'(z)`` (el factor por el que se multiplica el gradiente al atravesar la
    neurona), la referencia ``f(x)`` (``w = 1``, ``b = 0``), las máscaras ``saturated``
    (derivada casi nula) y ``dead`` (derivada exactamente 0), sus fracciones, el recorrido de
    la salida (``y_min``, ``y_max``) y un diagnóstico ``state``: ``"muerta"``, ``"saturada"``,
    ``"constante"``, ``"parcial"`` o ``"activa"``.
    """
    act = get(activation)
    weight = checks.number(weight, "El peso w")
    bias = checks.number(bias, "El sesgo b")
    lo, hi = _check_range(x_range)
    n_points = checks.integer(n_points, "n_points (el número de puntos)", 1, 100_000)
    if n_points < 2:
        raise ValueError("n_points (el número de puntos) debe ser al menos 2.")
    x = np.linspace(lo, hi, n_points)
    z = weight * x + bias
    y = act.function(z)
    dy = act.derivative(z)
    saturated = np.abs(dy) < SATURATION_THRESHOLD * act.max_derivative
    dead = dy == 0
    frac_saturated = float(saturated.mean())
    frac_dead = float(dead.mean())
    if frac_dead == 1.0:
        state = "muerta"
    elif frac_saturated == 1.0:
        state = "saturada"
    elif weight == 0.0:
        state = "constante"
    elif frac_saturated > 0.0:
        state = "parcial"
    else:
        state = "activa"
    return {
        "activation": act.key, "label": act.label, "weight": weight, "bias": bias,
        "x_range": (lo, hi), "x": x, "z": z, "y": y, "dy": dy, "reference": act.function(x),
        "saturated": saturated, "dead": dead, "frac_saturated": frac_saturated, "frac_dead": frac_dead,
        "y_min": float(y.min()), "y_max": float(y.max()), "max_derivative": act.max_derivative,
        "state": state,
    }


def _num(value: float, digits: int = 2) -> str:
    """Número con ``digits`` decimales, sin «-0.00»."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def summarize_neuron(result: Mapping[str, Any]) -> str:
    """Una línea en español: activación, w y b, recorrido de la salida y diagnóstico."""
    lo, hi = result["x_range"]
    head = (f"{result['label']}, w = {_num(result['weight'], 1)}, b = {_num(result['bias'], 1)}: "
            f"salida de {_num(result['y_min'])} a {_num(result['y_max'])} para x en [{lo:g}, {hi:g}]")
    state = result["state"]
    if state == "muerta":
        verdict = "neurona muerta: salida 0 y derivada 0 en todo el intervalo, no aprende"
    elif state == "saturada":
        verdict = "saturada en todo el intervalo: derivada casi nula, aprende muy despacio"
    elif state == "constante":
        verdict = "con w = 0 la salida no depende de x"
    elif state == "parcial":
        what = "derivada 0 (apagada)" if result["frac_dead"] == result["frac_saturated"] else "derivada casi nula"
        verdict = f"{what} en el {100 * result['frac_saturated']:.0f} % del intervalo"
    else:
        verdict = "sin saturación: la derivada es apreciable en todo el intervalo"
    return f"{head} · {verdict}"


def draw_neuron(result: Mapping[str, Any]) -> Figure:
    """Figura del explorador: la salida ``f(w·x + b)`` y su derivada, con las zonas saturadas sombreadas."""
    x = result["x"]
    fig = Figure(figsize=(10.5, 3.9), layout="constrained")
    ax_out, ax_der = fig.subplots(1, 2)
    dead_only = result["frac_dead"] == result["frac_saturated"] and result["frac_dead"] > 0
    shade_label = "derivada 0 (apagada)" if dead_only else "derivada casi nula (saturada)"
    for ax in (ax_out, ax_der):
        _shade(ax, x, result["saturated"], "#e6a700", shade_label)
        ax.axhline(0, color="gray", linewidth=0.8)
        ax.axvline(0, color="gray", linewidth=0.8)
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel("Entrada x")
        ax.grid(True, alpha=0.3)
    ax_out.plot(x, result["reference"], ":", color="gray", linewidth=1.8, label="referencia f(x)  (w = 1, b = 0)")
    ax_out.plot(x, result["y"], color="#1f77b4", linewidth=2.5, label="salida f(w·x + b)")
    ax_der.plot(x, result["dy"], color="#d62728", linewidth=2.5, label="derivada f′(w·x + b)")
    ax_der.axhline(SATURATION_THRESHOLD * result["max_derivative"], color="#e6a700", linestyle="--", linewidth=1,
                   label=f"{100 * SATURATION_THRESHOLD:.0f} % de la derivada máxima")
    bounded = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15)}
    if result["activation"] in bounded:
        ax_out.set_ylim(*bounded[result["activation"]])
    else:
        both = np.concatenate([result["y"], result["reference"]])
        pad = 0.08 * max(float(both.max() - both.min()), 1.0)
        ax_out.set_ylim(float(both.min()) - pad, float(both.max()) + pad)
    ax_der.set_ylim(-0.08 * result["max_derivative"], 1.15 * result["max_derivative"])
    ax_out.set_ylabel("Salida y")
    ax_der.set_ylabel("Derivada")
    ax_out.set_title("Salida de la neurona", fontsize=11)
    ax_der.set_title("Derivada: cuánto gradiente deja pasar", fontsize=11)
    ax_out.legend(loc="upper left", fontsize=8.5)
    ax_der.legend(loc="upper left", fontsize=8.5)
    fig.suptitle(f"Neurona {result['label']}: y = f(w·x + b) con w = {_num(result['weight'], 1)} "
                 f"y b = {_num(result['bias'], 1)}", fontsize=12)
    return fig


def activation_explorer(activation: str = "sigmoid", weight: float = 1.0, bias: float = 0.0,
                        x_range=(-4.0, 4.0)):
    """Explorador de activaciones: elige la función y mueve el peso y el sesgo de una neurona.

    Muestra ``f(w·x + b)`` y su derivada para ``x`` en el intervalo elegido, sombrea las zonas
    saturadas y resume si la neurona está activa, saturada o muerta. Para probarlo desde
    Python: ``exp = activation_explorer(); exp.set(weight=5.0); exp.result["state"]``.
    """
    import ipywidgets as w

    from course_lib.widgets import Explorer

    act = get(activation)
    style = {"description_width": "8em"}
    layout = w.Layout(width="34em")
    controls = {
        "weight": w.FloatSlider(value=weight, min=-10.0, max=10.0, step=0.1, description="Peso w",
                                continuous_update=False, readout_format=".1f", style=style, layout=layout),
        "bias": w.FloatSlider(value=bias, min=-10.0, max=10.0, step=0.1, description="Sesgo b",
                              continuous_update=False, readout_format=".1f", style=style, layout=layout),
        "activation": w.Dropdown(options=[(a.label, a.key) for a in ACTIVATIONS.values()], value=act.key,
                                 description="Activación", style=style, layout=w.Layout(width="24em")),
        "x_range": w.FloatRangeSlider(value=tuple(x_range), min=-10.0, max=10.0, step=0.5,
                                      description="Entradas x", continuous_update=False, readout_format=".1f",
                                      style=style, layout=layout),
    }
    return Explorer(controls, neuron_response, draw_neuron, summarize_neuron,
                    title="Explorador de activaciones: una neurona y = f(w·x + b)")


# --------------------------------------------------------------------------- gradiente en redes profundas


def _seeded_initializer(initializer, seed: int):
    """Copia del inicializador ``initializer`` (nombre o instancia de Keras) con semilla ``seed``."""
    import keras

    try:
        base = keras.initializers.get(initializer)
    except ValueError:
        raise ValueError(
            f"No conozco el inicializador {initializer!r}: usa un nombre de Keras como 'glorot_uniform' o "
            "'he_normal', o una instancia como keras.initializers.RandomNormal(stddev=0.3)."
        ) from None
    cfg = base.get_config()
    if "seed" in cfg:
        cfg["seed"] = seed
    return type(base).from_config(cfg)


def deep_dense_model(activation="relu", depth: int = 15, width: int = 64, input_dim: int = 784,
                     n_classes: int = 10, initializer="glorot_uniform", seed: int = 0):
    """Red densa profunda: ``depth`` capas ocultas de ``width`` neuronas con ``activation`` y una
    salida softmax de ``n_classes``.

    Cada capa oculta se inicializa con ``initializer`` (p. ej. ``"glorot_uniform"``, el de Keras
    por defecto, o ``"he_normal"``, el adecuado para ReLU) y semilla ``seed + i``: la misma
    llamada da siempre los mismos pesos, sin depender del estado global. Las capas se llaman
    ``oculta_1`` … ``oculta_N`` y ``salida``.
    """
    import keras

    act = get(activation)
    depth = checks.integer(depth, "depth (el número de capas ocultas)", 1, 200)
    width = checks.integer(width, "width (las neuronas por capa)", 1, 8192)
    input_dim = checks.integer(input_dim, "input_dim (el número de entradas)", 1)
    n_classes = checks.integer(n_classes, "n_classes (el número de clases)", 1)
    seed = checks.integer(seed, "La semilla", 0)
    layers = [keras.Input(shape=(input_dim,))]
    for i in range(depth):
        layers.append(keras.layers.Dense(width, activation=act.key, name=f"oculta_{i + 1}",
                                         kernel_initializer=_seeded_initializer(initializer, int(seed) + i)))
    layers.append(keras.layers.Dense(n_classes, activation="softmax", name="salida",
                                     kernel_initializer=keras.initializers.GlorotUniform(seed=int(seed) + depth)))
    return keras.Sequential(layers, name=f"profunda_{act.key}")


def gradient_norms(model, x, y, loss="sparse_categorical_crossentropy") -> np.ndarray:
    """Norma del gradiente de la pérdida respecto a los pesos (``kernel``) de cada capa densa.

    Una pasada hacia delante con el lote ``(x, y)`` dentro de ``tf.GradientTape`` y una
    retropropagación; devuelve un array con una norma por capa, de la entrada a la salida.
    No cambia los pesos del modelo.
    """
    tf = config.quiet_tensorflow()
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"gradient_norms espera un modelo de Keras, no {type(model).__name__}.")
    kernels = [layer.kernel for layer in model.layers if getattr(layer, "kernel", None) is not None]
    if not kernels:
        raise ValueError("El modelo no tiene capas con pesos (kernel): ¿está vacío?")
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(
            f"x e y deben tener el mismo número de ejemplos (y al menos uno): x tiene {len(x)} e y tiene {len(y)}."
        )
    loss_fn = keras.losses.get(loss)
    with tf.GradientTape() as tape:
        value = tf.reduce_mean(loss_fn(y, model(x, training=True)))
    grads = tape.gradient(value, kernels)
    return np.array([float(tf.norm(g)) for g in grads])


def gradient_norms_figure(norms: Mapping[str, Any], title: str | None = None) -> Figure:
    """Norma del gradiente por capa (escala logarítmica) para varias redes, una línea por red.

    ``norms`` asocia el nombre de cada red con lo que devuelve :func:`gradient_norms`.
    """
    if not norms:
        raise ValueError("No hay normas que dibujar: pasa un diccionario {nombre: gradient_norms(...)}.")
    fig = Figure(figsize=(9.5, 4.6), layout="constrained")
    ax = fig.add_subplot()
    styles = ["o-", "s-", "^-", "D-", "v-", "P-"]
    longest = 0
    for i, (name, values) in enumerate(norms.items()):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size == 0 or np.any(values < 0):
            raise ValueError(f"Las normas de «{name}» deben ser un vector de números no negativos.")
        layers = np.arange(1, len(values) + 1)
        ratio = values[0] / values[-1] if values[-1] > 0 else float("inf")
        ax.semilogy(layers, np.maximum(values, 1e-30), styles[i % len(styles)], linewidth=2, markersize=5,
                    label=f"{name}  (1.ª/salida = {ratio:.0e})")
        longest = max(longest, len(values))
    ticks = list(range(1, longest + 1))
    ax.set_xticks(ticks, [str(t) if t < longest else "salida" for t in ticks])
    ax.set_xlabel("Capa (1 = la más cercana a la entrada)")
    ax.set_ylabel("Norma del gradiente de los pesos (escala log.)")
    ax.set_title(title or "Gradiente que llega a cada capa en una red profunda recién inicializada")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=9)
    return fig


def summarize_gradient_norms(norms: Mapping[str, Any]) -> str:
    """Una línea por red: norma del gradiente en la 1.ª capa, en la de salida y su cociente."""
    if not norms:
        raise ValueError("No hay normas que resumir: pasa un diccionario {nombre: gradient_norms(...)}.")
    lines = []
    for name, values in norms.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"Las normas de «{name}» deben ser un vector con una norma por capa.")
        first, last = values[0], values[-1]
        ratio = f"{first / last:.0e}" if last > 0 else "∞"
        lines.append(f"{name}: 1.ª capa {first:.1e} · salida {last:.1e} · 1.ª/salida = {ratio}")
    return "\n".join(lines)


def compare_histories(histories: Mapping[str, Any], title: str | None = None) -> Figure:
    """Pérdida de entrenamiento y exactitud de validación de varios entrenamientos, superpuestas.

    ``histories`` asocia un nombre con un ``History`` de Keras (o su diccionario ``history``).
    Para las curvas de **un** entrenamiento usa ``plots.learning_curves``.
    """
    from matplotlib.ticker import MaxNLocator

    if not histories:
        raise ValueError("No hay entrenamientos que comparar: pasa un diccionario {nombre: history}.")
    fig = Figure(figsize=(10.5, 3.9), layout="constrained")
    ax_loss, ax_acc = fig.subplots(1, 2)
    for i, (name, history) in enumerate(histories.items()):
        h = getattr(history, "history", history)
        if "loss" not in h:
            raise ValueError(f"El historial de «{name}» no tiene pérdida ('loss'); sus métricas son: {', '.join(h)}.")
        epochs = np.arange(1, len(h["loss"]) + 1)
        color = f"C{i}"
        ax_loss.plot(epochs, h["loss"], "o-", color=color, linewidth=2, label=name)
        for key, style, where in (("accuracy", "o-", "entrenamiento"), ("val_accuracy", "s--", "validación")):
            if key in h:
                ax_acc.plot(epochs, 100 * np.asarray(h[key]), style, color=color, linewidth=2,
                            label=f"{name} ({where})")
    ax_loss.set(title="Pérdida de entrenamiento", xlabel="Época", ylabel="Pérdida")
    ax_acc.set(title="Exactitud", xlabel="Época", ylabel="Exactitud (%)", ylim=(0, 100))
    ax_acc.axhline(10, color="gray", linestyle=":", linewidth=1.2, label="azar (10 clases)")
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=9)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def dead_fraction(model, x, batch_size: int = 1024) -> dict[str, float]:
    """Fracción de neuronas **muertas** de cada capa densa con ReLU: las que dan 0 para todos los ``x``.

    Una neurona ReLU muerta tiene la entrada neta negativa para todos los ejemplos: su salida es
    0, su derivada es 0 y su gradiente también, así que ya no puede recuperarse. Devuelve
    ``{nombre de la capa: fracción}`` (solo capas con activación ReLU).
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"dead_fraction espera un modelo de Keras, no {type(model).__name__}.")
    batch_size = checks.integer(batch_size, "batch_size (el tamaño de lote)", 1)
    x = np.asarray(x, dtype=np.float32)
    if len(x) == 0:
        raise ValueError("Hacen falta ejemplos para ver qué neuronas se activan: x está vacío.")
    relu_fn = keras.activations.get("relu")
    alive: dict[str, np.ndarray] = {}
    for start in range(0, len(x), batch_size):
        h = x[start:start + batch_size]
        for layer in model.layers:
            h = layer(h)
            if getattr(layer, "activation", None) is relu_fn:
                active = np.asarray(h).max(axis=0) > 0
                alive[layer.name] = active | alive.get(layer.name, False)
    if not alive:
        raise ValueError("El modelo no tiene capas con activación ReLU: no hay neuronas que puedan morir.")
    return {name: float(1.0 - active.mean()) for name, active in alive.items()}


# --------------------------------------------------------------------------- comprobadores de ejercicios


def _call_student(fn, arg, what: str):
    """Llama a la función del estudiante sin avisos de NumPy; devuelve ``(resultado, problema)``."""
    import warnings

    if not callable(fn):
        return None, f"{what} debe ser una función (def {what}(x): ...), y es {type(fn).__name__}."
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(arg)
    except TypeError as exc:
        return None, (f"tu función falla con un array de NumPy ({exc}). Usa funciones de NumPy "
                      "(np.tanh, np.exp, np.max...), que trabajan con arrays enteros, y no las de math.")
    try:
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"tu función debe devolver un array de números, y devuelve {type(out).__name__}."
    if out.shape != np.shape(arg):
        return None, (f"con una entrada de forma {np.shape(arg)} tu función devuelve forma {out.shape}: "
                      "debe devolver un valor por cada entrada.")
    return out, None


def tanh_derivative_problem(fn) -> str | None:
    """Comprobador del ejercicio «derivada de tanh»: ``None`` si ``fn`` es correcta, o la razón del error.

    Para ``exercises.check_with``. Reconoce los errores típicos: devolver ``tanh(x)``, olvidar el
    cuadrado, elevar ``x`` en lugar de ``tanh(x)`` o dar la derivada de la sigmoide.
    """
    x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    out, problem = _call_student(fn, x, "derivada_tanh")
    if problem:
        return problem
    expected = tanh_derivative(x)
    if np.allclose(out, expected, atol=1e-6):
        return None
    mistakes = [
        (np.tanh(x), "has devuelto tanh(x), la función misma; falta derivarla: 1 − tanh(x)²."),
        (1 - np.tanh(x), "falta elevar tanh(x) al cuadrado: 1 − tanh(x)²."),
        (1 - x ** 2, "has elevado al cuadrado x; lo que va al cuadrado es tanh(x): 1 − tanh(x)²."),
        (sigmoid_derivative(x), "esa es la derivada de la sigmoide, σ(x)·(1 − σ(x)); la de tanh es otra."),
    ]
    for candidate, why in mistakes:
        if np.allclose(out, candidate, atol=1e-6, equal_nan=False):
            return why
    i = int(np.argmax(np.abs(out - expected)))
    return (f"en x = {x[i]:g} tu función da {out[i]:.4f} y la derivada de tanh vale {expected[i]:.4f} "
            "(compruébalo con una diferencia finita: (np.tanh(x + h) − np.tanh(x − h)) / (2·h) con h = 1e-5).")


def softmax_problem(fn) -> str | None:
    """Comprobador del ejercicio «softmax estable»: ``None`` si ``fn`` es correcta, o la razón del error.

    Prueba un vector pequeño, puntuaciones grandes (donde la versión ingenua da ``nan``) y un
    lote ``(2, 3)`` en el que cada fila debe sumar 1.
    """
    small = np.array([2.0, 1.0, 0.1])
    out, problem = _call_student(fn, small, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, softmax(small), atol=1e-6):
        if np.allclose(out, np.exp(small), atol=1e-6):
            return "has calculado las exponenciales, pero falta dividir entre su suma para que sumen 1."
        return (f"con z = [2, 1, 0.1] tu función da {np.round(out, 4).tolist()} y softmax da "
                f"{np.round(softmax(small), 4).tolist()}. Recuerda: e^(z_i − máx) / Σ e^(z_j − máx).")
    big = np.array([1000.0, 1001.0, 1002.0])
    out, problem = _call_student(fn, big, "softmax_estable")
    if problem:
        return problem
    if not np.all(np.isfinite(out)):
        return ("con puntuaciones grandes ([1000, 1001, 1002]) tu función da nan o infinito: e^1000 se "
                "desborda. Resta el máximo de z antes de calcular la exponencial.")
    if not np.allclose(out, softmax(big), atol=1e-6):
        return f"con z = [1000, 1001, 1002] tu función da {np.round(out, 4).tolist()}, y no es lo esperado."
    batch = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    out, problem = _call_student(fn, batch, "softmax_estable")
    if problem:
        return problem
    if not np.allclose(out, softmax(batch, axis=-1), atol=1e-6):
        return ("con un lote (una matriz de forma (2, 3), una fila por ejemplo) cada fila debe sumar 1 por "
                "separado: calcula el máximo y la suma por filas, con axis=-1 y keepdims=True.")
    return None


__all__ = [
    "ACTIVATIONS",
    "LEAKY_SLOPE",
    "SATURATION_THRESHOLD",
    "Activation",
    "activation_explorer",
    "activation_gallery",
    "collapse_linear",
    "compare_histories",
    "compare_with_keras",
    "dead_fraction",
    "deep_dense_model",
    "derivative",
    "draw_neuron",
    "evaluate",
    "forward",
    "gelu",
    "gelu_derivative",
    "get",
    "gradient_norms",
    "gradient_norms_figure",
    "grid_figure",
    "grid_transform",
    "leaky_relu",
    "leaky_relu_derivative",
    "linear",
    "linear_derivative",
    "naive_softmax",
    "names",
    "neuron_response",
    "relu",
    "relu_derivative",
    "saturation_mask",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softmax_problem",
    "summarize_gradient_norms",
    "summarize_neuron",
    "tanh",
    "tanh_derivative",
    "tanh_derivative_problem",
]
