"""Figuras de la lección 00: tiempos del producto de matrices y coste estimado de una época.

* :func:`matmul_times`: tiempo y GFLOP/s del producto de matrices según n, por dispositivo;
* :func:`training_cost`: la figura del explorador «¿Cuánto tardaría?».
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from course_lib import formatting

__all__ = ["matmul_times", "training_cost"]

#: Marcas del eje de tiempos: (segundos, texto, ¿unidad principal?).
_TIME_MARKS = (
    (1e-6, "1 µs", True), (1e-5, "10 µs", False), (1e-4, "100 µs", False),
    (1e-3, "1 ms", True), (1e-2, "10 ms", False), (0.1, "100 ms", False),
    (1, "1 s", True), (10, "10 s", False), (60, "1 min", True), (600, "10 min", False),
    (3600, "1 h", True), (86400, "1 día", True), (604800, "1 semana", True),
    (2.63e6, "1 mes", True), (3.156e7, "1 año", True), (3.156e8, "10 años", True),
)

_DEVICE_COLORS = {"CPU": "#1f77b4", "GPU": "#d62728"}


def _device_color(label: str, i: int) -> str:
    return _DEVICE_COLORS.get(str(label).split(":")[0].upper(), f"C{i + 2}")


def _speed_scale(ax, gflops) -> None:
    """Escala lineal desde 0, o logarítmica si las velocidades difieren mucho (CPU frente a GPU)."""
    if max(gflops) > 50 * min(gflops):
        ax.set_yscale("log")
        ax.set_ylabel("GFLOP/s (escala logarítmica)")
    else:
        ax.set_ylim(bottom=0)


def matmul_times(results) -> Figure:
    """Tiempo y velocidad del producto de matrices n × n según n, por dispositivo.

    ``results`` es lo que devuelven ``device.compare_cpu_gpu`` (``{"CPU": [...], "GPU": [...]}``)
    o ``device.time_matmul`` (una lista). A la izquierda, el tiempo en escala logarítmica con
    una recta de referencia ∝ n³; a la derecha, los GFLOP/s (miles de millones de operaciones
    por segundo).
    """
    if isinstance(results, list):
        results = {results[0]["device"] if results else "CPU": results}
    if not results or not all(results.values()):
        raise ValueError("No hay medidas que dibujar: pasa el resultado de time_matmul o compare_cpu_gpu.")
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax_time, ax_speed = fig.subplots(1, 2)
    for i, (label, rows) in enumerate(results.items()):
        sizes = np.array([r["size"] for r in rows], dtype=float)
        seconds = np.array([r["seconds"] for r in rows])
        gflops = np.array([r["gflops"] for r in rows])
        color = _device_color(label, i)
        ax_time.plot(sizes, seconds, "o-", color=color, label=label, linewidth=2)
        ax_speed.plot(sizes, gflops, "o-", color=color, label=label, linewidth=2)
        if i == 0:
            reference = (sizes, seconds[-1] * (sizes / sizes[-1]) ** 3)
    if len(reference[0]) > 1:
        ax_time.plot(*reference, "--", color="gray", linewidth=1, label="referencia ∝ n³")
    ax_time.set(xscale="log", yscale="log", xlabel="Tamaño de la matriz n (n × n)", ylabel="Tiempo (s)",
                title="Tiempo de un producto de matrices")
    ax_speed.set(xscale="log", xlabel="Tamaño de la matriz n (n × n)", ylabel="GFLOP/s",
                 title="Velocidad: operaciones por segundo")
    _speed_scale(ax_speed, [r["gflops"] for rows in results.values() for r in rows])
    for ax in (ax_time, ax_speed):
        sizes = sorted({r["size"] for rows in results.values() for r in rows})
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ax.grid(True, which="major", alpha=0.3)
        ax.legend()
    return fig


def training_cost(result) -> Figure:
    """Figura del explorador «¿Cuánto tardaría?» (:func:`compute.estimate_training_cost`).

    A la izquierda, la velocidad medida frente al trabajo de cada producto, con una línea en el
    trabajo de una capa de la red elegida; a la derecha, el tiempo estimado de una época en
    cada dispositivo.
    """
    fig = Figure(figsize=(11, 3.8), layout="constrained")
    ax_speed, ax_time = fig.subplots(1, 2)
    labels = list(result["devices"])
    for i, label in enumerate(labels):
        rows = result["measurements"][label]
        color = _device_color(label, i)
        ax_speed.plot([r["flops"] for r in rows], [r["gflops"] for r in rows], "o-", color=color,
                      label=f"{label} (medido)", linewidth=2)
        ax_speed.plot([result["layer_flops"]], [result["devices"][label]["gflops"]], "*", color=color,
                      markersize=16, markeredgecolor="black")
    ax_speed.axvline(result["layer_flops"], color="gray", linestyle="--", linewidth=1,
                     label="una capa de tu red")
    ax_speed.set(xscale="log", xlabel="Operaciones de un producto de matrices (FLOP)", ylabel="GFLOP/s",
                 title="Velocidad medida en este equipo")
    _speed_scale(ax_speed, [r["gflops"] for rows in result["measurements"].values() for r in rows])
    ax_speed.minorticks_off()
    ax_speed.grid(True, alpha=0.3)
    ax_speed.legend(loc="best")
    seconds = np.array([result["devices"][label]["seconds_epoch"] for label in labels])
    colors = [_device_color(label, i) for i, label in enumerate(labels)]
    bars = ax_time.barh(labels, seconds, height=0.5, color=colors)
    low, high = seconds.min() / 10, seconds.max() * 40
    ax_time.set_xscale("log")
    ax_time.set_xlim(low, high)
    # Marcas con unidades que se entienden (1 s, 1 min, 1 h…) en lugar de potencias de 10.
    marks = [(value, name) for value, name, main in _TIME_MARKS if low < value < high]
    if len(marks) > 7:
        marks = [(value, name) for value, name, main in _TIME_MARKS if main and low < value < high]
    ax_time.minorticks_off()
    ax_time.set_xticks([value for value, _ in marks], [name for _, name in marks])
    for value, _ in marks:
        ax_time.axvline(value, color="gray", linestyle=":", linewidth=1)
    examples = formatting.thousands(result["examples"])
    ax_time.set_xlabel("Tiempo estimado de una época (escala logarítmica)")
    ax_time.set_title(f"Una época: {examples} ejemplos, lotes de {result['batch']}")
    for bar, value in zip(bars, seconds):
        ax_time.text(value * 1.2, bar.get_y() + bar.get_height() / 2, formatting.seconds(value),
                     va="center", fontsize=12)
    ax_time.set_ylim(-0.75, len(labels) - 0.25)
    ax_time.invert_yaxis()
    return fig
