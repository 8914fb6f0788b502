"""Pruebas de course_lib.training: curvas en vivo y cronómetro como callbacks de un
``model.fit`` normal, y subconjuntos equilibrados del modo rápido."""

import time
import warnings

import numpy as np
import pytest

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, plots, training

import keras  # noqa: E402


def make_data(n=96, features=12, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    x = rng.normal(size=(n, features)).astype("float32") + labels[:, None]
    return x, np.eye(classes, dtype="float32")[labels], labels


def make_model(features=12, classes=3, metrics=("accuracy",)):
    config.set_seed(0)
    model = keras.Sequential([
        keras.Input((features,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=list(metrics))
    return model


# --------------------------------------------------------------------------- el módulo


def test_the_wrappers_are_gone_and_training_does_not_import_device():
    for name in ("compile_model", "fit", "fast_compile_options", "_epoch_dataset"):
        assert not hasattr(training, name), name
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(training))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert "device" not in imported


# --------------------------------------------------------------------------- callbacks


def test_live_curves_and_timer_with_plain_fit_and_validation_data(capsys):
    x, y, _ = make_data()
    model = make_model()
    curves, timer = training.LiveCurves(), training.EpochTimer()
    history = model.fit(x[:72], y[:72], epochs=3, batch_size=16, validation_data=(x[72:], y[72:]),
                        verbose=0, callbacks=[curves, timer])
    assert set(curves.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key, values in history.history.items():
        assert curves.history[key] == pytest.approx(values)
    # Épocas muy cortas: se dibuja la 1.ª, la última y las que caigan a más de 1 s de la anterior.
    assert 2 <= curves.figure.updates <= 3 and curves.figure.last_png.startswith(b"\x89PNG")
    assert len(timer.epoch_times) == 3 and all(t > 0 for t in timer.epoch_times)
    assert "Epoch" not in capsys.readouterr().out      # verbose=0: nada del registro en inglés


def test_live_curves_cope_with_missing_validation_and_accuracy():
    x, y, _ = make_data()
    model = make_model(metrics=())
    curves = training.LiveCurves()
    model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[curves])
    assert curves.figure.updates == 2 and set(curves.history) == {"loss"}


def test_live_curves_with_validation_split_and_a_second_fit_start_afresh():
    x, y, _ = make_data()
    model = make_model()
    curves = training.LiveCurves(min_interval=0)
    model.fit(x, y, epochs=2, batch_size=32, validation_split=0.25, verbose=0, callbacks=[curves])
    assert len(curves.history["val_loss"]) == 2
    model.fit(x, y, epochs=1, batch_size=32, verbose=0, callbacks=[curves])
    assert curves.history["loss"] and len(curves.history["loss"]) == 1 and "val_loss" not in curves.history


def test_live_curves_throttle_redraws_but_always_draw_the_last_epoch():
    x, y, _ = make_data()
    model = make_model()
    slow = training.LiveCurves(min_interval=3600)
    model.fit(x, y, epochs=4, batch_size=32, verbose=0, callbacks=[slow])
    assert slow.figure.updates == 2          # la 1.ª época y la última
    assert len(slow.history["loss"]) == 4
    every = training.LiveCurves(min_interval=0, draw_budget=0)
    model.fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[every])
    assert every.figure.updates == 3


class SlowFigure(plots.LiveFigure):
    """Una figura que tarda 0.2 s en dibujarse, como en un portátil lento o muy cargado."""

    def update(self, fig, **options):
        time.sleep(0.2)
        super().update(fig, **options)


def test_live_curves_keep_drawing_to_a_fraction_of_the_time_when_drawing_is_slow():
    x, y, _ = make_data()
    model = make_model()
    curves = training.LiveCurves(min_interval=0, figure=SlowFigure())
    start = time.perf_counter()
    model.fit(x, y, epochs=30, batch_size=32, verbose=0, callbacks=[curves])
    elapsed = time.perf_counter() - start
    assert curves.draw_seconds >= 0.2
    # Sin el presupuesto serían 30 dibujos (6 s solo dibujando); con él, uno cada ≥ 4 dibujos de tiempo.
    assert 2 <= curves.figure.updates <= 2 + elapsed / (4 * 0.2)
    assert curves.figure.updates < 30 and len(curves.history["loss"]) == 30


def test_live_curves_draw_the_final_state_after_early_stopping():
    x, y, _ = make_data()
    model = make_model()
    curves = training.LiveCurves(min_interval=3600)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=0, min_delta=1e9)
    model.fit(x[:72], y[:72], epochs=10, batch_size=32, validation_data=(x[72:], y[72:]), verbose=0,
              callbacks=[stop, curves])
    assert len(curves.history["loss"]) < 10
    assert curves.figure.updates == 2        # la 1.ª época y, al parar, la última entrenada


def test_live_curves_work_with_the_speed_options_of_notebook_05():
    x, y, _ = make_data(n=50)
    model = make_model()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"],
                  jit_compile=True, steps_per_execution=32)
    curves = training.LiveCurves()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # p. ej. «ran out of data» con pocos pasos por época
        model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[curves])
    assert len(curves.history["loss"]) == 2 and np.isfinite(curves.history["loss"]).all()


def test_live_curves_reuse_one_figure_and_the_last_frame_is_a_fresh_figure_pixel_for_pixel(monkeypatch):
    import IPython

    from conftest import pixels
    from course_lib.rendering import figure_to_png

    class Frames(plots.LiveFigure):
        """Guarda cada fotograma y lo dibuja también como antes: una figura nueva en cada época."""

        def __init__(self):
            super().__init__()
            self.reference, self.frames = plots.LiveFigure(), []

        def update(self, fig, *, exact=False):
            super().update(fig, exact=exact)
            self.reference.update(plots.learning_curves(curves.history, total_epochs=4), exact=exact)
            self.frames.append((self.last_png, self.reference.last_png))

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    x, y, _ = make_data()
    model = make_model()
    curves = training.LiveCurves(min_interval=0, draw_budget=0, figure=Frames())
    model.fit(x[:72], y[:72], epochs=4, batch_size=16, validation_data=(x[72:], y[72:]), verbose=0,
              callbacks=[curves])
    frames = curves.figure.frames
    assert len(frames) == 4 and curves.painter.builds == 1
    for png, reference in frames:      # las épocas intermedias: como con una figura nueva cada vez
        np.testing.assert_array_equal(pixels(png), pixels(reference))
    final = figure_to_png(plots.learning_curves(curves.history, total_epochs=4))
    np.testing.assert_array_equal(pixels(frames[-1][0]), pixels(final))


@pytest.mark.parametrize("call, message", [
    (lambda: training.LiveCurves(total_epochs=0), "total_epochs debe ser"),
    (lambda: training.LiveCurves(min_interval=-1), "min_interval"),
])
def test_live_curves_bad_input_is_refused_in_spanish(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- subconjuntos


def test_quick_subset_depends_on_the_mode():
    x, y, labels = make_data(n=30)
    config.set_quick(False)
    assert training.quick_subset(x, y, 6) == (x, y)
    assert training.quick_subset(x, None, 6) is x
    config.set_quick(True)
    xs, ys = training.quick_subset(x, labels, 6)
    assert len(xs) == 6 and np.bincount(ys).tolist() == [2, 2, 2]
    np.testing.assert_array_equal(xs, x[:6])  # etiquetas 0,1,2,0,1,2: los 6 primeros ya están equilibrados
    np.testing.assert_array_equal(training.quick_subset(x, None, 4), x[:4])


def test_quick_subset_in_quick_mode_caps_n_at_the_data_it_has():
    # p. ej. quick_subset(x, y, 3000) sobre un conjunto más pequeño: n es un tope, no un tamaño exigido.
    x, _, labels = make_data(n=30)
    config.set_quick(True)
    xs, ys = training.quick_subset(x, labels, 1000)
    np.testing.assert_array_equal(xs, x)
    np.testing.assert_array_equal(ys, labels)


@pytest.mark.parametrize("quick", [False, True])
def test_quick_subset_compares_lengths_in_both_modes(quick):
    x, _, labels = make_data(n=30)
    config.set_quick(quick)
    with pytest.raises(ValueError, match="mismo número de ejemplos: x tiene 30 e y tiene 20"):
        training.quick_subset(x, labels[:20], 6)
    with pytest.raises(ValueError, match="n debe ser un entero positivo"):
        training.quick_subset(x, labels, 0)


def test_balanced_subset_is_balanced_ordered_and_accepts_one_hot():
    labels = np.array([0, 0, 0, 0, 1, 2, 1, 0, 2, 2])
    x = np.arange(10)
    xs, ys = training.balanced_subset(x, labels, 6)
    assert xs.tolist() == [0, 1, 4, 5, 6, 8]  # 1.º y 2.º de cada clase, en el orden original
    xs2, ys2 = training.balanced_subset(x, np.eye(3)[labels], 6)
    np.testing.assert_array_equal(xs2, xs)
    assert ys2.shape == (6, 3)
    every, _ = training.balanced_subset(x, labels, 10)   # n == len(x): todos, en su orden
    np.testing.assert_array_equal(every, x)
    with pytest.raises(ValueError, match="mismo número de ejemplos"):
        training.balanced_subset(x, labels[:5], 3)


def test_balanced_subset_larger_than_the_data_is_a_spanish_error():
    # El caso del issue: 10 000 imágenes pedidas a un conjunto de 8 000 (la copia sin conexión).
    x = np.zeros((8000, 2), dtype="float32")
    labels = np.arange(8000) % 10
    with pytest.raises(ValueError, match="Has pedido un subconjunto de 10 000 ejemplos y solo hay 8 000"):
        training.balanced_subset(x, labels, 10000)
    with pytest.raises(ValueError, match="solo hay 8 000"):
        training.balanced_subset(x, None, 8001)
