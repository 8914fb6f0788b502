"""Pruebas de la lección final_project (notebook 09): las fotos de la tienda y las comprobaciones de cada etapa.

Los modelos de las pruebas son pequeños y no se entrenan: unos «modelos» de mentira que aciertan
la fracción que se les pide en cada conjunto (la etiqueta y el conjunto van escritos en los
primeros píxeles de cada imagen) y, para el aumento, modelos de Keras de verdad cuya salida
descifra la etiqueta de esos píxeles.
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_helpers import assert_spanish, notebook_exercises, reset

import course_lib  # noqa: F401  (silencia TensorFlow)
from course_lib import config
from course_lib.exercises import PENDING, WRONG
from course_lib.lessons import final_project
from course_lib.lessons.final_project import compute, exercises as ex

import keras

SET_IDS = {"fit": 0, "val": 1, "test": 2, "shop": 3}


# --------------------------------------------------------------------------- datos y modelos de prueba


def coded_images(n: int, set_name: str, seed: int = 0):
    """Imágenes float32 (n, 28, 28, 1) al azar que llevan escritos su etiqueta, su conjunto y su posición."""
    rng = np.random.default_rng(seed + 10 * SET_IDS[set_name])
    labels = np.arange(n) % 10
    x = rng.integers(0, 256, size=(n, 28, 28, 1)).astype("float32") / 255
    x[:, 0, 0, 0] = labels / 255
    x[:, 0, 1, 0] = SET_IDS[set_name] / 255
    x[:, 0, 2, 0] = (np.arange(n) % 100) / 255
    return x, labels


def coded_datos(n_fit=200, n_val=100, n_test=100):
    return {key: coded_images(n, key) for key, n in (("fit", n_fit), ("val", n_val), ("test", n_test), ("shop", n_test))}


class Layer:  # una capa de mentira: solo importa el nombre de su clase
    pass


class Conv2D(Layer):
    pass


class Dense(Layer):
    pass


class FakeModel:
    """Acierta la fracción ``accs[conjunto]`` de cada conjunto (las imágenes con posición menor que 100·(1 − acc) fallan)."""

    def __init__(self, accs: dict, layers=(Dense(),), width: int = 10):
        self.accs, self.layers, self.output_shape = accs, list(layers), (None, width)

    def predict(self, x, batch_size=None, verbose=0):
        x = np.asarray(x)
        labels = np.rint(x[:, 0, 0, 0] * 255).astype(int)
        set_id = int(round(float(x[0, 0, 1, 0]) * 255))
        rank = np.rint(x[:, 0, 2, 0] * 255)
        acc = self.accs.get([k for k, v in SET_IDS.items() if v == set_id][0], 0.0)
        predicted = np.where(rank < round(100 * (1 - acc)), (labels + 1) % 10, labels)
        return np.eye(10)[predicted]


def decoder_model(*front, name="modelo"):
    """Un modelo de Keras de verdad: capas ``front`` (aumento) y una salida que lee la etiqueta de la imagen."""
    decode = keras.layers.Lambda(
        lambda x: keras.ops.one_hot(keras.ops.cast(keras.ops.round(x[:, 0, 0, 0] * 255), "int32"), 10),
        output_shape=(10,))
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), *front, decode], name=name)


class AlwaysNoisy(keras.layers.Layer):
    """Una capa propia que transforma siempre, también al evaluar (el error que hay que detectar)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(0)

    def call(self, x):
        return x + keras.random.uniform(keras.ops.shape(x), 0, 0.01, seed=self.seed_generator)


def good_augmentation():
    return [keras.layers.RandomFlip("horizontal"), keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant")]


@pytest.fixture(autouse=True)
def quick_mode():
    config.set_quick(True)
    reset(ex.EXERCISES)
    yield
    reset(ex.EXERCISES)


def message(feedback) -> str:
    assert_spanish(feedback.message)
    return feedback.message


# --------------------------------------------------------------------------- compute


def raw_images(n, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


def test_shop_photos_are_deterministic_mirrored_and_shifted_with_the_same_shape():
    images = raw_images(50)
    shop = final_project.shop_photos(images)
    assert shop.shape == images.shape and shop.dtype == images.dtype
    assert np.array_equal(shop, final_project.shop_photos(images))
    assert not np.array_equal(shop, final_project.shop_photos(images, seed=1))
    moves = compute.shop_moves(len(images))
    assert np.abs(moves).max() <= compute.SHOP_MAX_SHIFT and not (moves == 0).all(axis=1).any()
    for image, photo, (dy, dx) in zip(images, shop, moves):
        assert np.array_equal(photo, compute.shift_image(image[:, ::-1], int(dy), int(dx)))
        assert not np.array_equal(photo, image[:, ::-1])   # además del espejo, siempre se mueve


def test_shop_photos_keep_the_garment_and_the_range():
    image = np.zeros((1, 28, 28), dtype=np.uint8)
    image[0, 10:18, 4:12] = 200     # una prenda a la izquierda, lejos del borde
    photo = final_project.shop_photos(image)[0]
    assert photo.sum() == image.sum()                      # nada se sale: la prenda entera, 0-255
    cols = np.flatnonzero(photo.any(axis=0))
    assert cols.min() >= 14                                # reflejada: ahora a la derecha
    floats = final_project.shop_photos(raw_images(5).astype("float32") / 255)
    assert floats.dtype == np.float32 and 0 <= floats.min() and floats.max() <= 1


def test_shop_photos_reject_a_single_image():
    with pytest.raises(ValueError, match="lote"):
        final_project.shop_photos(raw_images(1)[0])


def test_image_hashes_are_the_same_for_raw_and_normalized_images():
    images = raw_images(20)
    raw = final_project.image_hashes(images)
    assert raw == final_project.image_hashes((images.astype("float32") / 255)[..., None])
    assert len(set(raw)) == 20


def test_augmentation_layers_are_found_inside_nested_models():
    model = decoder_model(keras.Sequential(good_augmentation(), name="aumento"))
    assert [type(l).__name__ for l in final_project.augmentation_layers(model)] == ["RandomFlip", "RandomTranslation"]
    assert compute.rotation_degrees(keras.layers.RandomRotation(0.25)) == pytest.approx(90)
    assert compute.figures_in("91.2 %, 91,2 % y 0.912; 3 épocas") == pytest.approx([0.912, 0.912, 0.912, 0.03])


# --------------------------------------------------------------------------- ejercicios


def test_the_notebook_has_one_exercise_per_stage_in_order():
    assert [key for key, _ in notebook_exercises("09_evaluacion_final.ipynb")] == list(ex.EXERCISES.exercises)
    assert len(ex.EXERCISES) == 8


@pytest.mark.parametrize("key, answer, context", [
    ("shop_difference", ..., {}), ("preprocess", ..., {}), ("dense_baseline", ..., {"datos": ...}),
    ("cnn", ..., {"datos": ..., "dense": ...}), ("remedy", ..., {"remedies": {}, "datos": ...}),
    ("augmentation", ..., {"datos": ...}), ("final_evaluation", ..., {"model": ..., "datos": ...}),
    ("analysis", ..., {"results": ...}),
])
def test_every_stage_waits_while_its_answer_is_empty(key, answer, context):
    assert ex.EXERCISES.exercises[key].check(answer, **context).status == PENDING


def test_stage_1_what_the_shop_changes():
    assert ex.shop_difference.check("b").ok
    assert "derechas" in message(ex.shop_difference.check("c"))
    assert "mismas prendas" in message(ex.shop_difference.check("a"))


def preprocess_case(n_train=300, n_test=60):
    train = raw_images(n_train, seed=1)
    train_labels = np.arange(n_train) % 10
    test = raw_images(n_test, seed=2)
    test_labels = np.arange(n_test) % 10
    shop = final_project.shop_photos(test)
    context = dict(train_images=train, train_labels=train_labels, test_images=test, test_labels=test_labels,
                   shop_images=shop)

    def prepare(images):
        return (images.astype("float32") / 255)[..., None]

    datos = {"fit": (prepare(train[:-60]), train_labels[:-60]), "val": (prepare(train[-60:]), train_labels[-60:]),
             "test": (prepare(test), test_labels), "shop": (prepare(shop), test_labels)}
    return datos, context


def test_stage_2_the_right_preprocessing_passes():
    datos, context = preprocess_case()
    assert ex.preprocess.check(datos, **context).ok


@pytest.mark.parametrize("change, expected", [
    (lambda d, c: {**d, "val": ((c["test_images"].astype("float32") / 255)[..., None], c["test_labels"])},
     "salen del conjunto de prueba"),
    (lambda d, c: {**d, "val": (d["fit"][0][:60], d["fit"][1][:60])}, "también están en datos['fit']"),
    (lambda d, c: {**d, "fit": (d["fit"][0], np.roll(d["fit"][1], 1))}, "no son las de sus imágenes"),
    (lambda d, c: {**d, "fit": (d["fit"][0][..., 0], d["fit"][1])}, "eje de canal"),
    (lambda d, c: {**d, "fit": ((d["fit"][0] * 255).astype("uint8"), d["fit"][1])}, "sin normalizar"),
    (lambda d, c: {**d, "fit": (d["fit"][0].astype("float64"), d["fit"][1])}, "float32"),
    (lambda d, c: {**d, "fit": (d["fit"][0] / 255, d["fit"][1])}, "dos veces"),
    (lambda d, c: {**d, "fit": (d["fit"][0].reshape(-1, 784), d["fit"][1])}, "aplanadas"),
    (lambda d, c: {**d, "test": (d["test"][0][:30], d["test"][1][:30])}, "todas y en su orden"),
    (lambda d, c: {**d, "shop": (d["test"][0], d["test"][1])}, "fotos de la tienda"),
    (lambda d, c: {**d, "fit": (d["fit"][0][:100], d["fit"][1][:100])}, "usa todas"),
    (lambda d, c: {k: v for k, v in d.items() if k != "shop"}, "la clave shop"),
    (lambda d, c: [d["fit"], d["val"]], "diccionario"),
])
def test_stage_2_typical_mistakes_get_their_own_message(change, expected):
    datos, context = preprocess_case()
    feedback = ex.preprocess.check(change(datos, context), **context)
    assert feedback.status == WRONG and expected in message(feedback)


def test_stage_3_dense_baseline():
    datos = coded_datos()
    assert ex.dense_baseline.check(FakeModel({"val": 0.8}), datos=datos).ok
    assert "al menos" in message(ex.dense_baseline.check(FakeModel({"val": 0.4}), datos=datos))
    assert "azar" in message(ex.dense_baseline.check(FakeModel({"val": 0.1}), datos=datos))
    assert "convolucionales" in message(ex.dense_baseline.check(FakeModel({"val": 0.9}, [Conv2D()]), datos=datos))
    assert "10 clases" in message(ex.dense_baseline.check(FakeModel({"val": 0.9}, width=5), datos=datos))
    assert "modelo de Keras" in message(ex.dense_baseline.check("mi red", datos=datos))
    assert "etapa 2" in message(ex.dense_baseline.check(FakeModel({"val": 0.9}), datos=...))


def test_dense_threshold_comes_from_the_mode():
    datos = coded_datos()
    assert ex.dense_baseline.check(FakeModel({"val": 0.8}), datos=datos).ok
    config.set_quick(False)
    assert not ex.dense_baseline.check(FakeModel({"val": 0.8}), datos=datos).ok


def test_stage_4_the_cnn_must_beat_the_dense_baseline():
    datos = coded_datos()
    dense = FakeModel({"val": 0.8})
    assert ex.cnn.check(FakeModel({"val": 0.9}, [Conv2D(), Dense()]), datos=datos, dense=dense).ok
    assert "superarla" in message(ex.cnn.check(FakeModel({"val": 0.7}, [Conv2D()]), datos=datos, dense=dense))
    assert "no tiene capas Conv2D" in message(ex.cnn.check(FakeModel({"val": 0.9}), datos=datos, dense=dense))
    assert "mismo modelo" in message(ex.cnn.check(dense, datos=datos, dense=dense))
    assert "etapa 3" in message(ex.cnn.check(FakeModel({"val": 0.9}, [Conv2D()]), datos=datos, dense=...))


REMEDIES = {
    "none": FakeModel({"fit": 0.99, "val": 0.80, "test": 0.80}),
    "dropout": FakeModel({"fit": 0.90, "val": 0.85, "test": 0.83}),
    "l2": FakeModel({"fit": 0.92, "val": 0.82, "test": 0.86}),
    "early_stopping": FakeModel({"fit": 0.90, "val": 0.81, "test": 0.80}),
}


def test_stage_5_the_remedy_is_chosen_on_validation():
    datos = coded_datos()
    assert ex.remedy.check("dropout", remedies=REMEDIES, datos=datos).ok
    assert "PRUEBA" in message(ex.remedy.check("l2", remedies=REMEDIES, datos=datos))
    assert "ENTRENAMIENTO" in message(ex.remedy.check("none", remedies=REMEDIES, datos=datos))
    assert "'dropout' el 85.0 %" in message(ex.remedy.check("early_stopping", remedies=REMEDIES, datos=datos))
    assert "no es una clave" in message(ex.remedy.check("dropuot", remedies=REMEDIES, datos=datos))
    assert "texto" in message(ex.remedy.check(2, remedies=REMEDIES, datos=datos))
    assert "al menos dos" in message(ex.remedy.check("dropout", remedies={}, datos=datos))


def test_stage_6_right_augmentation_inside_the_model_passes():
    datos = coded_datos()
    feedback = ex.augmentation.check(decoder_model(*good_augmentation()), datos=datos)
    assert feedback.ok, feedback.message


@pytest.mark.parametrize("front, expected", [
    ([keras.layers.RandomFlip("horizontal_and_vertical"), keras.layers.RandomTranslation(0.1, 0.1)], "arriba-abajo"),
    ([keras.layers.RandomFlip("vertical"), keras.layers.RandomTranslation(0.1, 0.1)], "arriba-abajo"),
    (good_augmentation() + [keras.layers.RandomRotation(0.5)], "180°"),
    ([keras.layers.RandomTranslation(0.1, 0.1)], "RandomFlip(\"horizontal\")"),
    ([keras.layers.RandomFlip("horizontal")], "RandomTranslation"),
    ([], "no encuentro capas de aumento"),
    (good_augmentation() + [AlwaysNoisy()], "sigue activo al evaluar"),
])
def test_stage_6_augmentation_that_does_not_belong_is_refused(front, expected):
    datos = coded_datos()
    feedback = ex.augmentation.check(decoder_model(*front), datos=datos)
    assert feedback.status == WRONG and expected in message(feedback)


def test_stage_6_small_rotations_are_allowed_and_untrained_models_are_not():
    datos = coded_datos()
    assert ex.augmentation.check(decoder_model(*good_augmentation(), keras.layers.RandomRotation(0.02)), datos=datos).ok
    untrained = keras.Sequential([keras.Input(shape=(28, 28, 1)), *good_augmentation(), keras.layers.Flatten(),
                                  keras.layers.Dense(10, activation="softmax", kernel_initializer="zeros")])
    assert "entrénalo" in message(ex.augmentation.check(untrained, datos=datos))


def test_stage_7_the_final_evaluation_is_recomputed():
    datos = coded_datos()
    final = FakeModel({"val": 0.9, "test": 0.92, "shop": 0.85})
    assert ex.final_evaluation.check({"test": 0.92, "shop": 0.85}, model=final, datos=datos).ok
    assert "cambiado de sitio" in message(ex.final_evaluation.check({"test": 0.85, "shop": 0.92}, model=final, datos=datos))
    assert "VALIDACIÓN" in message(ex.final_evaluation.check({"test": 0.90, "shop": 0.85}, model=final, datos=datos))
    assert "fracción" in message(ex.final_evaluation.check({"test": 92, "shop": 85}, model=final, datos=datos))
    assert "[1]" in message(ex.final_evaluation.check({"test": [0.3, 0.92], "shop": 0.85}, model=final, datos=datos))
    assert "no coincide" in message(ex.final_evaluation.check({"test": 0.7, "shop": 0.85}, model=final, datos=datos))
    assert '"test" y "shop"' in message(ex.final_evaluation.check({"test": 0.92}, model=final, datos=datos))
    weak = FakeModel({"val": 0.5, "test": 0.5, "shop": 0.4})
    assert "al menos" in message(ex.final_evaluation.check({"test": 0.5, "shop": 0.4}, model=weak, datos=datos))
    assert "etapa 6" in message(ex.final_evaluation.check({"test": 0.92, "shop": 0.85}, model=..., datos=datos))


GOOD_TEXT = ("En validación la red densa llegó al 88.1 % y la CNN al 90.2 %, porque las convoluciones comparten pesos. "
             "Elegí dropout, el mejor en validación con un 89.0 %, sin mirar la prueba. El modelo final acierta el "
             "91.3 % en la prueba y el 88.7 % en las fotos de la tienda; la CNN sin aumento se quedaba en el 55.0 % "
             "allí. El espejo y los desplazamientos son lo que cambia la tienda; la ropa se fotografía derecha, así "
             "que no usé volteo vertical. Con fotos de la tienda etiquetadas haría una validación con ellas.")


def test_stage_8_the_analysis_needs_length_and_figures():
    results = {"test": 0.913, "shop": 0.887}
    assert ex.analysis.check(GOOD_TEXT, results=results).ok
    assert "palabras" in message(ex.analysis.check("La CNN ganó.", results=results))
    no_val = GOOD_TEXT.replace("validación", "comparación")
    assert "validación" in message(ex.analysis.check(no_val, results=results))
    assert "exactitud de prueba" in message(ex.analysis.check(GOOD_TEXT.replace("91.3", "93.9"), results=results))
    only_test = " ".join(["palabra"] * 60) + " validación prueba 91.3 % y la tienda 88.7 %"
    assert "ninguna de validación" in message(ex.analysis.check(only_test, results=results))
    assert "comillas triples" in message(ex.analysis.check(42, results=results))
    assert "etapa 7" in message(ex.analysis.check(GOOD_TEXT, results=...))


def test_progress_counts_the_stages():
    ex.shop_difference.check("b")
    ex.analysis.check("corto", results={"test": 0.9})
    text = ex.progress().text()
    assert "1 de 8" in text and "Ejercicio 8 (incorrecto)" in text and "Ejercicio 2 (sin responder)" in text
