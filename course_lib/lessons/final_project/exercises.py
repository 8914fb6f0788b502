"""Ejercicios del notebook 09 (evaluación final): una comprobación por etapa del proyecto.

En el notebook::

    from course_lib.lessons.final_project import exercises as ex
    ex.preprocess.check(datos, train_images=train_images, train_labels=train_labels,
                        test_images=test_images, test_labels=test_labels, shop_images=shop_images)
    ex.cnn.check(cnn, datos=datos, dense=densa)

Los umbrales de exactitud dependen del modo (``config.pick``): en modo rápido se entrena con
unos pocos miles de imágenes y unas pocas épocas. Las comprobaciones recalculan las
exactitudes con el modelo y los datos; no se fían de las cifras que escribe el estudiante.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from course_lib import config, exercises, formatting
from course_lib.exercise_set import ExerciseSet
from course_lib.exercises import RIGHT, WRONG, Feedback, explain_error, is_pending
from course_lib.lessons.final_project import compute, solutions

EXERCISES = ExerciseSet("09_evaluacion_final")

SPLITS = ("fit", "val", "test", "shop")
REMEDY_TOLERANCE = 0.0025      # dos remedios a menos de 0.25 puntos en validación empatan
MAX_ROTATION_DEGREES = 30      # la ropa se fotografía derecha: giros pequeños sí, grandes no
MIN_WORDS = 60


def thresholds() -> dict[str, float]:
    """Exactitudes mínimas de cada etapa en el modo actual."""
    return {"dense_val": config.pick(full=0.85, quick=0.6), "cnn_val": config.pick(full=0.88, quick=0.6),
            "final_test": config.pick(full=0.90, quick=0.55)}


def _wrong(message: str) -> Feedback:
    return Feedback(WRONG, message)


def _pct(value: float) -> str:
    return formatting.percent(value)


def _missing_stage(stage: int, name: str) -> Feedback:
    return _wrong(f"antes completa la etapa {stage}: `{name}` todavía no está preparado (ejecuta su celda "
                  "después de escribirla).")


def _splits(datos) -> dict | Feedback:
    """``datos`` validado por encima: un diccionario con ``(x, y)`` en cada parte, o un Feedback con el problema."""
    if not isinstance(datos, dict):
        return _wrong(f"`datos` debe ser un diccionario con las claves {', '.join(SPLITS)}, y es "
                      f"{exercises.describe_value(datos)[:80]}.")
    missing = [k for k in SPLITS if k not in datos]
    if missing:
        return _wrong(f"a `datos` le falta{'n' if len(missing) > 1 else ''} la{'s' if len(missing) > 1 else ''} "
                      f"clave{'s' if len(missing) > 1 else ''} {', '.join(missing)}; debe tener {', '.join(SPLITS)}.")
    out = {}
    for key in SPLITS:
        pair = datos[key]
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            return _wrong(f"datos[{key!r}] debe ser una pareja (imágenes, etiquetas), p. ej. (x_{key}, y_{key}).")
        x, y = np.asarray(pair[0]), np.asarray(pair[1]).reshape(-1)
        if len(x) != len(y):
            return _wrong(f"en datos[{key!r}] hay {formatting.thousands(len(x))} imágenes y "
                          f"{formatting.thousands(len(y))} etiquetas: debe haber una etiqueta por imagen.")
        out[key] = (x, y)
    return out


def _need_data(datos, stage: int = 2) -> dict | Feedback:
    if is_pending(datos):
        return _missing_stage(stage, "datos")
    return _splits(datos)


def _model_accuracy(model, x, y, what: str) -> float | Feedback:
    """La exactitud recalculada, o un Feedback en español si el modelo no acepta los datos."""
    if not hasattr(model, "predict"):
        return _wrong(f"{what} debe ser un modelo de Keras entrenado (keras.Sequential(...) después de fit), y es "
                      f"{exercises.describe_value(model)[:80]}.")
    width = compute.output_width(model)
    if width is not None and width != 10:
        return _wrong(f"{what} tiene {width} salida{'s' if width != 1 else ''}: Fashion-MNIST tiene 10 clases, así "
                      "que la última capa es Dense(10, activation=\"softmax\").")
    try:
        return compute.accuracy(model, x, y)
    except Exception as exc:  # noqa: BLE001 - el estudiante ve por qué, en español
        return _wrong(f"{what} no acepta las imágenes de validación: {explain_error(exc)} Las imágenes tienen forma "
                      f"{tuple(np.shape(x))[1:]} por imagen; la entrada del modelo debe coincidir.")


def _chance_note(acc: float) -> str:
    return " Acierta como al azar (10 clases): ¿lo has entrenado con fit?" if acc < 0.2 else ""


# --- Etapa 1: explorar ----------------------------------------------------------------------------

SHOP_OPTIONS = {
    "a": "otras prendas, de clases que no están en el entrenamiento",
    "b": "las mismas prendas, reflejadas izquierda-derecha y desplazadas unos píxeles",
    "c": "las mismas prendas, giradas 90° o boca abajo",
    "d": "las mismas prendas con los colores invertidos (fondo claro, prenda oscura)",
}


@EXERCISES.exercise("Ejercicio 1", answer="diferencia",
                    hint="Compara cada foto de la tienda con la imagen de prueba que tiene encima: ¿hacia dónde "
                         "mira el calzado? ¿Sigue la prenda en el centro?",
                    solution=solutions.SHOP_DIFFERENCE_SOLUTION,
                    explanation="Son transformaciones que no cambian la clase: una zapatilla mirando a la derecha "
                                "sigue siendo una zapatilla. Por eso se pueden enseñar con aumento de datos.")
def shop_difference(answer):
    return exercises.check_choice(answer, "b", SHOP_OPTIONS, explanations={
        "a": "las etiquetas de la tienda son las de prueba, una a una: son las mismas prendas (mira las parejas).",
        "b": "el calzado mira al otro lado y las prendas no están centradas.",
        "c": "las prendas siguen derechas: el cuello arriba, la suela abajo.",
        "d": "el fondo sigue negro y la prenda clara, como en el entrenamiento."})


# --- Etapa 2: preprocesar -------------------------------------------------------------------------

def _image_problem(key: str, x: np.ndarray) -> str | None:
    """Forma, tipo y rango de las imágenes de una parte de ``datos``."""
    if x.ndim == 3 and x.shape[1:] == (28, 28):
        return f"las imágenes de datos[{key!r}] no tienen eje de canal: forma (n, 28, 28); la CNN espera (n, 28, 28, 1) (x[..., None])."
    if x.ndim == 2 and x.shape[1] == 784:
        return f"las imágenes de datos[{key!r}] están aplanadas (n, 784): la CNN espera (n, 28, 28, 1); aplana dentro del modelo (Flatten)."
    if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
        return f"las imágenes de datos[{key!r}] tienen forma {x.shape}; se espera (n, 28, 28, 1)."
    if not np.issubdtype(x.dtype, np.floating):
        return (f"las imágenes de datos[{key!r}] son de tipo {x.dtype}, sin normalizar: pásalas a float32 en [0, 1] "
                "(data.normalize divide entre 255).")
    if x.dtype != np.float32:
        return f"las imágenes de datos[{key!r}] son {x.dtype}; usa float32 (la mitad de memoria; data.normalize ya lo da)."
    if x.size == 0:
        return f"datos[{key!r}] no tiene imágenes."
    lo, hi = float(x.min()), float(x.max())
    if lo < 0 or hi > 1:
        return f"los píxeles de datos[{key!r}] van de {lo:g} a {hi:g}: deben estar en [0, 1] (divide entre 255 una sola vez)."
    if hi <= 1 / 255 + 1e-6:
        return f"los píxeles de datos[{key!r}] no pasan de {hi:.4f}: has dividido dos veces entre 255."
    return None


def _labels_match(x: np.ndarray, y: np.ndarray, by_hash: dict[str, set]) -> float:
    """Fracción de imágenes cuya etiqueta es una de las de esa misma imagen en el conjunto original."""
    hashes = compute.image_hashes(x)
    return float(np.mean([int(label) in by_hash.get(h, ()) for h, label in zip(hashes, y)])) if len(y) else 1.0


@EXERCISES.exercise("Ejercicio 2", answer="datos",
                    hint="Normaliza con data.normalize (float32 en [0, 1]), añade el canal con [..., None] y separa "
                         "la validación de las imágenes de ENTRENAMIENTO (las últimas N_VAL); la prueba y la tienda, "
                         "enteras y en su orden.",
                    solution=solutions.PREPROCESS_SOLUTION,
                    explanation="La validación sale del entrenamiento: la prueba se queda sin tocar hasta la "
                                "evaluación final.")
def preprocess(answer, *, train_images, train_labels, test_images, test_labels, shop_images):
    splits = _splits(answer)
    if isinstance(splits, Feedback):
        return splits
    for key in SPLITS:
        problem = _image_problem(key, splits[key][0])
        if problem:
            return _wrong(problem)
    for key, images, labels in (("test", test_images, test_labels), ("shop", shop_images, test_labels)):
        x, y = splits[key]
        what = "las imágenes de prueba" if key == "test" else "las fotos de la tienda"
        if len(x) != len(images) or not np.allclose(x[..., 0], np.asarray(images, dtype="float32") / 255, atol=1e-6):
            return _wrong(f"datos[{key!r}] no son {what} normalizadas, todas y en su orden "
                          f"({formatting.thousands(len(images))}): no las recortes ni las barajes.")
        if not np.array_equal(y, np.asarray(labels).reshape(-1)):
            return _wrong(f"las etiquetas de datos[{key!r}] no son test_labels en su orden"
                          + (" (la tienda fotografía las mismas prendas de prueba)." if key == "shop" else "."))
    train_by_hash: dict[str, set] = {}
    for h, label in zip(compute.image_hashes(train_images), np.asarray(train_labels).reshape(-1)):
        train_by_hash.setdefault(h, set()).add(int(label))
    test_hashes = set(compute.image_hashes(test_images)) | set(compute.image_hashes(shop_images))
    fit_hashes = compute.image_hashes(splits["fit"][0])
    val_hashes = compute.image_hashes(splits["val"][0])
    for key, hashes in (("val", val_hashes), ("fit", fit_hashes)):
        outside = [h for h in hashes if h not in train_by_hash]
        if outside:
            from_test = sum(h in test_hashes for h in outside)
            where = ("salen del conjunto de prueba: la prueba no se toca hasta la evaluación final, y una validación "
                     "sacada de ella haría que eligieras mirando la prueba" if from_test >= len(outside) / 2 else
                     "no son imágenes de entrenamiento")
            return _wrong(f"{formatting.thousands(len(outside))} de las {formatting.thousands(len(hashes))} imágenes de "
                          f"datos[{key!r}] {where}. Sácalas de train_images.")
    fit_set = set(fit_hashes)
    shared = sum(h in fit_set for h in val_hashes)
    if shared > 0.01 * len(val_hashes):
        return _wrong(f"{formatting.thousands(shared)} imágenes de validación también están en datos['fit']: la "
                      "validación debe ser de imágenes que la red no ve al entrenar (separa, no copies).")
    n_train = len(train_images)
    n_fit, n_val = len(fit_hashes), len(val_hashes)
    if n_val < min(100, n_train // 10):
        return _wrong(f"la validación tiene solo {formatting.thousands(n_val)} imágenes: con tan pocas, su exactitud "
                      "varía demasiado para elegir entre modelos. Usa N_VAL.")
    if n_val > n_train // 2:
        return _wrong(f"la validación tiene {formatting.thousands(n_val)} de las {formatting.thousands(n_train)} "
                      "imágenes de entrenamiento: deja la mayoría para ajustar la red. Usa N_VAL.")
    if n_fit + n_val < 0.9 * n_train:
        return _wrong(f"entre ajuste y validación usas {formatting.thousands(n_fit + n_val)} de las "
                      f"{formatting.thousands(n_train)} imágenes de entrenamiento: usa todas (el resto, para ajustar).")
    for key in ("fit", "val"):
        x, y = splits[key]
        if _labels_match(x, y, train_by_hash) < 0.99:
            return _wrong(f"las etiquetas de datos[{key!r}] no son las de sus imágenes: ¿has cortado o barajado las "
                          "imágenes y las etiquetas por separado?")
    return Feedback(RIGHT, f"correcto: {formatting.thousands(n_fit)} imágenes para ajustar, "
                    f"{formatting.thousands(n_val)} de validación (del entrenamiento, ninguna de la prueba), "
                    "float32 en [0, 1] con forma (n, 28, 28, 1).")


# --- Etapas 3 y 4: línea base densa y CNN ---------------------------------------------------------

@EXERCISES.exercise("Ejercicio 3", answer="densa",
                    hint="Flatten y capas Dense, nada de Conv2D; compílala con sparse_categorical_crossentropy y "
                         "entrénala con fit (x_fit, y_fit) vigilando la validación.",
                    solution=solutions.DENSE_BASELINE_SOLUTION,
                    explanation="La línea base dice cuánto vale lo sencillo: cada mejora posterior se mide contra ella.")
def dense_baseline(answer, *, datos):
    splits = _need_data(datos)
    if isinstance(splits, Feedback):
        return splits
    if compute.has_layer(answer, ("Conv2D", "Conv1D", "Conv3D", "SeparableConv2D", "DepthwiseConv2D")):
        return _wrong("`densa` tiene capas convolucionales: la línea base es una red densa (Flatten y Dense); la CNN "
                      "llega en la etapa 4.")
    acc = _model_accuracy(answer, *splits["val"], "`densa`")
    if isinstance(acc, Feedback):
        return acc
    need = thresholds()["dense_val"]
    if acc < need:
        return _wrong(f"la exactitud de validación es {_pct(acc)}, y la línea base debe llegar al menos al {_pct(need)}."
                      + (_chance_note(acc) or " Revisa las épocas, la tasa de aprendizaje y la normalización."))
    return Feedback(RIGHT, f"correcto: la línea base densa acierta el {_pct(acc)} en validación.")


@EXERCISES.exercise("Ejercicio 4", answer="cnn",
                    hint="Dos bloques Conv2D + MaxPooling2D (16 y 32 filtros bastan), Flatten, Dense(128) y Dense(10); en CPU, "
                         "sin jit_compile. Compara su validación con la de densa.",
                    solution=solutions.CNN_SOLUTION,
                    explanation="Las convoluciones comparten pesos por toda la imagen: con menos parámetros que la "
                                "red densa, aprovechan que los píxeles vecinos van juntos.")
def cnn(answer, *, datos, dense):
    splits = _need_data(datos)
    if isinstance(splits, Feedback):
        return splits
    if is_pending(dense):
        return _missing_stage(3, "densa")
    if answer is dense:
        return _wrong("`cnn` es el mismo modelo que `densa`: construye una red nueva con capas Conv2D.")
    if not compute.has_layer(answer, ("Conv2D", "SeparableConv2D", "DepthwiseConv2D")):
        return _wrong("`cnn` no tiene capas Conv2D: una red convolucional empieza con bloques Conv2D + MaxPooling2D.")
    acc = _model_accuracy(answer, *splits["val"], "`cnn`")
    if isinstance(acc, Feedback):
        return acc
    need = thresholds()["cnn_val"]
    if acc < need:
        return _wrong(f"la exactitud de validación de la CNN es {_pct(acc)}; debe llegar al menos al {_pct(need)}."
                      + (_chance_note(acc) or " ¿Has entrenado las épocas previstas?"))
    base = _model_accuracy(dense, *splits["val"], "`densa`")
    if isinstance(base, Feedback):
        return base
    if acc <= base:
        return _wrong(f"la CNN acierta el {_pct(acc)} en validación, y la línea base densa el {_pct(base)}: la CNN "
                      "debe superarla. Revisa las capas (¿activación relu?, ¿pooling?) y las épocas.")
    return Feedback(RIGHT, f"correcto: la CNN acierta el {_pct(acc)} en validación, "
                    f"{100 * (acc - base):.1f} puntos más que la red densa ({_pct(base)}).")


# --- Etapa 5: el remedio, elegido en validación ---------------------------------------------------


@EXERCISES.exercise("Ejercicio 5", answer="elegido",
                    hint="Entrena una variante por remedio con los mismos datos y las mismas épocas, guárdalas en "
                         "remedios y elige la clave con la mejor exactitud en x_val. La prueba no se mira aún.",
                    solution=solutions.REMEDY_SOLUTION,
                    explanation="Elegir con la validación deja la prueba intacta: su exactitud seguirá siendo una "
                                "estimación honesta de lo que la red hará con fotos nuevas.")
def remedy(answer, *, remedies, datos):
    splits = _need_data(datos)
    if isinstance(splits, Feedback):
        return splits
    if not isinstance(remedies, dict) or len(remedies) < 2:
        return _wrong("`remedios` debe ser un diccionario con al menos dos modelos entrenados (nombre → modelo), "
                      "uno por remedio, para poder compararlos.")
    if not isinstance(answer, str):
        return _wrong(f"`elegido` es la clave (un texto) del remedio que eliges, y es {exercises.describe_value(answer)[:80]}.")
    if answer not in remedies:
        return _wrong(f"{answer!r} no es una clave de `remedios`; sus claves son: {', '.join(map(repr, remedies))}.")
    x_test, y_test = splits["test"]
    x_fit, y_fit = splits["fit"]
    scores = {}
    for key, model in remedies.items():
        row = []
        for x, y, what in ((*splits["val"], "validación"), (x_test[:5000], y_test[:5000], "prueba"), (x_fit[:3000], y_fit[:3000], "ajuste")):
            acc = _model_accuracy(model, x, y, f"remedios[{key!r}]")
            if isinstance(acc, Feedback):
                return acc
            row.append(acc)
        scores[key] = row
    best_val = max(v for v, _, _ in scores.values())
    val, test, fit = scores[answer]
    if val >= best_val - REMEDY_TOLERANCE:
        return Feedback(RIGHT, f"correcto: {answer!r} es el mejor en validación ({_pct(val)}).")
    best_test = max(scores, key=lambda k: scores[k][1])
    best_fit = max(scores, key=lambda k: scores[k][2])
    best_key = max(scores, key=lambda k: scores[k][0])
    if answer == best_test:
        return _wrong(f"{answer!r} es el mejor en la PRUEBA, no en validación ({_pct(val)} frente a {_pct(best_val)} "
                      "del mejor). Si eliges mirando la prueba, su exactitud deja de ser una estimación honesta: "
                      "el modelo se ha elegido para ella. Elige con x_val.")
    if answer == best_fit:
        return _wrong(f"{answer!r} es el que mejor va en ENTRENAMIENTO ({_pct(fit)}), pero eso premia al que más "
                      f"memoriza; en validación se queda en {_pct(val)}, y otro llega a {_pct(best_val)}.")
    return _wrong(f"{answer!r} acierta el {_pct(val)} en validación, y {best_key!r} el {_pct(best_val)}: elige por la "
                  "exactitud de validación de cada modelo (model.evaluate(x_val, y_val)).")


# --- Etapa 6: aumento de datos, solo el que corresponde -------------------------------------------


def augmentation_problem(model) -> str | None:
    """Qué falla en el aumento de un modelo (capas, modos, si sigue activo al evaluar), o ``None``."""
    layers = compute.augmentation_layers(model)
    if not layers:
        return ("no encuentro capas de aumento en el modelo: ponlas dentro, al principio (keras.layers.RandomFlip, "
                "RandomTranslation…), para que actúen solo al entrenar. Si aumentaste las imágenes antes de fit, "
                "cada época ve las mismas copias.")
    names = [type(layer).__name__ for layer in layers]
    for layer in layers:
        kind = type(layer).__name__
        if kind == "RandomFlip" and "vertical" in compute.flip_mode(layer):
            return ("tu RandomFlip voltea arriba-abajo (modo «vertical»): la tienda fotografía la ropa derecha, y una "
                    "camiseta boca abajo no es una foto que la red vaya a ver. Usa RandomFlip(\"horizontal\").")
        if kind == "RandomRotation" and compute.rotation_degrees(layer) > MAX_ROTATION_DEGREES:
            return (f"tu RandomRotation gira hasta {compute.rotation_degrees(layer):.0f}°: la ropa se fotografía "
                    f"derecha, y un giro así enseña fotos que no existen. Quítalo o déjalo en pocos grados "
                    f"(como mucho {MAX_ROTATION_DEGREES}°; factor={MAX_ROTATION_DEGREES / 360:.3f}).")
    if not any(n == "RandomFlip" and compute.flip_mode(l) in ("horizontal", "horizontal_and_vertical")
               for n, l in zip(names, layers)):
        return ("la tienda refleja las prendas de izquierda a derecha, y tu aumento no lo hace: añade "
                "keras.layers.RandomFlip(\"horizontal\").")
    if "RandomTranslation" not in names:
        return ("la tienda además desplaza las prendas unos píxeles, y tu aumento no: añade "
                "keras.layers.RandomTranslation (un factor de 0.1 son 2.8 píxeles).")
    return None


@EXERCISES.exercise("Ejercicio 6", answer="final",
                    hint="Piensa qué cambia la tienda y qué no: ¿se fotografía la ropa boca abajo? Las capas Random* "
                         "van dentro del modelo, delante de la CNN, y Keras solo las activa al entrenar.",
                    solution=solutions.AUGMENTATION_SOLUTION,
                    explanation="El aumento enseña lo que la tienda cambia (espejo, pequeños desplazamientos) y nada "
                                "más; al evaluar, las capas Random* dejan pasar las imágenes tal cual.")
def augmentation(answer, *, datos):
    splits = _need_data(datos)
    if isinstance(splits, Feedback):
        return splits
    if not hasattr(answer, "layers") or not callable(answer):
        return _wrong(f"`final` debe ser el modelo de Keras final (con el aumento dentro), y es "
                      f"{exercises.describe_value(answer)[:80]}.")
    problem = augmentation_problem(answer)
    if problem:
        return _wrong(problem)
    x_val, y_val = splits["val"]
    try:
        moving = compute.active_at_evaluation(answer, x_val[:64])
    except Exception as exc:  # noqa: BLE001
        return _wrong(f"el modelo no acepta las imágenes de validación: {explain_error(exc)}")
    if moving:
        return _wrong("tu aumento sigue activo al evaluar: dos predicciones del mismo lote con training=False dan "
                      "resultados distintos. Una capa propia o un Lambda que transforma siempre no sabe si está "
                      "entrenando; usa las capas Random* de Keras, que solo actúan con training=True.")
    acc = _model_accuracy(answer, x_val, y_val, "`final`")
    if isinstance(acc, Feedback):
        return acc
    if acc < thresholds()["dense_val"]:
        return _wrong(f"el modelo final acierta solo el {_pct(acc)} en validación: entrénalo (fit con x_fit) las "
                      "épocas previstas antes de evaluarlo." + _chance_note(acc))
    return Feedback(RIGHT, f"correcto: aumento {' → '.join(type(l).__name__ for l in compute.augmentation_layers(answer))}, "
                    f"inactivo al evaluar; {_pct(acc)} en validación.")


# --- Etapa 7: la evaluación final -----------------------------------------------------------------

@EXERCISES.exercise("Ejercicio 7", answer="resultado",
                    hint="Una sola llamada a final.evaluate por conjunto (prueba y tienda), con verbose=0; guarda la "
                         "exactitud (el segundo valor que devuelve) como fracción entre 0 y 1.",
                    solution=solutions.FINAL_EVALUATION_SOLUTION,
                    explanation="La prueba se usa una vez, al final: es la cifra que se publica.")
def final_evaluation(answer, *, model, datos):
    splits = _need_data(datos)
    if isinstance(splits, Feedback):
        return splits
    if is_pending(model):
        return _missing_stage(6, "final")
    if not isinstance(answer, dict) or not {"test", "shop"} <= set(answer):
        return _wrong('`resultado` debe ser un diccionario con las claves "test" y "shop" (la exactitud del modelo '
                      f'final en cada conjunto), y es {exercises.describe_value(answer)[:80]}.')
    values = {}
    for key in ("test", "shop"):
        value = answer[key]
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return _wrong(f'resultado["{key}"] es una pareja: evaluate devuelve [pérdida, exactitud]; guarda solo la '
                          "exactitud ([1]).")
        try:
            value = float(value)
        except (TypeError, ValueError):
            return _wrong(f'resultado["{key}"] debe ser un número, y es {exercises.describe_value(value)[:80]}.')
        if 1 < value <= 100:
            return _wrong(f'resultado["{key}"] vale {value:g}: escribe la exactitud como fracción entre 0 y 1, como la '
                          "da evaluate, no en %.")
        values[key] = value
    real = {}
    for key in ("test", "shop"):
        acc = _model_accuracy(model, *splits[key], "`final`")
        if isinstance(acc, Feedback):
            return acc
        real[key] = acc
    close = lambda a, b: abs(a - b) <= 0.002  # noqa: E731
    if close(values["test"], real["shop"]) and close(values["shop"], real["test"]) and not close(real["test"], real["shop"]):
        return _wrong('has cambiado de sitio las dos cifras: "test" es la prueba normal y "shop", la tienda.')
    for key, name in (("test", "prueba"), ("shop", "tienda")):
        if not close(values[key], real[key]):
            val = compute.accuracy(model, *splits["val"])
            if close(values[key], val):
                return _wrong(f'resultado["{key}"] es la exactitud de VALIDACIÓN del modelo final; evalúa con los datos '
                              f"de {name}.")
            return _wrong(f'resultado["{key}"] ({_pct(values[key])}) no coincide con la exactitud del modelo final en '
                          f"la {name}: ¿es de otro modelo o de otros datos?")
    need = thresholds()["final_test"]
    if real["test"] < need:
        digits = 2 if _pct(real["test"]) == _pct(need) else 1   # 89.96 % no es 90.0 %
        return _wrong(f"tu modelo final acierta el {formatting.percent(real['test'], digits)} en la prueba, y el "
                      f"proyecto pide al menos el {formatting.percent(need, digits)}: revisa la etapa 6 (épocas, "
                      "aumento demasiado fuerte, remedio).")
    return Feedback(RIGHT, f"correcto: {_pct(real['test'])} en la prueba y {_pct(real['shop'])} en la tienda.")


# --- Etapa 8: el análisis escrito -----------------------------------------------------------------

def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


@EXERCISES.exercise("Ejercicio 8", answer="analisis",
                    hint="Responde a las preguntas con tus cifras: la validación de cada etapa, la prueba y la tienda "
                         "(en %, con un decimal, como las imprimen las celdas).",
                    solution=solutions.ANALYSIS_SOLUTION,
                    explanation="Un buen informe da las cifras, de dónde salen y qué se decidió con cada una.")
def analysis(answer, *, results):
    if not isinstance(answer, str):
        return _wrong(f"`analisis` es un texto entre comillas triples (\"\"\"…\"\"\"), y es "
                      f"{exercises.describe_value(answer)[:80]}.")
    words = re.findall(r"\w+", answer)
    if len(words) < MIN_WORDS:
        return _wrong(f"tu análisis tiene {len(words)} palabra{'s' if len(words) != 1 else ''}; escribe al menos "
                      f"{MIN_WORDS}, respondiendo a las preguntas.")
    plain = _plain(answer)
    if "validacion" not in plain:
        return _wrong("tu análisis no habla de la validación: ¿qué cifras de validación tuviste y qué elegiste con ellas?")
    if "prueba" not in plain and "test" not in plain:
        return _wrong("tu análisis no habla de la prueba: ¿qué exactitud dio la evaluación final?")
    if is_pending(results) or not isinstance(results, dict) or "test" not in results:
        return _missing_stage(7, "resultado")
    figures = compute.figures_in(answer)
    test = float(results["test"])
    if not any(abs(f - test) <= 0.01 for f in figures):
        return _wrong("tu análisis no da la exactitud de prueba del modelo final (la de resultado[\"test\"]): "
                      "escríbela, en % o como fracción.")
    others = [f for f in figures if abs(f - test) > 0.001 and abs(f - float(results.get("shop", -1))) > 0.001]
    if not others:
        return _wrong("tu análisis da la cifra de prueba, pero ninguna de validación: ¿cuánto acertaban en "
                      "validación la red densa, la CNN o los remedios?")
    return Feedback(RIGHT, f"correcto: {len(words)} palabras, con las cifras de validación y de prueba.")


progress = EXERCISES.progress
