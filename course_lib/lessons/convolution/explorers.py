"""Explorador de la lección 07: el explorador de convolución y su texto resumen."""

from __future__ import annotations

import numpy as np

from course_lib.explorer import Explorer
from course_lib.lessons.convolution.compute import (
    CUSTOM,
    PRESET_LABELS,
    PRESETS,
    feature_map_view,
    identify_preset,
    parse_kernel,
)
from course_lib.lessons.convolution.figures import FeatureMapPainter


def summarize_feature_map(view: dict) -> str:
    """Una línea: filtro, paso, relleno, la fórmula del tamaño con números y el tamaño final."""
    rows, cols = view["output_shape"]
    name = f"{view['image_name']} · " if view["image_name"] else ""
    return (f"{name}filtro «{view['kernel_label']}» · paso {view['stride']} · relleno {view['padding']}: "
            f"salida {view['formula']} → mapa de {rows} × {cols}")


def link_preset_and_kernel(explorer: Explorer, name: str) -> None:
    """Controles enlazados del explorador de convolución (el ``link`` de :class:`Explorer`).

    Elegir un filtro predefinido escribe sus valores en la casilla de texto (que se puede
    editar); lo escrito a mano decide lo que muestra el desplegable: el filtro predefinido que
    coincide o «personalizado».
    """
    if name == "preset":
        preset = explorer.controls["preset"].value
        if preset != CUSTOM and explorer.controls["kernel"].value != PRESETS[preset]:
            explorer.update_controls(kernel=PRESETS[preset])
    elif name == "kernel":
        try:
            preset = identify_preset(parse_kernel(explorer.controls["kernel"].value))
        except ValueError:
            preset = CUSTOM
        if explorer.controls["preset"].value != preset:
            explorer.update_controls(preset=preset)


def convolution_explorer(images, names=None) -> Explorer:
    """Explorador de convolución: paso, imagen, filtro (predefinido o escrito a mano) y relleno.

    ``images``: unas pocas imágenes ``(n, alto, ancho)``; ``names``: sus nombres (opcional).
    Al elegir un filtro predefinido se escriben sus valores en la casilla de texto, que se
    puede editar; si lo editado coincide con un filtro predefinido, el desplegable lo muestra, y
    si no, dice «personalizado» (:func:`link_preset_and_kernel`). Ejemplo::

        exp = convolution_explorer(x_test[:10], names)
        exp.set(preset="horizontal_edges", stride=2)
    """
    import ipywidgets as w

    x = np.asarray(images)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3 or len(x) == 0:
        raise ValueError(f"Se esperaban unas imágenes con forma (n, alto, ancho) y la forma es {x.shape}.")
    labels = [str(n) for n in names] if names is not None else [f"imagen {i}" for i in range(len(x))]
    if len(labels) != len(x):
        raise ValueError(f"Hay {len(x)} imágenes y {len(labels)} nombres: pasa un nombre por imagen.")
    # El paso llega, como mucho, al tamaño más pequeño de la imagen (feature_map_view rechaza más).
    max_stride = int(min(4, min(x.shape[1:])))
    first = next(iter(PRESETS))
    controls = {
        "stride": w.IntSlider(value=1, min=1, max=max_stride, description="Paso (stride)",
                              continuous_update=False),
        "index": w.IntSlider(value=0, min=0, max=len(x) - 1, description="Imagen", continuous_update=False),
        "preset": w.Dropdown(options=[(PRESET_LABELS[key], key) for key in list(PRESETS) + [CUSTOM]],
                             value=first, description="Filtro"),
        "kernel": w.Text(value=PRESETS[first], description="Valores 3 × 3 (filas con «;»)",
                         continuous_update=False, placeholder="1 0 -1; 2 0 -2; 1 0 -1"),
        "padding": w.ToggleButtons(options=[("valid (sin relleno)", "valid"), ("same (con relleno)", "same")],
                                   value="valid", description="Relleno"),
    }

    def compute(stride, index, preset, kernel, padding):
        return feature_map_view(x[index], kernel, stride, padding, image_name=labels[index])

    return Explorer(controls, compute, FeatureMapPainter(), summarize_feature_map,
                    title="Explorador de convolución", link=link_preset_and_kernel)
