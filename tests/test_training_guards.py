"""Guardas de model.fit (training.guard_fit): nada se entrena en silencio con datos que no casan.

Cada entrada incorrecta recibe un mensaje en español que dice qué está mal y cómo arreglarlo,
también con XLA (jit_compile=True), donde TensorFlow no comprueba el rango de las etiquetas.
"""

import warnings

import numpy as np
import pytest

import course_lib  # noqa: F401
from course_lib import training

import keras  # noqa: E402


@pytest.fixture(autouse=True)
def guarded():
    training.guard_fit()
    yield
    training.guard_fit(False)


def model(loss="sparse_categorical_crossentropy", width=10, jit=True, lr=1e-3):
    m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(width, activation="softmax")])
    m.compile(optimizer=keras.optimizers.RMSprop(lr), loss=loss, jit_compile=jit, steps_per_execution=32)
    return m


X = np.random.default_rng(0).random((64, 784)).astype("float32")
Y = np.arange(64) % 10


@pytest.mark.parametrize("jit", [True, False])
@pytest.mark.parametrize("labels, message", [
    (np.where(Y == 9, 10, Y), r"etiqueta 10 en el conjunto de entrenamiento y la capa de salida tiene 10 neuronas"),
    (np.where(Y == 9, -1, Y), r"etiqueta -1 .* no pueden ser negativas"),
    (Y + 0.5, r"deben ser números de clase enteros .* truncaría"),
    (np.eye(10)[Y], r"codificadas one-hot .* sparse_categorical_crossentropy espera enteros"),
    (Y[:10], r"Hay 64 ejemplos y 10 etiquetas"),
    (np.array(["a"] * 64), r"deben ser números"),
])
def test_labels_that_do_not_fit_the_sparse_loss_are_refused(labels, message, jit):
    with pytest.raises(ValueError, match=message):
        model(jit=jit).fit(X, labels, epochs=1, verbose=0)


@pytest.mark.parametrize("labels, message", [
    (Y, r"categorical_crossentropy espera etiquetas one-hot .* data.one_hot"),
    (np.eye(12)[Y], r"tienen 12 columnas y la capa de salida 10 neuronas"),
])
def test_labels_that_do_not_fit_the_categorical_loss_are_refused(labels, message):
    with pytest.raises(ValueError, match=message):
        model("categorical_crossentropy").fit(X, labels, epochs=1, verbose=0)


def test_missing_labels_and_missing_data_get_spanish_messages():
    with pytest.raises(ValueError, match=r"Faltan las etiquetas de entrenamiento.*model.fit\(x_train, y_train"):
        model().fit(X, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="necesita los datos de entrenamiento"):
        model().fit(None, Y, epochs=1, verbose=0)


def test_non_finite_inputs_are_refused():
    bad = X.copy()
    bad[3, 5] = np.nan
    bad[7, 1] = np.inf
    with pytest.raises(ValueError, match="tienen 2 valores nan o infinitos"):
        model().fit(bad, Y, epochs=1, verbose=0)


def test_validation_data_gets_the_same_checks():
    with pytest.raises(ValueError, match="etiqueta 29 en el conjunto de validación"):
        model().fit(X, Y, validation_data=(X, Y + 20), epochs=1, verbose=0)
    with pytest.raises(ValueError, match="Faltan las etiquetas de validación"):
        model().fit(X, Y, validation_data=(X, None), epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"validation_data debe ser una pareja \(x_val, y_val\)"):
        model().fit(X, Y, validation_data=X, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="Hay 64 ejemplos y 3 etiquetas en el conjunto de validación"):
        model().fit(X, Y, validation_data=(X, Y[:3]), epochs=1, verbose=0)


def test_unnormalised_images_get_a_spanish_warning_and_still_train():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model().fit(X * 255, Y, epochs=1, verbose=0)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert any("parecen imágenes sin normalizar" in m and "data.normalize" in m for m in messages), messages
    assert len(history.history["loss"]) == 1


def test_good_data_trains_normally_with_callbacks_kept():
    timer = training.EpochTimer()
    history = model().fit(X, Y, validation_data=(X, Y), epochs=2, batch_size=16, verbose=0, callbacks=[timer])
    assert len(history.history["val_loss"]) == 2 and len(timer.epoch_times) == 2


def test_a_loss_that_becomes_nan_stops_training_at_once_with_the_causes():
    m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    m.compile(optimizer=keras.optimizers.SGD(1e12), loss="mse", jit_compile=True, steps_per_execution=4)
    with pytest.raises(training.TrainingDivergedError) as info:
        m.fit(X, np.eye(10)[Y] * 1e30, epochs=20, batch_size=8, verbose=0)
    text = str(info.value)
    assert "la pérdida de entrenamiento vale" in text and "época 1" in text
    assert all(cause in text for cause in training.DIVERGENCE_CAUSES)
    assert m.stop_training


def test_guard_can_be_switched_off_and_on():
    training.guard_fit(False)
    assert not training.fit_is_guarded()
    model(jit=False).fit(X, Y + 0.5, epochs=1, verbose=0)     # sin guardas, Keras no dice nada
    training.guard_fit()
    training.guard_fit()                                         # dos veces no envuelve dos veces
    assert training.fit_is_guarded() and not hasattr(keras.Model.fit.__wrapped__, "course_guard")
