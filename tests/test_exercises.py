import numpy as np
import pytest

from course_lib import exercises as ex


def test_pending_answer_does_not_fail():
    fb = ex.check_number(..., 10, name="Pasos", hint="Divide y redondea hacia arriba.")
    assert fb.status == ex.PENDING and not fb
    assert "todavía no has respondido" in fb.text() and "💡 Pista: Divide" in fb.text()


def test_number_right_wrong_and_common_mistake():
    assert ex.check_number(1875, 1875).ok
    assert ex.check_number(np.int64(1875), 1875).ok
    assert ex.check_number(np.array(1875.0), 1875).ok
    fb = ex.check_number(1874.9, 1875, common_mistakes={1874.9: "redondea hacia arriba."}, tol=0.01)
    assert not fb and "redondea hacia arriba" in fb.message
    assert "más del doble" in ex.check_number(4000, 1875).message
    assert "menos de la mitad" in ex.check_number(1, 1875).message
    assert ex.check_number(0.98, 1.0, tol=0.05, relative=True).ok


def test_number_type_errors_are_explained():
    fb = ex.check_number("mil", 1000)
    assert not fb and "se esperaba un número" in fb.message
    assert "no es un número finito" in ex.check_number(float("nan"), 1).message
    assert not ex.check_number(True, 1).ok


@pytest.mark.parametrize("answer, expected, said", [
    (-0.125, 0.125, "signo cambiado"),
    (-3, 5, "es negativo"),
    (3, -5, "es positivo"),
    (18750, 1875, "10 veces más grande"),
    (0.001875, 1.875, "1000 veces más pequeño"),
    (1874.5, 1875, "se espera un número entero"),
    (1876, 1875, "pasado por uno"),
    (1874, 1875, "quedado corto por uno"),
    (1700, 1875, "se acerca"),
])
def test_wrong_numbers_say_what_kind_of_mistake(answer, expected, said):
    fb = ex.check_number(answer, expected)
    assert not fb and said in fb.message and "demasiado" not in fb.message


def test_explanations_after_a_full_stop_start_with_a_capital():
    opts = {"a": "Uno", "b": "Dos"}
    fb = ex.check_choice("b", "a", opts, explanations={"b": "ese falla en el acto."})
    assert "no es la respuesta correcta. Ese falla en el acto." in fb.message
    assert ex.check_number(2, 2, explanation="cada paso es un lote.").message == "correcto (2). Cada paso es un lote."


def test_a_number_written_as_text_is_not_accepted():
    fb = ex.check_number("0.5", 0.5)
    assert not fb and "sin comillas" in fb.message


def test_decimal_comma_is_explained():
    fb = ex.check_number((0, 125), -0.125)
    assert not fb and "Python escribe los decimales con punto: 0.125" in fb.message and "tuple" not in fb.message


def test_choice():
    opts = {"a": "Uno", "b": "Dos"}
    expl = {"a": "Porque sí.", "b": "Porque no."}
    assert ex.check_choice("A)", "a", opts, explanations=expl).ok
    fb = ex.check_choice("b", "a", opts, explanations=expl, hint="Piensa.")
    assert not fb and "Porque no." in fb.message and "Piensa." in fb.text()
    assert "no es una opción" in ex.check_choice("z", "a", opts).message
    with pytest.raises(ValueError, match="no está entre las opciones"):
        ex.check_choice("a", "c", opts)


def test_shape():
    assert ex.check_shape(np.zeros((3, 784)), (3, 784)).ok
    assert "mismo número de valores" in ex.check_shape(np.zeros((3, 28, 28)), (3, 784)).message
    assert "mismo número de valores" not in ex.check_shape(np.zeros((4, 784)), (3, 784)).message
    assert "se esperaba un array" in ex.check_shape(5, (1,)).message


@pytest.mark.parametrize("answer", [(28.5, 28), ("veintiocho", 28), (True, 28), [28.0, 28]])
def test_shape_with_non_integer_dimensions_is_wrong_not_a_crash(answer):
    fb = ex.check_shape(answer, (28, 28))
    assert not fb and "cada dimensión de una forma es un número entero" in fb.message


def test_check_with_reports_problem_and_exceptions():
    assert ex.check_with(4, lambda a: None if a % 2 == 0 else "es impar").ok
    assert ex.check_with(3, lambda a: None if a % 2 == 0 else "es impar").message == "es impar"
    fb = ex.check_with(3, lambda a: a.missing)
    assert not fb and "AttributeError" in fb.message


def test_feedback_html_is_escaped():
    fb = ex.Feedback(ex.WRONG, "<b>x</b>", "pista", "Ej")
    html = fb._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "Pista" in html
