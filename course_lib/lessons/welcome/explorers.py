"""Explorador y textos de la lección 00: «¿Cuánto tardaría?» y la lectura de las medidas.

* :func:`cost_explorer`: el explorador del coste de una época según la red y la velocidad medida;
* :func:`summarize_training_cost`: su línea de texto;
* :func:`speed_conclusion`: qué muestran las medidas de velocidad (dónde está el máximo y por qué
  puede bajar con las matrices más grandes), escrito a partir de la medida.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping

from course_lib import checks, device, formatting
from course_lib.explorer import Explorer
from course_lib.lessons.welcome.compute import (
    MAX_BATCH,
    MAX_EXAMPLES,
    MAX_LAYERS,
    MAX_NEURONS,
    estimate_training_cost,
    speed_peaks,
)
from course_lib.lessons.welcome.figures import training_cost

__all__ = ["cost_explorer", "speed_conclusion", "summarize_training_cost"]


def summarize_training_cost(result: Mapping[str, Any]) -> str:
    """Una línea en español con el resultado de :func:`estimate_training_cost`."""
    times = " y ".join(
        f"{formatting.seconds(d['seconds_epoch'])} en la {label}" for label, d in result["devices"].items()
    )
    layers = result["layers"]
    return (
        f"{layers} capa{'s' if layers != 1 else ''} de {result['n']} neuronas "
        f"({formatting.thousands(result['parameters'])} pesos y sesgos). Una época de "
        f"{formatting.thousands(result['examples'])} ejemplos ({formatting.thousands(result['steps'])} "
        f"paso{'s' if result['steps'] != 1 else ''} con lotes de {result['batch']}) son unas "
        f"{formatting.flops(result['epoch_flops'])}: unos {times} (estimación optimista)."
    )


def speed_conclusion(measurements) -> str:
    """Qué dicen las medidas de ``device.compare_cpu_gpu``, en español, dispositivo a dispositivo.

    Dice con qué tamaño se alcanzó la velocidad máxima y, si la matriz mayor fue más lenta,
    cuánto bajó y por qué puede pasar (la memoria caché, el ancho de banda de la memoria, otros
    programas que usan el equipo a la vez).
    """
    sentences = []
    falls = False
    for label, p in speed_peaks(measurements).items():
        where = f"En la {label}"
        if p["trend"] == "rising":
            sentences.append(
                f"{where}, la velocidad creció con el tamaño hasta la matriz mayor que has medido "
                f"(n = {p['peak_size']}, {p['peak_gflops']:.1f} GFLOP/s): con matrices pequeñas el equipo "
                "pasa más tiempo preparando el cálculo que calculando."
            )
        elif p["trend"] == "plateau":
            sentences.append(
                f"{where}, la velocidad llegó a su máximo con n = {p['peak_size']} ({p['peak_gflops']:.1f} GFLOP/s) "
                f"y con n = {p['last_size']} se mantuvo cerca ({p['last_gflops']:.1f} GFLOP/s): es lo más que da "
                "este equipo en este cálculo."
            )
        else:
            falls = True
            sentences.append(
                f"{where}, la velocidad máxima se alcanzó con n = {p['peak_size']} ({p['peak_gflops']:.1f} GFLOP/s) "
                f"y con n = {p['last_size']} bajó a {p['last_gflops']:.1f} GFLOP/s "
                f"({formatting.percent(p['drop'], 0)} menos)."
            )
    if falls:
        sentences.append(
            "Que la velocidad baje con las matrices más grandes es normal: sus datos ya no caben en la "
            "memoria caché del procesador y hay que traerlos de la memoria principal, más lenta; además, "
            "cualquier otro programa que use el equipo a la vez le quita tiempo de cálculo."
        )
    return "\n".join(sentences)


def cost_explorer(measurements, n: int = 512, layers: int = 3, batch: int = 128, examples: int = 60000):
    """Explorador «¿Cuánto tardaría?»: coste de una época según la red y la velocidad medida.

    ``measurements`` es el resultado de ``device.compare_cpu_gpu`` (o de ``device.time_matmul``).
    Todos los valores de los controles son válidos: el tamaño de lote va de 1 a ``MAX_BATCH``
    (1024) y el número de ejemplos nunca es menor que ese máximo, así que un lote nunca tiene más
    ejemplos que los datos. Para probarlo desde Python:
    ``exp = cost_explorer(medidas); exp.set(n=1024); exp.result``.
    """
    import ipywidgets as w

    measurements = device.measurements_by_device(measurements)
    n = checks.integer(n, "n (las neuronas por capa)", 16, MAX_NEURONS)
    layers = checks.integer(layers, "El número de capas", 1, MAX_LAYERS)
    batch = checks.integer(batch, "El tamaño de lote", 1, MAX_BATCH)
    examples = checks.integer(examples, "El número de ejemplos", MAX_BATCH, MAX_EXAMPLES)
    controls = {
        "n": w.IntSlider(value=n, min=16, max=MAX_NEURONS, step=16, description="Neuronas por capa",
                         continuous_update=False),
        "layers": w.IntSlider(value=layers, min=1, max=MAX_LAYERS, description="Capas densas",
                              continuous_update=False),
        "batch": w.IntSlider(value=batch, min=1, max=MAX_BATCH, description="Tamaño de lote",
                             continuous_update=False),
        "examples": w.BoundedIntText(value=examples, min=MAX_BATCH, max=MAX_EXAMPLES, step=1000,
                                     description="Ejemplos de entrenamiento"),
    }
    return Explorer(
        controls,
        functools.partial(estimate_training_cost, measurements=measurements),
        training_cost,
        summarize_training_cost,
        title="¿Cuánto tardaría una época de entrenamiento?",
    )
