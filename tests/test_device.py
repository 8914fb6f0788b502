"""Pruebas de course_lib.device (y de las figuras plots.matmul_times y plots.training_cost)."""

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, device, plots

import tensorflow as tf  # noqa: E402

HAS_GPU = device.has_gpu()


def _rows(pairs, label="CPU:0"):
    """Medidas falsas: [(n, gflops), ...] -> filas como las de time_matmul."""
    rows = []
    for n, gflops in pairs:
        flops = device.matmul_flops(n)
        rows.append({"size": n, "flops": flops, "seconds": flops / gflops / 1e9, "gflops": gflops,
                     "times": [flops / gflops / 1e9], "device": label, "dtype": "float32"})
    return rows


# --- informe del entorno --------------------------------------------------------------------


def test_environment_report_real():
    import keras
    import numpy as np

    text = device.environment_report()
    for heading in ("Informe del entorno", "Software", "Sistema", "GPU", "Modo del curso"):
        assert f"\n{heading}\n" in f"\n{text}\n", heading
    assert f"TensorFlow:  {tf.__version__}" in text
    assert f"Keras:       {keras.__version__}" in text
    assert f"NumPy:       {np.__version__}" in text
    assert "Python:" in text and "CPU:" in text and "Sistema operativo:" in text
    assert config.describe() in text
    assert (device.NO_GPU_MESSAGE in text) != HAS_GPU


def test_environment_report_with_fake_gpu_and_hints():
    info = device.environment_info()
    gpu = {"index": 0, "device": "GPU:0", "name": "NVIDIA A100-SXM4-80GB", "compute_capability": (8, 0),
           "memory_total_mib": 81920, "memory_in_use_bytes": 512 * 2**20}
    text = device.environment_report(dict(info, gpus=[gpu]))
    assert "GPU:0: NVIDIA A100-SXM4-80GB, capacidad de cómputo 8.0 (admite precisión mixta), 80.0 GiB" in text
    assert "memoria en uso por TensorFlow: 512 MiB" in text
    assert device.NO_GPU_MESSAGE not in text
    old = dict(gpu, compute_capability=(6, 1), memory_total_mib=None, memory_in_use_bytes=None)
    assert "sin precisión mixta rápida" in device.environment_report(dict(info, gpus=[old]))
    # nvidia-smi ve una GPU pero TensorFlow no: hay que decir qué pasa
    smi = [{"index": 0, "name": "NVIDIA T4", "memory_total_mib": 15360, "memory_used_mib": 0}]
    text = device.environment_report(dict(info, gpus=[], nvidia_smi=smi, cuda_build=False))
    assert device.NO_GPU_MESSAGE in text
    assert "pero TensorFlow no la encuentra" in text and "tensorflow[and-cuda]" in text


# --- configuración de la GPU ----------------------------------------------------------------


def test_supports_and_decide_mixed_precision():
    assert device.supports_mixed_precision((7, 0)) and device.supports_mixed_precision((9, 0))
    assert not device.supports_mixed_precision((6, 1)) and not device.supports_mixed_precision(None)
    assert device._decide_mixed_precision([(8, 0), (8, 6)], "auto")[0] is True
    assert device._decide_mixed_precision([(8, 0)], True)[0] is True
    enable, why = device._decide_mixed_precision([(8, 0), (6, 1)], "auto")
    assert not enable and "7.0" in why and "6.1" in why
    assert device._decide_mixed_precision([(8, 0)], False)[0] is False
    assert device._decide_mixed_precision([], "auto")[0] is False


@pytest.mark.skipif(HAS_GPU, reason="prueba del comportamiento sin GPU")
def test_setup_gpu_on_cpu_does_nothing_and_says_so():
    import keras

    before = keras.mixed_precision.global_policy().name
    result = device.setup_gpu()
    assert result.gpus == () and not result.memory_growth and not result.mixed_precision
    assert result.policy == before == "float32"
    assert device.NO_GPU_MESSAGE in str(result) and "CPU" in repr(result)
    forced = device.setup_gpu(mixed_precision=True)
    assert not forced.mixed_precision and "se mantiene float32" in forced.text()
    assert keras.mixed_precision.global_policy().name == "float32"


def test_setup_gpu_rejects_bad_argument():
    for bad in ("sí", 1, None):
        with pytest.raises(ValueError, match="mixed_precision debe ser 'auto', True o False"):
            device.setup_gpu(bad)


# --- estrategias ----------------------------------------------------------------------------


def test_strategy_is_default_with_one_device():
    if len(tf.config.list_logical_devices("GPU")) > 1 or len(tf.config.list_logical_devices("CPU")) > 1:
        pytest.skip("este proceso tiene varios dispositivos")
    strat = device.strategy()
    assert strat is tf.distribute.get_strategy()
    assert not isinstance(strat, tf.distribute.MirroredStrategy)
    assert strat.num_replicas_in_sync == 1
    assert "por defecto" in device.describe_strategy(strat)


def test_split_cpu_rejects_bad_values():
    for bad in (0, -2, 2.5, True, "2", 1000):
        with pytest.raises(ValueError, match="dispositivos lógicos"):
            device.split_cpu(bad)


_SUBPROCESS = textwrap.dedent(
    """
    import json
    import course_lib
    from course_lib import device
    assert device.split_cpu(2) == 2
    strat = device.strategy()
    import keras, numpy as np
    with strat.scope():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
    history = model.fit(np.ones((8, 4), "float32"), np.zeros((8, 1), "float32"), batch_size=8,
                        epochs=1, verbose=0)
    try:
        device.split_cpu(3)
        late = ""
    except RuntimeError as exc:
        late = str(exc)
    print(json.dumps({
        "type": type(strat).__name__,
        "replicas": strat.num_replicas_in_sync,
        "loss": history.history["loss"][0],
        "weights_replicated": type(model.weights[0].value).__name__,
        "describe": device.describe_strategy(strat),
        "late": late,
        "again": device.split_cpu(2),
    }))
    """
)


@pytest.mark.skipif(HAS_GPU, reason="en un equipo con GPU la estrategia elige las GPU")
def test_strategy_mirrored_on_two_logical_cpus_in_fresh_interpreter():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", COURSE_QUICK="1", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run([sys.executable, "-c", _SUBPROCESS], capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["type"] == "MirroredStrategy"
    assert out["replicas"] == 2
    assert math.isfinite(out["loss"])
    assert out["weights_replicated"] == "MirroredVariable"  # los pesos se crearon bajo la estrategia
    assert "2 réplicas" in out["describe"] and "CPU:0" in out["describe"] and "CPU:1" in out["describe"]
    assert "Demasiado tarde" in out["late"] and "Reiniciar el núcleo" in out["late"]
    assert out["again"] == 2  # pedir lo que ya hay no es un error


# --- cronometraje del producto de matrices ----------------------------------------------------


def test_matmul_flops():
    assert device.matmul_flops(1000) == 2 * 10**9
    assert device.matmul_flops(1) == 2


def test_time_matmul_measures_increasing_work():
    rows = device.time_matmul(sizes=(48, 16, 32, 16), device="cpu", repeats=2)
    assert [r["size"] for r in rows] == [16, 32, 48]  # ordenados y sin repetidos
    flops = [r["flops"] for r in rows]
    assert flops == [2 * n**3 for n in (16, 32, 48)] and flops == sorted(flops)
    for r in rows:
        assert r["seconds"] > 0 and len(r["times"]) == 2 and r["seconds"] == min(r["times"])
        assert r["gflops"] == pytest.approx(2 * r["size"] ** 3 / r["seconds"] / 1e9)
        assert r["device"] == "CPU:0" and r["dtype"] == "float32"
    assert device.time_matmul([8], device="/device:CPU:0", dtype="float64", repeats=1)[0]["dtype"] == "float64"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"sizes": []}, "vacío"),
        ({"sizes": [0]}, "entero positivo"),
        ({"sizes": [-8]}, "entero positivo"),
        ({"sizes": [2.5]}, "número entero"),
        ({"sizes": [True]}, "número entero"),
        ({"sizes": 3.0}, "lista de tamaños"),
        ({"sizes": [10**6]}, "demasiado grande"),
        ({"sizes": [8], "device": "TPU"}, "Dispositivo no válido"),
        ({"sizes": [8], "device": "CPU:7"}, "No existe el dispositivo CPU:7"),
        ({"sizes": [8], "device": "GPU:99"}, "No existe el dispositivo GPU:99"),
        ({"sizes": [8], "repeats": 0}, "repeats"),
        ({"sizes": [8], "dtype": "int32"}, "Tipo de datos no válido"),
        ({"sizes": [8], "dtype": "patata"}, "Tipo de datos no válido"),
    ],
)
def test_time_matmul_bad_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        device.time_matmul(**kwargs)


@pytest.mark.skipif(HAS_GPU, reason="prueba del mensaje sin GPU")
def test_time_matmul_on_missing_gpu_explains():
    with pytest.raises(ValueError, match="No se ha encontrado ninguna GPU"):
        device.time_matmul([8], device="GPU")


def test_compare_cpu_gpu_and_summary():
    results = device.compare_cpu_gpu((8, 16), repeats=1)
    assert set(results) == ({"CPU", "GPU"} if HAS_GPU else {"CPU"})
    assert [r["size"] for r in results["CPU"]] == [8, 16]
    text = device.summarize_matmul(results)
    assert "CPU: 16 × 16" in text and "GFLOP/s" in text
    fake = {"CPU": _rows([(512, 100.0)]), "GPU": _rows([(512, 5000.0)], "GPU:0")}
    assert "la GPU es 50 veces más rápida" in device.summarize_matmul(fake)


def test_matmul_times_figure():
    fig = plots.matmul_times({"CPU": _rows([(64, 5.0), (256, 100.0)]), "GPU": _rows([(64, 50.0), (256, 9000.0)])})
    ax_time, ax_speed = fig.axes
    assert ax_time.get_xscale() == ax_time.get_yscale() == "log"
    assert ax_speed.get_yscale() == "log"  # la GPU es mucho más rápida: escala logarítmica
    assert {"CPU", "GPU"} <= {t.get_text() for t in ax_time.get_legend().get_texts()}
    assert "GFLOP/s" in ax_speed.get_ylabel()
    single = plots.matmul_times(_rows([(64, 50.0), (128, 60.0)]))
    assert single.axes[1].get_yscale() == "linear"
    with pytest.raises(ValueError, match="No hay medidas"):
        plots.matmul_times({})


# --- «¿Cuánto tardaría?» ---------------------------------------------------------------------


def test_throughput_interpolates_in_log_scale():
    rows = _rows([(100, 10.0), (2154, 1000.0)])  # trabajo 2e6 y ~2e10
    assert device.throughput_for_work(rows, rows[0]["flops"]) == pytest.approx(10.0)
    assert device.throughput_for_work(rows, 1.0) == pytest.approx(10.0)  # fuera de rango: el extremo
    assert device.throughput_for_work(rows, 1e15) == pytest.approx(1000.0)
    middle = math.sqrt(rows[0]["flops"] * rows[1]["flops"])
    assert device.throughput_for_work(rows, middle) == pytest.approx(100.0)


def test_estimate_training_cost_formulas():
    measurements = {"CPU": _rows([(64, 100.0), (1024, 100.0)]), "GPU": _rows([(64, 10000.0), (1024, 10000.0)])}
    r = device.estimate_training_cost(n=512, layers=3, batch=100, examples=1050, measurements=measurements)
    assert r["steps"] == 11  # 1050 / 100 redondeado hacia arriba
    assert r["layer_flops"] == 2 * 100 * 512**2
    assert r["step_flops"] == 3 * r["layer_flops"] * 3
    assert r["epoch_flops"] == 6 * 1050 * 512**2 * 3
    assert r["parameters"] == 3 * (512 * 512 + 512)
    assert r["devices"]["CPU"]["seconds_epoch"] == pytest.approx(r["epoch_flops"] / 100e9)
    assert r["devices"]["GPU"]["seconds_epoch"] == pytest.approx(r["epoch_flops"] / 10000e9)
    text = device.summarize_training_cost(r)
    assert "3 capas de 512 neuronas" in text and "1 050 ejemplos" in text and "en la GPU" in text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "N \\(neuronas por capa\\) debe ser un entero"),
        ({"layers": -1}, "número de capas"),
        ({"batch": 2.5}, "tamaño de lote"),
        ({"examples": 0}, "número de ejemplos"),
        ({"batch": 500, "examples": 100}, "no puede ser mayor"),
        ({"measurements": {}}, "Faltan las medidas"),
    ],
)
def test_estimate_training_cost_bad_values(kwargs, message):
    args = {"n": 64, "layers": 2, "batch": 32, "examples": 1000, "measurements": {"CPU": _rows([(64, 10.0)])}}
    with pytest.raises(ValueError, match=message):
        device.estimate_training_cost(**dict(args, **kwargs))


def test_format_helpers():
    assert device.format_seconds(2e-6) == "2 µs"
    assert device.format_seconds(0.0123) == "12.3 ms"
    assert device.format_seconds(5) == "5.0 s"
    assert device.format_seconds(150) == "2.5 min"
    assert device.format_seconds(7200) == "2.0 h"
    assert device.format_seconds(3 * 86400) == "3.0 días"
    assert device.format_flops(2e9) == "2.0 GFLOP"
    assert device.format_flops(1.5e12) == "1.5 TFLOP"


def test_cost_explorer_reacts_to_controls():
    measurements = {"CPU": _rows([(64, 10.0), (1024, 100.0)])}
    exp = device.cost_explorer(measurements, n=256, layers=2, batch=64, examples=6000)
    exp.refresh()
    first = exp.result
    assert first["n"] == 256 and exp.error is None and exp.figure.updates == 1
    result = exp.set(n=1024)
    assert result is exp.result and result["n"] == 1024
    assert result["epoch_flops"] == 16 * first["epoch_flops"]
    assert "1024 neuronas" in exp.readout.value and exp.figure.updates == 2
    assert len(exp.figure.last_png) > 1000
    exp.set(examples=-5)
    assert "número de ejemplos" in exp.error and "⚠️" in exp.readout.value
    assert exp.result is result  # el último resultado válido se conserva
    exp.set(examples=6000, layers=4)
    assert exp.error is None and exp.result["layers"] == 4
    fig = plots.training_cost(exp.result)
    assert len(fig.axes) == 2 and fig.axes[1].get_xscale() == "log"
