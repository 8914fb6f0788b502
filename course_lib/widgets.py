"""Base común de los exploradores interactivos del curso.

Cada explorador separa dos cosas:

* **cálculo**: una función pura ``compute(**valores) -> resultado`` (sin widgets ni figuras),
  fácil de probar;
* **vista**: una función ``draw(resultado) -> Figure`` y unos controles de ``ipywidgets``.

:class:`Explorer` une ambas partes. La figura se muestra con :class:`course_lib.plots.LiveFigure`
(fuera de cualquier ``Output``), así que quien abre el notebook sin núcleo en marcha ve la
última figura como imagen estática, y en JupyterLab, Notebook 7, VS Code o Colab se actualiza
al mover los controles. Una línea de texto (``readout``) resume el resultado: la leen las
pruebas y los lectores de pantalla.

Para probar un explorador desde Python::

    exp = algun_explorador()
    exp.set(tamano=512)            # como si el estudiante moviera el control
    assert exp.result[...] ...     # el resultado cambió como debía
"""

from __future__ import annotations

import html
from typing import Any, Callable

from course_lib.plots import LiveFigure


class Explorer:
    """Explorador interactivo: controles + cálculo puro + figura en vivo + texto resumen.

    Parámetros
    ----------
    controls:
        Diccionario ``nombre -> widget`` de ``ipywidgets``; ``nombre`` es el argumento de
        ``compute`` que controla.
    compute:
        Función pura que recibe los valores de los controles como argumentos con nombre.
        Si un valor no es válido debe lanzar ``ValueError`` con un mensaje en español.
    draw:
        Función que recibe el resultado y devuelve una ``matplotlib.figure.Figure``.
    summarize:
        Función que recibe el resultado y devuelve una línea de texto en español.
    title:
        Título que se muestra encima de los controles.
    """

    def __init__(
        self,
        controls: dict[str, Any],
        compute: Callable[..., Any],
        draw: Callable[[Any], Any],
        summarize: Callable[[Any], str],
        title: str = "",
    ):
        import ipywidgets as w

        self.controls = dict(controls)
        self._compute = compute
        self._draw = draw
        self._summarize = summarize
        self.figure = LiveFigure()
        self.result: Any = None
        self.error: str | None = None
        self.readout = w.HTML(value="", layout=w.Layout(min_height="1.5em"))
        self.readout.add_class("course-readout")
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        self.view = w.VBox(header + list(self.controls.values()) + [self.readout])
        self.view.add_class("course-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def values(self) -> dict[str, Any]:
        """Valores actuales de los controles."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> Any:
        """Cambia uno o varios controles (como haría el estudiante) y devuelve el resultado."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"Control desconocido: {', '.join(unknown)}. "
                f"Los controles de este explorador son: {', '.join(self.controls)}."
            )
        with self.view.hold_sync():
            for control in self.controls.values():
                control.unobserve(self._on_change, names="value")
            try:
                for name, value in values.items():
                    self.controls[name].value = value
            finally:
                for control in self.controls.values():
                    control.observe(self._on_change, names="value")
        self.refresh()
        return self.result

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recalcula con los valores actuales y actualiza la figura y el texto."""
        try:
            result = self._compute(**self.values())
        except ValueError as exc:
            self.error = str(exc)
            self.readout.value = f"<span style='color:#b00020'>⚠️ {html.escape(str(exc))}</span>"
            return
        self.error = None
        self.result = result
        self.readout.value = html.escape(self._summarize(result))
        fig = self._draw(result)
        self.figure.update(fig)

    def display(self) -> "Explorer":
        """Muestra los controles y la figura inicial (que queda como figura estática)."""
        from IPython.display import display

        display(self.view)
        self.refresh()
        return self

    def _ipython_display_(self) -> None:
        self.display()


# --------------------------------------------------------------------------- exploradores


def prediction_view(images, labels, probabilities, index: int, only_errors: bool = False, class_names=None) -> dict:
    """Cálculo del explorador de predicciones: qué imagen mostrar y qué dijo la red.

    ``index`` recorre todas las imágenes o, con ``only_errors=True``, solo las mal
    clasificadas. Devuelve un diccionario con la imagen, la clase real, la predicha, las
    probabilidades y la posición en el conjunto.
    """
    import numpy as np

    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels)
    if probabilities.ndim != 2 or len(probabilities) != len(labels) or len(images) != len(labels):
        raise ValueError(
            f"Se esperaban tantas imágenes ({len(images)}) como etiquetas ({len(labels)}) y filas de "
            f"probabilidades ({probabilities.shape}); pasa las mismas imágenes que usaste en model.predict."
        )
    names = list(class_names) if class_names is not None else [str(i) for i in range(probabilities.shape[1])]
    predicted = probabilities.argmax(axis=1)
    candidates = np.flatnonzero(predicted != labels) if only_errors else np.arange(len(labels))
    if len(candidates) == 0:
        raise ValueError("La red no se equivoca en ninguna imagen: no hay errores que mostrar.")
    if not 0 <= index < len(candidates):
        raise ValueError(f"El índice debe estar entre 0 y {len(candidates) - 1}, y es {index}.")
    position = int(candidates[index])
    image = np.asarray(images[position])
    return {
        "position": position,
        "image": image.reshape(28, 28) if image.size == 784 else image,
        "label": int(labels[position]),
        "predicted": int(predicted[position]),
        "probabilities": probabilities[position],
        "class_names": names,
        "n_candidates": len(candidates),
    }


def draw_prediction(view: dict):
    """Vista del explorador de predicciones: la imagen y un diagrama de barras de probabilidades."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3))
    ax_img, ax_bar = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2]})
    ax_img.imshow(view["image"], cmap="gray_r")
    ax_img.set_axis_off()
    ok = view["label"] == view["predicted"]
    ax_img.set_title(f"Real: {view['class_names'][view['label']]}", color="black")
    colors = ["#bbbbbb"] * len(view["probabilities"])
    colors[view["predicted"]] = "#1b7f3b" if ok else "#b00020"
    ax_bar.bar(view["class_names"], view["probabilities"], color=colors)
    ax_bar.set_ylim(0, 1)
    ax_bar.set_ylabel("Probabilidad")
    ax_bar.set_title(f"Predicha: {view['class_names'][view['predicted']]}", color="#1b7f3b" if ok else "#b00020")
    fig.tight_layout()
    return fig


def summarize_prediction(view: dict) -> str:
    names = view["class_names"]
    p = float(view["probabilities"][view["predicted"]])
    verdict = "acierto" if view["label"] == view["predicted"] else "error"
    return (f"Imagen n.º {view['position']}: real {names[view['label']]}, predicha "
            f"{names[view['predicted']]} ({p:.1%}) · {verdict}")


def prediction_explorer(images, labels, probabilities, class_names=None) -> Explorer:
    """Explorador de predicciones: recorre las imágenes y muestra las probabilidades de la red."""
    import ipywidgets as w

    n = len(labels)
    controls = {
        "index": w.IntSlider(value=0, min=0, max=max(n - 1, 0), description="Imagen", continuous_update=False),
        "only_errors": w.Checkbox(value=False, description="Solo errores"),
    }

    def compute(index, only_errors):
        return prediction_view(images, labels, probabilities, index, only_errors, class_names)

    def on_filter(change):
        # Al filtrar cambia el número de imágenes posibles: ajusta el rango del control.
        predicted = probabilities.argmax(axis=1)
        total = int((predicted != labels).sum()) if change["new"] else n
        slider = controls["index"]
        slider.max = max(total - 1, 0)
        if slider.value > slider.max:
            slider.value = slider.max

    # Se registra antes que el Explorer para que el rango esté ajustado cuando recalcule.
    controls["only_errors"].observe(on_filter, names="value")

    explorer = Explorer(controls, compute, draw_prediction, summarize_prediction, title="Explorador de predicciones")
    return explorer
