"""Lección 04, funciones de activación (notebook ``04_funciones_de_activacion.ipynb``).

El notebook escribe en celdas visibles las activaciones y sus derivadas en NumPy, las compara
con ``keras.activations`` y ``tf.GradientTape``, construye las redes profundas con
``keras.Sequential`` y mide la norma del gradiente de cada capa con ``tf.GradientTape``. Este
paquete pone lo que no es la lección:

* ``compute``: la única implementación de la biblioteca de las activaciones y sus derivadas
  (:func:`sigmoid`, :func:`tanh`, :func:`relu`, :func:`leaky_relu`, :func:`gelu`, :func:`linear`,
  sus ``*_derivative``, :func:`softmax`, la tabla :data:`ACTIVATIONS`, :func:`get`,
  :func:`names`), que usan las figuras, el explorador y las lecciones 01 y 03; la rejilla
  :func:`grid_transform`, el cálculo del explorador :func:`neuron_response` y
  :func:`gradient_ratio`;
* ``figures``: :func:`grid_figure`, :func:`activation_gallery`, :func:`gradient_norms_figure`,
  :func:`summarize_gradient_norms`, :func:`compare_histories`;
* ``explorers``: :func:`activation_explorer` (una neurona ``y = f(w·x + b)``; puede dibujar las
  funciones del notebook con ``functions={...}``);
* ``exercises``: los ejercicios del notebook, con las correcciones de los ejercicios 2 y 3
  (``from course_lib.lessons.activations import exercises as ex``).

Uso en el notebook::

    from course_lib.lessons import activations
    activations.activation_explorer(functions={"relu": (relu, relu_derivative)})
"""

from course_lib.lessons.activations import compute, explorers, figures
from course_lib.lessons.activations.compute import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    NEURON_STATES,
    SATURATION_THRESHOLD,
    Activation,
    derivative,
    evaluate,
    gelu,
    gelu_derivative,
    get,
    gradient_ratio,
    grid_transform,
    leaky_relu,
    leaky_relu_derivative,
    linear,
    linear_derivative,
    naive_softmax,
    names,
    neuron_response,
    relu,
    relu_derivative,
    resolve_functions,
    saturation_mask,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)
from course_lib.lessons.activations.explorers import activation_explorer, summarize_neuron
from course_lib.lessons.activations.figures import (
    activation_gallery,
    compare_histories,
    draw_neuron,
    gradient_norms_figure,
    grid_figure,
    ratio_text,
    summarize_gradient_norms,
)

__all__ = [
    "ACTIVATIONS", "LEAKY_SLOPE", "NEURON_STATES", "SATURATION_THRESHOLD", "Activation",
    "activation_explorer", "activation_gallery", "compare_histories", "compute", "derivative",
    "draw_neuron", "evaluate", "explorers", "figures", "gelu", "gelu_derivative", "get", "gradient_norms_figure",
    "gradient_ratio", "grid_figure", "grid_transform", "leaky_relu", "leaky_relu_derivative", "linear",
    "linear_derivative", "naive_softmax", "names", "neuron_response", "ratio_text", "relu", "relu_derivative",
    "resolve_functions", "saturation_mask", "sigmoid", "sigmoid_derivative", "softmax",
    "summarize_gradient_norms", "summarize_neuron", "tanh", "tanh_derivative",
]
