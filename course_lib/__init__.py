"""course_lib: lo que los notebooks del curso necesitan y que **no** es la lección.

Importar este paquete primero, antes que ``tensorflow`` o ``keras``, evita el ruido de
registro de TensorFlow en las salidas de los notebooks.

El código que cada lección enseña (``model.compile``/``model.fit``, las capas, la regla del
descenso del gradiente, la retropropagación, las activaciones…) está en las celdas de los
notebooks. Aquí queda el resto, en dos capas:

**Marco** (no sabe nada de ninguna lección):

* ``config``: modo completo o rápido, semillas, importación silenciosa de TensorFlow.
* ``checks``: comprobación de argumentos, arrays y etiquetas con mensajes en español.
* ``formatting``: números como los escribe el curso (60 000, 97.3 %, 2.5 min, «sí»).
* ``data``: MNIST y Fashion-MNIST con o sin internet, verificados, y preprocesado con comprobaciones.
* ``device``: GPU, estrategias de distribución, cronometraje de productos de matrices y
  ``model.fit`` en CPU sin el ajuste automático de ``tf.data`` (``steady_cpu_training``).
* ``sysinfo``: informe del entorno (sistema, CPU, memoria, versiones, GPU).
* ``training``: callbacks de Keras (``LiveCurves``, ``EpochTimer``, ``StopOnNaN``), guardas de
  ``model.fit`` y subconjuntos del modo rápido.
* ``plots``: figura en vivo, curvas de aprendizaje, rejillas de imágenes, matriz de confusión.
* ``explorer``: la base ``Explorer`` de los exploradores interactivos.
* ``exercises``: el motor de corrección de ejercicios, con respuesta en español.
* ``exercise_set``: los ejercicios de una lección (comprobar, pista, solución, progreso).
* ``hints``: pistas en español bajo los errores típicos.

**Lecciones** (``course_lib.lessons.<tema>``, una por notebook que la necesita): el cálculo
(``compute``), las figuras (``figures``) y los exploradores (``explorers``) de las
visualizaciones de cada tema, y los ejercicios de su notebook (``exercises``). Ver ``course_lib/lessons/__init__.py``.
"""

from course_lib import config

config.quiet_tensorflow()

from course_lib import device  # noqa: E402  (después de silenciar TensorFlow)

device.steady_cpu_training()   # en CPU, cada model.fit con los dos núcleos (ver su docstring)

__all__ = ["config"]
