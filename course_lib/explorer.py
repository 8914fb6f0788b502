"""Base de los exploradores interactivos del curso: controles + cálculo puro + figura + texto.

Un explorador separa dos cosas:

* **cálculo**: una función pura ``compute(**valores) -> resultado`` (sin widgets ni figuras),
  que vive en ``lessons/<tema>/compute.py`` y se prueba sola;
* **vista**: ``draw(resultado) -> Figure`` (en ``lessons/<tema>/figures.py``), una línea de
  texto ``summarize(resultado) -> str`` y unos controles de ``ipywidgets``.

:class:`Explorer` une ambas partes. La figura se muestra con :class:`course_lib.plots.LiveFigure`
(fuera de cualquier ``Output``): quien abre el notebook sin núcleo ve la última figura como
imagen estática, y en JupyterLab, Notebook 7, VS Code o Colab se actualiza al mover los
controles. El texto (``readout``, clase CSS ``course-readout``) lo leen las pruebas y los
lectores de pantalla.

Puntos de extensión (públicos y documentados; no hace falta tocar nada privado):

``link=fn``
    Controles enlazados: ``fn(explorer, name)`` se llama cuando cambia el control ``name``,
    **antes** de calcular, con los avisos de cambio en pausa. Puede cambiar otros controles con
    :meth:`Explorer.update_controls` o sus rangos (``explorer.controls["index"].max = …``).
    Sustituye a depender del orden en que se registran los ``observe``.
``extras=[widget, …]``
    Widgets adicionales (p. ej. botones ◀/▶) que se colocan bajo los controles; quedan en
    ``explorer.extras``.
``compute`` como generador
    Fotogramas parciales durante un cálculo largo: cada ``yield resultado_parcial`` se dibuja
    (como mucho uno cada ``partial_interval`` segundos; el primero, siempre) y el valor de
    ``return`` es el resultado final. ``explorer.partial_frames`` cuenta los dibujados.
Refrescos que no cambian nada
    :meth:`Explorer.refresh` no recalcula ni redibuja si los valores de los controles son los
    mismos que los del último fotograma (``refresh(force=True)`` lo fuerza).
Cambios seguidos (arrastrar un deslizador)
    En el núcleo de Jupyter, un cambio de control hecho con el ratón no dibuja en el acto:
    espera ``coalesce`` segundos (0.02 por defecto) por si llega otro. Al arrastrar un
    deslizador llegan decenas de cambios por segundo; sin esto, cada uno dibujaría su fotograma
    y la figura iría segundos por detrás del ratón. Así solo se dibuja el último valor de cada
    ráfaga. Fuera de un bucle de eventos (pruebas, scripts) y con :meth:`Explorer.set`, el
    fotograma se dibuja en el acto; ``coalesce=0`` lo hace siempre así.

Valores no válidos: :meth:`Explorer.set` rechaza con un ``ValueError`` en español un valor que
su control no puede tomar (fuera del rango de un deslizador, una opción que no existe, un tipo
equivocado), en lugar de dejar que ipywidgets lo recorte o lo ignore. Un error en el cálculo o
en el dibujo se muestra en el texto del explorador (``explorer.error``) y deja
``explorer.result`` a ``None``: nunca queda a la vista un resultado viejo como si fuera nuevo.

Para probar un explorador desde Python::

    exp = algun_explorador()
    exp.set(tamano=512)            # como si el estudiante moviera el control
    assert exp.result[...] ...     # el resultado cambió como debía
"""

from __future__ import annotations

import html
import inspect
import math
import time
from typing import Any, Callable, Iterable

from course_lib.plots import LiveFigure

__all__ = ["Explorer", "control_label"]

#: Color de los mensajes de error en el texto del explorador.
ERROR_COLOR = "#b00020"


def control_label(name: str, control: Any) -> str:
    """Cómo se nombra un control en los mensajes: «Tamaño de lote» (batch)."""
    description = str(getattr(control, "description", "") or "").strip()
    return f"«{description}» ({name})" if description else f"«{name}»"


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _validate(name: str, control: Any, value: Any) -> Any:
    """``value`` si el control ``control`` puede tomarlo; si no, ``ValueError`` en español."""
    import ipywidgets as w
    import numpy as np

    label = control_label(name, control)
    is_bool = isinstance(value, (bool, np.bool_))
    is_int = isinstance(value, (int, np.integer)) and not is_bool
    is_number = (is_int or isinstance(value, (float, np.floating))) and not is_bool

    if isinstance(control, w.widgets.widget_selection._Selection):
        options = list(control._options_full)
        values = [v for _, v in options]
        if not any(_same(value, option) for option in values):
            shown = ", ".join(_show(v) if str(k) in (str(v), _show(v)) else f"{_show(v)} ({k})" for k, v in options[:12])
            shown += ", …" if len(options) > 12 else ""
            raise ValueError(f"El control {label} no tiene la opción {_show(value)}. Sus opciones son: {shown}.")
        return next(option for option in values if _same(value, option))
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        if not is_bool:
            raise ValueError(f"El control {label} es una casilla: su valor es True o False, no {value!r}.")
        return bool(value)
    if isinstance(control, (w.Text, w.Textarea)):
        if not isinstance(value, str):
            raise ValueError(f"El control {label} es un texto: pasa una cadena entre comillas, no {value!r}.")
        return value
    integer_control = isinstance(control, (w.widgets.widget_int._Int,))
    if integer_control or isinstance(control, w.widgets.widget_float._Float):
        kind = "un número entero" if integer_control else "un número"
        ok = is_int or (is_number and not integer_control) or (
            integer_control and isinstance(value, (float, np.floating)) and float(value).is_integer())
        if not ok or (is_number and not math.isfinite(float(value))):
            raise ValueError(f"El control {label} espera {kind}, no {value!r}.")
        value = int(value) if integer_control else float(value)
        low, high = getattr(control, "min", None), getattr(control, "max", None)
        if isinstance(control, w.FloatLogSlider):
            low, high = control.base ** control.min, control.base ** control.max
        if low is not None and high is not None and not (low - 1e-12 <= value <= high + 1e-12):
            raise ValueError(
                f"El control {label} va de {_show(low)} a {_show(high)}, y has pedido {_show(value)}. "
                "Elige un valor dentro de ese intervalo."
            )
        return value
    return value


def _same(a: Any, b: Any) -> bool:
    """Igualdad que no confunde ``True`` con ``1`` ni ``"1"`` con ``1``."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return type(a) is type(b) and a == b or (
            not isinstance(a, (str, bytes)) and not isinstance(b, (str, bytes)) and float(a) == float(b))
    except (TypeError, ValueError):
        return False


def _widen_labels(control: Any) -> None:
    """Que la descripción de un control se lea entera (sin «Ejemplos de entren…»)."""
    import ipywidgets as w

    style = getattr(control, "style", None)
    if style is not None and hasattr(style, "description_width") and not style.description_width:
        style.description_width = "initial"
    if isinstance(control, w.Checkbox):
        control.indent = False
        if not control.layout.width:
            control.layout.width = "auto"
    elif isinstance(control, w.widgets.widget_description.DescriptionWidget) and not control.layout.width:
        control.layout.width = "34em"


class Explorer:
    """Explorador interactivo: controles + cálculo puro + figura en vivo + texto resumen.

    Parámetros
    ----------
    controls:
        Diccionario ``nombre -> widget`` de ``ipywidgets``; ``nombre`` es el argumento de
        ``compute`` que controla.
    compute:
        Función pura que recibe los valores de los controles como argumentos con nombre y
        devuelve el resultado. Si un valor no es válido lanza ``ValueError`` en español. Puede
        ser un generador: ver «fotogramas parciales» en el docstring del módulo.
    draw:
        ``draw(resultado) -> matplotlib.figure.Figure``.
    summarize:
        ``summarize(resultado) -> str``: una línea en español.
    title:
        Título que se muestra encima de los controles.
    link:
        ``link(explorer, name)``: controles enlazados (ver el docstring del módulo).
    extras:
        Widgets adicionales bajo los controles.
    partial_interval:
        Segundos mínimos entre dos fotogramas parciales.
    coalesce:
        Segundos que espera un cambio hecho con el ratón por si llega otro (ver el docstring del
        módulo); ``0`` dibuja cada cambio en el acto.
    """

    def __init__(
        self,
        controls: dict[str, Any],
        compute: Callable[..., Any],
        draw: Callable[[Any], Any],
        summarize: Callable[[Any], str],
        title: str = "",
        *,
        link: Callable[["Explorer", str], None] | None = None,
        extras: Iterable[Any] = (),
        partial_interval: float = 0.5,
        coalesce: float = 0.02,
    ):
        import ipywidgets as w

        self.controls = dict(controls)
        self._compute = compute
        self._draw = draw
        self._summarize = summarize
        self._link = link
        self.partial_interval = float(partial_interval)
        self.coalesce = float(coalesce)
        self._pending = None            # el dibujo aplazado de una ráfaga de cambios (asyncio.TimerHandle)
        self.extras = list(extras)
        self.figure = LiveFigure()
        self.result: Any = None
        self.error: str | None = None
        self.partial_frames = 0
        self._shown_values: dict[str, Any] | None = None
        self._paused = False
        for control in self.controls.values():
            _widen_labels(control)
        self.readout = w.HTML(value="", layout=w.Layout(min_height="1.5em"))
        self.readout.add_class("course-readout")
        header = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        self.view = w.VBox(header + list(self.controls.values()) + self.extras + [self.readout])
        self.view.add_class("course-explorer")
        for name, control in self.controls.items():
            control.observe(self._observer(name), names="value")

    # ------------------------------------------------------------------ controles

    def values(self) -> dict[str, Any]:
        """Valores actuales de los controles."""
        return {name: control.value for name, control in self.controls.items()}

    def _observer(self, name: str):
        def on_change(_change) -> None:
            if self._paused:
                return
            self._linked(name)
            self._request_refresh()
        return on_change

    def _request_refresh(self) -> None:
        """Dibuja ya o, dentro del núcleo, tras ``coalesce`` segundos sin otro cambio."""
        import asyncio

        try:
            loop = asyncio.get_running_loop() if self.coalesce > 0 else None
        except RuntimeError:            # sin bucle de eventos (pruebas, scripts): en el acto
            loop = None
        if loop is None:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()      # llegó otro cambio antes de dibujar: solo cuenta el último
        self._pending = loop.call_later(self.coalesce, self._refresh_pending)

    def _refresh_pending(self) -> None:
        self._pending = None
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - fuera de una celda nadie vería el traceback
            self._fail("dibujar", exc)

    def _linked(self, name: str) -> None:
        if self._link is None:
            return
        self._paused = True
        try:
            self._link(self, name)
        finally:
            self._paused = False

    def update_controls(self, **values: Any) -> None:
        """Cambia controles sin recalcular (para usar dentro de ``link``). Valida como :meth:`set`."""
        self._known(values)
        checked = {name: _validate(name, self.controls[name], value) for name, value in values.items()}
        self._assign(checked)

    def _assign(self, values: dict[str, Any]) -> None:
        paused, self._paused = self._paused, True
        try:
            with self.view.hold_sync():
                for name, value in values.items():
                    self.controls[name].value = value
        finally:
            self._paused = paused

    def _known(self, values: dict[str, Any]) -> None:
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"Control desconocido: {', '.join(unknown)}. "
                f"Los controles de este explorador son: {', '.join(self.controls)}."
            )

    def set(self, **values: Any) -> Any:
        """Cambia uno o varios controles (como haría el estudiante), recalcula y devuelve el resultado.

        Los controles se cambian en el orden dado y, tras cada uno, se aplica ``link`` (así un
        control puede ampliar el rango del siguiente). Un valor que su control no puede tomar
        lanza ``ValueError`` en español y deja todos los controles como estaban.
        """
        self._known(values)
        before = self.values()
        try:
            for name, value in values.items():
                self._assign({name: _validate(name, self.controls[name], value)})
                self._linked(name)
        except ValueError:
            self._assign(before)
            for name in values:
                self._linked(name)
            raise
        self.refresh()
        return self.result

    # ------------------------------------------------------------------ cálculo y dibujo

    def _fail(self, stage: str, exc: BaseException) -> None:
        if isinstance(exc, ValueError):
            message = str(exc)
        else:
            message = (f"Error inesperado al {stage} ({type(exc).__name__}: {exc}). "
                       "Vuelve a ejecutar la celda del explorador; si se repite, avisa al profesor.")
        self.error = message
        self.result = None
        self._shown_values = None
        self.readout.value = f"<span style='color:{ERROR_COLOR}'>⚠️ {html.escape(message)}</span>"

    def _show_frame(self, result: Any) -> None:
        self.readout.value = html.escape(self._summarize(result))
        self.figure.update(self._draw(result))

    def _run(self, values: dict[str, Any]) -> Any:
        output = self._compute(**values)
        if not inspect.isgenerator(output):
            return output
        last_draw = None
        while True:
            try:
                partial = next(output)
            except StopIteration as stop:
                return stop.value
            now = time.perf_counter()
            if last_draw is None or now - last_draw >= self.partial_interval:
                self._show_frame(partial)
                self.partial_frames += 1
                last_draw = time.perf_counter()

    def refresh(self, force: bool = False) -> None:
        """Recalcula con los valores actuales y actualiza la figura y el texto.

        Sin ``force``, no hace nada si los valores son los del último fotograma dibujado.
        """
        values = self.values()
        if not force and self.error is None and self._shown_values == values:
            return
        try:
            result = self._run(values)
        except Exception as exc:  # noqa: BLE001 - el estudiante ve el mensaje, no un traceback
            self._fail("calcular", exc)
            return
        try:
            self._show_frame(result)
        except Exception as exc:  # noqa: BLE001
            self._fail("dibujar", exc)
            return
        self.error = None
        self.result = result
        self._shown_values = values

    def display(self) -> "Explorer":
        """Muestra los controles y la figura inicial (que queda como figura estática)."""
        from IPython.display import display

        display(self.view)
        self.refresh(force=True)
        return self

    def _ipython_display_(self) -> None:
        self.display()
