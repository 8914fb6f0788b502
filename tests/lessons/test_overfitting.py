"""Pruebas de course_lib.lessons.overfitting: cálculo, tabla y figuras (notebook 06).

Los entrenamientos usan datos sintéticos diminutos (20 características, 3 clases) para que el
archivo entero tarde pocos segundos. El laboratorio se prueba en test_overfitting_lab.py.
"""

import math

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from conftest import small_mlp

from course_lib import config
from course_lib.lessons import overfitting as of
from course_lib.lessons.overfitting import compute


# --------------------------------------------------------------------------- datos y resultados


def build_small(width=8, depth=1, l2=0.0, dropout=0.0):
    """Como el build_mlp del notebook, con 20 entradas y 3 clases."""
    return small_mlp(width, depth, l2, dropout)


def compile_small(model):
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name="cross_entropy")])
    return model


def fake_result(label, train_acc, val_acc, val_curve, size=1000, params=669706, planned=None):
    """Un resultado como el que crea measure(...) en el notebook, con un historial inventado."""
    val_curve = list(val_curve)
    n = len(val_curve)
    history = {
        "loss": list(np.linspace(1.0, 0.1, n)), "cross_entropy": list(np.linspace(1.0, 0.1, n)),
        "accuracy": list(np.linspace(0.5, train_acc, n)), "val_accuracy": list(np.linspace(0.5, val_acc, n)),
        "val_loss": val_curve, "val_cross_entropy": val_curve,
    }
    return {"label": label, "history": history, "train_size": size, "train_accuracy": train_acc,
            "val_accuracy": val_acc, "val_loss": min(val_curve), "n_params": params,
            "planned_epochs": planned or n}


# --------------------------------------------------------------------------- selección con la prueba


def test_selection_bias_known_values_and_optimism():
    r = of.selection_bias(n_models=30, n_test=500, true_accuracy=0.8, seed=0)
    assert len(r["measured"]) == 30
    assert r["chosen"] == int(np.argmax(r["measured"]))
    assert r["chosen_test"] == pytest.approx(r["measured"].max())
    assert r["std_error"] == pytest.approx(math.sqrt(0.8 * 0.2 / 500))
    # El ganador de 30 modelos iguales supera la exactitud real en más de un error típico...
    assert r["chosen_test"] > 0.8 + r["std_error"]
    # ...y con 100 000 imágenes nuevas vuelve a la real.
    assert r["chosen_fresh"] == pytest.approx(0.8, abs=0.005)
    assert r["optimism"] == pytest.approx(r["chosen_test"] - r["chosen_fresh"])
    assert of.selection_bias(seed=0)["chosen_test"] == r["chosen_test"]  # reproducible
    assert of.std_error(0.8, 500) == pytest.approx(r["std_error"])


def test_selection_bias_bad_input_in_spanish():
    with pytest.raises(ValueError, match="número de modelos"):
        of.selection_bias(n_models=1)
    with pytest.raises(ValueError, match="exactitud real"):
        of.selection_bias(true_accuracy=1.5)
    with pytest.raises(ValueError, match="imágenes de prueba"):
        of.selection_bias(n_test=0)


def test_selection_bias_figure_is_a_figure():
    fig = of.selection_bias_figure(of.selection_bias(n_models=10, seed=1))
    assert isinstance(fig, Figure)
    assert "optimista" in fig.axes[0].get_title()


# --------------------------------------------------------------------------- medir


def test_mlp_params_matches_keras():
    assert of.mlp_params(784, 512, 2) == 669_706          # la red del notebook 05
    assert of.mlp_params(784, 32, 1) == 25_450            # 785·32 + 33·10
    assert build_small(width=16, depth=3).count_params() == of.mlp_params(20, 16, 3, 3)


def test_clean_train_loss_goes_into_history_and_dropout_curves(blobs):
    xp, yp, xv, yv = blobs
    config.set_seed()
    model = compile_small(build_small(width=32, dropout=0.5))
    history = model.fit(xp, yp, validation_data=(xv, yv), epochs=3, batch_size=32, verbose=0,
                        callbacks=[of.CleanTrainLoss(xp, yp)])
    clean = history.history[of.CLEAN_KEY]
    assert len(clean) == 3 and all(v > 0 for v in clean)
    # Medida con la red completa al final de la época: la misma que da model.evaluate al final.
    final = model.evaluate(xp, yp, verbose=0, return_dict=True)["cross_entropy"]
    assert clean[-1] == pytest.approx(final, rel=1e-3)
    result = {"label": "Dropout", "history": history, "train_size": len(xp), "model": model,
              "train_accuracy": 0.9, "val_accuracy": 0.8}
    fig = of.dropout_curves(result)
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 3
    with pytest.raises(ValueError, match="CleanTrainLoss"):
        of.dropout_curves(fake_result("base", 1.0, 0.7, [0.9, 0.8]))
    with pytest.raises(ValueError, match="entrenamiento"):
        of.CleanTrainLoss(xp, np.eye(3)[yp])


def test_run_summary_reads_fit_history_and_early_stopping(blobs):
    xp, yp, xv, yv = blobs
    config.set_seed()
    model = compile_small(build_small(width=64, depth=2))
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    history = model.fit(xp[:60], yp[:60], validation_data=(xv, yv), epochs=30, batch_size=32, verbose=0,
                        callbacks=[stopper])
    val = model.evaluate(xv, yv, verbose=0, return_dict=True)
    result = {"label": "Parada temprana", "history": history, "model": model, "train_size": 60,
              "train_accuracy": 1.0, "val_accuracy": val["accuracy"], "val_loss": val["cross_entropy"]}
    s = of.run_summary(result)
    assert s["planned_epochs"] == 30 and s["stopped_early"] and s["epochs_run"] < 30
    # La época que restauró EarlyStopping es la de menor val_loss: la pérdida final es la suya.
    assert s["best_epoch"] == int(stopper.best_epoch) + 1
    assert val["loss"] == pytest.approx(history.history["val_loss"][s["best_epoch"] - 1], abs=1e-4)
    assert s["n_params"] == of.mlp_params(20, 64, 2, 3)
    assert s["gap"] == pytest.approx(1.0 - val["accuracy"])
    full = of.run_summary(fake_result("base", 1.0, 0.8, [0.7, 0.5, 0.6]))
    assert not full["stopped_early"] and full["best_epoch"] == 2 and full["epochs_run"] == 3
    with pytest.raises(ValueError, match="falta la clave «val_accuracy»"):
        of.run_summary({"label": "x", "history": {"loss": [1.0]}, "train_accuracy": 1.0})
    with pytest.raises(ValueError, match="model.fit"):
        of.run_summary({"label": "x", "history": [1, 2], "train_accuracy": 1.0, "val_accuracy": 0.5})


def test_best_by_validation_returns_the_key():
    results = {"base": fake_result("a", 1.0, 0.80, [0.5]), "more_data": fake_result("b", 0.9, 0.86, [0.4]),
               "small": fake_result("c", 0.95, 0.81, [0.45])}
    assert of.best_by_validation(results) == "more_data"
    with pytest.raises(ValueError, match="No hay resultados"):
        of.best_by_validation({})
    with pytest.raises(ValueError, match="diccionario"):
        of.best_by_validation([results["base"]])


# --------------------------------------------------------------------------- tabla y figuras


def test_remedies_table_text_html_and_figure():
    results = {"base": fake_result("Red grande, pocos datos", 1.0, 0.80, [0.6, 0.5, 0.7, 0.9]),
               "more_data": fake_result("Más datos (×8)", 0.93, 0.86, [0.5, 0.4, 0.38, 0.37], size=8000),
               "early_stopping": fake_result("Parada temprana", 0.95, 0.82, [0.6, 0.5, 0.55, 0.6], planned=40)}
    table = of.remedies_table(results)
    text = str(table)
    lines = text.splitlines()
    assert lines[0].startswith("Remedio") and "Brecha (puntos)" in lines[0]
    assert "Más datos (×8)" in text and "8 000" in text and "669 706" in text
    assert "4 (pesos de la 2)" in text              # épocas de la parada temprana
    assert "20.0" in lines[2] and "100.0 %" in lines[2] and "80.0 %" in lines[2]
    page = table._repr_html_()
    assert page.count("<tr") == 4 and "font-weight:bold" in page.split("Más datos")[0].rsplit("<tr", 1)[1]
    fig = of.remedies_figure(results)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == [r["label"] for r in results.values()]
    assert "86.0 %" in [t.get_text() for t in fig.axes[1].texts]
    with pytest.raises(ValueError, match="No hay resultados"):
        of.remedies_table({})
    with pytest.raises(ValueError, match="No hay resultados"):
        of.remedies_figure({})


def test_overfitting_curves_marks_minimum_of_validation(blobs):
    r = fake_result("base", 1.0, 0.8, [0.7, 0.5, 0.45, 0.6, 0.8])
    fig = of.overfitting_curves(r)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "mínimo de validación (época 3)" in legend
    assert "brecha\n20.0 puntos" in [t.get_text() for t in fig.axes[1].texts]
    assert "vuelve a subir" in fig.axes[0].get_title()
    # También con el History que devuelve model.fit, sin la métrica cross_entropy (usa loss).
    xp, yp, xv, yv = blobs
    model = build_small()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(xp, yp, validation_data=(xv, yv), epochs=2, verbose=0)
    assert isinstance(of.overfitting_curves(history), Figure)
    with pytest.raises(ValueError, match="validation_data"):
        of.overfitting_curves({"loss": [1.0, 0.5], "accuracy": [0.5, 0.6]})

