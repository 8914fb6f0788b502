"""Pruebas del laboratorio de sobreajuste (notebook 06): el generador que entrena, la vista y el explorador.

Con datos sintéticos diminutos (20 características, 3 clases) y 2 épocas.
"""

import keras
import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid, small_mlp
from matplotlib.figure import Figure

from course_lib.lessons import overfitting as of
from course_lib.lessons.overfitting import compute


built = []


def build_small(width=8, depth=1, l2=0.0, dropout=0.0):
    """Como el build_mlp del notebook (20 entradas, 3 clases); anota con qué se le llamó."""
    built.append(dict(width=width, depth=depth, l2=l2, dropout=dropout))
    return small_mlp(width, depth, l2, dropout)


SETTINGS = dict(train_size=60, width=16, depth=2, l2=0.0, dropout=0.0, early_stopping=False, epochs=3)


def run_to_end(generator):
    partials = []
    while True:
        try:
            partials.append(next(generator))
        except StopIteration as stop:
            return partials, stop.value


def test_lab_training_yields_one_partial_per_epoch_with_the_notebook_builder(blobs):
    xp, yp, xv, yv = blobs
    built.clear()
    partials, final = run_to_end(of.lab_training(build_small, xp, yp, xv, yv, **SETTINGS))
    assert built == [dict(width=16, depth=2, l2=0.0, dropout=0.0)]   # la red la construye el notebook
    # El primero antes de entrenar (la figura sale enseguida) y luego uno por época salvo la última.
    assert [len(p["history"].get("loss", [])) for p in partials] == [0, 1, 2]
    assert all(p["partial"] for p in partials)
    assert not final["partial"] and final["epochs_run"] == 3 and len(final["history"]["val_loss"]) == 3
    assert final["train_size"] == 60 and final["n_params"] == of.mlp_params(20, 16, 2, 3)
    assert final["gap"] == pytest.approx(final["train_accuracy"] - final["val_accuracy"])
    assert final["best_epoch"] == int(np.argmin(final["history"]["val_loss"])) + 1
    assert final["seconds"] > 0 and "cross_entropy" in final["history"]


def test_lab_training_early_stopping_restores_the_best_weights(blobs, monkeypatch):
    xp, yp, xv, yv = blobs
    monkeypatch.setattr(compute, "LAB_LEARNING_RATE", 0.05)   # que memorice en pocas épocas
    settings = SETTINGS | dict(train_size=30, width=64, early_stopping=True, epochs=25)
    _, final = run_to_end(of.lab_training(build_small, xp[:30], yp[:30], xv, yv, patience=1, **settings))
    assert final["stopped_early"] and final["epochs_run"] < 25
    val = final["history"]["val_loss"]
    assert final["best_epoch"] == int(np.argmin(val)) + 1
    assert final["epochs_run"] == final["best_epoch"] + 1     # paciencia 1: para una época después
    # Con los pesos restaurados, la validación final es la de la mejor época, no la de la última.
    best = final["history"]["val_cross_entropy"][final["best_epoch"] - 1]
    assert final["val_loss"] == pytest.approx(best, abs=1e-4)
    assert final["val_loss"] < final["history"]["val_cross_entropy"][-1]


def test_lab_training_refuses_slow_or_impossible_settings(blobs):
    xp, yp, xv, yv = blobs
    assert of.lab_seconds(1000, 512, 2, 20) == pytest.approx(
        compute.LAB_OVERHEAD_SECONDS + 669_706 * (6 * 1000 + 2 * 1000) * 20 / compute.LAB_FLOPS_PER_SECOND)
    big = np.zeros((8000, 784), dtype="float32")
    labels = np.arange(8000) % 10
    args = dict(width=512, depth=2, l2=0.0, dropout=0.0, early_stopping=False, epochs=20)
    with pytest.raises(ValueError, match=r"tardaría unos \d+ s .* usa como mucho \d+ neuronas"):
        next(of.lab_training(build_small, big, labels, big[:1000], labels[:1000], train_size=8000, **args))
    with pytest.raises(ValueError, match="solo hay 240"):
        next(of.lab_training(build_small, xp, yp, xv, yv, train_size=500, **args))
    with pytest.raises(ValueError, match="ni uno por clase"):
        next(of.lab_training(build_small, xp, yp, xv, yv, train_size=2, **args))
    with pytest.raises(ValueError, match="dropout"):
        next(of.lab_training(build_small, xp, yp, xv, yv, train_size=60, **(args | {"dropout": 1.0})))
    # Los anchos que ofrece el laboratorio entran siempre en el límite.
    for size in compute.LAB_SIZES:
        for depth in (1, 2, 3):
            allowed = of.lab_widths(size, depth, 20)
            assert allowed and all(of.lab_seconds(size, w, depth, 20) <= compute.LAB_MAX_SECONDS
                                   for w in allowed if w != compute.LAB_WIDTHS[0])
    assert 256 in of.lab_widths(1000, 2, 20)           # la configuración inicial cabe
    assert 256 in of.lab_widths(250, 3, 20)            # y 3 capas de 256 con 250 ejemplos
    assert of.lab_widths(8000, 3, 20)                  # siempre queda algún ancho


def fake_lab(train_acc, val_acc, val_curve, **settings):
    n = len(val_curve)
    history = {"loss": list(np.linspace(1, 0.1, n)), "cross_entropy": list(np.linspace(1, 0.1, n)),
               "accuracy": list(np.linspace(0.5, train_acc, n)), "val_accuracy": list(np.linspace(0.5, val_acc, n)),
               "val_loss": list(val_curve), "val_cross_entropy": list(val_curve)}
    s = dict(train_size=1000, width=512, depth=2, l2=0.0, dropout=0.0, early_stopping=False, patience=5,
             epochs=n) | settings
    return {"settings": s, "history": history, "partial": False, "epochs_run": n,
            "best_epoch": int(np.argmin(val_curve)) + 1, "stopped_early": False, "train_accuracy": train_acc,
            "val_accuracy": val_acc, "gap": train_acc - val_acc, "n_params": 669706, "train_size": 1000,
            "seconds": 2.5}


def test_draw_and_summarize_lab_with_partial_and_previous():
    previous = fake_lab(0.9, 0.75, [0.8, 0.7, 0.75], dropout=0.5)
    current = fake_lab(1.0, 0.80, [0.7, 0.6, 0.65]) | {"previous": previous}
    text = of.summarize_lab(current)
    assert text.startswith("1 000 ejemplos · 2 capas de 512 · sin L2 · sin dropout · sin parada temprana →")
    assert "validación 80.0 %" in text and "brecha 20.0 puntos" in text and "+5.0 puntos" in text
    assert "3 épocas en 2.5 s" in text
    fig = of.draw_lab(current)
    assert len(fig.axes) == 3 and fig.axes[2].get_title() == "Brecha: 20.0 puntos"
    partial = {"history": {k: v[:2] for k, v in current["history"].items()}, "settings": current["settings"],
               "partial": True}
    fig = of.draw_lab(partial)
    assert "época 2 de 3" in fig.axes[2].texts[0].get_text()
    assert "entrenando: época 2 de 3" in of.summarize_lab(partial)
    empty = of.draw_lab({"history": {}, "settings": current["settings"], "partial": True})
    assert isinstance(empty, Figure) and "época 0 de 3" in empty.axes[2].texts[0].get_text()


def test_lab_explorer_trains_with_partial_frames_and_compares_with_previous(blobs):
    xp, yp, xv, yv = blobs
    built.clear()
    exp = of.overfitting_lab(build_small, xp, yp, xv, yv, epochs=2, sizes=(30, 60, 120, 5000),
                             partial_interval=0.0)
    assert list(exp.controls) == ["train_size", "width", "depth", "l2", "dropout", "early_stopping"]
    assert exp.controls["train_size"].options == (("30", 30), ("60", 60), ("120", 120))  # 5000 > pool
    # Etiquetas completas: nada de anchos estrechos que corten «Ejemplos de entren…».
    for control in exp.controls.values():
        assert getattr(control.style, "description_width", "initial") in ("", "initial")
    assert "Parada temprana (paciencia 5, con los mejores pesos)" == exp.controls["early_stopping"].description

    exp.set(width=16)
    first, readout, png = exp.result, exp.readout.value, exp.figure.last_png
    assert first["train_size"] == 30 and first["settings"]["width"] == 16
    assert built[-1] == dict(width=16, depth=2, l2=0.0, dropout=0.0)
    assert readout.startswith("30 ejemplos · 2 capas de 16") and "respecto" not in readout
    updates, frames = exp.figure.updates, exp.partial_frames

    exp.set(train_size=120)                           # como si el estudiante moviera el deslizador
    assert exp.result["train_size"] == 120 and exp.result["previous"]["train_size"] == 30
    assert "previous" not in exp.result["previous"]   # solo la anterior, no toda la cadena
    assert exp.readout.value != readout and "respecto a la anterior" in exp.readout.value
    assert exp.figure.last_png != png
    assert exp.partial_frames == frames + 2           # antes de entrenar y tras la época 1
    assert exp.figure.updates == updates + 3          # los dos parciales + el final

    exp.controls["dropout"].value = 0.5               # cambiar el control directamente
    assert exp.result["settings"]["dropout"] == 0.5 and "dropout 0.5" in exp.readout.value
    assert built[-1]["dropout"] == 0.5


def test_lab_explorer_width_follows_size_and_refuses_values(blobs, monkeypatch):
    xp, yp, xv, yv = blobs
    exp = of.overfitting_lab(build_small, xp, yp, xv, yv, epochs=2, sizes=(30, 60, 120))
    exp.set(width=512)
    # Si con más ejemplos la red tardaría demasiado, el deslizador de ancho baja solo.
    monkeypatch.setattr(compute, "LAB_MAX_SECONDS", compute.lab_seconds(60, 64, 2, 2, val_size=90, input_dim=20,
                                                                       num_classes=3))
    exp.set(train_size=60)
    assert exp.controls["width"].value == 64 and 512 not in exp.controls["width"].options
    assert exp.error is None and exp.result["settings"]["width"] == 64
    with pytest.raises(ValueError, match="Neuronas por capa.*no tiene la opción 512"):
        exp.set(width=512)
    with pytest.raises(ValueError, match="Dropout.*va de 0 a 0.7"):
        exp.set(dropout=0.9)
    with pytest.raises(ValueError, match="Control desconocido"):
        exp.set(epocas=3)
    monkeypatch.undo()
    exp.set(train_size=30)
    assert 512 in exp.controls["width"].options and exp.controls["width"].value == 64


def test_lab_explorer_every_control_value_is_valid(blobs, monkeypatch):
    from course_lib.lessons.overfitting import explorers

    # Cada valor entrena una red: para que la prueba sea corta, solo los extremos de cada lista.
    monkeypatch.setattr(compute, "LAB_WIDTHS", (16, 512))
    monkeypatch.setattr(explorers, "LAB_L2", (0.0, 1e-2))
    xp, yp, xv, yv = blobs
    exp = of.overfitting_lab(build_small, xp, yp, xv, yv, epochs=1, sizes=(30, 240))
    exp.refresh()
    assert exp.error is None
    assert_every_control_value_is_valid(exp)


def test_lab_explorer_shows_errors_in_spanish(blobs):
    xp, yp, xv, yv = blobs

    def broken(**kwargs):
        raise RuntimeError("sin memoria")

    exp = of.overfitting_lab(broken, xp, yp, xv, yv, epochs=1, sizes=(30, 60))
    exp.refresh()
    assert exp.result is None and "Error inesperado" in exp.error and "⚠️" in exp.readout.value
    with pytest.raises(ValueError, match="función que construye la red"):
        of.overfitting_lab("build_mlp", xp, yp, xv, yv)
