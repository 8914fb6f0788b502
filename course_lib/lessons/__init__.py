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

Los módulos del marco (``config``, ``checks``, ``data``, ``device``, ``plots``, ``explorer``…)
nunca importan las lecciones; una lección puede importar el ``compute`` de otra, nunca sus
figuras ni sus exploradores.
"""
