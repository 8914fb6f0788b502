"""Explorador de la lección 08: la vista previa del aumento de datos y su texto resumen."""

from __future__ import annotations

from course_lib import checks
from course_lib.explorer import Explorer
from course_lib.lessons.augmentation.compute import MAX_COPIES, MAX_ROTATION, PreviewCache, _images, preview
from course_lib.lessons.augmentation.figures import PreviewPainter


def summarize_preview(result: dict) -> str:
    """Una línea: qué transformaciones se aplican, su código Keras y cuánto cambian las imágenes."""
    s = result["settings"]
    parts = []
    if s["rotation"]:
        parts.append(f"giro ±{s['rotation']:g}°")
    if s["shift"]:
        parts.append(f"desplazamiento ±{100 * s['shift']:g} % (±{s['shift'] * result['originals'].shape[2]:.1f} px)")
    if s["zoom"]:
        parts.append(f"zoom ±{100 * s['zoom']:g} %")
    if s["contrast"]:
        parts.append(f"contraste ±{100 * s['contrast']:g} %")
    if s["flip"]:
        parts.append("volteo horizontal")
    if not parts:
        return "Ninguna transformación: las copias son iguales al original."
    text = (f"{', '.join(parts)} → {result['keras']} · cambio medio por píxel: {result['mean_change']:.3f} "
            f"(semilla {result['seed']})")
    if result["warnings"]:
        text += " · ⚠️ " + "; ".join(result["warnings"])
    return text


def preview_explorer(images, labels=None, *, n_images: int = 4, copies: int = 6) -> Explorer:
    """Explorador de la vista previa del aumento de datos.

    Controles: giro máximo (°), desplazamiento, zoom, contraste, volteo horizontal, primera
    imagen y semilla. Sus rangos son valores que :func:`preview` acepta. Ejemplo::

        exp = augmentation.preview_explorer(x_ejemplos, y_ejemplos)
        exp.set(rotation=180)           # ¿qué les pasa al 6 y al 9?
    """
    import ipywidgets as w

    x, _ = _images(images)
    n_images = checks.integer(n_images, "El número de imágenes", 1, MAX_COPIES)
    copies = checks.integer(copies, "El número de copias", 1, MAX_COPIES)
    if n_images > len(x):
        raise ValueError(f"Se piden {n_images} imágenes y solo hay {len(x)}: pide menos o pasa más imágenes.")
    controls = {
        "rotation": w.IntSlider(value=15, min=0, max=MAX_ROTATION, step=5, description="Giro máximo (°)",
                                continuous_update=False),
        "shift": w.FloatSlider(value=0.1, min=0.0, max=0.3, step=0.05, description="Desplazamiento (fracción)",
                               readout_format=".2f", continuous_update=False),
        "zoom": w.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.05, description="Zoom (fracción)",
                              readout_format=".2f", continuous_update=False),
        "contrast": w.FloatSlider(value=0.0, min=0.0, max=0.9, step=0.1, description="Contraste (fracción)",
                                  readout_format=".1f", continuous_update=False),
        "flip": w.Checkbox(value=False, description="Volteo horizontal"),
        "first": w.IntSlider(value=0, min=0, max=len(x) - n_images, description="Primera imagen",
                             continuous_update=False),
        "seed": w.IntSlider(value=0, min=0, max=99, description="Semilla", continuous_update=False),
    }

    # Cada explorador, su caché (capas, sorteos y resultados parciales) y su figura reutilizada.
    cache = PreviewCache()

    def compute(rotation, shift, zoom, contrast, flip, first, seed):
        return preview(x, labels, rotation=rotation, shift=shift, zoom=zoom, contrast=contrast, flip=flip,
                       copies=copies, first=first, n_images=n_images, seed=seed, cache=cache)

    return Explorer(controls, compute, PreviewPainter(), summarize_preview,
                    title="Vista previa del aumento de datos")
