"""Lección 00, bienvenida y entorno (notebook ``00_bienvenida_y_entorno.ipynb``).

El notebook mide a mano un producto de matrices con TensorFlow, cuenta sus operaciones
(``2 n³``) y estima en una celda visible el coste de una época de una red densa. Este paquete
pone lo que no es la lección (las medidas sistemáticas están en ``course_lib.device``):

* ``compute``: :func:`estimate_training_cost` (coste de una época con la velocidad medida),
  :func:`throughput_for_work` (la velocidad medida para una cantidad de trabajo) y
  :func:`speed_peaks` (dónde alcanzó cada dispositivo su velocidad máxima);
* ``figures``: :func:`matmul_times` (tiempo y GFLOP/s según n) y :func:`training_cost`;
* ``explorers``: :func:`cost_explorer` («¿Cuánto tardaría?»), :func:`summarize_training_cost` y
  :func:`speed_conclusion` (qué muestran las medidas, escrito a partir de ellas).

Uso en el notebook::

    from course_lib.lessons import welcome
    plots.show(welcome.matmul_times(timings))
    welcome.cost_explorer(timings)
"""

from course_lib.lessons.welcome import compute, explorers, figures
from course_lib.lessons.welcome.compute import (
    MAX_BATCH,
    MAX_EXAMPLES,
    MAX_LAYERS,
    MAX_NEURONS,
    estimate_training_cost,
    speed_peaks,
    throughput_for_work,
)
from course_lib.lessons.welcome.explorers import cost_explorer, speed_conclusion, summarize_training_cost
from course_lib.lessons.welcome.figures import matmul_times, training_cost

__all__ = [
    "MAX_BATCH", "MAX_EXAMPLES", "MAX_LAYERS", "MAX_NEURONS", "compute", "cost_explorer",
    "estimate_training_cost", "explorers", "figures", "matmul_times", "speed_conclusion", "speed_peaks",
    "summarize_training_cost", "throughput_for_work", "training_cost",
]
