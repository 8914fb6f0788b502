"""Pruebas de course_lib.checks: comprobación de argumentos con mensajes en español."""

import math
import re

import numpy as np
import pytest

from course_lib import checks


# --------------------------------------------------------------------------- integer


@pytest.mark.parametrize("value", [0, 7, np.int64(7), np.int8(-3), 2**40])
def test_integer_accepts_python_and_numpy_ints_and_returns_int(value):
    result = checks.integer(value, "x")
    assert result == int(value) and type(result) is int


def test_integer_accepts_the_limits_themselves():
    assert checks.integer(1, "n", 1, 12) == 1
    assert checks.integer(12, "n", 1, 12) == 12


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 2.0, 2.5, "3", None, [1], np.float64(3)])
def test_integer_rejects_non_integers(value):
    with pytest.raises(ValueError, match=re.escape(f"La semilla debe ser un número entero, no {value!r}.")):
        checks.integer(value, "La semilla")


@pytest.mark.parametrize("low, high, value, message", [
    (1, 12, 0, "El número de copias debe estar entre 1 y 12, y vale 0."),
    (1, 12, 13, "El número de copias debe estar entre 1 y 12, y vale 13."),
    (1, None, 0, "El número de copias debe ser un entero positivo, y vale 0."),
    (0, None, -1, "El número de copias debe ser un entero no negativo, y vale -1."),
    (2, None, 1, "El número de copias debe ser un entero mayor o igual que 2, y vale 1."),
    (None, 5, 6, "El número de copias debe ser un entero menor o igual que 5, y vale 6."),
])
def test_integer_out_of_range_says_the_range_and_the_value(low, high, value, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        checks.integer(value, "El número de copias", low, high)


def test_integer_type_message_mentions_the_expected_range():
    with pytest.raises(ValueError, match=re.escape("n debe ser un número entero entre 1 y 12, no 'a'.")):
        checks.integer("a", "n", 1, 12)
    with pytest.raises(ValueError, match=re.escape("n debe ser un número entero positivo, no 1.5.")):
        checks.integer(1.5, "n", 1)


def test_integer_appends_the_advice():
    with pytest.raises(ValueError, match=r"^n debe ser un entero positivo, y vale 0\. Es el número de ejemplos\.$"):
        checks.integer(0, "n", 1, advice="Es el número de ejemplos.")


# --------------------------------------------------------------------------- number


@pytest.mark.parametrize("value", [0, 3, 2.5, -1e-9, np.float32(0.5), np.int64(4), np.float64(1e300)])
def test_number_accepts_ints_floats_and_numpy_numbers_and_returns_float(value):
    result = checks.number(value, "x")
    assert result == float(value) and type(result) is float


@pytest.mark.parametrize("value", [True, np.bool_(False), "0.5", None, [0.5], np.array([0.5]), 1j])
def test_number_rejects_non_numbers(value):
    with pytest.raises(ValueError, match=re.escape(f"El peso w debe ser un número, no {value!r}.")):
        checks.number(value, "El peso w")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_number_rejects_nan_and_infinity(value):
    with pytest.raises(ValueError, match=r"^El peso w debe ser un número finito, no (nan|inf|-inf)\.$"):
        checks.number(value, "El peso w")


def test_number_nan_message_mentions_the_range():
    with pytest.raises(ValueError, match=r"^El ruido debe ser un número finito entre 0 y 1, no nan\.$"):
        checks.number(math.nan, "El ruido", 0, 1)


def test_number_closed_interval_includes_both_limits():
    assert checks.number(0, "El ruido", 0, 1) == 0.0
    assert checks.number(1, "El ruido", 0, 1) == 1.0
    for value in (-0.001, 1.001):
        with pytest.raises(ValueError, match=re.escape(f"El ruido debe estar entre 0 y 1, y vale {value}.")):
            checks.number(value, "El ruido", 0, 1)


def test_number_open_limits_exclude_the_limit_and_say_so():
    assert checks.number(0.9, "La fracción", 0, 0.9, open_low=True) == 0.9
    with pytest.raises(ValueError, match=re.escape("La fracción debe estar entre 0 y 0.9 (sin incluir 0), y vale 0.")):
        checks.number(0, "La fracción", 0, 0.9, open_low=True)
    with pytest.raises(ValueError, match=re.escape("entre 0 y 1 (sin incluir 1), y vale 1.")):
        checks.number(1.0, "El momento", 0, 1, open_high=True)
    with pytest.raises(ValueError, match=re.escape("entre 0 y 1 (sin incluir los extremos), y vale 1.")):
        checks.number(1, "eps", 0, 1, open_low=True, open_high=True)
    assert checks.number(1e-6, "eps", 0, 1, open_low=True, open_high=True) == 1e-6


@pytest.mark.parametrize("kwargs, value, message", [
    (dict(low=0, open_low=True), 0, "h debe ser un número positivo, y vale 0."),
    (dict(low=0), -2.5, "h debe ser un número mayor o igual que 0, y vale -2.5."),
    (dict(low=0.5, open_low=True), 0.5, "h debe ser un número mayor que 0.5, y vale 0.5."),
    (dict(high=10), 11, "h debe ser un número menor o igual que 10, y vale 11."),
    (dict(high=10, open_high=True), 10, "h debe ser un número menor que 10, y vale 10."),
])
def test_number_one_sided_limits(kwargs, value, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        checks.number(value, "h", **kwargs)


def test_number_shows_limits_and_values_as_written():
    # Límites decimales tal cual (no redondeados) y enteros sin «.0».
    with pytest.raises(ValueError, match=re.escape("entre 0.05 y 0.5, y vale 0.04.")):
        checks.number(0.04, "El desplazamiento", 0.05, 0.5)
    with pytest.raises(ValueError, match=re.escape("entre 0 y 14, y vale 14.000001.")):
        checks.number(14.000001, "El desplazamiento", 0, 28 / 2)
    with pytest.raises(ValueError, match=re.escape("y vale 1e-20.")):
        checks.number(1e-20, "x", 1e-6, 1)


def test_number_appends_the_advice_to_every_message():
    advice = "Usa un ángulo entre 0 y 180 grados."
    for value in ("a", math.nan, 200):
        with pytest.raises(ValueError, match=re.escape(advice) + "$"):
            checks.number(value, "El giro", 0, 180, advice=advice)


def test_number_type_message_mentions_the_expected_range():
    with pytest.raises(ValueError, match=re.escape("El giro debe ser un número entre 0 y 180, no '5'.")):
        checks.number("5", "El giro", 0, 180)


# --------------------------------------------------------------------------- concordancia


def test_plural_subjects_take_plural_verbs():
    with pytest.raises(ValueError, match=r"^Las épocas deben ser un número entero, no 'a'\.$"):
        checks.integer("a", "Las épocas")
    with pytest.raises(ValueError, match=r"^Los pasos deben estar entre 1 y 5, y valen 9\.$"):
        checks.integer(9, "Los pasos", 1, 5)
    with pytest.raises(ValueError, match=r"^Los pesos deben ser un número finito, no nan\.$"):
        checks.number(math.nan, "Los pesos")
    with pytest.raises(ValueError, match=r"^La tasa debe ser un número positivo, y vale 0\.$"):
        checks.number(0, "La tasa", 0, open_low=True)
    # plural= lo fija a mano (un sujeto sin artículo)
    with pytest.raises(ValueError, match=r"^epochs y batch deben ser un número entero"):
        checks.integer("x", "epochs y batch", plural=True)
    with pytest.raises(ValueError, match=r"^Las capas debe ser"):
        checks.integer("x", "Las capas", plural=False)


# --------------------------------------------------------------------------- numeric_array


def test_numeric_array_accepts_numbers_and_booleans_without_copying():
    x = np.arange(6).reshape(2, 3)
    assert checks.numeric_array(x, "x") is x
    assert checks.numeric_array([[1.5, 2], [3, 4]], "x").shape == (2, 2)
    assert checks.numeric_array(np.array([True, False]), "La máscara").dtype == bool
    assert checks.numeric_array(np.zeros((0, 3)), "x", allow_empty=True).shape == (0, 3)
    assert checks.numeric_array(np.zeros((2, 4, 4)), "x", ndim=(3, 4)).ndim == 3


@pytest.mark.parametrize("values, kwargs, message", [
    (np.array(["a", "b"]), {}, r"^Las imágenes deben ser un array numérico de NumPy; has pasado ndarray de tipo <U1\.$"),
    ([{"a": 1}], {}, r"deben ser un array numérico de NumPy; has pasado list de tipo object"),
    ([[1, 2], [3]], {}, r"^Las imágenes no son un array: sus filas tienen longitudes distintas"),
    (np.array([1j]), {}, r"números reales, no complejos"),
])
def test_numeric_array_rejects_non_numbers_with_an_error_that_is_type_and_value(values, kwargs, message):
    with pytest.raises(checks.NotNumericError, match=message) as error:
        checks.numeric_array(values, "Las imágenes", **kwargs)
    assert isinstance(error.value, TypeError) and isinstance(error.value, ValueError)


@pytest.mark.parametrize("values, name, kwargs, message", [
    (np.array([]), "Las imágenes", {}, r"^Las imágenes son un array vacío \(forma \(0,\)\): no hay nada que procesar\.$"),
    (np.array([]), "El vector x", {}, r"^El vector x es un array vacío"),
    (np.zeros((2, 2)), "Las imágenes", {"ndim": (3, 4)}, r"^Las imágenes deben tener 3 o 4 ejes, y tienen 2 \(forma \(2, 2\)\)\.$"),
    (np.zeros(3), "El vector x", {"ndim": 2}, r"^El vector x debe tener 2 ejes, y tiene 1"),
    (np.array([1.0, np.nan, np.inf]), "Los pesos", {"finite": True}, r"^Los pesos tienen 2 valores no finitos \(nan o infinito\)"),
    (np.array([np.nan]), "El peso", {"finite": True}, r"^El peso tiene 1 valor no finito \(nan o infinito\)"),
])
def test_numeric_array_shape_emptiness_and_finiteness(values, name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        checks.numeric_array(values, name, **kwargs)


# --------------------------------------------------------------------------- class_labels


def test_class_labels_from_integers_columns_one_hot_and_probabilities():
    expected = [2, 0, 1]
    for values in ([2, 0, 1], np.array([2.0, 0.0, 1.0]), np.array([[2], [0], [1]], dtype=np.uint8),
                   np.eye(3)[expected], np.array([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1], [0.3, 0.6, 0.1]])):
        labels = checks.class_labels(values, "Las etiquetas", n=3)
        assert labels.tolist() == expected and labels.dtype == np.int64
    assert checks.class_labels([], "Las etiquetas").shape == (0,)


@pytest.mark.parametrize("values, kwargs, message", [
    ([0.5, 1.0], {}, r"^Las etiquetas tienen valores con decimales: deben ser números enteros de clase \(0, 1, 2\.\.\.\)\. Si son probabilidades"),
    ([0.5, 1.0], {"allow_one_hot": False}, r"¿Has pasado las predicciones \(probabilidades\) en lugar de las etiquetas\?"),
    ([0, np.nan], {}, r"^Las etiquetas tienen valores no finitos"),
    ([0, -1], {}, r"^Las etiquetas no pueden tener valores negativos \(hay un -1\)\.$"),
    ([0, 1, 1], {"n": 2}, r"^Las etiquetas tienen 3 elementos, y deberían tener uno por ejemplo \(2\)\.$"),
    ([0, 1, 10, 11], {"num_classes": 10}, r"^Las etiquetas tienen valores fuera del rango 0\.\.9: 10, 11\. Si tu problema tiene más clases, usa num_classes=12\.$"),
    ([-1, 2], {"num_classes": 10}, r"^Las etiquetas tienen valores fuera del rango 0\.\.9: -1\.$"),
    (np.eye(3), {"allow_one_hot": False}, r"^Las etiquetas ya están en codificación one-hot \(forma \(3, 3\)\)\. Pasa las clases enteras"),
    (np.eye(3), {"allow_one_hot": False, "one_hot_advice": "Úsalas tal cual."}, r"one-hot \(forma \(3, 3\)\)\. Úsalas tal cual\.$"),
    (np.ones((2, 3)), {"allow_one_hot": False}, r"^Las etiquetas deben ser un vector de clases de forma \(n,\), y su forma es \(2, 3\)\.$"),
    (np.zeros((2, 3, 4)), {}, r"deben ser un vector \(n,\) o una matriz \(n, clases\), y su forma es \(2, 3, 4\)"),
    ([], {"allow_empty": False}, r"^Las etiquetas son un array vacío"),
    (["a"], {}, r"^Las etiquetas deben ser un array numérico"),
])
def test_class_labels_rejects_what_is_not_a_class_vector(values, kwargs, message):
    with pytest.raises(ValueError, match=message):
        checks.class_labels(values, "Las etiquetas", **kwargs)


def test_class_labels_singular_subject():
    with pytest.raises(ValueError, match=r"^El vector y tiene 1 elemento, y debería tener uno por ejemplo \(2\)\.$"):
        checks.class_labels([1], "El vector y", n=2)
