"""Figuras del notebook 05: la vista del explorador de predicciones."""

from __future__ import annotations

from matplotlib.figure import Figure

from course_lib.formatting import percent, thousands

__all__ = ["draw_prediction", "RIGHT_COLOR", "WRONG_COLOR"]

RIGHT_COLOR = "#1b7f3b"
WRONG_COLOR = "#b00020"


def draw_prediction(view: dict) -> Figure:
    """La imagen (blanco sobre negro, como las rejillas de ``plots.image_grid``) y las probabilidades."""
    fig = Figure(figsize=(8, 3), layout="constrained")
    if view["position"] is None:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"Ningún error: la red acierta las {thousands(view['n_images'])} imágenes.",
                ha="center", va="center", fontsize=12)
        return fig
    names = view["class_names"]
    ok = view["label"] == view["predicted"]
    color = RIGHT_COLOR if ok else WRONG_COLOR
    ax_img, ax_bar = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2]})
    ax_img.imshow(view["image"], cmap="gray", interpolation="nearest")
    ax_img.set_axis_off()
    ax_img.set_title(f"Imagen n.º {view['position']} · real: {names[view['label']]}")
    colors = ["#bbbbbb"] * len(view["probabilities"])
    colors[view["predicted"]] = color
    ax_bar.bar(names, view["probabilities"], color=colors)
    ax_bar.set_ylim(0, 1)
    ax_bar.set_ylabel("Probabilidad")
    ax_bar.set_xlabel("Clase")
    p = float(view["probabilities"][view["predicted"]])
    ax_bar.set_title(f"Predicha: {names[view['predicted']]} ({percent(p)})", color=color)
    return fig
