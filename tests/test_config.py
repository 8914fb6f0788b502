import os
import subprocess
import sys

import numpy as np
import pytest

import course_lib  # noqa: F401
from course_lib import config


@pytest.fixture(autouse=True)
def reset_mode():
    config.set_quick(None)
    yield
    config.set_quick(None)


@pytest.mark.parametrize("raw, quick", [("1", True), ("si", True), ("true", True), ("", False), ("0", False), ("completo", False)])
def test_env_variable_selects_mode(monkeypatch, raw, quick):
    monkeypatch.setenv(config.QUICK_ENV, raw)
    assert config.is_quick() is quick
    assert config.pick(full=10, quick=2) == (2 if quick else 10)
    assert config.mode_name() == ("rápido" if quick else "completo")


def test_unset_env_is_full_mode(monkeypatch):
    monkeypatch.delenv(config.QUICK_ENV, raising=False)
    assert not config.is_quick()
    assert "Modo completo" in config.describe()


def test_invalid_env_value_has_spanish_message(monkeypatch):
    monkeypatch.setenv(config.QUICK_ENV, "quizás")
    with pytest.raises(ValueError, match="COURSE_QUICK=1 para el modo rápido"):
        config.is_quick()


def test_set_quick_overrides_env(monkeypatch):
    monkeypatch.setenv(config.QUICK_ENV, "0")
    config.set_quick(True)
    assert config.is_quick() and "Modo rápido" in config.describe()
    config.set_quick(None)
    assert not config.is_quick()
    with pytest.raises(TypeError, match="True, False o None"):
        config.set_quick("sí")


def test_set_seed_makes_keras_reproducible():
    import keras

    config.set_seed(7)
    a = keras.random.normal((3,)).numpy() if hasattr(keras.random.normal((3,)), "numpy") else None
    first = np.random.rand(3)
    config.set_seed(7)
    keras.random.normal((3,))
    second = np.random.rand(3)
    np.testing.assert_allclose(first, second)
    assert a is not None
    with pytest.raises(ValueError, match="entero no negativo"):
        config.set_seed(-1)


def test_import_course_lib_keeps_tensorflow_quiet():
    """Importar course_lib (y con él TensorFlow) no escribe nada en stderr del proceso."""
    code = "import course_lib, keras; import tensorflow as tf; tf.constant(1.0) + 1"
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
