"""Explorador del notebook 05: recorre las imágenes de prueba y lo que la red dijo de cada una."""

from __future__ import annotations

from course_lib.explorer import Explorer
from course_lib.formatting import percent, thousands
from course_lib.lessons.dense_mnist.compute import error_index_for, prediction_view, predictions
from course_lib.lessons.dense_mnist.figures import draw_prediction

__all__ = ["prediction_explorer", "summarize_prediction"]


def summarize_prediction(view: dict) -> str:
    """Una línea en español: qué imagen es, la clase real, la predicha y con qué probabilidad."""
    if view["position"] is None:
        return f"La red no se equivoca en ninguna de las {thousands(view['n_images'])} imágenes: no hay errores que mostrar."
    names = view["class_names"]
    p = float(view["probabilities"][view["predicted"]])
    verdict = "acierto" if view["label"] == view["predicted"] else "error"
    where = (f"error {view['index'] + 1} de {thousands(view['n_errors'])}" if view["only_errors"]
             else f"{thousands(view['n_errors'])} errores en {thousands(view['n_images'])} imágenes")
    return (f"Imagen n.º {view['position']}: real {names[view['label']]}, predicha "
            f"{names[view['predicted']]} ({percent(p)}) · {verdict} · {where}")


def prediction_explorer(images, labels, probabilities, class_names=None) -> Explorer:
    """Explorador de predicciones: recorre las imágenes y muestra las probabilidades de la red.

    ``labels`` pueden ser enteras (``y_test``) o one-hot (``y_test_oh``); ``probabilities`` es la
    salida de ``model.predict`` con esas mismas imágenes. Con «Solo errores» el control de
    imagen recorre solo las mal clasificadas (su rango se ajusta al número de errores).
    """
    import ipywidgets as w

    data = predictions(images, labels, probabilities, class_names)
    n, n_errors = len(data["labels"]), len(data["errors"])
    controls = {
        "index": w.IntSlider(value=0, min=0, max=n - 1, description="Imagen", continuous_update=False),
        "only_errors": w.Checkbox(value=False, description="Solo errores"),
    }

    shown = {"only_errors": False}  # el filtro con el que se interpreta ahora el índice

    def link(explorer: Explorer, name: str) -> None:
        only_errors = explorer.controls["only_errors"].value
        if name != "only_errors" or only_errors == shown["only_errors"]:
            return
        shown["only_errors"] = only_errors
        slider = explorer.controls["index"]
        if only_errors:
            # De todas las imágenes a solo los errores: el primer error desde la imagen que se veía.
            index = error_index_for(data, slider.value)
            slider.max = max(n_errors - 1, 0)
        else:
            # De vuelta a todas: la misma imagen que se veía (si había errores que ver).
            index = int(data["errors"][slider.value]) if n_errors else slider.value
            slider.max = n - 1
        explorer.update_controls(index=index)

    def compute(index, only_errors):
        return prediction_view(data, index, only_errors)

    return Explorer(controls, compute, draw_prediction, summarize_prediction,
                    title="Explorador de predicciones", link=link)
