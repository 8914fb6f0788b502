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
