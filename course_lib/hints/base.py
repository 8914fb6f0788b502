"""Piezas comunes de las pistas: la regla (:class:`Rule`), el reconocedor por expresión regular
y utilidades para leer los mensajes de Keras y NumPy (formas, nombres parecidos).

Las reglas están en :mod:`course_lib.hints.keras_rules` y :mod:`course_lib.hints.numpy_rules`;
el mecanismo que las aplica y las muestra en el notebook, en :mod:`course_lib.hints`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

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
