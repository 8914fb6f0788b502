"""Cálculo de la lección 00: cuánto cuesta entrenar una red densa con la velocidad medida.

Funciones puras (sin widgets ni figuras): :func:`throughput_for_work` lee en las medidas de
``device.compare_cpu_gpu`` la velocidad para una cantidad de trabajo, :func:`estimate_training_cost`
estima el coste de una época y :func:`speed_peaks` resume dónde alcanzó cada dispositivo su
velocidad máxima.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import checks, device

#: El mayor tamaño de lote del explorador «¿Cuánto tardaría?»; el número de ejemplos nunca es menor.
MAX_BATCH = 1024
#: Límites de los controles del explorador (y de :func:`estimate_training_cost`).
MAX_NEURONS = 4096
MAX_LAYERS = 20
MAX_EXAMPLES = 100_000_000

__all__ = [
    "MAX_BATCH", "MAX_EXAMPLES", "MAX_LAYERS", "MAX_NEURONS",
    "estimate_training_cost", "speed_peaks", "throughput_for_work",
]


def throughput_for_work(rows: list[dict[str, Any]], flops: float) -> float:
    """GFLOP/s medidos para una cantidad de trabajo parecida (interpolación en escala log).

    Las matrices pequeñas aprovechan peor el hardware que las grandes, así que se usa la
    velocidad medida con el producto de trabajo más parecido; fuera del rango medido se usa
    el extremo más cercano. ``rows`` son las medidas de un dispositivo (``device.time_matmul``).
    """
    if not rows:
        raise ValueError("Faltan las medidas: pasa las filas de time_matmul(...) de un dispositivo.")
    flops = checks.number(flops, "El trabajo (FLOP)", 0)
    work = np.log([r["flops"] for r in rows])
    speed = np.log([r["gflops"] for r in rows])
    order = np.argsort(work)
    return float(np.exp(np.interp(math.log(max(flops, 1.0)), work[order], speed[order])))


def estimate_training_cost(n: int, layers: int, batch: int, examples: int, measurements) -> dict[str, Any]:
    """Estima el coste de una época de entrenamiento de una red densa. Función pura.

    La red tiene ``layers`` capas densas de ``n`` neuronas (entradas y salidas de tamaño n).
    Cada capa, en la propagación hacia delante, multiplica un lote ``batch × n`` por los pesos
    ``n × n``: ``2 · batch · n²`` operaciones. La retropropagación cuesta aproximadamente el
    doble, así que un paso de entrenamiento son unas ``6 · batch · n² · layers`` operaciones,
    y una época (``examples`` ejemplos) unas ``6 · examples · n² · layers``.

    El tiempo se estima con los GFLOP/s medidos (``measurements``, de ``device.compare_cpu_gpu``
    o ``device.time_matmul``) para un producto de trabajo parecido al de una capa. Es una cota
    optimista: no cuenta las activaciones, el optimizador ni la lectura de datos.
    """
    n = checks.integer(n, "n (las neuronas por capa)", 1, MAX_NEURONS)
    layers = checks.integer(layers, "El número de capas", 1, MAX_LAYERS)
    batch = checks.integer(batch, "El tamaño de lote", 1)
    examples = checks.integer(examples, "El número de ejemplos", 1, MAX_EXAMPLES)
    if batch > examples:
        raise ValueError(
            f"El tamaño de lote ({batch}) no puede ser mayor que el número de ejemplos ({examples})."
        )
    measurements = device.measurements_by_device(measurements)
    layer_flops = 2 * batch * n * n
    step_flops = 3 * layer_flops * layers
    epoch_flops = 6 * examples * n * n * layers
    devices = {}
    for label, rows in measurements.items():
        gflops = throughput_for_work(rows, layer_flops)
        devices[label] = {
            "gflops": gflops,
            "seconds_step": step_flops / (gflops * 1e9),
            "seconds_epoch": epoch_flops / (gflops * 1e9),
        }
    return {
        "n": n,
        "layers": layers,
        "batch": batch,
        "examples": examples,
        "steps": math.ceil(examples / batch),
        "parameters": layers * (n * n + n),
        "layer_flops": layer_flops,
        "step_flops": step_flops,
        "epoch_flops": epoch_flops,
        "devices": devices,
        "measurements": measurements,
    }


def speed_peaks(measurements) -> dict[str, dict[str, Any]]:
    """Dónde alcanzó cada dispositivo su velocidad máxima, y cuánto bajó después.

    Devuelve, por dispositivo, ``peak_size`` y ``peak_gflops`` (la medida más rápida),
    ``last_size`` y ``last_gflops`` (la matriz mayor), ``drop`` (fracción que perdió la matriz
    mayor respecto al máximo: 0 si el máximo es la mayor) y ``trend``: ``"rising"`` si el máximo
    es la matriz mayor, ``"plateau"`` si la mayor está a menos de un 10 % del máximo y
    ``"falls"`` si cae más.
    """
    peaks = {}
    for label, rows in device.measurements_by_device(measurements).items():
        rows = sorted(rows, key=lambda r: r["size"])
        best = max(rows, key=lambda r: r["gflops"])
        last = rows[-1]
        drop = 1 - last["gflops"] / best["gflops"]
        trend = "rising" if best is last else ("plateau" if drop < 0.10 else "falls")
        peaks[label] = {
            "peak_size": best["size"], "peak_gflops": best["gflops"],
            "last_size": last["size"], "last_gflops": last["gflops"],
            "drop": drop, "trend": trend,
        }
    return peaks
