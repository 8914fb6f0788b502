"""Lecciones del curso: un paquete por notebook, con su cálculo, sus figuras y sus exploradores.

Cada lección es un paquete ``course_lib.lessons.<tema>`` (nombres en inglés) con:

* ``compute.py``: el cálculo puro (NumPy, Keras, TensorFlow), sin matplotlib ni ipywidgets;
* ``figures.py``: las figuras de matplotlib (``Figure``, sin ``pyplot``);
* ``explorers.py``: los exploradores interactivos y sus textos;
* ``__init__.py``: qué ofrece la lección y los nombres que usa su notebook.

Un notebook la importa así: ``from course_lib.lessons import gradient``.

Lecciones:

* ``welcome`` (00): bienvenida y entorno; «¿Cuánto tardaría?», el coste de entrenar.
* ``shallow_deep`` (01): aprendizaje superficial frente a profundo.
* ``gradient`` (02): el gradiente del error y el descenso del gradiente.
* ``backprop`` (03): retropropagación.
* ``activations`` (04): funciones de activación.
* ``dense_mnist`` (05): red densa con MNIST.
* ``overfitting`` (06): sobreajuste.
* ``convolution`` (07): redes convolucionales.
* ``augmentation`` (08): aumento de datos.
* ``final_project`` (09): evaluación final, Fashion-MNIST y «las fotos de la tienda».

Cada lección define los ejercicios de su notebook en ``exercises.py`` (un
:class:`course_lib.exercise_set.ExerciseSet` llamado ``EXERCISES``); el notebook los usa así:
``from course_lib.lessons.dense_mnist import exercises as ex``. :data:`NOTEBOOK_LESSONS` dice qué
lección sirve a cada notebook (la calificación, ``tools/grade.py``, lo usa para saber qué
ejercicios tiene cada uno).

Los módulos del marco (``config``, ``checks``, ``data``, ``device``, ``plots``, ``explorer``…)
nunca importan las lecciones; una lección puede importar el ``compute`` de otra, nunca sus
figuras ni sus exploradores.
"""

import importlib

NOTEBOOK_LESSONS = {
    "00_bienvenida_y_entorno": "welcome",
    "01_superficial_vs_profundo": "shallow_deep",
    "02_descenso_del_gradiente": "gradient",
    "03_retropropagacion": "backprop",
    "04_funciones_de_activacion": "activations",
    "05_red_densa_mnist": "dense_mnist",
    "06_sobreajuste": "overfitting",
    "07_redes_convolucionales": "convolution",
    "08_aumento_de_datos": "augmentation",
    "09_evaluacion_final": "final_project",
}


def exercises_for(notebook: str):
    """El conjunto de ejercicios (``EXERCISES``) del notebook ``NN_tema`` (sin ``.ipynb``)."""
    stem = notebook[:-6] if notebook.endswith(".ipynb") else notebook
    if stem not in NOTEBOOK_LESSONS:
        raise ValueError(f"{notebook!r} no es un notebook del curso; los notebooks son: {', '.join(NOTEBOOK_LESSONS)}.")
    return importlib.import_module(f"course_lib.lessons.{NOTEBOOK_LESSONS[stem]}.exercises").EXERCISES
