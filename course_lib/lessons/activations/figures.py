"""Figuras de la lección 04 (funciones de activación): ``Figure`` de matplotlib, sin ``pyplot``.

* :func:`grid_figure`: una rejilla del plano deformada por pilas de capas con y sin activación;
* :func:`activation_gallery`: cada activación con su derivada y sus zonas de derivada casi nula;
* :func:`draw_neuron` y :class:`NeuronPainter`: la figura del explorador de una neurona (nueva o
  reutilizada fotograma a fotograma);
* :func:`gradient_norms_figure` y :func:`summarize_gradient_norms`: la norma del gradiente de
  cada capa en redes profundas (el notebook la calcula con ``tf.GradientTape``);
* :func:`compare_histories`: las curvas de varios entrenamientos superpuestas.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any, Mapping

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks
from course_lib.rendering import Painter
from course_lib.lessons.activations.compute import SATURATION_THRESHOLD, get, gradient_ratio, names, saturation_mask

__all__ = ["NeuronPainter", "activation_gallery", "compare_histories", "draw_neuron", "grid_figure",
           "gradient_norms_figure", "ratio_text", "summarize_gradient_norms"]


def _shade(ax, x, mask, color, label=None) -> list:
    """Sombrea los tramos de ``x`` donde ``mask`` es ``True``; devuelve las franjas."""
    if not np.any(mask):
        return []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    step = (x[1] - x[0]) / 2 if len(x) > 1 else 0
    return [ax.axvspan(x[start] - step, x[stop - 1] + step, color=color, alpha=0.15, linewidth=0,
                       label=label if k == 0 else None)
            for k, (start, stop) in enumerate(zip(edges[::2], edges[1::2]))]


def _num(value: float, digits: int = 2) -> str:
    """Número con ``digits`` decimales, sin «-0.00»."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# --------------------------------------------------------------------------- la rejilla


def grid_figure(transforms) -> Figure:
    """Rejilla de entrada y su imagen tras cada pila de ``grid_transform``, lado a lado."""
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


def activation_gallery(which=None, x_range=(-5.0, 5.0)) -> Figure:
    """Una gráfica por activación con la función (línea continua) y su derivada (discontinua).

    Las zonas sombreadas son las de derivada casi nula (``saturation_mask``): ahí la neurona
    está saturada o apagada y casi no aprende.
    """
    acts = [get(n) for n in (which or names())]
    try:
        lo, hi = x_range
    except (TypeError, ValueError):
        raise ValueError(f"El intervalo de entradas debe ser un par (mínimo, máximo), no {x_range!r}.") from None
    lo = checks.number(lo, "El extremo inferior del intervalo")
    hi = checks.number(hi, "El extremo superior del intervalo")
    if not lo < hi:
        raise ValueError(f"El intervalo de entradas está vacío (de {lo:g} a {hi:g}): el mínimo debe ser menor.")
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


# --------------------------------------------------------------------------- el explorador de una neurona


class NeuronPainter(Painter):
    """La figura del explorador, reutilizada: los ejes, las etiquetas y las rectas de referencia se
    crean una vez; al mover la activación, el peso, el sesgo o el intervalo solo cambian las curvas,
    las zonas sombreadas, los límites, las leyendas y el título. Cada explorador tiene el suyo.
    """

    def build(self, result):
        fig = Figure(figsize=(10.5, 3.9))
        # Márgenes fijos en lugar de layout="constrained": el explorador redibuja en cada cambio y
        # así cada fotograma tarda la mitad.
        fig.subplots_adjust(left=0.065, right=0.985, bottom=0.13, top=0.83, wspace=0.2)
        ax_out, ax_der = fig.subplots(1, 2)
        for ax in (ax_out, ax_der):
            ax.axhline(0, color="gray", linewidth=0.8)
            ax.axvline(0, color="gray", linewidth=0.8)
            ax.set_xlabel("Entrada x")
            ax.grid(True, alpha=0.3)
        reference, = ax_out.plot([], [], ":", color="gray", linewidth=1.8, label="referencia f(x)  (w = 1, b = 0)")
        output, = ax_out.plot([], [], color="#1f77b4", linewidth=2.5, label="salida f(w·x + b)")
        slope, = ax_der.plot([], [], color="#d62728", linewidth=2.5, label="derivada f′(w·x + b)")
        threshold = ax_der.axhline(0, color="#e6a700", linestyle="--", linewidth=1,
                                   label=f"{100 * SATURATION_THRESHOLD:.0f} % de la derivada máxima")
        ax_out.set_ylabel("Salida y")
        ax_der.set_ylabel("Derivada")
        ax_out.set_title("Salida de la neurona", fontsize=11)
        ax_der.set_title("Derivada: cuánto gradiente deja pasar", fontsize=11)
        title = fig.suptitle("", fontsize=12)
        return fig, SimpleNamespace(ax_out=ax_out, ax_der=ax_der, reference=reference, output=output, slope=slope,
                                    threshold=threshold, title=title, spans_out=[], spans_der=[])

    def update(self, parts, result) -> None:
        x, ax_out, ax_der = result["x"], parts.ax_out, parts.ax_der
        dead_only = result["frac_dead"] == result["frac_saturated"] and result["frac_dead"] > 0
        shade_label = "derivada 0 (apagada)" if dead_only else "derivada casi nula (saturada)"
        for span in parts.spans_out + parts.spans_der:
            span.remove()
        parts.spans_out, parts.spans_der = (_shade(ax, x, result["saturated"], "#e6a700", shade_label)
                                            for ax in (ax_out, ax_der))
        for ax in (ax_out, ax_der):
            ax.set_xlim(x[0], x[-1])
        parts.reference.set_data(x, result["reference"])
        parts.output.set_data(x, result["y"])
        parts.slope.set_data(x, result["dy"])
        top = max(result["max_derivative"], 1e-12)
        parts.threshold.set_ydata([SATURATION_THRESHOLD * top] * 2)
        bounded = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15)}
        both = np.concatenate([result["y"], result["reference"]])
        if result["activation"] in bounded and both.min() >= -1.0 and both.max() <= 1.0:
            ax_out.set_ylim(*bounded[result["activation"]])
        else:
            pad = 0.08 * max(float(both.max() - both.min()), 1.0)
            ax_out.set_ylim(float(both.min()) - pad, float(both.max()) + pad)
        ax_der.set_ylim(min(-0.08 * top, float(result["dy"].min()) - 0.02 * top), 1.15 * top)
        # Las leyendas, con la zona sombreada delante (como en una figura nueva), si la hay.
        ax_out.legend(handles=parts.spans_out[:1] + [parts.reference, parts.output], loc="upper left", fontsize=8.5)
        ax_der.legend(handles=parts.spans_der[:1] + [parts.slope, parts.threshold], loc="upper left", fontsize=8.5)
        parts.title.set_text(f"Neurona {result['label']}: y = f(w·x + b) con w = {_num(result['weight'], 1)} "
                             f"y b = {_num(result['bias'], 1)}")


def draw_neuron(result: Mapping[str, Any]) -> Figure:
    """Figura del explorador: la salida ``f(w·x + b)`` y su derivada, con las zonas saturadas sombreadas."""
    return NeuronPainter().fresh(result)


# --------------------------------------------------------------------------- gradiente en redes profundas


def ratio_text(norms) -> str:
    """El cociente 1.ª capa / salida en notación científica (``"7e+03"``), o ``"∞"``."""
    ratio = gradient_ratio(norms)
    return "∞" if math.isinf(ratio) else f"{ratio:.0e}"


def _check_norms(norms: Mapping[str, Any]) -> dict[str, np.ndarray]:
    if not isinstance(norms, Mapping) or not norms:
        raise ValueError("No hay normas: pasa un diccionario {nombre de la red: normas por capa}.")
    out = {}
    for name, values in norms.items():
        values = np.asarray(values, dtype=float)
        gradient_ratio(values)   # comprueba que es un vector de normas válido
        out[name] = values
    return out


def gradient_norms_figure(norms: Mapping[str, Any], title: str | None = None) -> Figure:
    """Norma del gradiente por capa (escala logarítmica) para varias redes, una línea por red.

    ``norms`` asocia el nombre de cada red con un vector de normas, una por capa, de la
    entrada a la salida.
    """
    norms = _check_norms(norms)
    fig = Figure(figsize=(9.5, 4.6), layout="constrained")
    ax = fig.add_subplot()
    styles = ["o-", "s-", "^-", "D-", "v-", "P-"]
    longest = 0
    for i, (name, values) in enumerate(norms.items()):
        layers = np.arange(1, len(values) + 1)
        ax.semilogy(layers, np.maximum(values, 1e-30), styles[i % len(styles)], linewidth=2, markersize=5,
                    label=f"{name}  (1.ª/salida = {ratio_text(values)})")
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
    norms = _check_norms(norms)
    return "\n".join(f"{name}: 1.ª capa {values[0]:.1e} · salida {values[-1]:.1e} · 1.ª/salida = {ratio_text(values)}"
                     for name, values in norms.items())


def compare_histories(histories: Mapping[str, Any], title: str | None = None) -> Figure:
    """Pérdida y exactitud de entrenamiento de varios entrenamientos, superpuestas.

    ``histories`` asocia un nombre con un ``History`` de Keras (o su diccionario ``history``).
    Para las curvas de **un** entrenamiento usa ``plots.learning_curves``.
    """
    from matplotlib.ticker import MaxNLocator

    if not isinstance(histories, Mapping) or not histories:
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
