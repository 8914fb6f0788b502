"""Ejercicios del notebook 00 (bienvenida y entorno): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.welcome import exercises as ex
    ex.matmul_flops.check(respuesta_1)
    ex.matmul_flops.hint()
    ex.progress()
"""

from __future__ import annotations

from course_lib import device, exercises, formatting
from course_lib.exercise_set import ExerciseSet

EXERCISES = ExerciseSet("00_bienvenida_y_entorno")

#: El tamaño de las matrices del ejercicio 1 (lo dice el enunciado).
N = 1000

_XOR = ("en Python `^` no es la potencia (es el «o exclusivo» bit a bit): la potencia se escribe con `**`, "
        "como en `10**6`.")


@EXERCISES.exercise("Ejercicio 1", answer="respuesta_1",
                    hint="El resultado tiene 1000 × 1000 elementos. ¿Cuántas multiplicaciones y cuántas sumas "
                         "necesita cada uno?",
                    solution="respuesta_1 = 2 * 1000**3",
                    explanation="Son n² = un millón de elementos y cada uno cuesta n multiplicaciones y n sumas: "
                                "2n³ = 2 000 millones.")
def matmul_flops(answer):
    n = N
    exact = n * n * (2 * n - 1)   # n multiplicaciones y n − 1 sumas por elemento
    if exercises.is_number(answer) and answer == exact:
        return exercises.Feedback(exercises.RIGHT, f"correcto: n²(2n − 1) = {formatting.thousands(exact)} es la cuenta "
                                  "exacta (cada producto escalar de longitud n necesita n − 1 sumas). La cifra "
                                  "redonda 2n³, la que usa el curso, cuenta n sumas por elemento.")
    mistakes = {
        n**3: "has contado las multiplicaciones (n³), pero cada una va acompañada de una suma.",
        n**2: "eso es el número de elementos del resultado (n²); cada uno es un producto escalar de longitud n.",
        2 * n**2: "eso sería el coste si cada elemento costara 2 operaciones; cada uno necesita 2n.",
        (2 * n) ^ 3: "parece que has escrito `2 * 1000^3`: " + _XOR,
        n ^ 3: "parece que has escrito `1000^3`: " + _XOR,
    }
    expected = device.matmul_flops(n)
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


@EXERCISES.exercise("Ejercicio 2", answer="respuesta_2",
                    hint="El coste es 2n³. Sustituye n por 2n y simplifica.",
                    solution="respuesta_2 = 8",
                    explanation="2(2n)³ = 8 · 2n³: por eso las redes anchas se vuelven caras tan deprisa.")
def doubling_cost(answer):
    expected = device.matmul_flops(2 * N) / device.matmul_flops(N)
    mistakes = {
        2: "el coste no crece de forma lineal con n: es proporcional a n³.",
        4: "eso sería si creciera como n² (el número de pesos); las operaciones crecen como n³.",
        6: "el exponente no multiplica al 2: (2n)³ = 2 · 2 · 2 · n³.",
        16: "el coste crece como n³, no como n⁴: cuenta otra vez los factores 2 de (2n)³.",
        1 / expected: "lo has calculado al revés: la pregunta es cuántas veces más operaciones hace el producto grande.",
        2 ^ 3: "el coste sí cambia al duplicar n. Si has escrito `2^3`: " + _XOR,
    }
    mistakes.pop(expected, None)
    return exercises.check_number(answer, expected, common_mistakes=mistakes)


GPU_OPTIONS = {
    "a": "Cada núcleo de la GPU es mucho más rápido que un núcleo de la CPU",
    "b": "TensorFlow no sabe usar bien la CPU",
    "c": "La GPU necesita menos operaciones para multiplicar dos matrices",
    "d": "La GPU hace miles de operaciones sencillas a la vez, y un producto de matrices se divide en miles de "
         "productos escalares independientes",
}


@EXERCISES.exercise("Ejercicio 3", answer="respuesta_3",
                    hint="Piensa en cuántas cosas hace a la vez cada una, no en lo rápida que es cada pieza.",
                    solution='respuesta_3 = "d"',
                    explanation="Los n² productos escalares no dependen unos de otros, así que se pueden repartir "
                                "entre miles de unidades de cálculo.")
def gpu_speed(answer):
    return exercises.check_choice(answer, "d", GPU_OPTIONS, explanations={
        "a": "Es al revés: cada núcleo de una GPU es más sencillo y más lento; gana porque tiene miles.",
        "b": "TensorFlow aprovecha bien la CPU (usa sus instrucciones vectoriales y todos sus núcleos), pero una "
             "CPU tiene pocos núcleos.",
        "c": "El número de operaciones es el mismo (2n³); lo que cambia es cuántas se hacen a la vez.",
        "d": "Los n² productos escalares no dependen unos de otros, así que se pueden repartir entre miles de "
             "unidades de cálculo.",
    })


QUICK_OPTIONS = {
    "a": "Usa subconjuntos de datos, menos épocas y tamaños más pequeños",
    "b": "Usa otro algoritmo de entrenamiento, más rápido pero aproximado",
    "c": "Activa la GPU aunque no la tengas",
    "d": "Desactiva las semillas para ir más deprisa",
}


@EXERCISES.exercise("Ejercicio 4", answer="respuesta_4",
                    hint="Mira qué hace config.pick(full=..., quick=...) en la celda de las pruebas de velocidad.",
                    solution='respuesta_4 = "a"',
                    explanation="En modo rápido, config.pick elige valores más pequeños: menos datos, menos épocas, "
                                "matrices más pequeñas.")
def quick_mode(answer):
    return exercises.check_choice(answer, "a", QUICK_OPTIONS, explanations={
        "a": "En modo rápido, config.pick elige valores más pequeños: menos datos, menos épocas, matrices más "
             "pequeñas.",
        "b": "El algoritmo y el código son los mismos; solo cambian los tamaños.",
        "c": "Ningún modo puede crear una GPU: sin ella, todo se ejecuta en la CPU.",
        "d": "Las semillas se fijan igual en los dos modos: la reproducibilidad no cuesta tiempo.",
    })


progress = EXERCISES.progress
