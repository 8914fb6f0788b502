"""Lección de sobreajuste (notebook ``06_sobreajuste``).

El notebook escribe en sus celdas lo que enseña: la red densa con ``kernel_regularizer`` y
capas ``Dropout`` (``build_mlp``), ``model.compile``/``model.fit``, la parada temprana con
``keras.callbacks.EarlyStopping(..., restore_best_weights=True)`` y el bucle que compara los
remedios. Este paquete pone lo demás:

* ``compute``: la simulación de elegir con la prueba (:func:`selection_bias`), el *callback*
  :class:`CleanTrainLoss` (la pérdida de entrenamiento medida sin dropout), lo que se lee de
  cada resultado (:func:`run_summary`, :func:`best_by_validation`) y el entrenamiento del
  laboratorio (:func:`lab_training`, un generador con un resultado por época);
* ``figures``: :func:`selection_bias_figure`, :func:`overfitting_curves`,
  :func:`remedies_table`, :func:`remedies_figure`, :func:`dropout_curves` y :func:`draw_lab`;
* ``explorers``: el laboratorio :func:`overfitting_lab` y su texto :func:`summarize_lab`.

Uso en el notebook::

    from course_lib.lessons import overfitting

    overfitting.remedies_table(results)                       # results: clave → measure(...)
    overfitting.overfitting_lab(build_mlp, x_pool, y_pool, x_val_lab, y_val_lab)
"""

from course_lib.lessons.overfitting.compute import (
    CE_KEY,
    CLEAN_KEY,
    CleanTrainLoss,
    best_by_validation,
    describe_settings,
    lab_seconds,
    lab_training,
    lab_widths,
    mlp_params,
    run_summary,
    selection_bias,
    std_error,
)
from course_lib.lessons.overfitting.explorers import overfitting_lab, summarize_lab
from course_lib.lessons.overfitting.figures import (
    RemedyTable,
    draw_lab,
    dropout_curves,
    overfitting_curves,
    remedies_figure,
    remedies_table,
    selection_bias_figure,
)

__all__ = [
    "CE_KEY", "CLEAN_KEY", "CleanTrainLoss", "RemedyTable", "best_by_validation", "describe_settings",
    "draw_lab", "dropout_curves", "lab_seconds", "lab_training", "lab_widths", "mlp_params",
    "overfitting_curves", "overfitting_lab", "remedies_figure", "remedies_table", "run_summary",
    "selection_bias", "selection_bias_figure", "std_error", "summarize_lab",
]
