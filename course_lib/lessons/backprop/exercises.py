"""Ejercicios del notebook 03 (retropropagación): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.backprop import exercises as ex
    ex.neuron_grad_w2.check(grad_w2)
    ex.hidden_delta.check(dZ1, dA1=dA1, A1=A1, Z1=Z1, X=X)
    ex.equal_weights.check(opcion)
    ex.finite_diff_cost.check(propagaciones)
    ex.progress()

:func:`hidden_delta_problem` es la corrección del ejercicio 2 como función pura (``None`` o la
razón del error), que también se puede probar sola.
"""

from __future__ import annotations

import numpy as np

from course_lib import exercises
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.backprop.compute import activation_derivative, gradient_cost, neuron_example, relative_error

EXERCISES = ExerciseSet("03_retropropagacion")

#: La neurona de la sección 1 (el ejercicio 1 cambia solo el objetivo, y = 0).
NEURON = {"x1": 2.0, "w1": 0.5, "x2": -1.0, "w2": 1.5, "b": 0.5}
#: La red densa del notebook 05 (ejercicio 4) y la red de las dos lunas de la celda anterior.
DENSE_05 = (784, 512, 512, 10)
MOONS = (2, 16, 1)


@EXERCISES.exercise(
    "Ejercicio 1", answer="grad_w2",
    hint="Recorre el mismo camino que en la tabla, de la pérdida hasta w₂, multiplicando en cada nodo el "
         "gradiente que llega por su derivada local. Los valores hacia delante no cambian: piensa cuál de "
         "esas derivadas locales depende de y y vuelve a calcularla.",
    solution="grad_w2 = (0.5 - 0) * 0.25 * (-1)   # ∂L/∂a · σ'(z) · ∂z/∂u₂ · ∂u₂/∂w₂ = (a − y) · a(1 − a) · 1 · x₂",
    explanation="Con y = 0 solo cambia ∂L/∂a = a − y, que pasa de −0.5 a 0.5, y el gradiente cambia de signo: ahora "
                "el descenso del gradiente sube w₂ (con y = 1 lo bajaba). Como x₂ = −1, subir w₂ baja z y acerca "
                "la salida a 0.")
def neuron_grad_w2(answer):
    example = neuron_example(**NEURON, y=0.0)
    values, grads = example["values"], example["grads"]
    a, x2, w2 = values["a"], values["x2"], values["w2"]
    expected = grads["w2"]
    mistakes: dict[float, str] = {}
    mistakes.setdefault(grads["z"], f"{grads['z']:g} es ∂L/∂z (y también el resultado con y = 1): falta "
                                    f"multiplicar por ∂u₂/∂w₂ = x₂ = {x2:g}.".replace("-", "−"))
    mistakes.setdefault((a - 0.0) * x2, f"te falta la derivada local de la sigmoide, σ'(z) = a(1 − a) = {a * (1 - a):g}.")
    mistakes.setdefault(grads["z"] * w2, "has multiplicado por w₂; la derivada de u₂ = w₂·x₂ respecto a w₂ es el "
                                         "otro factor, x₂.")
    mistakes.setdefault(a * (1 - a) * x2, "te falta el primer factor, ∂L/∂a = a − y: es lo único que cambia con el "
                                          "nuevo objetivo.")
    mistakes.setdefault(a - 0.0, "eso es solo ∂L/∂a, el primer factor; sigue multiplicando por las derivadas locales "
                                 "hasta llegar a w₂.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, tol=1e-9, common_mistakes=mistakes)


def hidden_delta_problem(answer, dA1, A1, Z1, activation: str = "tanh", X=None) -> str | None:
    """Comprueba un ``dZ1`` escrito por el estudiante (ejercicio 2 del notebook 03).

    Devuelve ``None`` si es correcto o la razón del error, reconociendo los errores típicos
    (olvidar la derivada local, usar la de otra activación, escribirla con ``z`` en vez de ``a``).
    Con ``X``, añade el error relativo que tendría el gradiente de ``W1`` calculado con ese
    ``dZ1``: lo que detectaría una comprobación de gradientes.
    """
    dA1, A1, Z1 = (np.asarray(v, dtype=float) for v in (dA1, A1, Z1))
    if callable(answer):
        return "dZ1 debe ser un array (el resultado del cálculo), no una función."
    if isinstance(answer, str):
        return f"dZ1 debe ser un array de números, y es {exercises.describe_value(answer)}: escríbelo sin comillas."
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"dZ1 debe ser un array de números, y es {exercises.describe_value(answer)}."
    if got.shape != dA1.shape:
        return (f"dZ1 tiene forma {got.shape} y debería tener la misma forma que dA1 y A1, {dA1.shape}: "
                "la derivada local se aplica elemento a elemento (con *, no con @).")
    expected = dA1 * activation_derivative(A1, activation)

    def same(x):
        return np.allclose(got, x, rtol=1e-6, atol=1e-12)

    if same(expected):
        return None
    other = "sigmoid" if activation == "tanh" else "tanh"
    mistakes = [
        (dA1, "has dejado dZ1 = dA1: falta multiplicar por la derivada local de la activación "
              "(la regla de la cadena: gradiente que llega × derivada local)."),
        (dA1 * activation_derivative(A1, other),
         f"esa es la derivada de la {'sigmoide, a(1 − a)' if other == 'sigmoid' else 'tangente hiperbólica, 1 − a²'}; "
         f"esta capa usa {'tanh' if activation == 'tanh' else 'la sigmoide'}."),
        (dA1 * activation_derivative(Z1, activation),
         "has escrito la derivada con z en lugar de a: " + (
             "si a = tanh(z), la derivada es 1 − a² = 1 − tanh(z)², no 1 − z²." if activation == "tanh" else
             "si a = σ(z), la derivada es a(1 − a) = σ(z)(1 − σ(z)), no z(1 − z).")),
        (activation_derivative(A1, activation),
         "esa es solo la derivada local: falta multiplicarla por el gradiente que llega, dA1."),
        (-expected, "tiene el signo cambiado."),
    ]
    reason = f"dZ1 no coincide con el gradiente correcto (error relativo {relative_error(got, expected):.2g})."
    for wrong, why in mistakes:
        if same(wrong):
            reason = why
            break
    if X is not None:
        X = np.asarray(X, dtype=float)
        err = relative_error(X.T @ got, X.T @ expected)
        reason += (f" Con ese dZ1, el gradiente de W1 (X.T @ dZ1) tendría un error relativo de {err:.2g}: "
                   "la comprobación de gradientes lo detectaría.")
    return reason


HIDDEN_DELTA = ("∂L/∂Z₁ = ∂L/∂A₁ ⊙ σ'(Z₁) = ∂L/∂A₁ ⊙ A₁(1 − A₁), el gradiente que llega por la derivada local, "
                "elemento a elemento. Cambia la activación y solo cambia ese factor.")


@EXERCISES.exercise(
    "Ejercicio 2", answer="dZ1",
    hint="Regla de la cadena, elemento a elemento (con *): el gradiente que llega, dA1, por la derivada de la "
         "sigmoide escrita con su salida, A1_sig.",
    solution="dZ1 = dA1 * A1_sig * (1 - A1_sig)",
    explanation=HIDDEN_DELTA)
def hidden_delta(answer, *, dA1, A1, Z1, X=None):
    """``A1`` son las salidas de la capa oculta con sigmoide (``A1_sig`` en el notebook)."""
    return exercises.check_with(answer, lambda got: hidden_delta_problem(got, dA1, A1, Z1, activation="sigmoid", X=X),
                                success="correcto: " + HIDDEN_DELTA)


@EXERCISES.exercise(
    "Ejercicio 3", answer="opcion",
    hint="Piensa en dos neuronas de la misma capa: ¿qué las distingue si tienen los mismos pesos?",
    solution='opcion = "a"')
def equal_weights(answer):
    return exercises.check_choice(answer, "a", {
        "a": "las neuronas de cada capa siguen siendo iguales", "b": "aprende igual que con pesos aleatorios",
        "c": "error de división entre cero", "d": "todos los gradientes son cero"}, explanations={
        "a": "La simetría no se rompe nunca: mismas entradas y mismos pesos dan mismos valores y mismos gradientes.",
        "b": "Hay gradientes, sí, pero son idénticos para todas las neuronas de una capa: nunca se diferencian.",
        "c": "La retropropagación solo multiplica y suma: no divide entre los pesos.",
        "d": "Eso pasa con todos los pesos a cero (y tanh); con 0.1 los gradientes no son cero, pero sí iguales."})


@EXERCISES.exercise(
    "Ejercicio 4", answer="propagaciones",
    hint="Las diferencias centradas evalúan la pérdida en θ + ε y en θ − ε, para cada parámetro θ.",
    solution="propagaciones = 2 * 669_706",
    explanation="Con la retropropagación basta una propagación hacia delante y una hacia atrás, que juntas "
                "cuestan lo que unas 2.4 hacia delante: unas 560 000 veces menos operaciones (la celda "
                "siguiente lo cuenta).")
def finite_diff_cost(answer):
    cost, moons = gradient_cost(DENSE_05), gradient_cost(MOONS)
    n_params, expected = cost["n_params"], cost["finite_diff_forwards"]
    backprop_only = "esas son las que necesita la retropropagación (una hacia delante y otra hacia atrás), no las " \
                    "diferencias finitas."
    mistakes: dict[float, str] = {}
    mistakes.setdefault(n_params, "las diferencias centradas necesitan dos evaluaciones por parámetro: L(θ + ε) y L(θ − ε).")
    mistakes.setdefault(n_params + 1, "eso serían las diferencias hacia delante, (L(θ + ε) − L(θ)) / ε; las centradas "
                                      "necesitan dos por parámetro.")
    mistakes.setdefault(2, backprop_only)
    mistakes.setdefault(round(cost["backprop_in_forwards"], 1), backprop_only)
    mistakes.setdefault(moons["finite_diff_forwards"], "esa es la cifra de la red de las dos lunas (2-16-1), la de la "
                                                      "medida de antes; la pregunta es por la red densa del notebook 05.")
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


progress = EXERCISES.progress
