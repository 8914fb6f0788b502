"""Lección de la red densa con MNIST (notebook 05, ``05_red_densa_mnist``).

El notebook construye, compila y entrena la red con Keras en sus propias celdas; esta lección
solo aporta la visualización de sus resultados:

* :func:`prediction_explorer`: el explorador de predicciones (imagen, clase real, clase
  predicha y las 10 probabilidades; con «Solo errores», solo las mal clasificadas);
* su cálculo (:func:`predictions`, :func:`prediction_view`, en ``compute``), su figura
  (:func:`draw_prediction`, en ``figures``) y su texto (:func:`summarize_prediction`).

Uso::

    from course_lib.lessons import dense_mnist

    dense_mnist.prediction_explorer(x_test, y_test, model.predict(x_test_vec))
"""

from course_lib.lessons.dense_mnist.compute import prediction_view, predictions
from course_lib.lessons.dense_mnist.explorers import prediction_explorer, summarize_prediction
from course_lib.lessons.dense_mnist.figures import draw_prediction

__all__ = ["draw_prediction", "prediction_explorer", "prediction_view", "predictions",
           "summarize_prediction"]
