"""Lección 07, redes convolucionales (notebook ``07_redes_convolucionales.ipynb``).

* ``compute``: la convolución en NumPy (``conv2d``, ``conv2d_multichannel``), el relleno y el
  tamaño de la salida, el *max pooling*, el número de parámetros, los filtros predefinidos y
  escritos como texto, y los mapas de características de las capas de un modelo de Keras;
* ``figures``: la galería de filtros, el *pooling*, los filtros aprendidos, los mapas de
  características y la comparación de modelos;
* ``explorers``: el explorador de convolución.

La CNN y su entrenamiento (``model.compile``/``model.fit``) están en las celdas del notebook.
"""

from course_lib.lessons.convolution import compute, explorers, figures
from course_lib.lessons.convolution.compute import (
    CUSTOM,
    PADDINGS,
    PRESET_LABELS,
    PRESETS,
    conv2d,
    conv2d_multichannel,
    conv_params,
    dense_params,
    feature_map_view,
    format_kernel,
    identify_preset,
    layer_outputs,
    max_pool,
    output_size,
    pad_image,
    padding_amounts,
    parse_kernel,
    preset_kernel,
    size_formula,
)
from course_lib.lessons.convolution.explorers import (
    convolution_explorer,
    link_preset_and_kernel,
    summarize_feature_map,
)
from course_lib.lessons.convolution.figures import (
    compare_models,
    draw_feature_map,
    filter_gallery,
    plot_feature_maps,
    plot_filters,
    pooling_figure,
)
