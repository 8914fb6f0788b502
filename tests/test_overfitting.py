"""Pruebas de course_lib.overfitting: selección con la prueba, redes, remedios, dropout y laboratorio.

Los entrenamientos usan datos sintéticos diminutos (20 características, 3 clases) para que el
archivo entero tarde pocos segundos.
"""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import overfitting as of


# --------------------------------------------------------------------------- datos y resultados falsos


@pytest.fixture(scope="module")
def blobs():
    """Tres nubes de puntos en 20 dimensiones: 240 para entrenar (pool) y 90 para validar."""
    rng = np.random.default_rng(0)
    centers = rng.normal(0, 1.0, (3, 20))

    def sample(n):
        y = np.arange(n) % 3
        x = centers[y] + rng.normal(0, 1.2, (n, 20))
        return x.astype("float32"), y.astype("int64")

    return (*sample(240), *sample(90))


def fake_result(label, train_acc, val_acc, val_curve, early=False, best=None, size=1000, params=669706):
    val_curve = list(val_curve)
    n = len(val_curve)
    history = {
        "loss": list(np.linspace(1.0, 0.1, n)), "entropia": list(np.linspace(1.0, 0.1, n)),
        "accuracy": list(np.linspace(0.5, train_acc, n)), "val_accuracy": list(np.linspace(0.5, val_acc, n)),
        "val_loss": val_curve, "val_entropia": val_curve,
    }
    best = best or int(np.argmin(val_curve)) + 1
    settings = dict(train_size=size, width=512, depth=2, l2=0.0, dropout=0.0, early_stopping=early,
                    patience=5, epochs=n, batch_size=32, learning_rate=1e-3, seed=42)
    return {"label": label, "key": label, "settings": settings, "history": history, "epochs_run": n,
            "best_epoch": best, "stopped_early": early, "train_accuracy": train_acc, "val_accuracy": val_acc,
            "train_loss": 0.05, "val_loss": val_curve[best - 1], "gap": train_acc - val_acc,
            "n_params": params, "train_size": size, "seconds": 1.0}


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


def test_selection_bias_bad_input_in_spanish():
    with pytest.raises(ValueError, match="número de modelos"):
        of.selection_bias(n_models=1)
    with pytest.raises(ValueError, match=r"exactitud real .* entre 0 y 1,"):
        of.selection_bias(true_accuracy=1.5)
    with pytest.raises(ValueError, match="imágenes de prueba"):
        of.selection_bias(n_test=0)


def test_selection_bias_figure_is_a_figure():
    fig = of.selection_bias_figure(of.selection_bias(n_models=10, seed=1))
    assert isinstance(fig, Figure)
    assert "optimista" in fig.axes[0].get_title()


# --------------------------------------------------------------------------- redes


def test_count_params_known_values_match_keras():
    assert of.count_params(784, 512, 2) == 669_706          # la red del notebook 05
    assert of.count_params(784, 32, 1) == 25_450            # 785·32 + 33·10
    assert of.build_mlp(784, width=32, depth=1).count_params() == 25_450
    assert of.build_mlp(20, width=16, depth=3, num_classes=3).count_params() == of.count_params(20, 16, 3, 3)


def test_build_mlp_adds_dropout_and_l2():
    model = of.build_mlp(20, width=8, depth=2, l2=1e-3, dropout=0.5, num_classes=3)
    names = [layer.name for layer in model.layers]
    assert names == ["oculta_1", "dropout_1", "oculta_2", "dropout_2", "salida"]
    assert model.layers[1].rate == 0.5
    assert len(model.losses) == 3                       # una penalización L2 por capa densa
    plain = of.build_mlp(20, width=8, depth=2, num_classes=3)
    assert len(plain.losses) == 0 and len(plain.layers) == 3


def test_build_mlp_bad_input_in_spanish():
    with pytest.raises(ValueError, match=r"dropout .* entre 0 y 1 \(sin incluir 1\)"):
        of.build_mlp(dropout=1.0)
    with pytest.raises(ValueError, match="L2"):
        of.build_mlp(l2=-0.1)
    with pytest.raises(ValueError, match="ancho"):
        of.build_mlp(width=0)
    with pytest.raises(ValueError, match="profundidad"):
        of.build_mlp(depth=1.5)


def test_train_model_early_stopping_restores_best_weights(blobs):
    xp, yp, xv, yv = blobs
    r = of.train_model(xp[:60], yp[:60], xv, yv, width=64, depth=2, epochs=12, early_stopping=True,
                       patience=1, learning_rate=0.02, label="prueba")
    assert r["settings"]["early_stopping"] and 1 <= r["best_epoch"] <= r["epochs_run"] <= 12
    # Los pesos finales son los de la mejor época: la pérdida de validación medida al final
    # coincide con la de esa época en el historial (y es la mínima).
    val = r["history"]["val_" + of.CE_KEY]
    assert r["val_loss"] == pytest.approx(val[r["best_epoch"] - 1], abs=1e-4)
    assert r["val_loss"] == pytest.approx(min(val), abs=1e-4)
    assert 0 <= r["val_accuracy"] <= 1 and r["gap"] == pytest.approx(r["train_accuracy"] - r["val_accuracy"])
    assert r["train_size"] == 60 and r["n_params"] == of.count_params(20, 64, 2, 3) and not r["xla"]


def test_train_model_bad_input_in_spanish(blobs):
    xp, yp, xv, yv = blobs
    with pytest.raises(ValueError, match="one-hot"):
        of.train_model(xp, np.eye(3)[yp], xv, yv, epochs=1)
    with pytest.raises(ValueError, match="Aplánalas"):
        of.train_model(xp.reshape(-1, 4, 5), yp, xv, yv, epochs=1)
    with pytest.raises(ValueError, match="240 imágenes y 100 etiquetas"):
        of.train_model(xp, yp[:100], xv, yv, epochs=1)
    with pytest.raises(ValueError, match="prepáralos igual"):
        of.train_model(xp, yp, xv[:, :10], yv, epochs=1)
    with pytest.raises(ValueError, match="épocas"):
        of.train_model(xp, yp, xv, yv, epochs=0)


# --------------------------------------------------------------------------- remedios y dropout


def test_compare_remedies_reuses_done_and_dropout_losses(blobs, capsys):
    xp, yp, xv, yv = blobs
    base = fake_result("base", 1.0, 0.7, [0.9, 0.8, 0.85], size=60)
    remedies = (("base", "Red grande", {}), ("mas_datos", "Más datos", {"train_size": None}),)
    results = of.compare_remedies(xp, yp, xv, yv, base=dict(train_size=60, width=32, depth=1, dropout=0.5),
                                  more_data=240, epochs=3, done={"base": base}, remedies=remedies)
    assert [r["key"] for r in results] == ["base", "mas_datos"]
    assert results[0]["val_accuracy"] == 0.7                        # reutilizado, no reentrenado
    assert results[1]["label"] == "Más datos (×4)" and results[1]["train_size"] == 240
    assert results[1]["settings"]["dropout"] == 0.5                 # hereda el resto de la base
    out = capsys.readouterr().out
    assert "Más datos (×4): exactitud de entrenamiento" in out and "brecha" in out
    assert of.best_by_validation([base, results[1]]) is max([base, results[1]], key=lambda r: r["val_accuracy"])

    # Las redes con dropout guardan también la pérdida de entrenamiento medida sin dropout.
    clean = results[1]["history"][of.CLEAN_KEY]
    assert len(clean) == results[1]["epochs_run"] and all(v > 0 for v in clean)
    assert of.CLEAN_KEY not in base["history"]
    fig = of.dropout_curves(results[1])
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 3
    with pytest.raises(ValueError, match="sin dropout"):
        of.dropout_curves(base)

    # Con dropout activo la red «entrena» peor de lo que es; sin dropout no hay diferencia.
    losses = of.dropout_losses(results[1]["model"], xp, yp, xv, yv, repeats=3)
    assert losses["has_dropout"]
    assert losses["train_dropout_on"] > losses["train_dropout_off"]
    plain = of.build_mlp(20, width=8, depth=1, num_classes=3)
    same = of.dropout_losses(plain, xp, yp, xv, yv, repeats=2)
    assert not same["has_dropout"]
    assert same["train_dropout_on"] == pytest.approx(same["train_dropout_off"], rel=1e-5)


def test_compare_remedies_bad_input_in_spanish(blobs):
    xp, yp, xv, yv = blobs
    with pytest.raises(ValueError, match="Falta train_size"):
        of.compare_remedies(xp, yp, xv, yv, base={"width": 8}, more_data=100, epochs=1)
    with pytest.raises(ValueError, match="solo hay 240 ejemplos"):
        of.compare_remedies(xp, yp, xv, yv, base={"train_size": 50}, more_data=1000, epochs=1)
    with pytest.raises(ValueError, match="No hay resultados"):
        of.best_by_validation([])
    with pytest.raises(ValueError, match="modelo de Keras"):
        of.dropout_losses("red", xp, yp, xv, yv)


def test_remedies_table_text_html_and_figure():
    results = [fake_result("Red grande, pocos datos", 1.0, 0.80, [0.6, 0.5, 0.7, 0.9]),
               fake_result("Más datos (×8)", 0.93, 0.86, [0.5, 0.4, 0.38, 0.37], size=8000),
               fake_result("Parada temprana", 0.95, 0.82, [0.6, 0.5, 0.55, 0.6], early=True, best=2)]
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
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == [r["label"] for r in results]
    with pytest.raises(ValueError, match="No hay resultados"):
        of.remedies_table([])


def test_overfitting_curves_marks_minimum_of_validation():
    r = fake_result("base", 1.0, 0.8, [0.7, 0.5, 0.45, 0.6, 0.8])
    fig = of.overfitting_curves(r)
    ax_loss = fig.axes[0]
    legend = [t.get_text() for t in ax_loss.get_legend().get_texts()]
    assert "mínimo de validación (época 3)" in legend
    assert "brecha\n20.0 puntos" in [t.get_text() for t in fig.axes[1].texts]


# --------------------------------------------------------------------------- laboratorio


def test_lab_seconds_and_run_lab_refuses_slow_or_impossible_settings(blobs):
    xp, yp, xv, yv = blobs
    assert of.lab_seconds(1000, 512, 2, 30) == pytest.approx(6 * 669_706 * 1000 * 30 / of.LAB_FLOPS_PER_SECOND)
    args = dict(width=512, depth=2, l2=0.0, dropout=0.0, early_stopping=False, epochs=30)
    big = np.zeros((8000, 784), dtype="float32")
    labels = np.arange(8000) % 10
    with pytest.raises(ValueError, match=r"tardaría unos \d+ s .* usa como mucho 64 neuronas"):
        of.run_lab(big, labels, big[:10], labels[:10], train_size=8000, **args)
    with pytest.raises(ValueError, match="solo hay 240"):
        of.run_lab(xp, yp, xv, yv, train_size=500, **args)
    with pytest.raises(ValueError, match="ni uno por clase"):
        of.run_lab(xp, yp, xv, yv, train_size=2, **args)


def test_draw_and_summarize_lab_with_partial_and_previous():
    previous = fake_result("antes", 0.9, 0.75, [0.8, 0.7, 0.75])
    current = fake_result("ahora", 1.0, 0.80, [0.7, 0.6, 0.65]) | {"previous": previous}
    text = of.summarize_lab(current)
    assert text.startswith("1 000 ejemplos · 2 capas de 512 · sin L2 · sin dropout · sin parada temprana →")
    assert "validación 80.0 %" in text and "brecha 20.0 puntos" in text and "+5.0 puntos" in text
    fig = of.draw_lab(current)
    assert len(fig.axes) == 3 and fig.axes[2].get_title() == "Brecha: 20.0 puntos"
    partial = {"history": {k: v[:2] for k, v in current["history"].items()}, "settings": current["settings"],
               "partial": True}
    fig = of.draw_lab(partial)
    assert "época 2 de 3" in fig.axes[2].texts[0].get_text()


def test_lab_explorer_trains_on_every_change_and_reports_errors(blobs, monkeypatch):
    xp, yp, xv, yv = blobs
    exp = of.overfitting_lab(xp, yp, xv, yv, epochs=2, sizes=(30, 60, 120, 5000), live_interval=0.0)
    assert list(exp.controls) == ["train_size", "width", "depth", "l2", "dropout", "early_stopping"]
    assert exp.controls["train_size"].options == (("30", 30), ("60", 60), ("120", 120))  # 5000 > pool
    exp.set(width=16)
    first, readout, png = exp.result, exp.readout.value, exp.figure.last_png
    assert first["train_size"] == 30 and first["settings"]["width"] == 16
    assert readout.startswith("30 ejemplos · 2 capas de 16") and "respecto" not in readout
    updates = exp.figure.updates

    exp.set(train_size=120)                           # como si el estudiante moviera el deslizador
    assert exp.result["train_size"] == 120 and exp.result["previous"]["train_size"] == 30
    assert exp.readout.value != readout and "respecto a la anterior" in exp.readout.value
    assert exp.figure.last_png != png
    assert exp.figure.updates == updates + 2          # la figura en vivo de la época 1 + la final

    exp.controls["dropout"].value = 0.5               # cambiar el control directamente
    assert exp.result["settings"]["dropout"] == 0.5 and "dropout 0.5" in exp.readout.value

    updates = exp.figure.updates
    exp.set(dropout=0.0)                              # ya entrenada: sale de la memoria, sin reentrenar
    assert exp.result["settings"]["dropout"] == 0.0 and exp.result["train_size"] == 120
    assert exp.figure.updates == updates + 1 and "sin dropout" in exp.readout.value
    assert exp.result["previous"]["settings"]["dropout"] == 0.5 and "respecto a la anterior" in exp.readout.value

    monkeypatch.setattr(of, "LAB_MAX_SECONDS", 1e-9)  # cualquier red es «demasiado lenta»
    good = exp.result
    exp.set(width=512)
    assert exp.error and "tardaría unos" in exp.error
    assert "⚠️" in exp.readout.value and "tardaría" in exp.readout.value
    assert exp.result is good
