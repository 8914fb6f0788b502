"""Batería de entradas erróneas (issue 9): cada una recibe un mensaje en español que dice qué está
mal y cómo arreglarlo, nunca un resultado silencioso ni un error en inglés de NumPy o pathlib.

Cada caso da: la llamada, la excepción esperada (o ``"❌"`` para una respuesta de ejercicio que
debe ser un ❌), una palabra en español que el mensaje tiene que contener y un fragmento que dice
cómo arreglarlo. Además se comprueba que el mensaje no tiene texto solo en inglés.

Sin internet: los cargadores de datos se prueban con carpetas sintéticas en ``tmp_path`` y con
Keras sustituido por una función que simula no tener conexión.
"""

from __future__ import annotations

import gzip
import re
import warnings

import numpy as np
import pytest

import course_lib  # noqa: F401
from course_lib import checks, data, exercises, formatting, plots, training

ENGLISH = re.compile(r"\b(must|should|expected|invalid|cannot|argument|object|not supported|got|the)\b", re.I)

IMG = np.zeros((4, 28, 28), np.uint8)
Y4 = np.array([0, 1, 2, 3])


@pytest.fixture(autouse=True)
def offline(offline_data, monkeypatch, tmp_path):
    """Ni internet ni variables de entorno (conftest) ni caché de Keras del usuario."""
    monkeypatch.setattr(data, "_keras_home", lambda: tmp_path / "keras-home")


def _idx(array: np.ndarray) -> bytes:
    magic = 2051 if array.ndim == 3 else 2049
    return magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape) + array.tobytes()


def _idx_dir(folder, damage=None):
    """Una carpeta con los cuatro archivos IDX .gz; ``damage`` estropea uno de ellos."""
    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte": (np.arange(20) % 10).astype(np.uint8),
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte": (np.arange(10) % 10).astype(np.uint8)}
    folder.mkdir(parents=True, exist_ok=True)
    for stem, array in arrays.items():
        raw = gzip.compress(_idx(array))
        if damage == "gzip" and stem.startswith("train-images"):
            raw = raw[:12] + bytes(b ^ 0xFF for b in raw[12:60]) + raw[60:]
        if damage == "magic" and stem.startswith("t10k-labels"):
            raw = gzip.compress(b"\x00\x00\x09\x99" + _idx(array)[4:])
        (folder / (stem + ".gz")).write_bytes(raw)
    return folder


def _model(loss="sparse_categorical_crossentropy", width=10):
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(width, activation="softmax")])
    model.compile(optimizer="sgd", loss=loss)
    return model


X784 = np.zeros((4, 784), np.float32)


# Cada caso: (id, llamada(tmp_path), excepción o "❌", palabra española, fragmento de arreglo)
CASES = [
    # ---------------------------------------------------------------- data: cargadores
    ("load_mnist(123)", lambda t: data.load_mnist(123), TypeError, "debe", "pathlib.Path"),
    ("load_mnist(['carpeta'])", lambda t: data.load_mnist(["carpeta"]), TypeError, "debe", "como texto"),
    ("load_mnist('')", lambda t: data.load_mnist("  "), ValueError, "vacío", "Pon la ruta de la carpeta"),
    ("load_mnist(verbose='sí')", lambda t: data.load_mnist(verbose="sí"), TypeError, "debe", "True o False"),
    ("load_fashion_mnist(3.5)", lambda t: data.load_fashion_mnist(3.5), TypeError, "debe", "pathlib.Path"),
    ("load_mnist(carpeta inexistente)", lambda t: data.load_mnist(t / "no-hay", verbose=False),
     data.DataNotFoundError, "no existe", "Copia los cuatro archivos IDX"),
    ("load_mnist(carpeta vacía)", lambda t: data.load_mnist(t, verbose=False),
     data.DataNotFoundError, "no están", "COURSE_MNIST_DIR"),
    ("load_mnist(ruta de un archivo IDX)",
     lambda t: data.load_mnist(_idx_dir(t / "m") / "train-images-idx3-ubyte.gz", verbose=False),
     data.DataNotFoundError, "es un archivo, no una carpeta", "indica la carpeta que contiene"),
    ("load_mnist(gzip dañado)", lambda t: data.load_mnist(_idx_dir(t / "m", "gzip"), verbose=False),
     data.DataFormatError, "dañado", "Vuelve a copiarlo"),
    ("load_mnist(número mágico)", lambda t: data.load_mnist(_idx_dir(t / "m", "magic"), verbose=False),
     data.DataFormatError, "debería ser", "¿Es de verdad un archivo IDX"),
    ("load_mnist(.npz que no es zip)",
     lambda t: (t.joinpath("mnist.npz").write_bytes(b"PK\x03\x04 roto"), data.load_mnist(t, verbose=False)),
     data.DataFormatError, "no es un archivo .npz válido", "np.savez"),
    ("load_mnist(sin nada, sin internet)", lambda t: data.load_mnist(verbose=False),
     data.DataNotFoundError, "No se ha podido cargar", "Cómo tener los datos sin internet"),
    ("load_mnist(caché de Keras dañada)",
     lambda t: ((t / "keras-home" / "datasets").mkdir(parents=True),
                (t / "keras-home" / "datasets" / "mnist.npz").write_bytes(b"medio"),
                data.load_mnist(verbose=False)),
     data.DataNotFoundError, "no coincide", "bórrala"),
    # ---------------------------------------------------------------- data: preprocesado
    ("normalize(nan)", lambda t: data.normalize(np.array([0.0, np.nan, 255.0])), ValueError, "no finito",
     "división entre cero"),
    ("normalize(bool)", lambda t: data.normalize(np.ones((2, 28, 28), bool)), ValueError, "no píxeles",
     "astype('float32')"),
    ("normalize(ya normalizadas)", lambda t: data.normalize(np.full((2, 2), 0.5)), ValueError, "ya parecen",
     "No las dividas otra vez"),
    ("normalize(negativos)", lambda t: data.normalize(np.array([-3.0, 10.0])), ValueError, "deberían",
     "normalize() espera píxeles 0-255"),
    ("normalize(textos)", lambda t: data.normalize(["0", "255"]), TypeError, "deben", "array numérico"),
    ("flatten(una imagen)", lambda t: data.flatten(np.zeros((28, 28))), ValueError, "una sola imagen", "x[None]"),
    ("flatten(ya aplanadas)", lambda t: data.flatten(np.zeros((5, 784))), ValueError, "ya están aplanadas",
     "No hace falta"),
    ("flatten(vector)", lambda t: data.flatten(np.zeros(784)), ValueError, "Se esperaban", "(n, alto, ancho)"),
    ("one_hot(negativa)", lambda t: data.one_hot(np.array([-1, 3])), ValueError, "negativ",
     "revisa de dónde salen las etiquetas"),
    ("one_hot(fuera de rango)", lambda t: data.one_hot(np.array([1, 10])), ValueError, "fuera del rango",
     "usa num_classes=11"),
    ("one_hot(dos veces)", lambda t: data.one_hot(np.eye(10)[[1, 2]]), ValueError, "ya están",
     "No las codifiques dos veces"),
    ("one_hot(probabilidades)", lambda t: data.one_hot(np.array([0.2, 0.8])), ValueError, "decimales",
     "predicciones"),
    ("one_hot(num_classes=1)", lambda t: data.one_hot(np.array([0, 1]), num_classes=1), ValueError, "debe",
     "entero mayor o igual que 2"),
    # ---------------------------------------------------------------- checks
    ("checks.integer(True)", lambda t: checks.integer(True, "El número de épocas", 1), ValueError, "debe",
     "número entero positivo"),
    ("checks.integer(0, 1..1000)", lambda t: checks.integer(0, "El número de épocas", 1, 1000), ValueError,
     "debe", "entre 1 y 1000"),
    ("checks.number('0.1')", lambda t: checks.number("0.1", "La tasa de aprendizaje", 0, open_low=True,
                                                     advice="Prueba con 0.01."), ValueError, "debe", "Prueba con 0.01"),
    ("checks.number(nan)", lambda t: checks.number(float("nan"), "La tasa de aprendizaje"), ValueError, "debe",
     "número finito"),
    ("checks.numeric_array(filas desiguales)", lambda t: checks.numeric_array([[1, 2], [3]], "Las imágenes"),
     TypeError, "longitudes distintas", "el mismo número de valores"),
    ("checks.numeric_array(ejes)", lambda t: checks.numeric_array(np.zeros(3), "El vector x", ndim=2), ValueError,
     "debe", "tener 2 ejes"),
    ("checks.class_labels(n distinto)", lambda t: checks.class_labels([0, 1], "Las etiquetas", n=3), ValueError,
     "deberían", "uno por ejemplo (3)"),
    ("checks.class_labels(negativas)", lambda t: checks.class_labels([-2, 1], "Las etiquetas"), ValueError,
     "no pueden", "valores negativos"),
    # ---------------------------------------------------------------- plots
    ("image_grid(imágenes de texto)", lambda t: plots.image_grid(["a", "b"]), TypeError, "deben", "array numérico"),
    ("image_grid(784 no cuadrado)", lambda t: plots.image_grid(np.zeros((2, 27))), ValueError, "no forman",
     "imagen[None]"),
    ("image_grid(ncols=0)", lambda t: plots.image_grid(IMG, ncols=0), ValueError, "debe", "entero positivo"),
    ("image_grid(etiquetas de menos)", lambda t: plots.image_grid(IMG, labels=[0, 1]), ValueError, "deberían",
     "uno por ejemplo (4)"),
    ("image_grid(class_names corto)", lambda t: plots.image_grid(IMG, labels=[0, 1, 2, 9],
                                                                  class_names=["a", "b", "c"]), ValueError,
     "solo tiene", "clases 0 a 2"),
    ("image_grid(5 canales)", lambda t: plots.image_grid(np.zeros((2, 8, 8, 5))), ValueError, "debe",
     "1, 3 o 4 canales"),
    ("confusion_matrix(longitudes)", lambda t: plots.confusion_matrix([0, 1, 1], [0, 1]), ValueError, "deberían",
     "uno por ejemplo (3)"),
    ("confusion_matrix(decimales)", lambda t: plots.confusion_matrix([0.5, 1.0], [0, 1]), ValueError, "decimales",
     "argmax(axis=1)"),
    ("misclassified(n=0)", lambda t: plots.misclassified(IMG, Y4, Y4[::-1], n=0), ValueError, "debe",
     "entero positivo"),
    ("misclassified(probabilidades mal)", lambda t: plots.misclassified(IMG, Y4, Y4[::-1],
                                                                         probabilities=np.ones((3, 4))),
     ValueError, "debe", "(n, clases)"),
    ("class_counts(vacío)", lambda t: plots.class_counts(np.array([], int)), ValueError, "No hay etiquetas",
     "vacío"),
    ("class_counts(negativas)", lambda t: plots.class_counts([-1, 0]), ValueError, "no pueden", "negativos"),
    ("learning_curves(lista)", lambda t: plots.learning_curves([0.5, 0.4]), TypeError, "Se esperaba",
     "history.history"),
    ("learning_curves({})", lambda t: plots.learning_curves({}), ValueError, "vacío", "entrena al menos una época"),
    ("learning_curves(épocas distintas)", lambda t: plots.learning_curves({"loss": [1, 2], "accuracy": [0.5]}),
     ValueError, "no tienen", "mismo número de épocas"),
    ("learning_curves(sin pérdida)", lambda t: plots.learning_curves({"lr": [0.1, 0.1]}), ValueError,
     "no tiene", "sus métricas son: lr"),
    ("learning_curves(total_epochs=0)", lambda t: plots.learning_curves({"loss": [1.0]}, total_epochs=0),
     ValueError, "debe", "entero positivo o None"),
    # ---------------------------------------------------------------- exercises (❌, sin romper la celda)
    ("check_number('0,5')", lambda t: exercises.check_number("0,5", 0.5), "❌", "se esperaba", "un número"),
    ("check_number(0,5 tupla)", lambda t: exercises.check_number((0, 5), 0.5), "❌", "coma decimal", "0.5"),
    ("check_number(True)", lambda t: exercises.check_number(True, 1), "❌", "valor lógico", "se esperaba un número"),
    ("check_number([1, 2])", lambda t: exercises.check_number([1, 2], 1), "❌", "una lista", "se esperaba un número"),
    ("check_number(inf)", lambda t: exercises.check_number(float("inf"), 1), "❌", "no es", "finito"),
    ("check_choice(2)", lambda t: exercises.check_choice(2, "a", {"a": "x", "b": "y"}), "❌", "no es una opción",
     "Elige una de: a, b"),
    ("check_choice('z')", lambda t: exercises.check_choice("z", "a", {"a": "x", "b": "y"}), "❌",
     "no es una opción", "Elige una de"),
    ("check_shape((28.5, 28))", lambda t: exercises.check_shape((28.5, 28), (28, 28)), "❌", "no lo es",
     "tupla de enteros"),
    ("check_shape(('veintiocho', 28))", lambda t: exercises.check_shape(("veintiocho", 28), (28, 28)), "❌",
     "no lo es", "tupla de enteros"),
    ("check_shape('28, 28')", lambda t: exercises.check_shape("28, 28", (28, 28)), "❌", "se esperaba",
     "una forma escrita como tupla"),
    ("check_shape((784,) en vez de (28, 28))", lambda t: exercises.check_shape((784,), (28, 28)), "❌",
     "mismo número de valores", "reshape"),
    # ---------------------------------------------------------------- training
    ("balanced_subset(n=0)", lambda t: training.balanced_subset(IMG, Y4, 0), ValueError, "debe",
     "Es el número de ejemplos"),
    ("balanced_subset(n='3')", lambda t: training.balanced_subset(IMG, Y4, "3"), ValueError, "debe",
     "número entero"),
    ("balanced_subset(n > len)", lambda t: training.balanced_subset(IMG, Y4, 30), ValueError, "solo hay",
     "n=min(n, len(x))"),
    ("balanced_subset(longitudes)", lambda t: training.balanced_subset(IMG, Y4[:3], 2), ValueError, "deben",
     "mismo número de ejemplos"),
    ("quick_subset(longitudes, modo completo)", lambda t: training.quick_subset(IMG, Y4[:3], 2), ValueError,
     "deben", "mismo número de ejemplos"),
    ("quick_subset(n=2.5)", lambda t: training.quick_subset(IMG, Y4, 2.5), ValueError, "debe", "número entero"),
    ("check_fit_data(sin etiquetas)", lambda t: training.check_fit_data(_model(), X784), ValueError, "Faltan",
     "model.fit(x_train, y_train"),
    ("check_fit_data(x=None)", lambda t: training.check_fit_data(_model(), None, Y4), ValueError, "necesita",
     "model.fit(x_train, y_train"),
    ("check_fit_data(nan)", lambda t: training.check_fit_data(_model(), np.full((4, 784), np.nan), Y4),
     ValueError, "nan", "elimina esos ejemplos"),
    ("check_fit_data(etiqueta 10 con Dense(10))",
     lambda t: training.check_fit_data(_model(), X784, np.array([0, 1, 2, 10])), ValueError, "neuronas",
     "Dense(11)"),
    ("check_fit_data(etiqueta 3.5)", lambda t: training.check_fit_data(_model(), X784, np.array([0, 1, 2, 3.5])),
     ValueError, "deben", "Revisa de dónde salen"),
    ("check_fit_data(one-hot con sparse)", lambda t: training.check_fit_data(_model(), X784, np.eye(10)[Y4]),
     ValueError, "están codificadas", "loss='categorical_crossentropy'"),
    ("check_fit_data(enteros con categorical)",
     lambda t: training.check_fit_data(_model("categorical_crossentropy"), X784, Y4), ValueError, "espera",
     "data.one_hot(y)"),
    ("check_fit_data(one-hot de ancho distinto)",
     lambda t: training.check_fit_data(_model("categorical_crossentropy"), X784, np.eye(5)[Y4]), ValueError,
     "tienen que coincidir", "num_classes=10"),
    ("check_fit_data(etiquetas de menos)", lambda t: training.check_fit_data(_model(), X784, Y4[:3]), ValueError,
     "tiene que haber", "subconjunto"),
    ("check_fit_data(validation_data=x_val)",
     lambda t: training.check_fit_data(_model(), X784, Y4, validation_data=X784), ValueError, "debe",
     "validation_data=(x_val, y_val)"),
    ("check_fit_data(textos)", lambda t: training.check_fit_data(_model(), np.array([["a"] * 784] * 4), Y4),
     ValueError, "deben", "array de NumPy"),
    # formatting: nada se trunca ni se escribe mal en silencio
    ("thousands('abc')", lambda t: formatting.thousands("abc"), ValueError, "espera un número", "60000"),
    ("thousands(None)", lambda t: formatting.thousands(None), ValueError, "espera un número", "60000"),
    ("thousands(nan)", lambda t: formatting.thousands(float("nan")), ValueError, "finito", "60000"),
    ("thousands(2.7)", lambda t: formatting.thousands(2.7), ValueError, "enteros", "round(x)"),
    ("percent('x')", lambda t: formatting.percent("x"), ValueError, "espera un número", "0.973"),
    ("percent(97.3)", lambda t: formatting.percent(97.3), ValueError, "parece ya un porcentaje", "/ 100"),
    ("seconds(-5)", lambda t: formatting.seconds(-5), ValueError, "no pueden ser negativas", "duraciones"),
    ("seconds('a')", lambda t: formatting.seconds("a"), ValueError, "espera un número", "2.5"),
    ("flops(None)", lambda t: formatting.flops(None), ValueError, "espera un número", "2e9"),
    ("yes_no('no')", lambda t: formatting.yes_no("no"), ValueError, "espera True o False", "np.allclose"),
    # plots: historiales y nombres de clase que no son lo que parecen
    ("learning_curves(valor texto)", lambda t: plots.learning_curves({"loss": [1, "a"]}), ValueError,
     "debe ser un número", "history.history"),
    ("learning_curves(valor None)", lambda t: plots.learning_curves({"loss": [1, None]}), ValueError,
     "debe ser un número", "lista de números"),
    ("learning_curves(lista anidada)", lambda t: plots.learning_curves({"loss": [[1, 2]]}), ValueError,
     "debe ser un número", "lista de números"),
    ("learning_curves(total_epochs=True)", lambda t: plots.learning_curves({"loss": [1.0]}, total_epochs=True),
     ValueError, "debe ser un entero", "None"),
    ("confusion_matrix(class_names=3)", lambda t: plots.confusion_matrix([0, 1], [1, 0], class_names=3),
     ValueError, "debe ser una lista", "uno por clase"),
    # training: subconjuntos
    ("balanced_subset(None)", lambda t: training.balanced_subset(None, None, 3), ValueError, "necesita",
     "un ejemplo por fila"),
    ("balanced_subset(probabilidades como etiquetas)",
     lambda t: training.balanced_subset(np.zeros(5), np.array([0.5, 0.2, 0.1, 0.3, 0.4]), 3), ValueError,
     "decimales", "argmax"),
]


def test_battery_is_large_enough():
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("call, expected, spanish, fix", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_spanish_message_with_fix(tmp_path, call, expected, spanish, fix):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # avisos de fuentes probadas antes de la última
        if expected == "❌":
            feedback = call(tmp_path)
            assert isinstance(feedback, exercises.Feedback) and not feedback.ok
            message = feedback.text()
            assert message.startswith("❌")
        else:
            with pytest.raises(expected) as err:
                call(tmp_path)
            message = str(err.value)
    assert spanish in message, message
    assert fix in message, message
    assert not ENGLISH.search(_without_paths_and_code(message)), message


def _without_paths_and_code(message: str) -> str:
    """El mensaje sin rutas, sin el motivo original de una excepción citada entre paréntesis ni el
    texto simulado de Keras, que pueden llevar inglés legítimo (nombres de archivos, de Python)."""
    message = re.sub(r"(/[\w.\-]+)+", "", message)
    message = re.sub(r"\((?:[A-Z]\w*(?:Error|File)): [^)]*\)", "", message)
    return message.replace("URL fetch failure", "")
