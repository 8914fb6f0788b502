"""Lección 03, retropropagación (notebook ``03_retropropagacion.ipynb``).

Lo que el notebook escribe en sus celdas (la propagación hacia delante, la retropropagación, la
pérdida, las diferencias finitas y el optimizador de la red 2-2-1 en NumPy) **no** está aquí.
Esta lección ofrece lo demás:

* ``compute``: el grafo de una neurona con sus valores y gradientes (:func:`neuron_example`,
  :func:`format_example`), los datos XOR y los pesos iniciales (:func:`xor_data`,
  :func:`init_params`, :func:`describe_params`), la tabla de la comprobación de gradientes
  (:func:`format_gradient_check`) y el coste de cada forma de calcular el gradiente
  (:func:`gradient_cost`, :func:`best_time`);
* ``compute_steps``: el cálculo del explorador paso a paso (:func:`network_step`), con las
  funciones del notebook;
* ``figures``: el grafo de la neurona, la red en cada paso y la función de decisión;
* ``explorers``: el explorador paso a paso (:func:`step_explorer`);
* ``exercises``: los ejercicios del notebook (``from course_lib.lessons.backprop import exercises as ex``).
"""

from course_lib.lessons.backprop.compute import (
    INIT_SCHEMES,
    PARAM_NAMES,
    best_time,
    describe_params,
    format_example,
    format_gradient_check,
    gradient_cost,
    init_params,
    neuron_example,
    relative_error,
    xor_data,
)
from course_lib.lessons.backprop.compute_steps import N_STEPS, network_step
from course_lib.lessons.backprop.explorers import step_explorer, summarize_network_step
from course_lib.lessons.backprop.figures import draw_computational_graph, draw_decision_function, draw_network_step

__all__ = [
    "INIT_SCHEMES", "N_STEPS", "PARAM_NAMES", "best_time", "describe_params", "draw_computational_graph",
    "draw_decision_function", "draw_network_step", "format_example", "format_gradient_check", "gradient_cost",
    "init_params", "network_step", "neuron_example", "relative_error",
    "step_explorer", "summarize_network_step", "xor_data",
]
