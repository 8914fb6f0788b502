"""Ejercicios del notebook 01 (aprendizaje superficial frente a profundo): comprobación, pista y solución.

En el notebook::

    from course_lib.lessons.shallow_deep import exercises as ex
    ex.xor_feature.check(mi_caracteristica, X_train=X_xor, y_train=y_xor, X_test=X_xor_test, y_test=y_xor_test)
    ex.min_neurons.check(neuronas_minimas)
    ex.progress()
"""

from __future__ import annotations

import functools

from course_lib import exercises, formatting
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.shallow_deep.compute import train_playground
from course_lib.lessons.shallow_deep.data import extra_feature_accuracy

EXERCISES = ExerciseSet("01_superficial_vs_profundo")

#: Exactitud de prueba que pide el ejercicio 1 y exactitud de validación del ejercicio 2.
TARGET = 0.9
#: Neuronas por capa que permite el control del patio de juegos (``explorers.playground_explorer``: de 1 a 8).
CONTROL_NEURONS = 8


@EXERCISES.exercise("Ejercicio 1", answer="mi_caracteristica",
                    hint="¿Qué operación con x₁ y x₂ da un número positivo cuando tienen el mismo signo y negativo "
                         "cuando no?",
                    solution="def mi_caracteristica(X):\n    return X[:, 0] * X[:, 1]",
                    explanation="Con tu característica, una recta separa las clases. Eso es ingeniería de "
                                "características.")
def xor_feature(answer, *, X_train, y_train, X_test, y_test):
    if not callable(answer):
        return exercises.Feedback(exercises.WRONG, "mi_caracteristica debe ser una función que recibe X y devuelve un "
                                  "número por punto: escribe `def mi_caracteristica(X):` y, debajo, `return ...`; "
                                  f"has dado {exercises.describe_value(answer)}.")
    try:
        accuracy = extra_feature_accuracy(answer, X_train, y_train, X_test, y_test)
    except ValueError as exc:   # los mensajes de extra_feature_accuracy ya están en español
        return exercises.Feedback(exercises.WRONG, str(exc))
    except Exception as exc:  # noqa: BLE001 - el error está en la función del estudiante
        if isinstance(exc, IndexError) and "out of bounds" in str(exc):
            return exercises.Feedback(exercises.WRONG, "tu función usa una columna que X no tiene: X tiene dos "
                                      "columnas, X[:, 0] (x₁) y X[:, 1] (x₂).")
        return exercises.Feedback(exercises.WRONG, "tu función dio un error al calcular la característica de los "
                                  f"puntos: {exercises.explain_error(exc)} Recuerda que recibe X, un array de forma "
                                  "(n, 2), y que X[:, 0] es x₁ y X[:, 1] es x₂.")
    if accuracy < TARGET:
        return exercises.Feedback(exercises.WRONG, f"con tu característica, la regresión logística acierta el "
                                  f"{formatting.percent(accuracy, 0)} de los puntos de prueba (se pide un "
                                  f"{formatting.percent(TARGET, 0)}): las clases siguen sin quedar a un lado y otro "
                                  "de una recta.")
    return exercises.Feedback(exercises.RIGHT, f"correcto: la regresión logística acierta el "
                              f"{formatting.percent(accuracy, 0)} de los puntos de prueba.")


@functools.lru_cache(maxsize=1)
def validation_accuracy_by_neurons() -> dict[int, float]:
    """Exactitud de validación del patio de juegos con los valores del enunciado, de 1 a 8 neuronas."""
    return {n: train_playground("circles", noise=0.1, hidden_layers=1, neurons=n)["accuracy_val"]
            for n in range(1, CONTROL_NEURONS + 1)}


@EXERCISES.exercise("Ejercicio 2", answer="neuronas_minimas",
                    hint="Mueve el control «Neuronas por capa» de 1 en 1 y mira la exactitud de validación en el "
                         "texto de abajo.",
                    solution="neuronas_minimas = 3",
                    explanation="Tres rectas bastan para encerrar una región (un triángulo de bordes suaves) "
                                "alrededor del disco.")
def min_neurons(answer):
    accuracy = validation_accuracy_by_neurons()
    minimum = min(n for n, acc in accuracy.items() if acc >= TARGET)
    mistakes = {n: f"con {n} {'neurona' if n == 1 else 'neuronas'} la exactitud de validación es del "
                   f"{formatting.percent(acc, 0)}, por debajo del {formatting.percent(TARGET, 0)}."
                for n, acc in accuracy.items() if acc < TARGET}
    why = {1: "una sola neurona es una sola recta: es lo mismo que la regresión logística.",
           2: "con dos rectas solo se forma una franja o una esquina, y parte del anillo queda dentro."}
    for n, text in why.items():
        if n in mistakes:
            mistakes[n] = f"{text} {mistakes[n][:1].upper()}{mistakes[n][1:]}"
    mistakes.update({n: "con esas neuronas funciona, pero no es el mínimo: prueba con menos."
                     for n, acc in accuracy.items() if n > minimum and acc >= TARGET})
    mistakes[0] = "una capa oculta necesita al menos una neurona (el control empieza en 1)."
    mistakes.pop(minimum, None)
    if exercises.is_number(answer) and float(answer).is_integer() and answer > CONTROL_NEURONS:
        return exercises.Feedback(exercises.WRONG, f"el control «Neuronas por capa» llega hasta {CONTROL_NEURONS}, y con "
                                  "menos neuronas ya se llega: busca el mínimo moviéndolo de 1 en 1.")
    if exercises.is_number(answer) and answer < 0:
        return exercises.Feedback(exercises.WRONG, "el número de neuronas no puede ser negativo: cuenta neuronas de "
                                  "la capa oculta, de 1 en adelante.")
    return exercises.check_number(answer, minimum, common_mistakes=mistakes)


WHERE_OPTIONS = {
    "a": "precio de viviendas con 6 columnas",
    "b": "círculos con la distancia al centro",
    "c": "especies de aves en fotos",
    "d": "números pares por la última cifra",
}


@EXERCISES.exercise("Ejercicio 3", answer="opcion",
                    hint="Busca datos en bruto, de muchas dimensiones, donde nadie sepa qué características medir.",
                    solution='opcion = "c"')
def where_deep_wins(answer):
    return exercises.check_choice(answer, "c", WHERE_OPTIONS, explanations={
        "a": "Pocas columnas con significado y pocos datos: un buen modelo superficial suele empatar o ganar.",
        "b": "Ya conoces la característica buena: una línea de ingeniería de características y una recta bastan.",
        "c": "Cada foto son 224 × 224 × 3 = 150 528 números; nadie sabe escribir a mano las características "
             "«pico» o «plumas», y hay datos de sobra para que una red las aprenda.",
        "d": "Es una regla exacta que ya conoces: ni siquiera hace falta aprendizaje automático.",
    })


progress = EXERCISES.progress
