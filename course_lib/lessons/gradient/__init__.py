"""Lección del gradiente y del descenso del gradiente (notebook ``02_descenso_del_gradiente``).

El notebook escribe en sus celdas lo que enseña: la regla del paso con momento
(``momentum_step``), el bucle del descenso por minilotes y el entrenamiento con Keras. Este
paquete pone lo demás:

* ``compute`` (y ``surfaces``): las superficies de prueba (:data:`SURFACES`), los gradientes por
  diferencias finitas, analíticos y con ``tf.GradientTape`` (:func:`compare_gradients`), el
  bucle que **recorre y anota** el descenso con la regla que se le pasa (:func:`descend`) y el
  veredicto de cada recorrido (:func:`classify_run`: ``"converges"``,
  ``"converges_oscillating"``, ``"oscillates"``, ``"diverges"``, ``"slow"``).
  ``compute.momentum_step`` es la misma regla que escribe el notebook (una prueba lo comprueba).
* ``regression``: los datos de la recta, su pérdida (ECM) y su gradiente.
* ``figures``: las figuras (:func:`draw_run`, :func:`compare_runs_figure`,
  :func:`regression_loss_figure`, :func:`batch_comparison_figure`) y :data:`VERDICT_LABELS`.
* ``explorers``: :func:`descent_explorer` y los textos en español.

Uso en el notebook::

    from course_lib.lessons import gradient

    run = gradient.descend("parabola", step=momentum_step, learning_rate=0.95, steps=50, start=(1.0,))
    run.verdict                                   # 'converges_oscillating'
    gradient.descent_explorer(step=momentum_step)
"""

from course_lib.lessons.gradient.compute import (
    VERDICTS,
    DescentRun,
    classify_run,
    compare_gradients,
    descend,
    numerical_gradient,
    tape_gradient,
)
from course_lib.lessons.gradient.explorers import (
    batch_table,
    convergence_problem,
    descent_explorer,
    format_gradient_comparison,
    summarize_run,
)
from course_lib.lessons.gradient.figures import (
    VERDICT_LABELS,
    batch_comparison_figure,
    compare_runs_figure,
    draw_run,
    regression_loss_figure,
    verdict_label,
)
from course_lib.lessons.gradient.regression import least_squares, make_regression_data, mse, mse_gradient
from course_lib.lessons.gradient.surfaces import SURFACES, Surface, get_surface

__all__ = [
    "SURFACES",
    "Surface",
    "get_surface",
    "VERDICTS",
    "VERDICT_LABELS",
    "DescentRun",
    "numerical_gradient",
    "tape_gradient",
    "compare_gradients",
    "format_gradient_comparison",
    "descend",
    "classify_run",
    "summarize_run",
    "verdict_label",
    "convergence_problem",
    "draw_run",
    "compare_runs_figure",
    "descent_explorer",
    "make_regression_data",
    "mse",
    "mse_gradient",
    "least_squares",
    "regression_loss_figure",
    "batch_table",
    "batch_comparison_figure",
]
