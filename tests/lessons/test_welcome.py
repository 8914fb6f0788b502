"""Pruebas de la lección 00 (course_lib.lessons.welcome): coste de una época, figuras y explorador."""

import math

import pytest
from conftest import assert_every_control_value_is_valid, fake_matmul_rows as _rows

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import device
from course_lib.lessons import welcome
from course_lib.lessons.welcome import compute


MEASUREMENTS = {"CPU": _rows([(64, 10.0), (1024, 100.0)])}


# --- cálculo --------------------------------------------------------------------------------


def test_throughput_interpolates_in_log_scale():
    rows = _rows([(100, 10.0), (2154, 1000.0)])  # trabajo 2e6 y ~2e10
    assert welcome.throughput_for_work(rows, rows[0]["flops"]) == pytest.approx(10.0)
    assert welcome.throughput_for_work(rows, 1.0) == pytest.approx(10.0)  # fuera de rango: el extremo
    assert welcome.throughput_for_work(rows, 1e15) == pytest.approx(1000.0)
    middle = math.sqrt(rows[0]["flops"] * rows[1]["flops"])
    assert welcome.throughput_for_work(rows, middle) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="Faltan las medidas"):
        welcome.throughput_for_work([], 1e6)


def test_estimate_training_cost_formulas():
    measurements = {"CPU": _rows([(64, 100.0), (1024, 100.0)]), "GPU": _rows([(64, 10000.0), (1024, 10000.0)])}
    r = welcome.estimate_training_cost(n=512, layers=3, batch=100, examples=1050, measurements=measurements)
    assert r["steps"] == 11  # 1050 / 100 redondeado hacia arriba
    assert r["layer_flops"] == 2 * 100 * 512**2
    assert r["step_flops"] == 3 * r["layer_flops"] * 3
    assert r["epoch_flops"] == 6 * 1050 * 512**2 * 3
    assert r["parameters"] == 3 * (512 * 512 + 512)
    assert r["devices"]["CPU"]["seconds_epoch"] == pytest.approx(r["epoch_flops"] / 100e9)
    assert r["devices"]["GPU"]["seconds_epoch"] == pytest.approx(r["epoch_flops"] / 10000e9)
    text = welcome.summarize_training_cost(r)
    assert "3 capas de 512 neuronas" in text and "1 050 ejemplos" in text and "en la GPU" in text
    assert "787 968 pesos y sesgos" in text and "11 pasos con lotes de 100" in text


def test_estimate_training_cost_accepts_a_time_matmul_list():
    r = welcome.estimate_training_cost(64, 1, 32, 1024, _rows([(64, 10.0)]))
    assert set(r["devices"]) == {"CPU"}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, r"n \(las neuronas por capa\) debe estar entre 1 y 4096"),
        ({"layers": -1}, "El número de capas debe estar entre 1 y 20"),
        ({"batch": 2.5}, "El tamaño de lote debe ser un número entero"),
        ({"examples": 0}, "El número de ejemplos debe estar entre"),
        ({"batch": 500, "examples": 100}, "no puede ser mayor"),
        ({"measurements": {}}, "Faltan las medidas"),
    ],
)
def test_estimate_training_cost_bad_values(kwargs, message):
    args = {"n": 64, "layers": 2, "batch": 32, "examples": 1000, "measurements": {"CPU": _rows([(64, 10.0)])}}
    with pytest.raises(ValueError, match=message):
        welcome.estimate_training_cost(**dict(args, **kwargs))


def test_speed_peaks_classify_the_measured_curve():
    peaks = welcome.speed_peaks({
        "CPU": _rows([(256, 40.0), (1024, 90.0), (4096, 60.0)]),
        "GPU": _rows([(256, 400.0), (1024, 9000.0)], "GPU:0"),
    })
    cpu, gpu = peaks["CPU"], peaks["GPU"]
    assert (cpu["peak_size"], cpu["last_size"], cpu["trend"]) == (1024, 4096, "falls")
    assert cpu["drop"] == pytest.approx(1 / 3)
    assert (gpu["peak_size"], gpu["trend"], gpu["drop"]) == (1024, "rising", 0)
    flat = welcome.speed_peaks({"CPU": _rows([(256, 40.0), (1024, 90.0), (2048, 85.0)])})["CPU"]
    assert flat["trend"] == "plateau"


# --- textos ---------------------------------------------------------------------------------


def test_speed_conclusion_follows_the_measurement():
    falls = welcome.speed_conclusion({"CPU": _rows([(256, 40.0), (1024, 90.0), (4096, 60.0)])})
    assert "con n = 1024 (90.0 GFLOP/s)" in falls and "con n = 4096 bajó a 60.0 GFLOP/s" in falls
    assert "33 % menos" in falls and "caché" in falls
    rising = welcome.speed_conclusion({"CPU": _rows([(64, 5.0), (512, 50.0)])})
    assert "hasta la matriz mayor" in rising and "n = 512" in rising and "caché" not in rising
    plateau = welcome.speed_conclusion({"CPU": _rows([(256, 40.0), (1024, 90.0), (2048, 85.0)])})
    assert "se mantuvo cerca" in plateau and "caché" not in plateau


# --- figuras --------------------------------------------------------------------------------


def test_matmul_times_figure():
    fig = welcome.matmul_times({"CPU": _rows([(64, 5.0), (256, 100.0)]), "GPU": _rows([(64, 50.0), (256, 9000.0)])})
    ax_time, ax_speed = fig.axes
    assert ax_time.get_xscale() == ax_time.get_yscale() == "log"
    assert ax_speed.get_yscale() == "log"  # la GPU es mucho más rápida: escala logarítmica
    assert {"CPU", "GPU"} <= {t.get_text() for t in ax_time.get_legend().get_texts()}
    assert "GFLOP/s" in ax_speed.get_ylabel()
    single = welcome.matmul_times(_rows([(64, 50.0), (128, 60.0)]))
    assert single.axes[1].get_yscale() == "linear"
    with pytest.raises(ValueError, match="No hay medidas"):
        welcome.matmul_times({})


def test_training_cost_figure():
    result = welcome.estimate_training_cost(512, 3, 128, 60000, MEASUREMENTS)
    fig = welcome.training_cost(result)
    ax_speed, ax_time = fig.axes
    assert ax_speed.get_xscale() == "log" and ax_time.get_xscale() == "log"
    assert "60 000 ejemplos, lotes de 128" in ax_time.get_title()
    labels = [t.get_text() for t in ax_time.texts]
    assert any(label.endswith((" s", " ms", " min", " h", " días")) for label in labels)


# --- explorador -----------------------------------------------------------------------------


def test_cost_explorer_reacts_to_controls():
    exp = welcome.cost_explorer(MEASUREMENTS, n=256, layers=2, batch=64, examples=6000)
    exp.refresh()
    first = exp.result
    assert first["n"] == 256 and exp.error is None and exp.figure.updates == 1
    result = exp.set(n=1024)
    assert result is exp.result and result["n"] == 1024
    assert result["epoch_flops"] == 16 * first["epoch_flops"]
    assert "1024 neuronas" in exp.readout.value and exp.figure.updates == 2
    assert len(exp.figure.last_png) > 1000
    exp.set(examples=12000, layers=4)
    assert exp.error is None and exp.result["layers"] == 4 and exp.result["examples"] == 12000
    exp.set(examples=12000, layers=4)
    assert exp.figure.updates == 3  # mismos valores: no se vuelve a dibujar


@pytest.mark.parametrize("values, message", [
    ({"batch": 5000}, r"«Tamaño de lote» \(batch\) va de 1 a 1024, y has pedido 5000"),
    ({"examples": -5}, r"«Ejemplos de entrenamiento» \(examples\) va de 1024 a"),
    ({"examples": 500}, r"«Ejemplos de entrenamiento» \(examples\) va de 1024 a"),
    ({"n": 8}, r"«Neuronas por capa» \(n\) va de 16 a 4096"),
    ({"layers": 2.5}, r"«Capas densas» \(layers\) espera un número entero"),
])
def test_cost_explorer_refuses_values_its_controls_cannot_take(values, message):
    exp = welcome.cost_explorer(MEASUREMENTS)
    before = exp.set(n=512)
    with pytest.raises(ValueError, match=message):
        exp.set(**values)
    assert exp.result is before and exp.values()["batch"] == 128  # nada ha cambiado


def test_every_cost_explorer_control_value_is_valid():
    exp = welcome.cost_explorer({"CPU": _rows([(64, 10.0), (1024, 100.0)]), "GPU": _rows([(64, 90.0), (1024, 9e3)])})
    assert exp.controls["examples"].min >= exp.controls["batch"].max == compute.MAX_BATCH
    assert_every_control_value_is_valid(exp)
    exp.set(batch=compute.MAX_BATCH, examples=compute.MAX_BATCH)  # el caso más justo
    assert exp.error is None and exp.result["steps"] == 1


def test_cost_explorer_checks_its_starting_values():
    with pytest.raises(ValueError, match="El tamaño de lote debe estar entre 1 y 1024"):
        welcome.cost_explorer(MEASUREMENTS, batch=5000)
    with pytest.raises(ValueError, match="El número de ejemplos debe estar entre 1024"):
        welcome.cost_explorer(MEASUREMENTS, examples=100)
    with pytest.raises(ValueError, match="Faltan las medidas"):
        welcome.cost_explorer({})
