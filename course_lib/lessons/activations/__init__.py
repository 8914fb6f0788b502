"""Lección 04, funciones de activación (notebook ``04_funciones_de_activacion.ipynb``).

``compute`` tiene las activaciones y sus derivadas en NumPy (la única implementación de la
biblioteca, que usan también las lecciones 01 y 03).
"""

from course_lib.lessons.activations import compute
from course_lib.lessons.activations.compute import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    SATURATION_THRESHOLD,
    Activation,
    collapse_linear,
    derivative,
    evaluate,
    forward,
    gelu,
    gelu_derivative,
    get,
    grid_transform,
    leaky_relu,
    leaky_relu_derivative,
    linear,
    linear_derivative,
    naive_softmax,
    names,
    relu,
    relu_derivative,
    saturation_mask,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)
