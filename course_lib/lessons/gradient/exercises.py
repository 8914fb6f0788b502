"""Ejercicios del notebook 02 (el gradiente y el descenso del gradiente): comprobación, pista y solución.

En el notebook::

    from course_lib.lessons.gradient import exercises as ex
    ex.gradient_at_origin.check(dL_dw, x=x, y=y)
    ex.momentum_bowl.check(respuesta, step=momentum_step)   # con el momentum_step del notebook
    ex.progress()
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import exercises
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.gradient.compute import descend, momentum_step
from course_lib.lessons.gradient.explorers import summarize_run
from course_lib.lessons.gradient.regression import mse_gradient

EXERCISES = ExerciseSet("02_descenso_del_gradiente")


@EXERCISES.exercise("Ejercicio 1", answer="dL_dw",
                    hint="Es 2 por la media de (ŷ − y)·x. Con w = b = 0, ŷ − y es simplemente −y.",
                    solution="y_hat = 0.0 * x + 0.0\ndL_dw = 2 * np.mean((y_hat - y) * x)",
                    explanation="Es negativo: subir w hace bajar la pérdida, porque la recta ŷ = 0 está por debajo "
                                "de los datos.")
def gradient_at_origin(answer, *, x, y):
    d_w, d_b = (float(g) for g in mse_gradient((0.0, 0.0), x, y))
    if isinstance(answer, np.ndarray) and answer.size == 2:
        return exercises.Feedback(exercises.WRONG, "has dado dos números, el gradiente completo (∂L/∂w, ∂L/∂b); la "
                                  "pregunta pide solo ∂L/∂w, un número.")
    mistakes = {d_w / 2: "te falta el factor 2 que sale de derivar el cuadrado.",
                -d_w: "el signo está al revés: la fórmula usa (ŷ − y), no (y − ŷ).",
                d_w * len(x): "has sumado en lugar de hacer la media: divide entre n.",
                d_b: "esa es la derivada respecto a b: falta multiplicar cada término por su x.",
                d_b / 2: "esa es la mitad de la derivada respecto a b: falta el factor 2 y multiplicar cada término "
                         "por su x."}
    mistakes = {value: why for value, why in mistakes.items() if abs(value - d_w) > 1e-6}
    if exercises.is_number(answer) and math.isfinite(answer) and 1e-6 < abs(answer - d_w) <= 0.01 * abs(d_w):
        return exercises.Feedback(exercises.WRONG, f"{float(answer):g} se acerca mucho, pero no es exacto: parece un "
                                  "valor redondeado. Asigna a dL_dw el resultado del cálculo con NumPy, sin copiarlo "
                                  "de una salida.")
    return exercises.check_number(answer, d_w, common_mistakes=mistakes)


#: Con f(w) = w², f''(w) = 2 y cada paso multiplica w por (1 − 2η): el factor vale 0 con η = 1/2.
ONE_STEP_RATE = 1 / 2


@EXERCISES.exercise("Ejercicio 2", answer="eta_un_paso",
                    hint="Tras un paso, w₁ = (1 − 2η)·w₀. ¿Para qué η vale 0 ese factor?",
                    solution="eta_un_paso = 0.5   # el factor (1 - 2·0.5) vale 0",
                    explanation="El factor (1 − 2η) vale 0, así que w₁ = 0 desde cualquier w₀. Compruébalo luego "
                                "en el explorador.")
def one_step_rate(answer):
    mistakes = {1.0: "con η = 1 el factor es −1: w salta a −w, al otro lado y a la misma altura.",
                0.25: "con η = 0.25 el factor es 0.5: solo recorres la mitad del camino.",
                2.0: "con η = 2 el factor es −3: el salto cae tres veces más lejos.",
                0.0: "con η = 0 no das ningún paso: w se queda donde está."}
    mistakes.pop(ONE_STEP_RATE, None)
    if exercises.is_number(answer) and answer < 0:
        return exercises.Feedback(exercises.WRONG, "con una tasa de aprendizaje negativa el paso va cuesta arriba: "
                                  "η es siempre positiva.")
    return exercises.check_number(answer, ONE_STEP_RATE, common_mistakes=mistakes)


DIVERGE_OPTIONS = {"a": "η > 0.5", "b": "η > 1", "c": "η > 2", "d": "nunca"}


@EXERCISES.exercise("Ejercicio 3", answer="opcion",
                    hint="Piensa en el valor absoluto del factor (1 − 2η): ¿cuándo es mayor que 1?",
                    solution='opcion = "b"')
def divergence_threshold(answer):
    return exercises.check_choice(answer, "b", DIVERGE_OPTIONS, explanations={
        "a": "Con 0.5 < η < 1 el factor está entre −1 y 0: w cambia de signo en cada paso, pero |w| se reduce. "
             "Converge oscilando, como con η = 0.95.",
        "b": "Con η > 1 el factor (1 − 2η) es menor que −1 y cada salto multiplica |w| por más de 1. Con η = 1 "
             "exacto, w salta entre 1 y −1 para siempre.",
        "c": "La figura ya muestra que con η = 1.1 diverge: el factor es −1.2.",
        "d": "Tener un único mínimo no basta: si los pasos son demasiado largos, cada salto cae más arriba que el "
             "anterior.",
    })


#: El ejercicio 4: el cuenco alargado, desde (−1.5, 2), en 40 pasos o menos.
BOWL_STEPS, BOWL_START = 40, (-1.5, 2.0)


#: El límite de la tasa de aprendizaje sin momento en el cuenco alargado: 2/λ con λ = 20.
NO_MOMENTUM_LIMIT = 0.1


def _bowl_run(eta, mu, step):
    return descend("bowl", learning_rate=eta, momentum=mu, steps=BOWL_STEPS, start=BOWL_START, step=step)


@EXERCISES.exercise("Ejercicio 4", answer="respuesta",
                    hint="Sin momento, η tiene que ser menor que 2/20 = 0.1; con momento μ, el límite sube a "
                         "2(1 + μ)/20. No basta con no diverger: en 40 pasos también hay que avanzar por el fondo "
                         "del valle (w₁). En el explorador, elige primero un momento y busca después la η más "
                         "grande con la que el recorrido no diverge; luego ajusta el momento.",
                    solution="respuesta = (0.12, 0.4)",
                    explanation="El momento cancela el zigzag y acumula el avance a lo largo del valle.")
def momentum_bowl(answer, *, step):
    if isinstance(answer, tuple) and len(answer) == 4 and all(isinstance(a, int) and not isinstance(a, bool)
                                                             for a in answer):
        return exercises.Feedback(exercises.WRONG, f"has escrito cuatro números: parece que usaste coma decimal "
                                  f"({answer[0]},{answer[1]} y {answer[2]},{answer[3]}). Python escribe los decimales "
                                  "con punto y separa los dos valores con una coma: (eta, mu).")
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return exercises.Feedback(exercises.WRONG, "escribe la respuesta como una tupla de dos números, (eta, mu), "
                                  f"por ejemplo (0.05, 0.3); has dado {exercises.describe_value(answer)}.")
    if not all(exercises.is_number(a) for a in answer):
        return exercises.Feedback(exercises.WRONG, "los dos valores de (eta, mu) son números, sin comillas; has dado "
                                  f"{exercises.describe_value(tuple(answer))}.")
    eta, mu = (float(a) for a in answer)
    if 0 < eta <= NO_MOMENTUM_LIMIT:
        return exercises.Feedback(exercises.WRONG, f"con η = {eta:g} el descenso no diverge ni siquiera sin momento "
                                  f"(el límite sin momento es {NO_MOMENTUM_LIMIT:g}); el ejercicio pide una η mayor "
                                  f"que {NO_MOMENTUM_LIMIT:g}, que solo converge gracias al momento.")
    if not callable(step):
        return exercises.Feedback(exercises.WRONG, "la comprobación necesita tu función momentum_step: ejecuta la "
                                  "celda que la define.")
    try:
        run = _bowl_run(eta, mu, step)
    except ValueError as exc:   # valores fuera de rango y pasos mal escritos: mensajes en español
        return exercises.Feedback(exercises.WRONG, str(exc))
    except Exception as exc:  # noqa: BLE001 - el error está en el momentum_step del estudiante
        return exercises.Feedback(exercises.WRONG, "tu momentum_step dio un error al dar un paso: "
                                  f"{exercises.explain_error(exc)}")
    reference = _bowl_run(eta, mu, momentum_step) if step is not momentum_step else run
    if run.verdict != "converges":
        if reference.verdict == "converges":
            return exercises.Feedback(exercises.WRONG, f"con η = {eta:g} y μ = {mu:g}, la regla del momento "
                                      f"(v ← μv − η∇L, w ← w + v) converge en {BOWL_STEPS} pasos, pero tu "
                                      "momentum_step no: revisa esa celda.")
        return exercises.Feedback(exercises.WRONG, f"con η = {eta:g} y μ = {mu:g} no converge en {BOWL_STEPS} pasos. "
                                  f"{summarize_run(run)}")
    if reference.verdict != "converges":
        return exercises.Feedback(exercises.WRONG, f"con tu momentum_step converge, pero con la regla del momento "
                                  f"(v ← μv − η∇L, w ← w + v) no: revisa esa celda. {summarize_run(reference)}")
    return exercises.Feedback(exercises.RIGHT, f"correcto: con η = {eta:g} y μ = {mu:g} converge en "
                              f"{run.converged_at} pasos.")


#: El ejercicio 5: MNIST entero, lotes de 128, 10 épocas.
MNIST_TRAIN, BATCH, EPOCHS = 60_000, 128, 10


@EXERCISES.exercise("Ejercicio 5", answer="iteraciones",
                    hint="Primero cuenta los pasos de una época: cuántos lotes de 128 imágenes hacen falta para "
                         "recorrer las 60 000 (el último lote, más pequeño, también cuenta). Después, piensa en "
                         "las épocas.",
                    solution="iteraciones = math.ceil(60000 / 128) * 10")
def total_iterations(answer):
    per_epoch = math.ceil(MNIST_TRAIN / BATCH)
    expected = per_epoch * EPOCHS
    mistakes = {(MNIST_TRAIN // BATCH) * EPOCHS: "has redondeado hacia abajo: el último lote, de "
                                                 f"{MNIST_TRAIN % BATCH} imágenes, también es un paso.",
                MNIST_TRAIN / BATCH * EPOCHS: "el número de pasos es un entero: el último lote de cada época, más "
                                              "pequeño, cuenta como un paso entero.",
                per_epoch: "esos son los pasos de una sola época; ¿cuántas épocas entrenas?",
                MNIST_TRAIN // BATCH: "esos son los pasos de una sola época, redondeados hacia abajo; ¿y las épocas?",
                MNIST_TRAIN / BATCH: "eso es 60 000 / 128 sin redondear: los pasos de una época son un entero, "
                                     "y son varias épocas.",
                EPOCHS: "eso son épocas; cada época tiene muchos pasos.",
                MNIST_TRAIN * EPOCHS: "eso son ejemplos procesados (60 000 × 10), no pasos: cada paso procesa un "
                                      f"lote de {BATCH}.",
                MNIST_TRAIN: "eso son las imágenes de una época, no pasos: cada paso procesa un lote entero."}
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


progress = EXERCISES.progress
