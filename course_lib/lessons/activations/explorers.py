"""Explorador de la lección 04: una neurona ``y = f(w·x + b)``, su peso, su sesgo y su activación.

:func:`activation_explorer` une el cálculo :func:`~course_lib.lessons.activations.compute.neuron_response`,
la figura :class:`~course_lib.lessons.activations.figures.NeuronPainter` y el resumen
:func:`summarize_neuron` en un :class:`course_lib.explorer.Explorer`. Puede dibujar las
funciones de la biblioteca o las que escribe el notebook (``functions={...}``).
"""

from __future__ import annotations

from functools import partial
from typing import Any, Mapping

from course_lib import formatting
from course_lib.explorer import Explorer
from course_lib.lessons.activations.compute import neuron_response, resolve_functions
from course_lib.lessons.activations.figures import NeuronPainter, _num

__all__ = ["activation_explorer", "summarize_neuron"]

#: Rangos de los controles (todos sus valores los acepta ``neuron_response``).
WEIGHT_RANGE = (-10.0, 10.0)
BIAS_RANGE = (-10.0, 10.0)
EXTENT_RANGE = (1.0, 10.0)


def summarize_neuron(result: Mapping[str, Any]) -> str:
    """Una línea en español: activación, w y b, recorrido de la salida y diagnóstico."""
    lo, hi = result["x_range"]
    head = (f"{result['label']}, w = {_num(result['weight'], 1)}, b = {_num(result['bias'], 1)}: "
            f"salida de {_num(result['y_min'])} a {_num(result['y_max'])} para x en [{lo:g}, {hi:g}]")
    state = result["state"]
    if state == "dead":
        verdict = "neurona muerta: salida 0 y derivada 0 en todo el intervalo, no aprende"
    elif state == "saturated":
        verdict = "saturada en todo el intervalo: derivada casi nula, aprende muy despacio"
    elif state == "constant":
        verdict = "con w = 0 la salida no depende de x"
    elif state == "partial":
        what = "derivada 0 (apagada)" if result["frac_dead"] == result["frac_saturated"] else "derivada casi nula"
        verdict = f"{what} en el {formatting.percent(result['frac_saturated'], 0)} del intervalo"
    else:
        verdict = "sin saturación: la derivada es apreciable en todo el intervalo"
    return f"{head} · {verdict}"


def activation_explorer(activation: str = "sigmoid", weight: float = 1.0, bias: float = 0.0,
                        x_extent: float = 4.0, functions=None) -> Explorer:
    """Explorador de activaciones: elige la función y mueve el peso y el sesgo de una neurona.

    Muestra ``f(w·x + b)`` y su derivada para ``x`` entre ``−x_extent`` y ``x_extent``, sombrea
    las zonas saturadas y resume si la neurona está activa, saturada o muerta. Con
    ``functions={"sigmoid": (sigmoid, sigmoid_derivative), ...}`` dibuja esas funciones (las del
    notebook) en lugar de las de la biblioteca. Para probarlo desde Python:
    ``exp = activation_explorer(); exp.set(weight=5.0); exp.result["state"]``.
    """
    import ipywidgets as w

    table = resolve_functions(functions)
    if activation not in table:
        raise ValueError(f"No hay activación {activation!r}; las disponibles son: {', '.join(table)}.")

    def slider(value, bounds, step, description):
        return w.FloatSlider(value=value, min=bounds[0], max=bounds[1], step=step, description=description,
                             continuous_update=False, readout_format=".1f")

    controls = {
        "activation": w.Dropdown(options=[(label, key) for key, (label, _, _) in table.items()], value=activation,
                                 description="Activación"),
        "weight": slider(weight, WEIGHT_RANGE, 0.1, "Peso w"),
        "bias": slider(bias, BIAS_RANGE, 0.1, "Sesgo b"),
        "x_extent": slider(x_extent, EXTENT_RANGE, 0.5, "Entradas x entre −a y a, a"),
    }
    compute = partial(neuron_response, functions=functions)
    # Su propio NeuronPainter: la figura se construye una vez y cada cambio solo cambia sus datos.
    explorer = Explorer(controls, compute, NeuronPainter(), summarize_neuron,
                        title="Explorador de activaciones: una neurona y = f(w·x + b)")
    explorer.refresh()
    return explorer
