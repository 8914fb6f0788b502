"""Reglas de pistas para los errores típicos de Keras: al construir el modelo (activaciones,
optimizadores, pérdidas, argumentos de las capas, formas de entrada) y al entrenarlo (etiquetas
frente a pérdida, etiquetas fuera de rango, ``x`` e ``y`` de distinta longitud, compilar antes de
entrenar, ``metrics`` como lista).
"""

from __future__ import annotations

import math
import re

from course_lib.hints.base import (
    _SHAPE,
    Rule,
    _closest,
    _fmt_shape,
    _is_keras_layer,
    _keras_names,
    _known,
    _layer_params,
    _parse_shape,
    _text,
    _times,
    regex_matcher,
)

_COMMON_ACTIVATIONS = '"relu", "sigmoid", "softmax" o "tanh"'


def _activation_hint(m: re.Match) -> str:
    name = m[1].strip()
    suggestion = _closest(name, _keras_names("activations"))
    text = (
        f"Keras no reconoce la función de activación `{name}`. Los nombres de las funciones de "
        f"activación son cadenas en minúsculas, como {_COMMON_ACTIVATIONS}."
    )
    if suggestion and suggestion != name:
        text += f' ¿Querías decir "{suggestion}"? Por ejemplo: `Dense(512, activation="{suggestion}")`.'
    return text


_KIND_ES = {
    "optimizer": ("el optimizador", "optimizers", 'optimizer="adam"', '"adam", "sgd" o "rmsprop"'),
    "loss": ("la función de pérdida", "losses", 'loss="sparse_categorical_crossentropy"',
             '"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy" o "mse"'),
    "metric": ("la métrica", "metrics", 'metrics=["accuracy"]', '"accuracy", "precision", "recall" o "mae"'),
}
_ALIASES = {"metric": {"acc": "accuracy"}}


def _identifier_hint(m: re.Match) -> str:
    kind, name = m[1], m[2].strip()
    label, module, example, common = _KIND_ES[kind]
    suggestion = _ALIASES.get(kind, {}).get(name.lower()) or _closest(name, _keras_names(module))
    text = (
        f"Keras no reconoce {label} `{name}`. Los nombres se escriben en minúsculas y en inglés, "
        f"como {common}."
    )
    if suggestion and suggestion != name:
        text += f' ¿Querías decir "{suggestion}"?'
    return text + f" Ejemplo en `compile`: `{example}`."


_UNITS_TEXT = (
    "El número de neuronas de la capa se indica con el argumento `units` (en inglés y en plural). "
    "Lo más habitual es escribirlo en primera posición, `{cls}(512, activation=\"relu\")`, "
    "o con su nombre exacto, `{cls}(units=512, activation=\"relu\")`."
)
_UNIT_ALIASES = {"unit", "neurons", "neuron", "n_units", "num_units", "nodes", "n_neurons", "size", "neuronas"}


def _missing_args_hint(m: re.Match) -> str | None:
    cls, missing = m[1], re.findall(r"'(\w+)'", m[2])
    if not missing or not _is_keras_layer(cls):
        return None
    if "units" in missing:
        return (
            f"A la capa `{cls}` le falta el argumento `units`. " + _UNITS_TEXT.format(cls=cls)
            + " Si escribiste `unit=` o `neurons=`, cámbialo por `units=`."
        )
    names = ", ".join(f"`{a}`" for a in missing)
    return (
        f"A la capa `{cls}` le faltan argumentos obligatorios: {names}. "
        f"Revisa cómo se escriben (en inglés, tal cual) con `help(keras.layers.{cls})`."
    )


def _unknown_kwargs_hint(m: re.Match) -> str | None:
    cls = m[1]
    keys = re.findall(r"'(\w+)'\s*:", m[2])
    if not keys:
        return None
    valid = _layer_params(cls)
    parts = []
    for key in keys:
        if key.lower() in _UNIT_ALIASES and "units" in valid:
            parts.append(f"La capa `{cls}` no tiene ningún argumento `{key}`. " + _UNITS_TEXT.format(cls=cls))
            continue
        suggestion = _closest(key, valid)
        line = f"La capa `{cls}` no tiene ningún argumento `{key}`."
        if suggestion and suggestion != key:
            line += f" ¿Querías decir `{suggestion}`?"
        parts.append(line)
    return "\n".join(parts) + "\nLos nombres de los argumentos se escriben en inglés, exactamente como en la documentación."


def _flatten_advice(features: int | None = None) -> str:
    example = (
        f"`x_train = x_train.reshape(len(x_train), {features})` (o `x_train.reshape(len(x_train), -1)`)"
        if features else "`x_train = x_train.reshape(len(x_train), -1)`"
    )
    return (
        "Recuerda que `x.reshape(...)` devuelve un array NUEVO: NumPy no modifica el original, "
        "así que tienes que guardar el resultado, por ejemplo "
        f"{example}, "
        "y lo mismo con `x_test`. Otra opción: empieza el modelo con una capa `Flatten`, que aplana "
        "cada imagen por ti."
    )


def _shape_mismatch_text(example: tuple | None, received: tuple, last_value: int | None = None) -> str:
    """Pista cuando los datos no tienen la forma que espera el modelo."""
    rest = received[1:]
    got = _fmt_shape(received)
    want_features = last_value if example is None else (math.prod(example) if _known(example) else None)
    if rest and _known(rest) and want_features:
        size = math.prod(rest)
        # Imágenes sin aplanar para un modelo que espera vectores.
        if size == want_features and len(rest) > 1 and (example is None or len(example) == 1):
            return (
                f"El modelo espera {want_features} valores por ejemplo, pero tus datos tienen forma {got}: "
                f"cada ejemplo sigue siendo una matriz de {_times(rest)} sin aplanar. "
                + _flatten_advice(want_features)
            )
        # Datos ya aplanados para un modelo que espera imágenes.
        if example is not None and size == want_features and len(rest) < len(example):
            dims = ", ".join(str(d) for d in example)
            return (
                f"El modelo espera ejemplos de forma {_fmt_shape(example)}, pero tus datos tienen forma {got}: "
                f"ya están aplanados. Quita el `reshape` que los aplana o vuelve a darles forma con "
                f"`x = x.reshape(len(x), {dims})`."
            )
    want = (f"ejemplos de forma {_fmt_shape(example)}" if example is not None
            else f"{last_value} valores por ejemplo (en el último eje)")
    return (
        f"El modelo espera {want}, pero recibe datos de forma {got} "
        "(la primera dimensión es el número de ejemplos). Comprueba `x.shape` en los datos que pasas a "
        "`fit`, `evaluate` o `predict` y la forma que declaraste en `keras.Input(...)`."
    )


def _match_input_shape(exc: BaseException):
    if not isinstance(exc, ValueError):
        return None
    text = _text(exc)
    m = re.search(rf"Expected shape {_SHAPE}, but input has incompatible shape {_SHAPE}", text)
    if m:
        return ("functional", _parse_shape(m[1]), _parse_shape(m[2]))
    m = re.search(rf"expected axis -1 of input shape to have value (\d+), but received input with shape {_SHAPE}", text)
    if m:
        return ("axis", int(m[1]), _parse_shape(m[2]))
    m = re.search(rf"expected shape={_SHAPE}, found shape={_SHAPE}", text)
    if m:
        return ("functional", _parse_shape(m[1]), _parse_shape(m[2]))
    m = re.search(rf"is incompatible with the layer: expected (?:min_)?ndim=(\d+), found ndim=(\d+)\. Full shape received: {_SHAPE}", text)
    if m:
        return ("ndim", int(m[1]), _parse_shape(m[3]))
    if "Cannot take the length of shape with unknown rank" in text:
        return ("unknown", None, None)
    return None


def _input_shape_hint(found) -> str:
    kind, expected, received = found
    if kind == "functional":
        return _shape_mismatch_text(expected[1:], received)
    if kind == "axis":
        return _shape_mismatch_text(None, received, last_value=expected)
    if kind == "ndim":
        text = (
            f"La capa espera datos con {expected} ejes (contando el de los ejemplos), pero recibe datos "
            f"de forma {_fmt_shape(received)}, con {len(received)}."
        )
        if expected == len(received) + 1 and len(received) == 3:
            dims = ", ".join(str(d) for d in received[1:])
            text += (
                " Las capas convolucionales necesitan un eje de canales, aunque la imagen esté en escala de "
                f"grises: `x = x.reshape(len(x), {dims}, 1)` (o `x = x[..., None]`)."
            )
        return text
    return (
        "TensorFlow no conoce la forma de los datos que recibe el modelo. Suele pasar cuando los datos no "
        "tienen la forma que espera: compara `x.shape` con la forma de `keras.Input(...)`.\n"
        "- Si el modelo empieza con capas densas y espera 784 valores, las imágenes de 28 × 28 hay que "
        "aplanarlas. " + _flatten_advice(784) + "\n"
        "- Si el modelo es convolucional (`Conv2D`) y espera `(28, 28, 1)`, a las imágenes en escala de "
        "grises les falta el eje de canales: `x = x[..., None]` (o `x.reshape(len(x), 28, 28, 1)`). "
        "`fit` y `evaluate` lo añaden por su cuenta, pero `predict` no."
    )


def _match_labels(exc: BaseException):
    if not isinstance(exc, ValueError):
        return None
    text = _text(exc)
    patterns = {
        "same_rank": r"Arguments `target` and `output` must have the same rank",
        "same_shape": r"Arguments `target` and `output` must have the same shape\.",
        "sparse_rank": r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`",
    }
    for kind, pattern in patterns.items():
        if re.search(pattern, text):
            shapes = re.search(rf"target\.shape={_SHAPE}, output\.shape={_SHAPE}", text)
            if shapes:
                return (kind, _parse_shape(shapes[1]), _parse_shape(shapes[2]))
    return None


def _labels_hint(found) -> str | None:
    kind, target, output = found
    if len(output) > 2:
        return (
            f"La salida del modelo tiene forma {_fmt_shape(output)}, con ejes de más: lo normal en "
            f"clasificación es (None, número de clases). Suele pasar cuando las capas `Dense` reciben "
            "imágenes sin aplanar (por ejemplo de forma (n, 28, 28)) en un modelo sin `keras.Input`: "
            "`Dense` se aplica entonces a cada fila de la imagen. " + _flatten_advice()
        )
    if len(output) != 2:
        return None
    classes = output[-1]
    classes_txt = str(classes) if classes else "número_de_clases"
    both = (
        "\nTienes dos opciones equivalentes:\n"
        f"1. Etiquetas enteras (forma (n,)) con `loss=\"sparse_categorical_crossentropy\"`.\n"
        f"2. Etiquetas en codificación one-hot (forma (n, {classes_txt})), obtenidas con "
        f"`y_train = keras.utils.to_categorical(y_train, {classes_txt})` (y lo mismo con `y_test`), "
        "con `loss=\"categorical_crossentropy\"`."
    )
    if kind == "same_rank" and len(target) == 1:
        return (
            f"Tus etiquetas son números enteros, una clase por ejemplo (forma {_fmt_shape(target)}), pero la "
            f"función de pérdida que elegiste espera etiquetas en codificación one-hot, con la misma forma "
            f"que la salida del modelo ({_fmt_shape(output)}): una columna por clase." + both
            + "\nCon tus etiquetas actuales, lo más sencillo es la opción 1."
        )
    if kind == "same_shape" and len(target) == 2 and target[-1] == 1 and classes not in (None, 1):
        return (
            f"Tus etiquetas son números enteros en una columna (forma {_fmt_shape(target)}), pero la función "
            f"de pérdida que elegiste espera etiquetas en codificación one-hot, con la misma forma que la "
            f"salida del modelo ({_fmt_shape(output)})." + both
            + "\nCon tus etiquetas actuales, lo más sencillo es la opción 1."
        )
    if kind == "same_shape" and len(target) == 2 and target[-1] and classes and target[-1] != classes:
        neurons = "1 neurona" if classes == 1 else f"{classes} neuronas"
        text = (
            f"Tus etiquetas tienen {target[-1]} columnas (una por clase), pero la última capa del modelo tiene "
            f"{neurons}: deben coincidir. La capa de salida necesita una neurona por clase, por "
            f"ejemplo `Dense({target[-1]}, activation=\"softmax\")`."
        )
        if classes == 1:
            text += (
                " Si es una clasificación binaria con una sola neurona sigmoide y `binary_crossentropy`, "
                "las etiquetas deben ser una sola columna de ceros y unos, sin codificación one-hot."
            )
        return text
    if kind == "sparse_rank" and len(target) == 2 and target[-1] != 1:
        return (
            f"Tus etiquetas ya están en codificación one-hot (forma {_fmt_shape(target)}), pero "
            "`sparse_categorical_crossentropy` espera etiquetas enteras, una clase por ejemplo (forma (n,))."
            + both + "\nCon tus etiquetas actuales, lo más sencillo es la opción 2: cambia la pérdida a "
            "`\"categorical_crossentropy\"` (o vuelve a las etiquetas enteras con `y.argmax(axis=1)`)."
        )
    return None


def _label_range_hint(m: re.Match) -> str:
    value, classes = int(m[1]), int(m[2])
    if value < 0:
        return (
            f"Hay una etiqueta con valor {value}: con `sparse_categorical_crossentropy`, las etiquetas tienen "
            f"que ser enteros entre 0 y {classes - 1} (una clase por cada neurona de la última capa)."
        )
    return (
        f"Hay una etiqueta con valor {value}, pero la última capa del modelo solo tiene {classes} "
        f"neuronas (clases 0 a {classes - 1}). La capa de salida necesita una neurona por clase: si tus "
        f"etiquetas van de 0 a {value}, usa al menos `Dense({value + 1}, activation=\"softmax\")`."
    )


def _cardinality_hint(m: re.Match) -> str | None:
    x_sizes, y_sizes = m[1].strip(), m[2].strip()
    if not (x_sizes.isdigit() and y_sizes.isdigit()):
        return None
    return (
        f"`x` tiene {x_sizes} ejemplos, pero `y` tiene {y_sizes}: cada ejemplo necesita su etiqueta, así que "
        "los dos deben tener la misma primera dimensión. ¿Mezclaste datos de entrenamiento y de prueba "
        "(por ejemplo `x_train` con `y_test`)? Comprueba `len(x)` y `len(y)`."
    )


#: Errores al construir y compilar el modelo.
BUILD_RULES: list[Rule] = [
    Rule("activation", regex_matcher(r"Could not interpret activation function identifier: (.+)", (ValueError,)),
         _activation_hint),
    Rule("identifier", regex_matcher(r"Could not interpret (optimizer|loss|metric) identifier: (.+)", (ValueError,)),
         _identifier_hint),
    Rule("missing_argument",
         regex_matcher(r"(\w+)\.__init__\(\) missing \d+ required positional arguments?: (.+)", (TypeError,)),
         _missing_args_hint),
    Rule("unknown_argument",
         regex_matcher(r"Unrecognized keyword arguments passed to (\w+): \{(.*)\}", (ValueError,), re.DOTALL),
         _unknown_kwargs_hint),
    Rule("input_shape", _match_input_shape, _input_shape_hint),
]

#: Errores al entrenar o evaluar.
TRAINING_RULES: list[Rule] = [
    Rule("labels_loss", _match_labels, _labels_hint),
    Rule("label_range",
         regex_matcher(r"Received a label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)"),
         _label_range_hint),
    Rule("cardinality", regex_matcher(r"'x' sizes: ([^\n]*)\n'y' sizes: ([^\n]*)", (ValueError,)),
         _cardinality_hint),
    Rule("compile_first", regex_matcher(r"You must call `compile\(\)` before", (ValueError,)),
         "Antes de entrenar o evaluar, tienes que compilar el modelo: "
         "`model.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])`. "
         "Si ya lo hiciste, comprueba que la celda de `compile` se ejecutó después de crear este modelo."),
    Rule("metrics_list",
         regex_matcher(r"Expected `metrics` argument to be a list, tuple, or dict\. Received instead: metrics=(\S+) of type <class 'str'>",
                       (ValueError,)),
         lambda m: f"`metrics` tiene que ser una lista, aunque solo tenga una métrica: `metrics=[\"{m[1]}\"]`."),
]
