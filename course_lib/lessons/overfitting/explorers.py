"""El laboratorio de sobreajuste (notebook 06) y sus textos.

:func:`overfitting_lab` une los controles (tamaño del conjunto de entrenamiento, ancho,
profundidad, L2, dropout y parada temprana), el entrenamiento de
:func:`~.compute.lab_training` (un generador: las curvas se dibujan época a época), la vista
:func:`~.figures.draw_lab` y la línea de :func:`summarize_lab`. La red la construye la función
``build_mlp`` del notebook, que se pasa como primer argumento.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from course_lib import checks, config
from course_lib.explorer import Explorer
from course_lib.formatting import percent, seconds, thousands
from course_lib.lessons.overfitting.compute import (
    LAB_L2,
    LAB_PATIENCE,
    LAB_SIZES,
    LAB_WIDTHS,
    check_data,
    describe_settings,
    lab_training,
    lab_widths,
)
from course_lib.lessons.overfitting.figures import draw_lab


def result_line(result: dict) -> str:
    """Exactitudes, brecha y, con parada temprana, qué pesos se quedaron."""
    stop = ""
    if result["settings"]["early_stopping"]:
        stop = (f"; paró en la época {result['epochs_run']} y se quedó con los pesos de la "
                f"{result['best_epoch']}" if result["stopped_early"]
                else f"; no llegó a parar, pesos de la época {result['best_epoch']}")
    return (f"exactitud de entrenamiento {percent(result['train_accuracy'])}, de validación "
            f"{percent(result['val_accuracy'])} (brecha {100 * result['gap']:.1f} puntos){stop}")


def summarize_lab(result: dict) -> str:
    """Una línea en español con el resultado del laboratorio (y el cambio respecto al anterior).

    Con un resultado parcial (entrenamiento en curso), la época por la que va.
    """
    settings = result["settings"]
    if result.get("partial"):
        done = len(result["history"].get("loss", []))
        return f"{describe_settings(settings)} → entrenando: época {done} de {settings['epochs']}…"
    line = (f"{describe_settings(settings)} → {result_line(result)} · "
            f"{result['epochs_run']} épocas en {seconds(result['seconds'])}")
    previous = result.get("previous")
    if previous is not None:
        change = 100 * (result["val_accuracy"] - previous["val_accuracy"])
        line += f" · validación {change:+.1f} puntos respecto a la anterior"
    return line + "."


def overfitting_lab(build: Callable[..., Any], x_pool, y_pool, x_val, y_val, *, epochs: int | None = None,
                    sizes: Iterable[int] | None = None, seed: int = config.DEFAULT_SEED,
                    partial_interval: float = 1.5) -> Explorer:
    """Laboratorio de sobreajuste: tamaño del conjunto de entrenamiento, ancho, profundidad, L2,
    dropout y parada temprana → entrena la red de ``build`` → curvas época a época y exactitudes.

    ``build(width=..., depth=..., l2=..., dropout=...)`` es la función del notebook que construye
    la red. Cada cambio de un control entrena una red nueva (las curvas se redibujan mientras
    entrena, como mucho cada ``partial_interval`` s). En gris, la configuración anterior.
    ``epochs`` por defecto: 20 en modo completo y 4 en modo rápido.

    El deslizador de neuronas solo ofrece los anchos que entrenan en menos de
    :data:`~.compute.LAB_MAX_SECONDS` con el tamaño y la profundidad elegidos: al subir el
    tamaño, el ancho baja solo si hace falta.
    """
    import ipywidgets as w

    if not callable(build):
        raise ValueError("El primer argumento es la función que construye la red (build_mlp), no "
                         f"{type(build).__name__}.")
    x_pool, y_pool = check_data(x_pool, y_pool, "entrenamiento (x_pool, y_pool)")
    x_val, y_val = check_data(x_val, y_val, "validación")
    epochs = checks.integer(config.pick(full=20, quick=4) if epochs is None else epochs,
                            "El número de épocas (epochs)", 1)
    num_classes = int(max(y_pool.max(), y_val.max())) + 1
    options = sorted(int(s) for s in (sizes if sizes is not None else LAB_SIZES)
                     if num_classes <= s <= len(x_pool))
    if not options:
        options = [len(x_pool)]
    start_size = 1000 if 1000 in options[:-1] else options[max(0, len(options) // 2 - 1)]
    shape = dict(val_size=len(x_val), input_dim=x_pool.shape[1], num_classes=num_classes)

    def widths_for(train_size: int, depth: int) -> list[int]:
        return lab_widths(train_size, depth, epochs, **shape)

    start_widths = widths_for(start_size, 2)
    start_width = max([v for v in start_widths if v <= 256], default=start_widths[0])
    controls = {
        "train_size": w.SelectionSlider(options=[(thousands(s), s) for s in options], value=start_size,
                                        description="Ejemplos de entrenamiento", continuous_update=False),
        "width": w.SelectionSlider(options=start_widths, value=start_width,
                                   description="Neuronas por capa", continuous_update=False),
        "depth": w.IntSlider(value=2, min=1, max=3, description="Capas ocultas", continuous_update=False),
        "l2": w.SelectionSlider(options=[("0" if v == 0 else f"{v:g}", v) for v in LAB_L2], value=0.0,
                                description="Regularización L2", continuous_update=False),
        "dropout": w.FloatSlider(value=0.0, min=0.0, max=0.7, step=0.1, readout_format=".1f",
                                 description="Dropout", continuous_update=False),
        "early_stopping": w.Checkbox(value=False, description=(
            f"Parada temprana (paciencia {LAB_PATIENCE}, con los mejores pesos)")),
    }

    def link(explorer: Explorer, name: str) -> None:
        """Al cambiar el tamaño o la profundidad, el ancho solo ofrece lo que entrena a tiempo."""
        if name not in ("train_size", "depth"):
            return
        allowed = widths_for(explorer.controls["train_size"].value, explorer.controls["depth"].value)
        width = explorer.controls["width"]
        current = width.value
        if list(width.options) != allowed:
            width.options = allowed
        explorer.update_controls(width=max([v for v in allowed if v <= current], default=allowed[0]))

    def compute(train_size, width, depth, l2, dropout, early_stopping):
        shown = explorer.result  # lo que está a la vista antes de este cambio
        previous = None
        if shown is not None:
            previous = {k: v for k, v in shown.items() if k != "previous"}
        run = lab_training(build, x_pool, y_pool, x_val, y_val, train_size=train_size, width=width,
                           depth=depth, l2=l2, dropout=round(float(dropout), 3),
                           early_stopping=bool(early_stopping), epochs=epochs, seed=seed)
        while True:
            try:
                partial = next(run)
            except StopIteration as stop:
                final = stop.value
                break
            yield _with_previous(partial, previous)
        return _with_previous(final, previous)

    explorer = Explorer(controls, compute, draw_lab, summarize_lab, title="Laboratorio de sobreajuste",
                        link=link, partial_interval=partial_interval)
    return explorer


def _with_previous(result: dict, previous: dict | None) -> dict:
    if previous is None or previous["settings"] == result["settings"]:
        return result
    return result | {"previous": previous}
