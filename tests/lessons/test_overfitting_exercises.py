"""Los ejercicios del notebook 06 (``course_lib.lessons.overfitting.exercises``): la solución del notebook
da ✅, cada error típico su mensaje, ``...`` da ⏳ y un tipo equivocado un mensaje en español.
Los resultados de los entrenamientos son diccionarios escritos a mano, como los que rellena ``measure``."""

from types import SimpleNamespace

import numpy as np
import pytest
from exercise_helpers import assert_spanish, fresh_exercises, markdown_options, solution_value

from course_lib.lessons.overfitting import exercises as ex

NOTEBOOK = "06_sobreajuste"
W = np.array([[0.5, -1.0], [2.0, 0.0]])


def result(label, train, val, val_loss, curve=(1.0, 0.8, 0.7, 0.75, 0.9, 1.1)):
    return {"label": label, "history": SimpleNamespace(history={"val_loss": list(curve)}), "train_size": 1000,
            "train_accuracy": train, "val_accuracy": val, "val_loss": val_loss}


@pytest.fixture
def results():
    """La red base toca fondo en la época 3 de 6; «dropout» gana en validación y «base» en entrenamiento."""
    return {"base": result("Red grande, pocos datos", 1.0, 0.81, 0.83),
            "small": result("Modelo más pequeño", 0.95, 0.817, 0.54),
            "dropout": result("Dropout", 0.97, 0.824, 0.61),
            "l2": result("Regularización L2", 0.93, 0.793, 0.72)}


fresh = fresh_exercises(ex.EXERCISES)


def solve(item, namespace=None):
    return solution_value(item.solution_code, item.answer_name, np=np, **(namespace or {}))


def context(item, results):
    return {"best_epoch": {"results": results}, "l2_penalty": {"w": W},
            "chosen_model": {"results": results}}.get(item.key, {})


def test_the_set_follows_the_notebook():
    assert ex.EXERCISES.notebook == NOTEBOOK
    assert [e.key for e in ex.EXERCISES] == ["selection_set", "best_epoch", "l2_penalty", "dropout_scale",
                                             "chosen_model"]
    assert [e.title for e in ex.EXERCISES] == [f"Ejercicio {i}" for i in range(1, 6)]


def test_solutions_are_right(results):
    namespace = {"history": results["base"]["history"], "w": W, "results": results}
    for item in ex.EXERCISES:
        feedback = item.check(solve(item, namespace), **context(item, results))
        assert feedback.ok, (item.key, feedback.message)
    assert solve(ex.best_epoch, namespace) == 3 and solve(ex.chosen_model, namespace) == "dropout"


@pytest.mark.parametrize("letter, right", [("c", True), (" C ", True), ("a", False), ("b", False), ("d", False)])
def test_selection_set(letter, right):
    assert ex.selection_set.check(letter).ok is right


def test_selection_set_options_in_the_markdown_match():
    (options,) = markdown_options(f"{NOTEBOOK}.ipynb")   # la única pregunta de opción múltiple
    text = "\n".join(f"- **{k})** {v}" for k, v in options.items())
    assert "- **c)** Con el conjunto de validación." in text and "- **b)** Con el conjunto de prueba" in text


@pytest.mark.parametrize("answer, message", [
    (2, "np.argmin cuenta desde 0"),
    (6, "la última época"),
    (1, "la pérdida de validación más alta"),
    (7, "tuvo 6 épocas, numeradas de 1 a 6"),
    (-1, "tuvo 6 épocas"),
    (3.5, "se espera un número entero"),
    ("3", "sin comillas"),
])
def test_best_epoch_mistakes(results, answer, message):
    results["base"]["history"].history["val_loss"] = [0.9, 1.0, 0.7, 0.75, 0.8, 0.85]   # máximo en la 2.ª
    results["base"]["history"].history["val_loss"][0] = 1.2                              # ... y en la 1.ª
    feedback = ex.best_epoch.check(answer, results=results)
    assert not feedback.ok and message in feedback.message, feedback.message
    assert_spanish(feedback.text())


def test_best_epoch_when_the_last_epoch_is_the_best(results):
    """En modo rápido la pérdida de validación baja hasta el final: la última época es la respuesta."""
    results["base"]["history"] = {"val_loss": [1.0, 0.9, 0.8, 0.7]}   # también vale el diccionario history.history
    assert ex.best_epoch.check(4, results=results).ok
    assert "súmale 1" in ex.best_epoch.check(3, results=results).message
    assert "más alta" in ex.best_epoch.check(1, results=results).message


def test_best_epoch_colliding_mistakes_keep_the_first_message(results):
    # argmin (desde 0) = 1 = argmax + 1: los dos errores típicos dan el mismo número.
    results["base"]["history"] = {"val_loss": [1.0, 0.5, 0.9]}
    assert ex.best_epoch.check(2, results=results).ok
    assert "súmale 1" in ex.best_epoch.check(1, results=results).message


def test_l2_matches_keras():
    import keras

    assert float(keras.regularizers.L2(ex.L2_FACTOR)(W)) == pytest.approx(0.0525, abs=1e-7)
    assert ex.l2_penalty.check(float(keras.regularizers.L2(0.01)(W)), w=W).ok


@pytest.mark.parametrize("answer, message", [
    (0.0525 / 2, "factor 1/2"),
    (0.035, "regularización L1"),
    (0.01 * np.sqrt(5.25), "raíz cuadrada"),
    (0.0225, "eleva al cuadrado cada peso"),
    (5.25, "falta multiplicar por λ = 0.01"),
    (0.01 * W ** 2, "falta sumar (np.sum)"),
])
def test_l2_penalty_mistakes(answer, message):
    feedback = ex.l2_penalty.check(answer, w=W)
    assert not feedback.ok and message in feedback.message, feedback.message
    assert "0.0525" not in feedback.message.split("no es correcto")[-1]
    assert_spanish(feedback.text())


@pytest.mark.parametrize("answer, message", [
    (0.8, "la fracción que sobrevive"), (0.2, "la fracción que se apaga"), (5, "eso es 1/0.2"),
    (1.2, "sumar la fracción apagada"), (2, "Dropout(0.5)"), (-1.25, "signo cambiado"), ("1.25", "sin comillas"),
])
def test_dropout_scale_mistakes(answer, message):
    feedback = ex.dropout_scale.check(answer)
    assert not feedback.ok and message in feedback.message, feedback.message
    assert "1.25" not in feedback.message.split("no es correcto")[-1].replace("'1.25'", "")


def test_chosen_model_mistakes(results):
    cases = [("base", "el que mejor memoriza"), ("small", "la menor pérdida de validación"),
             ("l2", "«Regularización L2» tiene 79.3 % en validación, y otro modelo tiene más"),
             ("Dropout", "escribe su clave, \"dropout\""), ("test", "no es ninguna clave de results"),
             (3, "texto entre comillas"), (["dropout"], "texto entre comillas")]
    for answer, message in cases:
        feedback = ex.chosen_model.check(answer, results=results)
        assert not feedback.ok and message in feedback.message, (answer, feedback.message)
        if answer != "Dropout":
            assert "«Dropout»" not in feedback.message   # no revela el modelo que había que elegir
        assert_spanish(feedback.text())
    assert ex.chosen_model.check("dropout", results=results).ok


def test_pending_and_wrong_types(results):
    for item in ex.EXERCISES:
        assert item.check(..., **context(item, results)).status == "pendiente"
        for wrong in ({"x": 1}, True, [1, 2]):
            feedback = item.check(wrong, **context(item, results))
            assert not feedback.ok
            assert_spanish(feedback.text())


def test_progress_counts(results):
    assert "0 de 5" in ex.progress().body
    ex.selection_set.check("c")
    ex.dropout_scale.check(0.8)
    body = ex.progress().body
    assert "1 de 5" in body and "Ejercicio 4 (incorrecto)" in body and "Ejercicio 5 (sin responder)" in body
    namespace = {"history": results["base"]["history"], "w": W, "results": results}
    for item in ex.EXERCISES:
        item.check(solve(item, namespace), **context(item, results))
    assert "5 de 5" in ex.progress().body and "¡Todos!" in ex.progress().body
