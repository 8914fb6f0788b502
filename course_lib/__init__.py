"""course_lib: utilidades del curso interactivo de aprendizaje profundo.

Importar este paquete primero, antes que ``tensorflow`` o ``keras``, evita el ruido de
registro de TensorFlow en las salidas de los notebooks.

Módulos (uno por tema):

* ``config``: modo completo o rápido, semillas.
* ``checks``: comprobación de argumentos con mensajes en español.
* ``data``: MNIST y Fashion-MNIST (con o sin internet) y preprocesado con comprobaciones.
* ``device``: informe del entorno, GPU, estrategias de distribución, cronometraje CPU/GPU.
* ``training``: ``compile``/``fit`` rápidos y curvas de entrenamiento en vivo.
* ``plots``: rejillas de imágenes, curvas, matriz de confusión, errores.
* ``exercises``: comprobación de ejercicios con respuesta en español.
* ``hints``: pistas en español bajo los errores típicos.
"""

from course_lib import config

config.quiet_tensorflow()

__all__ = ["config"]
