"""Pistas en español bajo los errores típicos de quien empieza con Keras y NumPy.

En un notebook basta con::

    from course_lib import hints
    hints.enable()

A partir de ahí, cuando una celda falla, ves el *traceback* de siempre (completo, sin
tocar) y, **solo si el error es uno de los típicos**, una pista breve en español justo
debajo. La celda sigue contando como fallida, igual que sin pistas. ``hints.disable()``
las quita.

Fuera de IPython/Jupyter (por ejemplo, en un script de Python), :func:`enable` no hace
nada: solo escribe un aviso en español en ``stderr``. La función :func:`explain` funciona
en cualquier sitio::

    try:
        x_test.reshape(60000, 784)
    except ValueError as error:
        print(hints.explain(error))

Las reglas son una tabla (:data:`RULES`): cada :class:`Rule` tiene una función que
reconoce el error y un mensaje (texto fijo o función que lo construye a partir de lo
reconocido). Un notebook puede añadir las suyas con :func:`add_rule`::

    hints.add_rule(
        "mi_error",
        r"cannot convert (\\w+)",                # expresión regular sobre el mensaje del error
        lambda m: f"No se puede convertir `{m[1]}`: ...",
        types=(ValueError,),
    )
"""

from __future__ import annotations

import contextlib
import difflib
import html
import math
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterator

__all__ = ["Rule", "RULES", "explain", "add_rule", "regex_matcher", "enable", "disable", "is_enabled", "expected_error"]

Matcher = Callable[[BaseException], Any]


@dataclass(frozen=True)
class Rule:
    """Una regla de la tabla de pistas.

    * ``match(exc)`` devuelve algo «verdadero» (por ejemplo un ``re.Match``) si la regla
      reconoce el error, o ``None``/``False`` si no.
    * ``message`` es el texto de la pista, o una función que recibe lo que devolvió
      ``match`` y construye el texto (puede devolver ``None`` para no dar pista).
    """

    name: str
    match: Matcher
    message: Any  # str | Callable[[Any], str | None]

    def apply(self, exc: BaseException) -> str | None:
        """La pista de esta regla para ``exc``, o ``None`` si la regla no lo reconoce."""
        found = self.match(exc)
        if not found:
            return None
        text = self.message(found) if callable(self.message) else self.message
        return text or None


# ---------------------------------------------------------------------------------------
# Utilidades
# ---------------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SHAPE = r"\(([^()]*)\)"


def _text(exc: BaseException) -> str:
    """Mensaje del error sin los códigos de color que añade Keras."""
    try:
        return _ANSI.sub("", str(exc))
    except Exception:  # un __str__ roto no debe romper las pistas
        return ""


def regex_matcher(pattern: str, types: tuple[type[BaseException], ...] = (Exception,), flags: int = 0) -> Matcher:
    """Crea una función ``match`` que busca ``pattern`` en el mensaje de errores de tipo ``types``."""
    compiled = re.compile(pattern, flags)

    def match(exc: BaseException):
        if not isinstance(exc, types):
            return None
        return compiled.search(_text(exc))

    return match


def _parse_shape(raw: str) -> tuple[int | None, ...]:
    """``"None, 28, 28"`` -> ``(None, 28, 28)``. Las dimensiones desconocidas quedan como ``None``."""
    dims: list[int | None] = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        dims.append(int(part) if re.fullmatch(r"-?\d+", part) else None)
    return tuple(dims)


def _fmt_shape(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _times(dims) -> str:
    return " × ".join(str(d) for d in dims)


def _product(dims) -> str:
    """``"28 × 28 = 784"`` (o solo ``"784"`` si hay una única dimensión)."""
    return f"{_times(dims)} = {math.prod(dims)}" if len(dims) > 1 else str(math.prod(dims))


def _known(dims) -> bool:
    return all(isinstance(d, int) and d >= 0 for d in dims)


def _closest(name: str, candidates: list[str]) -> str | None:
    """El nombre válido más parecido a ``name`` (sin distinguir mayúsculas), o ``None``."""
    lowered = {c.lower(): c for c in candidates}
    key = name.strip().strip("'\"").lower()
    if key in lowered:
        return lowered[key]
    found = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def _keras_names(kind: str) -> list[str]:
    """Nombres (en minúsculas) que Keras acepta como cadena para activaciones, optimizadores, etc."""
    fallback = {
        "activations": ["relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu",
                        "leaky_relu", "softplus", "softsign", "swish", "silu", "exponential"],
        "optimizers": ["sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam", "ftrl"],
        "losses": ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
                   "mean_squared_error", "mean_absolute_error", "mse", "mae", "huber", "hinge"],
        "metrics": ["accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy",
                    "precision", "recall", "auc", "mse", "mae"],
    }[kind]
    internal = {"optimizer", "optimizermap", "lossscaleoptimizer", "multioptimizer",
                "metric", "mean_metric_wrapper", "loss", "loss_function_wrapper"}
    try:
        import importlib

        module = importlib.import_module(f"keras.src.{kind}")
        names = [n for n in module.ALL_OBJECTS_DICT if n.islower() and n not in internal]
        return sorted(set(names)) or fallback
    except Exception:
        return fallback


def _is_keras_layer(class_name: str) -> bool:
    try:
        import keras

        return isinstance(getattr(keras.layers, class_name, None), type)
    except Exception:
        return False


def _layer_params(class_name: str) -> list[str]:
    """Argumentos que acepta la capa ``class_name`` (los suyos y los comunes a todas)."""
    import inspect

    import keras

    params = {"name", "dtype", "trainable", "input_shape", "input_dim", "batch_size", "batch_input_shape"}
    cls = getattr(keras.layers, class_name, None)
    if isinstance(cls, type):
        try:
            params |= {p for p in inspect.signature(cls.__init__).parameters if p not in {"self", "kwargs", "args"}}
        except (TypeError, ValueError):
            pass
    return sorted(params)


def _code_html(text: str) -> str:
    """Texto de una pista a HTML: escapa y convierte `código` en <code>."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


# ---------------------------------------------------------------------------------------
# Reglas
# ---------------------------------------------------------------------------------------

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


def _reshape_hint(m: re.Match) -> str:
    size = int(m[1])
    raw = [p.strip() for p in m[2].split(",") if p.strip()]
    has_unknown = any(p in ("newaxis", "-1") for p in raw)
    dims = [int(p) for p in raw if p.isdigit()]
    shape_txt = "(" + ", ".join("-1" if p == "newaxis" else p for p in raw) + ("," if len(raw) == 1 else "") + ")"
    text = f"Quieres convertir un array de {size} valores a la forma {shape_txt}"
    if has_unknown or not dims:
        text += "."
    elif len(dims) > 1:
        text += f", que necesita {_times(dims)} = {math.prod(dims)} valores."
    else:
        text += f", que necesita {dims[0]} valores."
    text += " Un `reshape` no puede añadir ni quitar valores: el producto de las dimensiones tiene que coincidir."
    divide = " (por ejemplo, una imagen de 28 × 28 tiene 784 valores)."
    if has_unknown and dims:
        text += (
            f" Con `-1` NumPy calcula esa dimensión, pero {size} no es divisible entre {_product(dims)}: "
            "revisa las demás dimensiones" + divide
        )
    elif len(dims) > 1:
        rest = dims[1:]
        per_row = math.prod(rest)
        others = ", ".join(str(d) for d in rest)
        if per_row and size % per_row == 0:
            n = size // per_row
            text += (
                f" Con {_product(rest)} valores por ejemplo, tu array tiene {size} ÷ {per_row} = {n} "
                f"ejemplos, no {dims[0]}: la primera dimensión debe ser el número de ejemplos de ESTE array. "
                f"Usa `x.reshape(len(x), {others})` o `x.reshape(-1, {others})`."
            )
        else:
            text += (
                f" Además, {size} no es divisible entre {_product(rest)}: revisa las dimensiones "
                "de cada ejemplo" + divide
            )
    elif dims and size % dims[0] == 0:
        text += " Para aplanarlo entero, usa `x.reshape(-1)`; para una fila por ejemplo, `x.reshape(len(x), -1)`."
    elif dims:
        text += (
            f" Si pusiste `-1` en la primera dimensión (NumPy no lo muestra en el mensaje), el problema es que "
            f"{size} no es divisible entre {dims[0]}: revisa cuántos valores tiene cada ejemplo" + divide
        )
    return text


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


RULES: list[Rule] = [
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
    Rule("reshape", regex_matcher(r"cannot reshape array of size (\d+) into shape \(([^()]*)\)", (ValueError,)),
         _reshape_hint),
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


def add_rule(name: str, match: "str | Matcher", message: Any, *,
             types: tuple[type[BaseException], ...] = (Exception,), first: bool = False) -> Rule:
    """Añade (o sustituye, si ya hay una con ese nombre) una regla a :data:`RULES`.

    ``match`` puede ser una expresión regular (se busca en el mensaje de los errores de tipo
    ``types`` y ``message`` recibe el ``re.Match``) o una función ``match(exc)``. Con
    ``first=True`` la regla se prueba antes que las demás.
    """
    matcher = regex_matcher(match, types) if isinstance(match, str) else match
    rule = Rule(name, matcher, message)
    RULES[:] = [r for r in RULES if r.name != name]
    if first:
        RULES.insert(0, rule)
    else:
        RULES.append(rule)
    return rule


def _chain(exc: BaseException, limit: int = 6) -> Iterator[BaseException]:
    """El error y los que lo provocaron (``__cause__`` y ``__context__``), sin repetir."""
    seen: set[int] = set()
    pending = [exc]
    while pending and len(seen) < limit:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend([current.__cause__, current.__context__])


def explain(exc: BaseException) -> str | None:
    """Pista en español para el error ``exc``, o ``None`` si no es uno de los errores típicos.

    Prueba las reglas de :data:`RULES` en orden sobre el error y, si ninguna encaja, sobre
    los errores que lo provocaron (``__cause__``/``__context__``). Nunca lanza excepciones.
    """
    for current in _chain(exc):
        for rule in list(RULES):
            try:
                text = rule.apply(current)
            except Exception:  # una regla defectuosa no debe tapar el error original
                continue
            if text:
                return text
    return None


# ---------------------------------------------------------------------------------------
# Integración con IPython/Jupyter
# ---------------------------------------------------------------------------------------

_STATE_ATTR = "_course_hints_state"


def _bundle(text: str) -> dict[str, str]:
    """La pista como salida con HTML y una alternativa en texto plano."""
    plain = f"💡 Pista: {text}"
    rich = (
        "<div style='border-left:4px solid #e6a700;background:rgba(230,167,0,0.08);"
        "padding:6px 10px;margin:6px 0'>"
        f"💡 <b>Pista:</b> {_code_html(text)}</div>"
    )
    return {"text/plain": plain, "text/html": rich}


def _handler(self, etype, value, tb, tb_offset=None):
    """Manejador para ``set_custom_exc``: el traceback de siempre y, debajo, la pista."""
    # IPython llama a este manejador desde run_code (error al ejecutar la celda) o al
    # analizar la celda (errores de sintaxis): en cada caso se muestra como lo haría IPython.
    running = tb is not None and tb.tb_frame.f_code.co_name == "run_code"
    self.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=running)
    text = explain(value)
    if text:
        self.display_pub.publish(data=_bundle(text), metadata={})
    return None


def _get_shell(shell=None):
    if shell is not None:
        return shell
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def is_enabled(shell=None) -> bool:
    """``True`` si las pistas están activadas en este notebook (o en ``shell``)."""
    shell = _get_shell(shell)
    state = getattr(shell, _STATE_ATTR, None) if shell is not None else None
    return bool(state) and shell.CustomTB == state[2] and tuple(shell.custom_exceptions) == (Exception,)


def enable(shell=None) -> None:
    """Activa las pistas en español bajo los errores de las celdas.

    Se puede llamar varias veces (no hace nada si ya están activas). Fuera de IPython no hace
    nada: solo escribe un aviso en ``stderr``. Si otro paquete tenía un manejador propio de
    excepciones en IPython, queda en pausa hasta :func:`disable`.
    """
    shell = _get_shell(shell)
    if shell is None:
        print(
            "hints.enable(): no estás en IPython ni en Jupyter, así que no hay celdas en las que mostrar "
            "pistas. Puedes usar hints.explain(error) para ver la pista de un error concreto.",
            file=sys.stderr,
        )
        return None
    if is_enabled(shell):
        return None
    previous = (shell.custom_exceptions, shell.CustomTB)
    shell.set_custom_exc((Exception,), _handler)
    setattr(shell, _STATE_ATTR, (previous[0], previous[1], shell.CustomTB))
    return None


def disable(shell=None) -> None:
    """Desactiva las pistas y deja IPython como estaba. No hace nada si no estaban activas."""
    shell = _get_shell(shell)
    if shell is None:
        return None
    state = getattr(shell, _STATE_ATTR, None)
    if state is None:
        return None
    if is_enabled(shell):
        shell.custom_exceptions, shell.CustomTB = state[0], state[1]
    setattr(shell, _STATE_ATTR, None)
    return None


@contextlib.contextmanager
def expected_error(*types: type[BaseException]):
    """Provoca un error **a propósito** y lo muestra con su pista sin detener el notebook.

    Para enseñar un error típico en una celda que debe ejecutarse de principio a fin::

        with hints.expected_error():
            keras.layers.Dense(unit=512)

    Se ve el *traceback* como en cualquier error, la pista en español debajo y una línea que
    dice que el error era esperado; la ejecución sigue con la celda siguiente. Si el bloque
    **no** lanza ningún error (de los tipos ``types``, por defecto cualquiera), se lanza un
    ``AssertionError``: la demostración ya no demuestra nada.
    """
    catch = types or (Exception,)
    try:
        yield
    except catch as exc:  # noqa: PERF203
        _show_expected(exc)
    else:
        raise AssertionError("Se esperaba un error en este bloque y no se ha producido ninguno.")


def _show_expected(exc: BaseException) -> None:
    shell = _get_shell()
    text = explain(exc)
    if shell is None or not hasattr(shell, "InteractiveTB"):
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next, file=sys.stderr)
        if text:
            print(f"💡 Pista: {text}")
        print("(Error provocado a propósito: la ejecución continúa.)")
        return
    # tb_next: se salta el marco de este gestor de contexto; el resto es el traceback de siempre.
    frames = shell.InteractiveTB.structured_traceback(type(exc), exc, exc.__traceback__.tb_next)
    sys.stdout.flush()
    print(shell.InteractiveTB.stb2text(frames), file=sys.stderr)
    sys.stderr.flush()
    if text:
        shell.display_pub.publish(data=_bundle(text), metadata={})
    shell.display_pub.publish(data={
        "text/plain": "(Error provocado a propósito: la ejecución continúa.)",
        "text/html": "<i>(Error provocado a propósito: la ejecución continúa.)</i>",
    }, metadata={})
