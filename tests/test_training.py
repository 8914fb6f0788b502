"""Pruebas de course_lib.training: compile/fit rápidos, curvas en vivo, tiempos y modo rápido."""

import warnings

import numpy as np
import pytest

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, training

import keras  # noqa: E402


@pytest.fixture(autouse=True)
def reset_quick_mode():
    yield
    config.set_quick(None)


def make_data(n=96, features=12, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    x = rng.normal(size=(n, features)).astype("float32") + labels[:, None]
    return x, np.eye(classes, dtype="float32")[labels], labels


def make_model(features=12, classes=3):
    config.set_seed(0)
    return keras.Sequential([
        keras.Input((features,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(classes, activation="softmax"),
    ])


# --------------------------------------------------------------------------- compile


def test_compile_model_uses_fast_defaults_and_overrides():
    model = training.compile_model(make_model())
    assert model.jit_compile is True and model.steps_per_execution == training.DEFAULT_STEPS_PER_EXECUTION
    model = training.compile_model(make_model(), jit_compile=False, steps_per_execution=1)
    assert model.jit_compile is False and model.steps_per_execution == 1
    assert training.compile_model(make_model(), run_eagerly=True).jit_compile is False
    assert training.fast_compile_options() == {"jit_compile": True, "steps_per_execution": 64}


def test_model_without_xla_support_falls_back_silently():
    model = make_model()
    model.layers[0].supports_jit = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        training.compile_model(model)
    assert model.jit_compile is False


@pytest.mark.parametrize("call, error, message", [
    (lambda: training.compile_model("modelo"), TypeError, "espera un modelo de Keras"),
    (lambda: training.compile_model(make_model(), loss=None), ValueError, "Falta la función de pérdida"),
    (lambda: training.fast_compile_options(steps_per_execution=0), ValueError, "steps_per_execution debe ser"),
    (lambda: training.fast_compile_options(jit_compile="sí"), TypeError, "jit_compile debe ser"),
    (lambda: training.LiveCurves(total_epochs=0), ValueError, "total_epochs debe ser"),
])
def test_compile_bad_input_is_refused_in_spanish(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------------- fit


def test_fit_records_history_epoch_times_and_live_curves(capsys):
    x, y, _ = make_data()
    model = training.compile_model(make_model(), optimizer="adam")
    history = training.fit(model, x, y, epochs=3, batch_size=16, validation_split=0.25)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 3 for v in history.history.values())
    assert len(history.epoch_times) == 3 and all(t > 0 for t in history.epoch_times)
    curves = history.live_curves
    # Épocas muy cortas: se dibuja la 1.ª, la última y las que caigan a más de 1 s de la anterior.
    assert 2 <= curves.figure.updates <= 3 and curves.figure.last_png.startswith(b"\x89PNG")
    assert len(curves.history["loss"]) == 3
    assert curves.history["val_loss"] == pytest.approx(history.history["val_loss"])
    out = capsys.readouterr().out
    assert "Entrenamiento: 3 épocas en" in out and "validación: pérdida" in out


def test_fit_without_live_or_summary_prints_nothing_and_validation_split_takes_the_end(capsys):
    x, y, _ = make_data(n=80)
    model = training.compile_model(make_model())
    history = training.fit(model, x, y, epochs=1, validation_split=0.25, live=False, summary=False)
    assert history.live_curves is None
    assert "Image" not in capsys.readouterr().out
    # Como Keras: el 25 % final es la validación (20 ejemplos).
    expected = model.evaluate(x[60:], y[60:], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(expected[0], rel=1e-4)


def test_live_curves_cope_with_missing_validation_and_accuracy():
    x, y, _ = make_data()
    model = training.compile_model(make_model(), metrics=None)
    curves = training.LiveCurves()
    model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[curves])
    assert curves.figure.updates == 2 and set(curves.history) == {"loss"}


def test_fast_path_with_integer_labels_partial_batch_and_few_steps_has_no_warnings():
    x, _, labels = make_data(n=50)
    model = training.compile_model(make_model(), loss="sparse_categorical_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # p. ej. «shuffle=True was passed...» o «ran out of data»
        history = training.fit(model, x, labels, epochs=2, batch_size=16, live=False, summary=False)
    assert len(history.history["loss"]) == 2


def test_epoch_dataset_yields_a_new_permutation_each_epoch_with_keras_batches():
    x = np.arange(10, dtype="float32")[:, None]
    y = np.arange(10)
    dataset = training._epoch_dataset(x, y, batch_size=4, shuffle=True)
    epochs = []
    for _ in range(2):
        batches = list(dataset.as_numpy_iterator())
        assert [len(b[1]) for b in batches] == [4, 4, 2]
        order = np.concatenate([b[1] for b in batches])
        np.testing.assert_array_equal(np.sort(order), y)
        np.testing.assert_array_equal(np.concatenate([b[0][:, 0] for b in batches]), order)
        epochs.append(order)
    assert not np.array_equal(epochs[0], epochs[1])
    fixed = list(training._epoch_dataset(x, y, 4, shuffle=False).as_numpy_iterator())
    np.testing.assert_array_equal(np.concatenate([b[1] for b in fixed]), y)


def test_fit_bad_input_is_refused_in_spanish():
    x, y, labels = make_data()
    model = training.compile_model(make_model())
    bad = {
        "no está compilado": lambda: training.fit(make_model(), x, y, epochs=1),
        "epochs .* debe ser un entero positivo": lambda: training.fit(model, x, y, epochs=0),
        "batch_size .* debe ser un entero positivo": lambda: training.fit(model, x, y, epochs=1, batch_size=0),
        "mismo número de ejemplos": lambda: training.fit(model, x, y[:10], epochs=1),
        "validation_split es la fracción": lambda: training.fit(model, x, y, epochs=1, validation_split=1.5),
        "no los dos a la vez": lambda: training.fit(model, x, y, epochs=1, validation_split=0.1,
                                                    validation_data=(x, y)),
        "debe ser una tupla": lambda: training.fit(model, x, y, epochs=1, validation_data=x),
        "espera etiquetas one-hot": lambda: training.fit(model, x, labels, epochs=1),
    }
    for message, call in bad.items():
        with pytest.raises(ValueError, match=message):
            call()
    sparse = training.compile_model(make_model(), loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="espera etiquetas enteras"):
        training.fit(sparse, x, y, epochs=1)
    with pytest.raises(TypeError, match="espera un modelo de Keras"):
        training.fit(None, x, y, epochs=1)


# --------------------------------------------------------------------------- modo rápido


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


def test_balanced_subset_is_balanced_ordered_and_accepts_one_hot():
    labels = np.array([0, 0, 0, 0, 1, 2, 1, 0, 2, 2])
    x = np.arange(10)
    xs, ys = training.balanced_subset(x, labels, 6)
    assert xs.tolist() == [0, 1, 4, 5, 6, 8]  # 1.º y 2.º de cada clase, en el orden original
    xs2, ys2 = training.balanced_subset(x, np.eye(3)[labels], 6)
    np.testing.assert_array_equal(xs2, xs)
    assert ys2.shape == (6, 3)
    xs3, _ = training.balanced_subset(x, labels, 100)
    assert len(xs3) == 10
    with pytest.raises(ValueError, match="mismo número de ejemplos"):
        training.balanced_subset(x, labels[:5], 3)
    with pytest.raises(ValueError, match="n debe ser un entero positivo"):
        training.quick_subset(x, labels, 0)


def test_fit_reshuffles_every_epoch_even_with_a_fixed_seed():
    # Keras 3 (backend TensorFlow) con arrays de NumPy repite el orden si hay semilla global.
    x = np.arange(12, dtype="float32")[:, None]
    config.set_seed(0)
    dataset = training._epoch_dataset(x, np.arange(12), batch_size=12, shuffle=True)
    orders = [next(iter(dataset))[1].numpy().tolist() for _ in range(3)]
    assert len({tuple(o) for o in orders}) == 3
    config.set_seed(0)
    again = training._epoch_dataset(x, np.arange(12), batch_size=12, shuffle=True)
    assert next(iter(again))[1].numpy().tolist() == orders[0]  # reproducible con la misma semilla


def test_live_curves_throttle_redraws_but_always_draw_the_last_epoch():
    x, y, _ = make_data()
    model = training.compile_model(make_model())
    slow = training.LiveCurves(min_interval=3600)
    model.fit(x, y, epochs=4, batch_size=32, verbose=0, callbacks=[slow])
    assert slow.figure.updates == 2          # la 1.ª época y la última
    assert len(slow.history["loss"]) == 4
    every = training.LiveCurves(min_interval=0)
    model.fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[every])
    assert every.figure.updates == 3
    with pytest.raises(ValueError, match="min_interval"):
        training.LiveCurves(min_interval=-1)


def test_live_curves_draw_the_final_state_after_early_stopping():
    x, y, _ = make_data()
    model = training.compile_model(make_model())
    curves = training.LiveCurves(min_interval=3600)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=1e9)
    model.fit(x, y, epochs=10, batch_size=32, verbose=0, callbacks=[stop, curves])
    assert len(curves.history["loss"]) < 10
    assert curves.figure.updates == 2


def test_no_xla_for_convolutional_networks_on_cpu():
    dense = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    conv = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                             keras.layers.Dense(3)])
    assert training.fast_compile_options(dense)["jit_compile"] is True
    assert training.fast_compile_options(conv)["jit_compile"] is False
    assert training.fast_compile_options(conv, jit_compile=True)["jit_compile"] is True
