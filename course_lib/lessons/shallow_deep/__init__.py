"""Lección 01, aprendizaje superficial frente a profundo (notebook ``01_superficial_vs_profundo.ipynb``).

Lo que usa el notebook, en cuatro bloques:

* **Datos de juguete en 2-D y características** (:mod:`.data`): :func:`make_dataset` (círculos,
  lunas, XOR y espiral), :func:`make_features` (x₁, x₂, x₁², x₂², x₁·x₂ y el radio r),
  :func:`predictor`, :func:`extra_feature_accuracy` (ejercicio 1) y, para las imágenes de
  dígitos de 8 × 8, :func:`digit_features`.
* **Una red neuronal pequeña en NumPy** (:mod:`.compute`): :func:`train_mlp` y el cálculo del
  patio de juegos, :func:`train_playground`, que separa entrenamiento y **validación**. Las
  activaciones son las de la lección 04 (la única implementación del curso).
* **Figuras** (:mod:`.figures`, :mod:`.digit_figures`): fronteras de decisión, mapas de lo que
  «ve» cada neurona oculta, el espacio de características y pesos aprendidos como imágenes.
* **El patio de juegos** (:mod:`.explorers`, :mod:`.playground_figure`): :func:`playground_explorer`
  y su figura, que se reutiliza de un cambio al siguiente (:class:`PlaygroundPainter`).

Ejemplo::

    from course_lib.lessons import shallow_deep
    X, y = shallow_deep.make_dataset("circles", n=400, noise=0.1, seed=0)
    F = shallow_deep.make_features(X, ["x1", "x2", "r"])
    shallow_deep.playground_explorer()          # en un notebook: el patio de juegos

La red de Keras que ve el estudiante se construye y se entrena en las celdas del notebook;
aquí solo está la red en NumPy del explorador, que tiene que responder en menos de un segundo.
"""

from course_lib.lessons.shallow_deep import compute, data
from course_lib.lessons.shallow_deep.compute import (
    ACTIVATIONS,
    DEFAULTS,
    LEARNING_RATES,
    VALIDATION_FRACTION,
    count_parameters,
    init_mlp,
    mlp_forward,
    mlp_loss_and_gradients,
    mlp_predict_proba,
    train_mlp,
    train_playground,
)
from course_lib.lessons.shallow_deep.data import (
    DATASETS,
    DIGIT_FEATURE_GROUPS,
    FEATURE_FORMULAS,
    FEATURES,
    digit_features,
    extra_feature_accuracy,
    make_dataset,
    make_features,
    plane_grid,
    predictor,
    split,
)
from course_lib.lessons.shallow_deep.digit_figures import (
    plot_accuracies,
    plot_class_profiles,
    plot_digit_features,
    plot_weight_images,
)
from course_lib.lessons.shallow_deep.explorers import FeatureToggles, playground_explorer, summarize_playground
from course_lib.lessons.shallow_deep.figures import (
    dataset_gallery,
    plot_boundaries,
    plot_feature_space,
    plot_neuron_maps,
)
from course_lib.lessons.shallow_deep.playground_figure import PlaygroundPainter, draw_playground

__all__ = [
    "compute", "data",
    "ACTIVATIONS", "DEFAULTS", "LEARNING_RATES", "VALIDATION_FRACTION",
    "count_parameters", "init_mlp", "mlp_forward", "mlp_loss_and_gradients", "mlp_predict_proba", "train_mlp",
    "train_playground",
    "DATASETS", "DIGIT_FEATURE_GROUPS", "FEATURE_FORMULAS", "FEATURES",
    "digit_features", "extra_feature_accuracy", "make_dataset", "make_features", "plane_grid", "predictor", "split",
    "plot_accuracies", "plot_class_profiles", "plot_digit_features", "plot_weight_images",
    "FeatureToggles", "playground_explorer", "summarize_playground",
    "PlaygroundPainter", "dataset_gallery", "draw_playground", "plot_boundaries", "plot_feature_space", "plot_neuron_maps",
]
