"""Lección 08, aumento de datos (notebook ``08_aumento_de_datos.ipynb``).

* ``compute``: las capas de aumento de Keras a partir de grados y fracciones, su código, la
  vista previa y las imágenes giradas y desplazadas de forma determinista (el conjunto de
  prueba «movido»); ``PreviewCache`` guarda lo que el explorador reutiliza entre cambios;
* ``experiment``: la tabla de resultados, la ganancia en puntos y las curvas de robustez del
  experimento con y sin aumento (claves ``"baseline"``/``"augmented"``, ``"test"``/``"moved"``);
* ``figures``: la vista previa (``PreviewPainter``, que reutiliza su figura en el explorador),
  ``fill_mode``, las transformaciones que cambian la etiqueta, las barras del experimento y las
  curvas de robustez;
* ``explorers``: el explorador de la vista previa.

Las capas de aumento, el modelo y el bucle del experimento (``model.compile``, ``model.fit``,
``model.evaluate``) están en las celdas del notebook.
"""

from course_lib.lessons.augmentation import compute, experiment, explorers, figures
from course_lib.lessons.augmentation.compute import (
    MAX_CONTRAST,
    MAX_COPIES,
    MAX_ROTATION,
    MAX_SHIFT,
    MAX_ZOOM,
    PreviewCache,
    augmentation_layers,
    degrees_to_factor,
    examples_by_class,
    keras_code,
    perturb_images,
    preview,
    rotate_and_shift,
)
from course_lib.lessons.augmentation.experiment import (
    LABELS,
    check_results,
    gain_points,
    label,
    results_table,
    robustness,
)
from course_lib.lessons.augmentation.explorers import preview_explorer, summarize_preview
from course_lib.lessons.augmentation.figures import (
    PreviewPainter,
    draw_preview,
    draw_results,
    draw_robustness,
    fill_mode_figure,
    label_risk_figure,
)
