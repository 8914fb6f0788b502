"""Ejercicios del notebook 06 (sobreajuste): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.overfitting import exercises as ex
    ex.selection_set.check(opcion)
    ex.best_epoch.check(mejor_epoca, results=results)
    ex.l2_penalty.check(penalizacion, w=w)
    ex.dropout_scale.check(factor)
    ex.chosen_model.check(elegido, results=results)
    ex.progress()
"""

from __future__ import annotations

import numpy as np

from course_lib import exercises, formatting
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.overfitting.compute import best_by_validation

EXERCISES = ExerciseSet("06_sobreajuste")

#: La regularización del ejercicio 3, ``keras.regularizers.L2(0.01)``, y el dropout del ejercicio 4.
L2_FACTOR = 0.01
DROPOUT_RATE = 0.2


@EXERCISES.exercise(
    "Ejercicio 1", answer="opcion",
    hint="Piensa en qué conjunto puedes mirar tantas veces como quieras sin estropear nada.",
    solution='opcion = "c"')
def selection_set(answer):
    return exercises.check_choice(answer, "c", {
        "a": "con el conjunto de entrenamiento", "b": "con el conjunto de prueba",
        "c": "con el conjunto de validación", "d": "con validación y prueba juntos"}, explanations={
        "a": "Con los datos de entrenamiento gana la red que mejor memoriza, no la que mejor generaliza.",
        "b": "Si eliges con la prueba, su nota sale optimista: ya no mide datos nuevos.",
        "c": "Para eso está: para elegir. La prueba queda intacta para la nota final.",
        "d": "En cuanto la prueba interviene en una decisión, deja de ser una medida imparcial."})


def _history(result) -> dict:
    history = result["history"]
    return history.history if hasattr(history, "history") else history


@EXERCISES.exercise(
    "Ejercicio 2", answer="mejor_epoca",
    hint="np.argmin(lista) da la posición del valor más pequeño, contando desde 0.",
    solution='mejor_epoca = int(np.argmin(history.history["val_loss"])) + 1')
def best_epoch(answer, *, results):
    val_loss = list(_history(results["base"])["val_loss"])
    epochs = len(val_loss)
    expected = int(np.argmin(val_loss)) + 1
    mistakes: dict[float, str] = {}
    mistakes.setdefault(expected - 1, "np.argmin cuenta desde 0 y las épocas desde 1: súmale 1.")
    mistakes.setdefault(int(np.argmax(val_loss)) + 1, "esa es la época con la pérdida de validación más alta.")
    mistakes.setdefault(epochs, "esa es la última época, no la mejor.")
    mistakes.pop(expected, None)
    for value in list(mistakes):
        if not 1 <= value <= epochs and value != expected - 1:
            mistakes.pop(value)
    feedback = exercises.check_number(answer, expected, common_mistakes=mistakes)
    if feedback.status == exercises.WRONG and exercises.is_number(answer) and float(answer) == round(float(answer)) \
            and not 0 <= float(answer) <= epochs:
        return exercises.Feedback(exercises.WRONG, f"{formatting.thousands(int(answer))} no es correcto: el entrenamiento "
                                  f"tuvo {epochs} épocas, numeradas de 1 a {epochs}.")
    return feedback


@EXERCISES.exercise(
    "Ejercicio 3", answer="penalizacion",
    hint="λ multiplica la suma de los cuadrados de todos los pesos (el signo no importa).",
    solution="penalizacion = 0.01 * np.sum(w ** 2)",
    explanation="Es lo que suma keras.regularizers.L2(0.01) a la pérdida: λ · Σ w².")
def l2_penalty(answer, *, w):
    w = np.asarray(w, dtype=float)
    expected = float(L2_FACTOR * np.sum(w ** 2))   # lo que calcula keras.regularizers.L2 (lo prueba el test)
    answer_array = np.asarray(answer) if isinstance(answer, np.ndarray) or hasattr(answer, "numpy") else None
    if answer_array is not None and answer_array.size > 1:
        return exercises.Feedback(exercises.WRONG, f"has dado un array de forma {answer_array.shape}, un valor por "
                                  "peso; la penalización es un solo número: falta sumar (np.sum).")
    mistakes: dict[float, str] = {}
    mistakes.setdefault(expected / 2, "Keras no usa el factor 1/2 que aparece en algunos libros: es λ · Σ w².")
    mistakes.setdefault(L2_FACTOR * np.abs(w).sum(), "eso es la regularización L1 (valores absolutos); L2 usa cuadrados.")
    mistakes.setdefault(L2_FACTOR * np.sqrt(np.sum(w ** 2)), "no hace falta la raíz cuadrada: es la suma de cuadrados.")
    mistakes.setdefault(L2_FACTOR * np.sum(w) ** 2, "eleva al cuadrado cada peso antes de sumar, no la suma.")
    mistakes.setdefault(float(np.sum(w ** 2)), f"falta multiplicar por λ = {L2_FACTOR:g}.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, tol=1e-6, common_mistakes=mistakes)


@EXERCISES.exercise(
    "Ejercicio 4", answer="factor",
    hint="Si se apaga el 20 %, sobrevive el 80 %; la suma media tiene que quedar igual que sin dropout.",
    solution="factor = 1 / (1 - 0.2)",
    explanation="Las neuronas que sobreviven compensan a las apagadas: la salida media queda igual que al evaluar, "
                "sin dropout.")
def dropout_scale(answer):
    keep = 1 - DROPOUT_RATE
    expected = 1 / keep
    mistakes: dict[float, str] = {}
    mistakes.setdefault(keep, f"{keep:g} es la fracción que sobrevive; hay que dividir entre ella, no multiplicar.")
    mistakes.setdefault(DROPOUT_RATE, f"{DROPOUT_RATE:g} es la fracción que se apaga, no el factor de escala.")
    mistakes.setdefault(1 / DROPOUT_RATE, f"eso es 1/{DROPOUT_RATE:g}: divide entre la fracción que sobrevive ({keep:g}).")
    mistakes.setdefault(1 + DROPOUT_RATE, f"sumar la fracción apagada no compensa: divide entre la fracción que "
                                          f"sobrevive ({keep:g}).")
    mistakes.setdefault(2, f"2 es el factor de Dropout(0.5) de la celda anterior; aquí rate = {DROPOUT_RATE:g}.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, tol=1e-6, common_mistakes=mistakes)


@EXERCISES.exercise(
    "Ejercicio 5", answer="elegido",
    hint="Se elige con el conjunto de validación: mira la columna «Exactitud val.» de la tabla.",
    solution='elegido = max(results, key=lambda key: results[key]["val_accuracy"])',
    explanation="Se elige por la exactitud de validación; la prueba, después, solo mide al elegido.")
def chosen_model(answer, *, results):
    keys = ", ".join(f'"{k}"' for k in results)
    if not isinstance(answer, str):
        return exercises.Feedback(exercises.WRONG, "escribe la clave del modelo como un texto entre comillas, por "
                                  f"ejemplo \"l2\"; has dado {exercises.describe_value(answer)}.")
    if answer not in results:
        by_label = [k for k in results if results[k].get("label", "").strip().lower() == answer.strip().lower()]
        if by_label:
            return exercises.Feedback(exercises.WRONG, f"«{answer}» es el nombre del modelo; escribe su clave, "
                                      f"\"{by_label[0]}\".")
        return exercises.Feedback(exercises.WRONG, f"{answer!r} no es ninguna clave de results; las claves son: {keys}.")
    best = results[best_by_validation(results)]["val_accuracy"]
    chosen = results[answer]
    if chosen["val_accuracy"] >= best - 1e-9:
        return exercises.Feedback(exercises.RIGHT, "correcto.")
    if chosen["train_accuracy"] == max(r["train_accuracy"] for r in results.values()):
        return exercises.Feedback(exercises.WRONG, f"«{chosen['label']}» es el que mejor resultado da en entrenamiento, "
                                  "es decir, el que mejor memoriza; se elige con la validación.")
    if "val_loss" in chosen and chosen["val_loss"] == min(r.get("val_loss", np.inf) for r in results.values()):
        return exercises.Feedback(exercises.WRONG, f"«{chosen['label']}» tiene la menor pérdida de validación (un criterio "
                                  "razonable), pero aquí se elige por la exactitud de validación y otro modelo tiene más.")
    return exercises.Feedback(exercises.WRONG, f"«{chosen['label']}» tiene {formatting.percent(chosen['val_accuracy'])} "
                              "en validación, y otro modelo tiene más.")


progress = EXERCISES.progress
