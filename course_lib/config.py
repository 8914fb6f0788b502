"""Configuración del curso: modo completo o rápido, semillas y silencio de TensorFlow.

El modo se elige con **una** variable de entorno, ``COURSE_QUICK``:

* sin definir, vacía o ``0``: **modo completo** (lo que ejecuta un estudiante);
* ``1`` (o ``si``, ``true``...): **modo rápido** (demostraciones en clase y CI):
  subconjuntos de datos y menos épocas, para que todo el curso corra en minutos.

Desde un notebook también se puede cambiar con :func:`set_quick`.
"""

from __future__ import annotations

import contextlib
import os
import sys

QUICK_ENV = "COURSE_QUICK"
DEFAULT_SEED = 42

_TRUE = {"1", "true", "yes", "si", "sí", "on", "rapido", "rápido"}
_FALSE = {"", "0", "false", "no", "off", "completo"}
_override: bool | None = None


def is_quick() -> bool:
    """Devuelve ``True`` si el curso está en modo rápido."""
    if _override is not None:
        return _override
    raw = os.environ.get(QUICK_ENV, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(
        f"La variable de entorno {QUICK_ENV}={raw!r} no es válida. "
        f"Usa {QUICK_ENV}=1 para el modo rápido o {QUICK_ENV}=0 (o no la definas) para el modo completo."
    )


def set_quick(quick: bool | None) -> None:
    """Fuerza el modo rápido (``True``) o completo (``False``) en esta sesión.

    ``None`` vuelve a leer la variable de entorno ``COURSE_QUICK``.
    """
    global _override
    if quick is not None and not isinstance(quick, bool):
        raise TypeError(f"set_quick espera True, False o None, no {quick!r}.")
    _override = quick


def mode_name() -> str:
    """Nombre del modo actual en español: ``"rápido"`` o ``"completo"``."""
    return "rápido" if is_quick() else "completo"


def pick(full, quick):
    """Elige un valor según el modo: ``full`` en modo completo, ``quick`` en modo rápido.

    Ejemplo: ``EPOCAS = config.pick(full=10, quick=2)``.
    """
    return quick if is_quick() else full


def describe() -> str:
    """Una línea en español que explica el modo actual y cómo cambiarlo."""
    if is_quick():
        return (
            "Modo rápido: subconjuntos de datos y menos épocas (para demostraciones y CI). "
            f"Para el modo completo, quita la variable {QUICK_ENV} o ejecuta config.set_quick(False)."
        )
    return (
        "Modo completo: todos los datos que haya y las épocas previstas. "
        f"Para una demostración rápida, define {QUICK_ENV}=1 o ejecuta config.set_quick(True)."
    )


def set_seed(seed: int = DEFAULT_SEED) -> int:
    """Fija las semillas de Python, NumPy y TensorFlow con ``keras.utils.set_random_seed``."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"La semilla debe ser un entero no negativo, no {seed!r}.")
    import keras

    keras.utils.set_random_seed(seed)
    return seed


@contextlib.contextmanager
def _silenced_stderr_fd():
    """Redirige el descriptor 2 (stderr del proceso) a /dev/null mientras dura el bloque.

    TensorFlow escribe sus mensajes de C++ directamente en el descriptor 2, sin pasar por
    ``sys.stderr``, y JupyterLab los mostraría en las salidas del notebook.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_tensorflow():
    """Importa TensorFlow y Keras sin el ruido de registro de C++ y devuelve ``tf``.

    Debe ejecutarse antes de cualquier otro ``import tensorflow`` o ``import keras``;
    ``import course_lib`` ya lo hace.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    with _silenced_stderr_fd():
        import tensorflow as tf
        import keras  # noqa: F401  (Keras 3 registra sus propios módulos al importarse)
    tf.get_logger().setLevel("ERROR")
    return tf
