"""Pruebas de course_lib.hints: cada regla con el error REAL de Keras/NumPy y la integración con IPython."""

import re
import warnings

import course_lib  # noqa: F401  (antes que keras: silencia TensorFlow)
import keras
import numpy as np
import pytest
from keras import layers

from course_lib import hints, training

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def real_error(func, *args, **kwargs) -> BaseException:
    """Ejecuta ``func`` y devuelve la excepción que lanza (falla si no lanza ninguna)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            return exc
    pytest.fail(f"{func} no lanzó ningún error")


def dense_model(n_inputs=4, n_out=10, loss="sparse_categorical_crossentropy", hidden=True, with_input=True,
                activation="softmax"):
    stack = [keras.Input((n_inputs,))] if with_input else []
    if hidden:
        stack.append(layers.Dense(4, activation="relu"))
    stack.append(layers.Dense(n_out, activation=activation))
    model = keras.Sequential(stack)
    model.compile(optimizer="rmsprop", loss=loss)
    return model


X4 = np.zeros((6, 4), "float32")
IMAGES = np.zeros((6, 28, 28), "float32")
Y_INT = np.array([0, 1, 2, 3, 4, 5])
Y_ONEHOT = keras.utils.to_categorical(Y_INT, 10)


# --- 1. Activación desconocida ----------------------------------------------------------

def test_unknown_activation_suggests_closest_name():
    exc = real_error(layers.Dense, 512, activation="ReLu")
    assert "Could not interpret activation function identifier: ReLu" in str(exc)
    text = hints.explain(exc)
    assert "función de activación" in text and "minúsculas" in text and '¿Querías decir "relu"?' in text

    text = hints.explain(real_error(layers.Dense, 4, activation="sigmod"))
    assert '¿Querías decir "sigmoid"?' in text
    assert "¿Querías decir" not in hints.explain(real_error(layers.Dense, 4, activation="xyzzy"))


# --- 2. units ----------------------------------------------------------------------------

def test_missing_units_argument():
    exc = real_error(layers.Dense, unit=512, activation="relu")
    assert isinstance(exc, TypeError) and "missing 1 required positional argument: 'units'" in str(exc)
    text = hints.explain(exc)
    assert "`units`" in text and "número de neuronas" in text


def test_unrecognized_unit_keyword():
    exc = real_error(layers.Dense, 512, unit=3)
    assert "Unrecognized keyword arguments passed to Dense" in str(exc)
    text = hints.explain(exc)
    assert "`unit`" in text and "`units`" in text and "número de neuronas" in text


def test_unrecognized_keyword_suggests_closest_argument():
    text = hints.explain(real_error(layers.Dense, 4, activaton="relu"))
    assert "no tiene ningún argumento `activaton`" in text and "¿Querías decir `activation`?" in text


def test_missing_argument_of_non_keras_class_has_no_hint():
    class Model:
        def __init__(self, units):
            self.units = units

    assert hints.explain(real_error(Model)) is None


# --- 3. Imágenes sin aplanar ----------------------------------------------------------

def test_unflattened_images_with_input_layer():
    exc = real_error(dense_model(784).fit, IMAGES, Y_INT, verbose=0)
    assert "Expected shape (None, 784), but input has incompatible shape (None, 28, 28)" in str(exc)
    text = hints.explain(exc)
    assert "784 valores" in text and "28 × 28" in text
    assert "array NUEVO" in text and "x_train = x_train.reshape(len(x_train), 784)" in text and "Flatten" in text


def test_unflattened_images_with_legacy_input_shape_in_predict():
    def build():
        model = keras.Sequential([layers.Dense(4, input_shape=(784,)), layers.Dense(10, activation="softmax")])
        return model.predict(IMAGES, verbose=0)

    exc = real_error(build)
    text = hints.explain(exc)
    assert "sin aplanar" in text and "array NUEVO" in text


def test_unflattened_images_on_a_built_layer():
    layer = layers.Dense(4)
    layer.build((None, 784))
    exc = real_error(layer, IMAGES)
    assert "expected axis -1 of input shape to have value 784" in str(exc)
    assert "sin aplanar" in hints.explain(exc)


def test_unflattened_images_without_input_layer():
    exc = real_error(dense_model(with_input=False).fit, IMAGES, Y_INT, verbose=0)
    assert "output.shape=(None, 28, 10)" in str(exc)
    text = hints.explain(exc)
    assert "(None, 28, 10)" in text and "sin aplanar" in text and "array NUEVO" in text
    assert "one-hot" not in text  # no es un problema de etiquetas


def test_flattened_data_for_image_model():
    model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    text = hints.explain(real_error(model.predict, IMAGES.reshape(6, -1), verbose=0))
    assert "ya están aplanados" in text and "x.reshape(len(x), 28, 28)" in text


def test_unknown_rank_message():
    import tensorflow as tf

    exc = real_error(len, tf.TensorShape(None))
    assert "Cannot take the length of shape with unknown rank" in str(exc)
    assert "forma" in hints.explain(exc)


# --- 4. reshape con el número de ejemplos equivocado -----------------------------------

def test_reshape_with_wrong_number_of_examples():
    exc = real_error(np.zeros((10000, 28, 28)).reshape, 60000, 784)
    assert str(exc) == "cannot reshape array of size 7840000 into shape (60000,784)"
    text = hints.explain(exc)
    assert "7840000" in text and "60000 × 784 = 47040000" in text
    assert "10000 ejemplos" in text and "ESTE array" in text and "len(x)" in text and "-1" in text


def test_reshape_hint_is_general():
    text = hints.explain(real_error(np.zeros((10, 28, 28)).reshape, 60, 28, 28))
    assert "60 × 28 × 28 = 47040" in text and "28 × 28 = 784" in text and "10 ejemplos" in text
    text = hints.explain(real_error(np.zeros((10, 28, 28)).reshape, 10, 785))
    assert "no es divisible entre 785" in text
    assert "no es divisible entre 7" in hints.explain(real_error(np.zeros(30).reshape, 7, -1))


# --- 5. Etiquetas que no encajan con la pérdida --------------------------------------

def test_integer_labels_with_categorical_crossentropy():
    model = dense_model(hidden=False, loss="categorical_crossentropy")
    exc = real_error(model.fit, X4, Y_INT, verbose=0)
    assert "must have the same rank" in str(exc)
    text = hints.explain(exc)
    assert "números enteros" in text and "sparse_categorical_crossentropy" in text
    assert "to_categorical(y_train, 10)" in text and "opción 1" in text


def test_onehot_labels_with_sparse_categorical_crossentropy():
    model = dense_model(hidden=False, loss="sparse_categorical_crossentropy")
    exc = real_error(model.fit, X4, Y_ONEHOT, verbose=0)
    assert "must have rank (ndim) `target.ndim - 1`" in str(exc)
    text = hints.explain(exc)
    assert "one-hot" in text and "categorical_crossentropy" in text and "opción 2" in text


def test_onehot_columns_do_not_match_output_layer():
    model = dense_model(n_out=5, hidden=False, loss="categorical_crossentropy")
    text = hints.explain(real_error(model.fit, X4, Y_ONEHOT, verbose=0))
    assert "10 columnas" in text and "5 neuronas" in text and "Dense(10" in text


def test_label_out_of_range_for_output_layer():
    model = dense_model(n_out=5, hidden=False)
    exc = real_error(model.fit, X4, np.array([0, 1, 2, 3, 4, 9]), verbose=0)
    assert "Received a label value of 9" in str(exc)
    text = hints.explain(exc)
    assert "valor 9" in text and "5 neuronas" in text and "Dense(10" in text


# --- 6. Otros errores típicos --------------------------------------------------------

def test_unknown_optimizer_loss_and_metric_names():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(10, activation="softmax")])
    exc = real_error(model.compile, optimizer="adamm", loss="mse")
    assert "Could not interpret optimizer identifier: adamm" in str(exc)
    assert 'optimizador' in hints.explain(exc) and '"adam"' in hints.explain(exc)

    model.compile(optimizer="adam", loss="categorical_crossentropi", metrics=["acuracy"])
    exc = real_error(model.fit, X4, Y_ONEHOT, verbose=0)
    assert "Could not interpret loss identifier" in str(exc)
    assert '¿Querías decir "categorical_crossentropy"?' in hints.explain(exc)

    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["acuracy"])
    exc = real_error(model.fit, X4, Y_ONEHOT, verbose=0)
    assert '¿Querías decir "accuracy"?' in hints.explain(exc)


def test_metrics_must_be_a_list_and_compile_first():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(10, activation="softmax")])
    assert 'metrics=["accuracy"]' in hints.explain(real_error(model.compile, "adam", "mse", metrics="accuracy"))
    assert "compilar el modelo" in hints.explain(real_error(model.fit, X4, Y_ONEHOT, verbose=0))


def test_x_and_y_with_different_number_of_examples():
    exc = real_error(dense_model(hidden=False).fit, X4, Y_INT[:5], verbose=0)
    text = hints.explain(exc)
    assert "6 ejemplos" in text and "tiene 5" in text and "y_test" in text


# --- Robustez de explain --------------------------------------------------------------

@pytest.mark.parametrize(
    "func",
    [lambda: 1 / 0, lambda: {}["clave"], lambda: int("abc"), lambda: len(5), lambda: [].pop(),
     lambda: np.zeros(3) + np.zeros(4)],
)
def test_unrelated_errors_have_no_hint(func):
    assert hints.explain(real_error(func)) is None


def test_chained_error_is_explained():
    def wrapped():
        try:
            np.zeros((10, 28, 28)).reshape(60, 784)
        except ValueError as exc:
            raise RuntimeError("envoltorio") from exc

    assert "ESTE array" in hints.explain(real_error(wrapped))


@pytest.fixture
def saved_rules():
    saved = list(hints.RULES)
    yield
    hints.RULES[:] = saved


def test_add_rule_and_broken_rules_are_ignored(saved_rules):
    def broken(exc):
        raise RuntimeError("regla rota")

    hints.add_rule("rota", broken, "nunca", first=True)
    hints.add_rule("division", r"division by zero", lambda m: "No se puede dividir entre cero.",
                   types=(ZeroDivisionError,))
    assert hints.explain(real_error(lambda: 1 / 0)) == "No se puede dividir entre cero."
    hints.add_rule("division", r"division by zero", "Otra vez.", types=(ZeroDivisionError,))
    assert [r.name for r in hints.RULES].count("division") == 1
    assert hints.explain(real_error(lambda: 1 / 0)) == "Otra vez."
    assert "ESTE array" in hints.explain(real_error(np.zeros(30).reshape, 60, 3))


# --- Integración con IPython ---------------------------------------------------------

@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    ip = InteractiveShell.instance(config=config)
    ip.run_cell("import keras\nimport numpy as np", store_history=False)
    yield ip
    hints.disable(ip)


def run(shell, capsys, code):
    capsys.readouterr()
    result = shell.run_cell(code, store_history=False)
    return result, ANSI.sub("", capsys.readouterr().out)


BAD_CELL = 'def build():\n    return keras.layers.Dense(512, activation="ReLu")\n\nbuild()\n'


def test_ipython_shows_traceback_then_hint(shell, capsys, monkeypatch):
    hints.disable(shell)
    plain_result, plain_out = run(shell, capsys, BAD_CELL)
    assert isinstance(plain_result.error_in_exec, ValueError) and "Pista" not in plain_out

    published = []
    original = shell.display_pub.publish
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, *a, **k: (published.append(data), original(data, *a, **k)))
    hints.enable(shell)
    hints.enable(shell)  # idempotente
    assert hints.is_enabled(shell)
    result, out = run(shell, capsys, BAD_CELL)

    # (c) la celda sigue contando como fallida
    assert not result.success and isinstance(result.error_in_exec, ValueError)
    # (a) el traceback de siempre, con los marcos de la celda, intacto
    traceback_part, _, hint_part = out.partition("💡 Pista:")
    assert "ValueError" in traceback_part and "Could not interpret activation function identifier" in traceback_part
    assert "build()" in traceback_part and "Traceback" in traceback_part
    assert traceback_part.strip() == plain_out.strip()
    # (b) la pista, después del traceback, en HTML y en texto plano
    assert '¿Querías decir "relu"?' in hint_part
    assert len(published) == 1
    assert "<code>" in published[0]["text/html"] and "💡 Pista:" in published[0]["text/plain"]


def test_ipython_unrelated_and_syntax_errors_have_no_hint(shell, capsys):
    hints.enable(shell)
    result, out = run(shell, capsys, "1 / 0")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert "ZeroDivisionError" in out and "Pista" not in out

    result, out = run(shell, capsys, "def f(:\n    pass")
    assert isinstance(result.error_before_exec, SyntaxError) and "SyntaxError" in out and "Pista" not in out
    assert hints.is_enabled(shell)  # el manejador sigue registrado

    result, out = run(shell, capsys, "x = 1 + 1")
    assert result.success and out == ""


def test_ipython_disable_removes_hint(shell, capsys):
    hints.enable(shell)
    hints.disable(shell)
    hints.disable(shell)  # idempotente
    assert not hints.is_enabled(shell) and shell.custom_exceptions == ()
    result, out = run(shell, capsys, "np.zeros((10, 28, 28)).reshape(60, 784)")
    assert isinstance(result.error_in_exec, ValueError)
    assert "cannot reshape array of size 7840 into shape (60,784)" in out and "Pista" not in out


def test_enable_outside_ipython_is_a_noop_with_message(monkeypatch, capsys):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert hints.enable() is None
    assert "no estás en IPython" in capsys.readouterr().err
    assert training.fit_is_guarded()          # las guardas de model.fit sirven también en un script
    assert hints.disable() is None and hints.is_enabled() is False
    assert not training.fit_is_guarded()


def test_enable_guards_model_fit_and_disable_removes_the_guard(shell):
    hints.enable(shell)
    assert training.fit_is_guarded()
    hints.disable(shell)
    assert not training.fit_is_guarded()


# ------------------------------------------------------------ errores provocados a propósito


def test_expected_error_shows_traceback_and_hint_without_stopping(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(data)
    try:
        result = shell.run_cell(
            "from course_lib import hints\nimport numpy as np\n"
            "with hints.expected_error(ValueError):\n    np.zeros((10, 2)).reshape(30, 2)\n"
            "after = 'sigue'\n"
        )
    finally:
        shell.display_pub.publish = original
    assert result.success and shell.user_ns["after"] == "sigue"
    err = capsys.readouterr().err
    assert "ValueError" in err and "cannot reshape array of size 20 into shape (30,2)" in err
    assert "contextlib" not in err
    texts = [d["text/plain"] for d in published]
    assert texts[0].startswith("💡 Pista:") and "-1" in texts[0]
    assert texts[-1] == "(Error provocado a propósito: la ejecución continúa.)"


def test_expected_error_fails_when_nothing_fails():
    with pytest.raises(AssertionError, match="Se esperaba un error en este bloque"):
        with hints.expected_error():
            pass


def test_expected_error_lets_other_error_types_through():
    with pytest.raises(KeyError):
        with hints.expected_error(ValueError):
            {}["x"]


def test_unknown_rank_hint_covers_dense_and_convolutional_models():
    import tensorflow as tf

    text = hints.explain(real_error(len, tf.TensorShape(None)))
    assert "aplanarlas" in text and "x_train.reshape(len(x_train), 784)" in text
    assert "x[..., None]" in text and "eje de canales" in text


def test_the_rules_come_from_the_rule_modules_in_their_order():
    from course_lib.hints import base, keras_rules, numpy_rules, python_rules

    assert [r.name for r in hints.RULES] == [
        "activation", "identifier", "missing_argument", "unknown_argument", "input_shape", "reshape",
        "labels_loss", "label_range", "cardinality", "compile_first", "metrics_list",
        "module_attribute", "name_not_defined", "unpack",
    ]
    assert hints.RULES == [*keras_rules.BUILD_RULES, *numpy_rules.RULES, *keras_rules.TRAINING_RULES,
                           *python_rules.RULES]
    assert hints.Rule is base.Rule and hints.regex_matcher is base.regex_matcher
    for name in hints.__all__:
        assert hasattr(hints, name), name


def test_a_mistyped_course_lib_name_gets_did_you_mean():
    from course_lib import data

    try:
        data.load_minst()
    except AttributeError as exc:
        text = hints.explain(exc)
    assert "¿Querías decir `load_mnist`?" in text and "course_lib.data" in text


def test_a_mistyped_name_in_a_lesson_module_lists_what_it_offers_when_nothing_is_close():
    from course_lib import formatting

    try:
        formatting.zzzzzz
    except AttributeError as exc:
        text = hints.explain(exc)
    assert "Lo que ofrece es:" in text and "`thousands`" in text


def test_an_unknown_name_suggests_quotes_and_running_the_earlier_cell():
    try:
        respuesta_3 = b  # noqa: F821,F841 - el error de un estudiante que olvidó las comillas
    except NameError as exc:
        text = hints.explain(exc)
    assert 'ponlo entre comillas: `"b"`' in text and "ejecuta antes esa celda" in text


def test_an_unknown_name_close_to_a_notebook_variable_gets_did_you_mean(shell, capsys):
    hints.enable(shell)
    shell.user_ns["x_train"] = [1, 2, 3]
    result, out = run(shell, capsys, "len(x_trian)")
    assert isinstance(result.error_in_exec, NameError)
    assert "¿Querías decir `x_train`?" in out


@pytest.mark.parametrize("source, words", [
    ("a, b = 1, 2, 3", ("más valores de los 2",)),
    ("a, b = (1,)", ("Se esperaban 2 valores", "solo hay 1")),
    ("a, b = 3", ("uno solo", "tupla")),
])
def test_unpack_errors_get_a_spanish_hint(source, words):
    try:
        exec(source, {})
    except (TypeError, ValueError) as exc:
        text = hints.explain(exc)
    else:
        pytest.fail("the source should raise")
    assert all(w in text for w in words), text
    assert "unpack" not in text
