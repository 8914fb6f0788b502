"""Ejercicios del notebook 07 (redes convolucionales): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.convolution import exercises as ex
    ex.feature_map_value.check(valor, image=image, kernel=sobel, feature_map=with_keras)
    ex.flattened_size.check(aplanados, model=cnn)

La respuesta esperada se calcula aquí a partir de lo que pasa el notebook: la del ejercicio 4,
del modelo ``cnn`` tal como esté definido (si cambia la arquitectura, cambian la respuesta y los
errores típicos, no la comprobación).
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import exercises
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.convolution.compute import conv_params, output_size

EXERCISES = ExerciseSet("07_redes_convolucionales")

ROW, COL = 12, 25                     # la casilla del mapa del ejercicio 1
IMAGE_SIZE, KERNEL, STRIDE = 28, 5, 2   # la capa del ejercicio 2 (padding="valid")
# La capa del ejercicio 3. No es ninguna de la tabla de la sección 5, cuya salida queda a la vista en el notebook.
LAYER3 = {"kernel_size": 5, "in_channels": 32, "filters": 16, "input_size": 12}


def _not_one_number(answer, what: str) -> exercises.Feedback | None:
    """Un array de varios valores en lugar de un número: qué le falta, en español."""
    if isinstance(answer, np.ndarray) and answer.size > 1:
        return exercises.Feedback(exercises.WRONG, f"has dado un array de forma {answer.shape}, y se pide un solo "
                                  f"número: {what}")
    return None


@EXERCISES.exercise("Ejercicio 1", answer="valor",
                    hint="Sin relleno, la salida (i, j) sale de la ventana de 3 × 3 cuya esquina superior izquierda "
                         "es el píxel (i, j) de la imagen. Recuerda que el corte a:b de NumPy no incluye b.",
                    solution="valor = np.sum(image[12:15, 25:28] * sobel)",
                    explanation="Un valor del mapa es la suma de los productos de la ventana por el filtro, y la "
                                "ventana de la salida (i, j) empieza en la fila i y la columna j.")
def feature_map_value(answer, *, image, kernel, feature_map):
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    k = kernel.shape[0]
    array = _not_one_number(answer, "multiplica la ventana por el filtro y suma todos los productos (np.sum)."
                            if np.shape(answer) == kernel.shape else "el valor de una sola casilla del mapa.")
    if array is not None:
        return array
    window = image[ROW:ROW + k, COL:COL + k]
    centered = image[ROW - k // 2:ROW - k // 2 + k, COL - k // 2:COL - k // 2 + k]
    candidates = [
        (np.sum(centered * kernel), f"has centrado la ventana en ({ROW}, {COL}); sin relleno, la ventana de la "
                                    "salida (i, j) empieza en (i, j)."),
        (np.sum(window * kernel[::-1, ::-1]), "has volteado el filtro: eso es la convolución matemática; Keras "
                                              "no lo voltea."),
        (np.sum(window), "has sumado los píxeles de la ventana sin multiplicarlos por el filtro."),
        (np.mean(window * kernel), "has hecho la media de los productos; la convolución los suma."),
    ]
    if COL + k <= image.shape[0] and ROW + k <= image.shape[1]:
        candidates.append((np.sum(image[COL:COL + k, ROW:ROW + k] * kernel),
                           "has cambiado la fila por la columna: en NumPy es image[filas, columnas]."))
    expected = float(np.asarray(feature_map)[ROW, COL])
    return exercises.check_number(answer, expected, tol=1e-4,
                                  common_mistakes=exercises.distinct_mistakes(expected, candidates, 1e-4))


@EXERCISES.exercise("Ejercicio 2", answer="alto",
                    hint="Usa la fórmula de la sección 3, ⌊(n + p − k) / s⌋ + 1: con padding='valid' no se añade "
                         "ningún cero, y ⌊ ⌋ redondea hacia abajo.",
                    solution="alto = (28 + 0 - 5) // 2 + 1",
                    explanation="Sin relleno, la ventana de 5 × 5 cabe en pocas posiciones, y con paso 2 solo se "
                                "calcula una de cada dos; la que no cabe entera no cuenta.")
def output_height(answer):
    n, k, s = IMAGE_SIZE, KERNEL, STRIDE
    expected = output_size(n, k, s, "valid")
    candidates = [
        ((n - k) / s + 1, "el tamaño es un entero: la división se redondea hacia abajo (⌊ ⌋)."),
        (math.ceil((n - k) / s) + 1, "has redondeado hacia arriba; la ventana que no cabe entera no cuenta: "
                                     "hacia abajo."),
        ((n - k) // s, "te falta el + 1: la primera posición de la ventana también cuenta."),
        ((n - k) / s, "te falta el + 1 (la primera posición también cuenta), y el tamaño es un entero."),
        (output_size(n, k, 1, "valid"), "esa sería la salida con paso 1; con paso 2 la ventana salta de dos en dos."),
        (output_size(n, k, s, "same"), f"esa sería la salida con padding='same' (⌈{n} / {s}⌉); con 'valid' no "
                                       "hay relleno."),
    ]
    return exercises.check_number(answer, expected, common_mistakes=exercises.distinct_mistakes(expected, candidates, 1e-6))


@EXERCISES.exercise("Ejercicio 3", answer="parametros",
                    hint="Usa la fórmula de la sección 5: cada filtro tiene un bloque de k × k pesos por cada canal "
                         "de entrada, y además un sesgo. ¿Depende del tamaño de la imagen?",
                    solution="parametros = (5 * 5 * 32 + 1) * 16",
                    explanation="Cada filtro tiene un k × k por canal de entrada y un sesgo, y los mismos pesos "
                                "sirven en todas las posiciones: el tamaño de la imagen no cuenta.")
def conv_layer_params(answer):
    k, c, f, n = (LAYER3[key] for key in ("kernel_size", "in_channels", "filters", "input_size"))
    expected = conv_params(k, c, f)
    candidates = [
        (k * k * c * f, "te has olvidado de los sesgos: uno por filtro."),
        ((k * k + 1) * f, f"te has olvidado de los canales de entrada: cada filtro tiene un {k} × {k} por canal."),
        (k * k * c + 1, "eso es un solo filtro; la capa tiene uno por cada mapa de salida."),
        (conv_params(3, c, f), f"eso sería con filtros de 3 × 3; kernel_size={k} quiere decir {k} × {k}."),
        (n * n * c * f + f, "los pesos no dependen del tamaño de la imagen: el filtro se comparte en todas las "
                            "posiciones."),
    ]
    return exercises.check_number(answer, expected, common_mistakes=exercises.distinct_mistakes(expected, candidates, 1e-6))


# --- Ejercicio 4: el tamaño tras aplanar, calculado del modelo que pasa el notebook --------------

def _flatten_index(model) -> int | None:
    import keras

    for i, layer in enumerate(model.layers):
        if isinstance(layer, keras.layers.Flatten):
            return i
    return None


def _pair(value) -> tuple[int, int]:
    return (int(value), int(value)) if isinstance(value, int) else (int(value[0]), int(value[1]))


def _simulate(model, stop: int, *, valid: bool = False, skip_pool: int | None = None) -> list[tuple[int, int]] | None:
    """Alto y ancho tras cada convolución o *pooling* antes de la capa ``stop``, con los cambios pedidos:
    ``valid`` (sin relleno en las convoluciones) o sin el *pooling* número ``skip_pool``. ``None`` si
    el modelo tiene una capa que cambia el tamaño y no es ninguna de esas dos."""
    import keras

    h, w = (int(d) for d in model.inputs[0].shape[1:3])
    sizes, pools = [(h, w)], 0
    for layer in model.layers[:stop]:
        if isinstance(layer, keras.layers.Conv2D):
            padding, size, strides = layer.padding, _pair(layer.kernel_size), _pair(layer.strides)
            if valid:
                padding = "valid"
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            pools += 1
            if skip_pool == pools:
                continue
            padding, size, strides = layer.padding, _pair(layer.pool_size), _pair(layer.strides)
        elif tuple(layer.output.shape[1:3]) == tuple(layer.input.shape[1:3]):
            continue
        else:
            return None
        try:
            h, w = output_size(h, size[0], strides[0], padding), output_size(w, size[1], strides[1], padding)
        except ValueError:
            return None
        sizes.append((h, w))
    return sizes


def _chain(sizes: list[tuple[int, int]]) -> str:
    return " → ".join(str(h) for h, _ in sizes)


def _flattened_mistakes(model, stop: int) -> list[tuple[float, str]]:
    import keras

    shape = tuple(model.layers[stop - 1].output.shape[1:])
    n_input = math.prod(int(d) for d in model.inputs[0].shape[1:])
    candidates = [(n_input, "ese es el tamaño de la imagen de entrada aplanada; sigue los tamaños capa a capa "
                            "hasta aplanar.")]
    if len(shape) != 3:
        return candidates
    h, w, channels = (int(d) for d in shape)
    convs = [layer for layer in model.layers[:stop] if isinstance(layer, keras.layers.Conv2D)]
    pools = sum(isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D))
                for layer in model.layers[:stop])
    candidates.append((h * w, "te faltan los canales: cada posición del último mapa tiene un valor por filtro."))
    for f in sorted({layer.filters for layer in convs[:-1]} - {channels}):
        candidates.append((h * w * f, "el número de canales es el número de filtros de la ÚLTIMA convolución, "
                                      "no el de una anterior."))
    real = _simulate(model, stop)
    if real is not None and real[-1] == (h, w):
        if any(layer.padding == "same" for layer in convs):
            valid = _simulate(model, stop, valid=True)
            if valid is not None:
                candidates.append((valid[-1][0] * valid[-1][1] * channels,
                                   f"eso sería sin relleno (padding='valid'): {_chain(valid)}; aquí las "
                                   "convoluciones llevan relleno 'same', que conserva el tamaño."))
        if pools:
            last = _simulate(model, stop, skip_pool=pools)
            if last is not None:
                candidates.append((last[-1][0] * last[-1][1] * channels,
                                   "te falta el último pooling: cada max pooling de 2 × 2 divide el alto y el ancho entre 2."))
    first_dense = next((layer for layer in model.layers[stop:] if isinstance(layer, keras.layers.Dense)), None)
    if first_dense is not None:
        candidates.append((first_dense.units, "esas son las neuronas de la capa densa que viene DESPUÉS de aplanar; "
                                              "se pregunta cuántos valores entran en ella."))
    return candidates


@EXERCISES.exercise("Ejercicio 4", answer="aplanados",
                    hint="Sigue el alto capa a capa desde 28: con relleno same y paso 1 una convolución lo conserva, "
                         "y cada max pooling de 2 × 2 lo divide entre 2. Al final multiplica alto × ancho × canales "
                         "(los filtros de la última convolución).",
                    solution="aplanados = 7 * 7 * 64",
                    explanation="Aplanar pone en fila todos los valores del último mapa: alto × ancho × canales, "
                                "y casi todos los parámetros de la CNN están en la capa densa que los recibe.")
def flattened_size(answer, *, model):
    stop = _flatten_index(model)
    if stop is None or stop == 0:
        return exercises.Feedback(exercises.ERROR, "el modelo que pasa la celda no tiene una capa Flatten (aplanar) "
                                  "después de sus convoluciones, así que la pregunta no tiene respuesta; pásale la CNN "
                                  "(model=cnn).")
    expected = int(math.prod(int(d) for d in model.layers[stop].output.shape[1:]))
    mistakes = exercises.distinct_mistakes(expected, _flattened_mistakes(model, stop), 1e-6)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


WHY_CNN_OPTIONS = {"a": "conexiones locales y pesos compartidos", "b": "más capas siempre es mejor",
                   "c": "usa dropout y la densa no", "d": "entrena más épocas"}


@EXERCISES.exercise("Ejercicio 5", answer="opcion",
                    hint="Piensa en qué sabe una capa convolucional de la imagen que una densa no sabe.",
                    solution='opcion = "a"')
def why_cnn_wins(answer):
    return exercises.check_choice(answer, "a", WHY_CNN_OPTIONS, explanations={
        "a": "la estructura de la capa encaja con la de las imágenes: lo cercano importa y un borde es un borde "
             "en cualquier sitio.",
        "b": "más capas no garantiza nada (notebook 04: el gradiente puede desvanecerse); y la red densa también "
             "tiene varias.",
        "c": "las dos redes usan dropout (mira build_dense).",
        "d": "las dos entrenan las mismas épocas, con el mismo lote y el mismo optimizador."})


progress = EXERCISES.progress
