"""Lección de la evaluación final (notebook 09, ``09_evaluacion_final``): Fashion-MNIST y «las fotos de la tienda».

El proyecto lo escribe el estudiante en el notebook, etapa a etapa (preprocesado, red densa,
CNN, remedio del sobreajuste, aumento de datos, evaluación y análisis); esta lección solo aporta:

* :func:`shop_photos`: el segundo conjunto de evaluación, las imágenes de prueba tal como las
  fotografía la tienda (deterministas; la etiqueta de cada foto es la de su imagen);
* el cálculo que usan las comprobaciones (``compute``: huellas de imágenes, exactitud
  recalculada, capas de aumento de un modelo);
* los ejercicios, uno por etapa (``exercises``).

Uso::

    from course_lib.lessons import final_project
    from course_lib.lessons.final_project import exercises as ex

    shop_images = final_project.shop_photos(test_images)
"""

from course_lib.lessons.final_project.compute import (accuracy, augmentation_layers, image_hashes,
                                                      shop_photos)

__all__ = ["accuracy", "augmentation_layers", "image_hashes", "shop_photos"]
