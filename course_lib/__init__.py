"""course_lib: utilidades del curso interactivo de aprendizaje profundo.

Importar este paquete primero, antes que ``tensorflow`` o ``keras``, evita el ruido de
registro de TensorFlow en las salidas de los notebooks.

Módulos comunes:

* ``config``: modo completo o rápido, semillas.
* ``checks``: comprobación de argumentos con mensajes en español.
* ``data``: MNIST y Fashion-MNIST (con o sin internet) y preprocesado con comprobaciones.
* ``device``: informe del entorno, GPU, estrategias de distribución, cronometraje CPU/GPU.
* ``training``: ``compile``/``fit`` rápidos y curvas de entrenamiento en vivo.
* ``plots``: rejillas de imágenes, curvas, matriz de confusión, errores.
* ``exercises``: comprobación de ejercicios con respuesta en español.
* ``hints``: pistas en español bajo los errores típicos.
* ``widgets``: base de los exploradores interactivos (cálculo puro + vista) y el explorador
  de predicciones.

Un módulo por notebook, con su teoría en código y su explorador:

* ``playground`` (01): problemas 2-D, características a mano, patio de fronteras de decisión.
* ``gradient`` (02): superficies de pérdida, gradientes, descenso del gradiente y momento.
* ``backprop`` (03): regla de la cadena, red NumPy con retropropagación, explorador paso a paso.
* ``activations`` (04): funciones de activación y derivadas, desvanecimiento del gradiente.
* ``overfitting`` (06): remedios contra el sobreajuste y su laboratorio.
* ``convolution`` (07): convolución a mano, tamaños de salida, CNN, filtros y mapas.
* ``augmentation`` (08): capas de aumento de datos, vista previa y experimento.
"""

from course_lib import config

config.quiet_tensorflow()

__all__ = ["config"]
