"""El patio de juegos del notebook 01: su explorador, su texto resumen y las casillas de
características (ipywidgets).

* :func:`playground_explorer`: un :class:`course_lib.explorer.Explorer` con el cálculo
  :func:`~course_lib.lessons.shallow_deep.compute.train_playground`, la figura
  :class:`~course_lib.lessons.shallow_deep.playground_figure.PlaygroundPainter` (la misma figura
  de un cambio al siguiente, con sus artistas actualizados) y el texto :func:`summarize_playground`.
* :class:`FeatureToggles`: una casilla por característica hecha a mano, con un único
  ``value`` (la tupla de claves marcadas), para usarla como un control más.
"""

from __future__ import annotations

import html

import ipywidgets as w
import traitlets

from course_lib import formatting
from course_lib.explorer import Explorer
from course_lib.lessons.shallow_deep.compute import (
    ACTIVATIONS, DEFAULTS, LEARNING_RATES, VALIDATION_FRACTION, TrainingCache, train_playground,
)
from course_lib.lessons.shallow_deep.data import DATASETS, FEATURES, feature_list
from course_lib.lessons.shallow_deep.figures import architecture_text
from course_lib.lessons.shallow_deep.playground_figure import PlaygroundPainter

__all__ = ["FeatureToggles", "summarize_playground", "playground_explorer"]


def summarize_playground(result: dict) -> str:
    """Una línea en español: datos, arquitectura, parámetros y exactitud de validación."""
    head = (f"{DATASETS[result['dataset']]}, ruido {result['noise']:.2f} · "
            f"{architecture_text(result['hidden'], result['activation'])}, "
            f"{formatting.thousands(result['n_parameters'])} parámetros · "
            f"tasa {result['learning_rate']:g}, {result['epochs']} épocas → ")
    if result["diverged"]:
        return head + "la pérdida se ha disparado (ya no es un número): baja la tasa de aprendizaje."
    return (head + f"exactitud de validación {formatting.percent(result['accuracy_val'], 0)} (entrenamiento "
            f"{formatting.percent(result['accuracy_train'], 0)}), pérdida de validación {result['loss_val'][-1]:.3f}")


class FeatureToggles(w.HBox):
    """Casillas de las características hechas a mano, con un único ``value`` (tupla de claves).

    Se comporta como un control más de ipywidgets: ``toggles.value = ("x1", "r")`` marca las
    casillas, y al marcar o desmarcar una casilla cambia ``value`` (en el orden de
    :data:`FEATURES`). La red necesita al menos una entrada, así que la última casilla marcada
    no se puede desmarcar (queda deshabilitada). Un valor imposible (una característica que no
    existe, repetida o ninguna) se rechaza con un ``ValueError`` en español.
    """

    value = traitlets.Tuple()

    def __init__(self, value=DEFAULTS["features"], description: str = "Características"):
        self.description = description
        self._boxes = {
            key: w.Checkbox(value=False, description=label, indent=False,
                            layout=w.Layout(width="auto", margin="0 12px 0 0"))
            for key, label in FEATURES.items()
        }
        label = w.HTML(f"<div style='padding-right:8px'>{html.escape(description)}</div>",
                       layout=w.Layout(flex="0 0 auto"))
        super().__init__([label, *self._boxes.values()],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self._syncing = False
        self.observe(self._to_boxes, names="value")
        self.value = tuple(value)
        for box in self._boxes.values():
            box.observe(self._from_boxes, names="value")

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        chosen = set(feature_list(proposal["value"]))  # ValueError en español si no vale
        return tuple(key for key in FEATURES if key in chosen)

    def _from_boxes(self, _change=None) -> None:
        if not self._syncing:
            self.value = tuple(key for key, box in self._boxes.items() if box.value)

    def _to_boxes(self, change) -> None:
        self._syncing = True
        try:
            chosen = set(change["new"])
            for key, box in self._boxes.items():
                box.value = key in chosen
                only = box.value and len(chosen) == 1
                box.disabled = only
                box.tooltip = "Hace falta al menos una característica de entrada." if only else None
        finally:
            self._syncing = False


def playground_explorer(**initial) -> Explorer:
    """El patio de juegos de fronteras de decisión (al estilo de TensorFlow Playground).

    Controles: capas ocultas (``hidden_layers``), neuronas por capa (``neurons``), activación
    (``activation``), tasa de aprendizaje (``learning_rate``), épocas (``epochs``), conjunto de
    datos (``dataset``), ruido (``noise``) y características hechas a mano (``features``). Sus
    valores iniciales son :data:`~course_lib.lessons.shallow_deep.compute.DEFAULTS`; cualquiera
    se puede cambiar con un argumento del mismo nombre, p. ej. ``playground_explorer(epochs=100)``.

    Cada cambio entrena de nuevo una red pequeña
    (:func:`~course_lib.lessons.shallow_deep.compute.train_playground`) con el 75 % de los
    puntos y redibuja la frontera, las curvas de pérdida de entrenamiento y de validación (el
    otro 25 %) y lo que recibe la neurona de salida. Los entrenamientos ya hechos se guardan
    (:class:`~course_lib.lessons.shallow_deep.compute.TrainingCache`): volver a unos valores ya
    vistos, o cambiar solo las épocas, no repite el entrenamiento (el resultado es el mismo).
    """
    d = DEFAULTS
    controls = {
        "hidden_layers": w.IntSlider(value=d["hidden_layers"], min=0, max=4, description="Capas ocultas",
                                     continuous_update=False),
        "neurons": w.IntSlider(value=d["neurons"], min=1, max=8, description="Neuronas por capa",
                               continuous_update=False),
        "activation": w.Dropdown(options=[(label, key) for key, label in ACTIVATIONS.items()],
                                 value=d["activation"], description="Activación"),
        "learning_rate": w.SelectionSlider(options=[(f"{lr:g}", lr) for lr in LEARNING_RATES],
                                           value=d["learning_rate"], description="Tasa de aprendizaje",
                                           continuous_update=False),
        "epochs": w.IntSlider(value=d["epochs"], min=50, max=1000, step=50, description="Épocas",
                              continuous_update=False),
        "dataset": w.Dropdown(options=[(label, key) for key, label in DATASETS.items()], value=d["dataset"],
                              description="Datos"),
        "noise": w.FloatSlider(value=d["noise"], min=0.0, max=0.5, step=0.05, description="Ruido",
                               readout_format=".2f", continuous_update=False),
        "features": FeatureToggles(d["features"]),
    }
    cache = TrainingCache()

    def compute(**values):
        return train_playground(**values, cache=cache)

    explorer = Explorer(
        controls, compute, PlaygroundPainter(), summarize_playground,
        title=("Patio de juegos: aprendizaje superficial (0 capas ocultas) frente a profundo · "
               f"huecos y línea discontinua: validación ({formatting.percent(VALIDATION_FRACTION, 0)} de los puntos)"),
    )
    explorer.update_controls(**initial)  # valores iniciales pedidos: se comprueban como en set()
    explorer.training_cache = cache
    return explorer
