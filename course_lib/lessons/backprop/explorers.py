"""Explorador de la lección de retropropagación (notebook 03): la red 2-2-1 paso a paso.

:func:`step_explorer` recorre, con un ejemplo de XOR, la propagación hacia delante, la
retropropagación y el paso del optimizador. Recibe las funciones que el notebook escribe en
NumPy (``forward``, ``backward``, ``loss`` y el optimizador): el explorador dibuja sus cuentas.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from course_lib.explorer import Explorer
from course_lib.lessons.backprop.compute import fmt
from course_lib.lessons.backprop.compute_steps import N_STEPS, PHASE_NAMES, network_step
from course_lib.lessons.backprop.figures import draw_network_step

__all__ = ["LEARNING_RATE_RANGE", "step_explorer", "summarize_network_step"]

#: Rango (mínimo, máximo, paso) del deslizador de la tasa de aprendizaje η: siempre positiva.
LEARNING_RATE_RANGE = (0.1, 2.0, 0.1)


def summarize_network_step(state: dict) -> str:
    """Una línea en español: paso, fase y lo que se acaba de calcular."""
    return f"Paso {state['step']}/{state['n_steps']} · {PHASE_NAMES[state['phase']]}: {state['headline']}"


def _example_label(x, y) -> str:
    return f"x = ({fmt(x[0])}, {fmt(x[1])}) → y = {fmt(y)}"


def step_explorer(weight_sets: dict, X, y, *, forward: Callable, backward: Callable, loss: Callable,
                  update: Callable, learning_rate: float = 0.5, step: int = 0, example: int = 1) -> Explorer:
    """Explorador paso a paso de la propagación hacia delante y la retropropagación en una red 2-2-1.

    ``weight_sets`` asocia un nombre («aleatorios», «entrenados», «todos a cero»...) con unos
    parámetros ``{"W1", "b1", "W2", "b2"}``; ``X`` e ``y`` son los ejemplos que se pueden elegir.
    ``forward(params, X)``, ``backward(params, cache, y)``, ``loss(cache, y)`` y
    ``update(params, grads, learning_rate)`` son las funciones del notebook.

    Controles: «Paso» (de 0 a :data:`N_STEPS`), «Ejemplo», «Pesos» y la tasa de aprendizaje η
    del optimizador (último paso); bajo ellos, los botones ◀ y ▶ (``explorer.extras[0].children``).

    Para probarlo desde Python: ``exp = step_explorer(...); exp.set(step=3); exp.result["yhat"]``.
    """
    import ipywidgets as w

    for name, function in dict(forward=forward, backward=backward, loss=loss, update=update).items():
        if not callable(function):
            raise ValueError(f"{name} debe ser la función {name} del notebook, no {type(function).__name__}.")
    if not isinstance(weight_sets, dict) or not weight_sets:
        raise ValueError("weight_sets debe ser un diccionario no vacío {nombre: parámetros}.")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X debe tener forma (n, 2) e y forma (n,), y tienen {X.shape} y {y.shape}.")
    if not isinstance(example, (int, np.integer)) or not 0 <= example < len(X):
        raise ValueError(f"example debe estar entre 0 y {len(X) - 1}, y es {example!r}.")
    functions = dict(forward=forward, backward=backward, loss=loss, update=update)
    for name, params in weight_sets.items():   # cada juego de pesos, comprobado de principio a fin
        try:
            network_step(params, X[0], y[0], N_STEPS, learning_rate=LEARNING_RATE_RANGE[0], **functions)
        except ValueError as exc:
            raise ValueError(f"Pesos «{name}»: {exc}") from None
    low, high, lr_step = LEARNING_RATE_RANGE
    if not low <= learning_rate <= high:
        raise ValueError(f"learning_rate debe estar entre {low} y {high}, y es {learning_rate!r}.")
    controls = {
        "step": w.IntSlider(value=step, min=0, max=N_STEPS, description="Paso", continuous_update=False),
        "example": w.Dropdown(options=[(_example_label(X[i], y[i]), i) for i in range(len(X))], value=example,
                              description="Ejemplo"),
        "weights": w.Dropdown(options=list(weight_sets), value=next(iter(weight_sets)), description="Pesos"),
        "learning_rate": w.FloatSlider(value=learning_rate, min=low, max=high, step=lr_step,
                                       description="Tasa de aprendizaje η", readout_format=".1f",
                                       continuous_update=False),
    }
    slider = controls["step"]
    previous_button = w.Button(description="◀ Anterior", tooltip="Paso anterior", layout=w.Layout(width="9em"))
    next_button = w.Button(description="Siguiente ▶", tooltip="Paso siguiente", layout=w.Layout(width="9em"))

    def move(delta: int) -> None:
        slider.value = min(max(slider.value + delta, slider.min), slider.max)   # el Explorer recalcula

    def update_buttons() -> None:
        previous_button.disabled = slider.value <= slider.min
        next_button.disabled = slider.value >= slider.max

    def link(_explorer, name: str) -> None:
        if name == "step":
            update_buttons()

    previous_button.on_click(lambda _button: move(-1))
    next_button.on_click(lambda _button: move(+1))
    update_buttons()

    def compute(step, example, weights, learning_rate):
        return network_step(weight_sets[weights], X[example], y[example], step,
                            learning_rate=learning_rate, **functions)

    return Explorer(controls, compute, draw_network_step, summarize_network_step,
                    title="Paso a paso: propagación hacia delante, retropropagación y optimizador",
                    link=link, extras=[w.HBox([previous_button, next_button])])
