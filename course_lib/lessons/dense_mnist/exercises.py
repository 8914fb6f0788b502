"""Ejercicios del notebook 05 (red densa con MNIST): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.dense_mnist import exercises as ex
    ex.steps_per_epoch.check(pasos, x_fit=x_fit, batch_size=BATCH_SIZE, epochs=EPOCHS, n_train=len(x_train_vec))
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import exercises, formatting
from course_lib.exercise_set import ExerciseSet

EXERCISES = ExerciseSet("05_red_densa_mnist")

FULL_TRAIN = 60_000


@EXERCISES.exercise("Ejercicio 1", answer="forma",
             hint="Una fila por imagen de prueba y una columna por píxel.",
             solution="forma = (len(x_test), 28 * 28)")
def flat_shape(answer, *, x_test):
    expected = (len(x_test), int(np.prod(x_test.shape[1:])))
    if isinstance(answer, tuple) and len(answer) == 2 and answer[0] == 10_000 and expected[0] != 10_000:
        return exercises.Feedback(exercises.WRONG, f"10 000 son las imágenes de prueba del MNIST completo; aquí x_test "
                                  f"tiene {formatting.thousands(len(x_test))}.")
    return exercises.check_shape(answer, expected)


@EXERCISES.exercise("Ejercicio 2", answer="parametros",
             hint="Cada una de las 512 neuronas tiene un peso por cada una de sus 512 entradas, y además un sesgo.",
             solution="parametros = 512 * 512 + 512")
def second_layer_params(answer, *, model):
    return exercises.check_number(answer, model.layers[1].count_params(), common_mistakes={
        512 * 512: "te has olvidado de los sesgos: uno por neurona.",
        784 * 512 + 512: "esa es la primera capa (784 entradas); la segunda recibe 512."})


@EXERCISES.exercise("Ejercicio 3", answer="pasos",
             hint="Divide el número de ejemplos de x_fit entre el tamaño de lote y redondea hacia arriba.",
             solution="pasos = math.ceil(len(x_fit) / BATCH_SIZE)")
def steps_per_epoch(answer, *, x_fit, batch_size, epochs, n_train):
    n_fit = len(x_fit)
    expected = math.ceil(n_fit / batch_size)
    mistakes = {n_fit // batch_size: "el último lote, aunque sea más pequeño, también es un paso: redondea hacia arriba.",
                n_fit / batch_size: "el número de pasos es un entero: redondea hacia arriba.",
                n_fit: "eso son ejemplos, no pasos: cada paso procesa un lote entero.",
                epochs: "eso son épocas; cada época tiene muchos pasos.",
                math.ceil(n_train / batch_size): "esos serían los pasos con todo x_train_vec; "
                                                  "la validación (x_val) no se usa para entrenar."}
    if n_train != FULL_TRAIN:
        mistakes[math.ceil(FULL_TRAIN / batch_size)] = (
            f"esa es la cifra del MNIST completo (60 000 imágenes); aquí x_fit tiene {formatting.thousands(n_fit)} ejemplos.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


@EXERCISES.exercise("Ejercicio 4", answer="confusion",
             hint="Busca el número más grande fuera de la diagonal; su fila es el dígito real y su columna el predicho.",
             solution="matrix = plots.compute_confusion_matrix(y_test, y_pred)\n"
                      "np.fill_diagonal(matrix, 0)\n"
                      "confusion = tuple(int(i) for i in np.unravel_index(matrix.argmax(), matrix.shape))")
def most_confused(answer, *, y_test, y_pred):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return exercises.Feedback(exercises.WRONG, "escribe una tupla de dos dígitos (real, predicho), por ejemplo "
                                  f"(4, 9); has dado {exercises.describe_value(answer)}.")
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and 0 <= d <= 9 for d in answer):
        return exercises.Feedback(exercises.WRONG, f"cada elemento de la tupla es un dígito del 0 al 9, y {tuple(answer)!r} "
                                  "no lo es.")
    real, predicted = (int(d) for d in answer)
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (np.asarray(y_test, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    if real == predicted:
        return exercises.Feedback(exercises.WRONG, f"({real}, {predicted}) está en la diagonal: esa casilla cuenta los aciertos "
                                  f"(la red reconoció {counts[real, real]} veces un {real}), no una confusión. "
                                  "Busca fuera de la diagonal.")
    np.fill_diagonal(counts, 0)
    if counts.max() == 0 or counts[real, predicted] == counts.max():
        return exercises.Feedback(exercises.RIGHT, "correcto: esa es la confusión más frecuente.")
    times = "ninguna vez" if counts[real, predicted] == 0 else (
        "una vez" if counts[real, predicted] == 1 else f"{counts[real, predicted]} veces")
    return exercises.Feedback(exercises.WRONG, f"la red tomó un {real} por un {predicted} {times}, pero hay una "
                              f"pareja con {counts.max()} confusiones.")


@EXERCISES.exercise("Ejercicio 5", answer="opcion",
             hint="Busca la línea que hace algo válido, pero inútil.",
             solution='opcion = "c"')
def silent_error(answer):
    return exercises.check_choice(answer, "c", {
        "a": "x_valid.reshape(60000, 784)", "b": "Dense(unit=512, ...)",
        "c": "x_train.reshape(60000, 784) sin asignar", "d": 'activation="ReLu"'}, explanations={
        "a": "ese falla en el acto: 7 840 000 valores no bastan para llenar 60000 × 784 = 47 040 000.",
        "b": "ese falla en el acto: a Dense le falta el argumento units.",
        "c": "reshape devuelve un array nuevo que nadie guarda; el error aparece mucho después, al entrenar.",
        "d": "ese falla en el acto: Keras no reconoce la activación."})


progress = EXERCISES.progress
