"""Ejercicios del notebook 08 (aumento de datos): respuesta esperada, errores típicos, pista y solución.

En el notebook::

    from course_lib.lessons.augmentation import exercises as ex
    ex.rotation_factor.check(factor)
    ex.moved_gain.check(ganancia, results=results)

La ganancia del ejercicio 4 se calcula aquí con los resultados del experimento que pasa el
notebook (``results``), así que vale en modo rápido y completo, con una o varias semillas.
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import exercises
from course_lib.exercise_set import ExerciseSet
from course_lib.lessons.augmentation.experiment import check_results, gain_points

EXERCISES = ExerciseSet("08_aumento_de_datos")

MAX_DEGREES = 10          # el giro del ejercicio 1 (el experimento usa 15°: la celda siguiente no da la respuesta)
SAFE = frozenset("abe")   # las transformaciones que no cambian la etiqueta de ningún dígito
UNSAFE = {"c": "el volteo horizontal convierte el 3, el 4 o el 7 en símbolos que no son dígitos, y un 2 en espejo "
               "parece un 5.",
          "d": "con giros de hasta 180° un 6 puede acabar siendo un 9, y al revés.",
          "f": "el volteo vertical convierte el 6 en un 9 en espejo, y el 2 o el 7 en símbolos que no son dígitos."}


@EXERCISES.exercise("Ejercicio 1", answer="factor",
                    hint="Mira la tabla de la sección 2: ¿en qué unidad mide RandomRotation el giro, y cuántos grados "
                         "tiene esa unidad?",
                    solution="factor = 10 / 360",
                    explanation="RandomRotation mide el giro en fracciones de vuelta completa (360°), y un solo "
                                "factor da giros en los dos sentidos, de −factor a +factor.")
def rotation_factor(answer):
    degrees, tol = MAX_DEGREES, 1e-4
    expected = degrees / 360
    if (isinstance(answer, (tuple, list)) and len(answer) == 2
            and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in answer)):
        low, high = (float(v) for v in answer)
        if abs(low + expected) <= tol and abs(high - expected) <= tol:
            return exercises.Feedback(exercises.WRONG, "Keras también acepta una tupla (límite inferior, límite "
                                      "superior), y la tuya da el giro pedido; pero aquí se pide el factor como un "
                                      "solo número, el que da giros en los dos sentidos.")
    candidates = [
        (degrees, "RandomRotation no recibe grados: el factor es una fracción de vuelta completa."),
        (degrees / 180, "una vuelta completa son 360°, no 180°; y no hace falta doblar el giro: un solo factor ya "
                        "da giros en los dos sentidos (de −factor a +factor)."),
        (np.radians(degrees), "eso son radianes; el factor es una fracción de vuelta completa (360°)."),
        (360 / degrees, "has dividido al revés: ¿qué fracción de una vuelta son esos grados?"),
        (degrees / 100, "el factor no es un porcentaje: es una fracción de vuelta completa (360°)."),
        (-expected, "un solo factor ya da giros en los dos sentidos (de −factor a +factor): escríbelo en positivo."),
    ]
    return exercises.check_number(answer, expected, tol=tol, common_mistakes=exercises.distinct_mistakes(expected, candidates, tol))


def _letters(answer) -> set[str] | str:
    """Las letras elegidas, o el motivo (en español) por el que la respuesta no es un conjunto de letras."""
    if isinstance(answer, str):
        answer = [ch for ch in answer if ch.isalpha()]
    if isinstance(answer, dict) or not isinstance(answer, (set, frozenset, list, tuple)):
        return (f'escribe un conjunto de letras entre comillas, por ejemplo {{"a", "c"}}; has dado '
                f"{exercises.describe_value(answer)}.")
    chosen = {str(letter).strip().lower() for letter in answer}
    unknown = chosen - SAFE - set(UNSAFE)
    if unknown:
        return f"{', '.join(sorted(unknown))}: usa solo letras de la a a la f, entre comillas."
    return chosen


def _safe_problem(answer) -> str | None:
    chosen = _letters(answer)
    if isinstance(chosen, str):
        return chosen
    unsafe = sorted(chosen & set(UNSAFE))
    if unsafe:
        which = (f"la opción {unsafe[0]} no es segura" if len(unsafe) == 1 else
                 "las opciones " + ", ".join(unsafe[:-1]) + f" y {unsafe[-1]} no son seguras")
        return f"{which}: " + "; ".join(UNSAFE[letter].rstrip(".") for letter in unsafe) + "."
    if not chosen:
        return "no has elegido ninguna: escribe las letras de las transformaciones que sí puedes usar."
    missing = len(SAFE - chosen)
    if missing:
        return (f"todas las que has elegido son seguras, pero te {'falta una' if missing == 1 else f'faltan {missing}'}: "
                f"¿{'cuál' if missing == 1 else 'cuáles'} de las que has dejado fuera {'deja' if missing == 1 else 'dejan'} "
                "el dígito tal como una persona lo reconocería?")
    return None


@EXERCISES.exercise("Ejercicio 2", answer="seguras",
                    hint="Imagina cada transformación aplicada a un 6, un 9, un 2 y un 7: ¿una persona diría el mismo "
                         "dígito?",
                    solution='seguras = {"a", "b", "e"}',
                    explanation="Giros pequeños, desplazamientos y zoom conservan el dígito; los volteos y los giros "
                                "grandes, no.")
def safe_transforms(answer):
    return exercises.check_with(answer, _safe_problem, success="correcto: son las tres transformaciones seguras.")


TEST_SET_OPTIONS = {"a": "bien: la prueba debe parecerse al entrenamiento", "b": "da igual: las etiquetas no cambian",
                    "c": "bien, con la misma semilla", "d": "mal: deja de medir la red con datos reales"}


@EXERCISES.exercise("Ejercicio 3", answer="opcion",
                    hint="Piensa en para qué sirve el conjunto de prueba: ¿qué pregunta responde su exactitud?",
                    solution='opcion = "d"')
def augment_test_set(answer):
    return exercises.check_choice(answer, "d", TEST_SET_OPTIONS, explanations={
        "a": "la prueba debe parecerse a los datos reales que verá la red, no a los inventados para entrenarla.",
        "b": "las etiquetas no cambian, pero las imágenes sí: la exactitud mediría otra cosa, y sería distinta en "
             "cada evaluación.",
        "c": "con o sin semilla, evaluarías la red con imágenes inventadas en lugar de con los datos reales.",
        "d": "el aumento es una ayuda para entrenar; la prueba mide la red con datos reales. La robustez se mide "
             "con un conjunto movido fijo, aparte (sección 6)."})


@EXERCISES.exercise("Ejercicio 4", answer="ganancia",
                    hint="Primero, la exactitud media de cada modelo en la prueba movida (hay una por repetición), "
                         "en %; después, la diferencia: con aumento menos sin aumento.",
                    solution='ganancia = 100 * (np.mean(results["augmented"]["moved"]) - '
                             'np.mean(results["baseline"]["moved"]))',
                    explanation="Una diferencia de exactitudes en % se da en puntos; la ganancia relativa (en % del "
                                "valor sin aumento) es otra cifra.")
def moved_gain(answer, *, results):
    check_results(results)
    if isinstance(answer, (np.ndarray, list, tuple)) and np.size(answer) > 1:
        return exercises.Feedback(exercises.WRONG, f"has dado {np.size(answer)} valores, y se pide un solo número: "
                                  "haz la media de cada lista (una exactitud por repetición) antes de restar.")
    tol = 0.05
    expected = gain_points(results, "moved")
    base = 100 * float(np.mean(results["baseline"]["moved"]))
    candidates = [
        (expected / 100, "esa es la diferencia en fracción (0-1): multiplica por 100 para tener puntos."),
        (-expected, "has restado al revés: con aumento menos sin aumento."),
        (gain_points(results, "test"), "esa es la ganancia en la prueba normal; se pide la de la prueba movida."),
    ]
    if base > 0:
        candidates.append((100 * expected / base, "esa es la ganancia relativa (en % del valor sin aumento), no la "
                                                  "diferencia en puntos."))
    if min(len(results[v]["moved"]) for v in ("baseline", "augmented")) > 1:
        first = 100 * (results["augmented"]["moved"][0] - results["baseline"]["moved"][0])
        candidates.append((first, "esa es la diferencia de la primera repetición; se pide la de las medias de todas."))
    candidates = [(v, why) for v, why in candidates if math.isfinite(v)]
    return exercises.check_number(answer, expected, tol=tol, common_mistakes=exercises.distinct_mistakes(expected, candidates, tol))


progress = EXERCISES.progress
