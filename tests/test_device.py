"""Pruebas de course_lib.device: GPU, estrategias y cronometraje del producto de matrices.

El informe del entorno se prueba en test_sysinfo.py; el explorador «¿Cuánto tardaría?» y sus
figuras, en tests/lessons/test_welcome.py.
"""

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from conftest import fake_matmul_rows as _rows
from course_lib import device

import tensorflow as tf  # noqa: E402

HAS_GPU = device.has_gpu()




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


def test_summarize_matmul_says_where_the_peak_was():
    falls = {"CPU": _rows([(256, 40.0), (1024, 90.0), (4096, 60.0)])}
    text = device.summarize_matmul(falls)
    assert "4096 × 4096" in text and "60.0 GFLOP/s" in text
    assert "máximo 90.0 GFLOP/s con n = 1024" in text
    rising = device.summarize_matmul({"CPU": _rows([(256, 40.0), (1024, 90.0)])})
    assert "90.0 GFLOP/s, la mayor velocidad medida" in rising


def test_measurements_by_device():
    rows = _rows([(64, 10.0)])
    assert device.measurements_by_device(rows) == {"CPU": rows}
    assert device.measurements_by_device({"GPU": rows}) == {"GPU": rows}
    for bad in ({}, [], {"CPU": []}, None):
        with pytest.raises(ValueError, match="Faltan las medidas"):
            device.measurements_by_device(bad)


def test_device_does_not_import_views_or_lessons():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(device))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 for alias in node.names}
    assert not {m for m in imported if m.split(".")[-1] in ("plots", "explorer", "widgets") or ".lessons" in m}


def _keras_dataset(x, y, dataset=None):
    """El ``tf.data.Dataset`` que ``model.fit`` leería de ``x, y`` (o de ``dataset``)."""
    from keras.src.trainers.data_adapters import array_data_adapter, tf_dataset_adapter

    if dataset is not None:
        return tf_dataset_adapter.TFDatasetAdapter(dataset).get_tf_dataset()
    return array_data_adapter.ArrayDataAdapter(x, y, batch_size=4, shuffle=True).get_tf_dataset()


def test_on_cpu_model_fit_reads_its_batches_without_tf_data_autotune():
    import numpy as np
    import tensorflow as tf

    x, y = np.arange(40, dtype="float32").reshape(20, 2), np.arange(20) % 3
    assert not device.has_gpu()                       # esta máquina: import course_lib lo apagó
    assert _keras_dataset(x, y).options().autotune.enabled is False
    mine = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    assert _keras_dataset(None, None, mine).options().autotune.enabled is False
    chosen = tf.data.Options()
    chosen.autotune.enabled = True                    # quien lo elige, lo conserva
    assert _keras_dataset(None, None, mine.with_options(chosen)).options().autotune.enabled is True
    batches = [b.numpy().tolist() for b, _ in _keras_dataset(None, None, mine)]
    assert sum(batches, []) == x.tolist()             # los mismos datos, en el mismo orden
    try:
        assert device.steady_cpu_training(False) is False
        assert _keras_dataset(x, y).options().autotune.enabled is None   # Keras como viene
        assert device.steady_cpu_training(True) is True
        assert device.steady_cpu_training(True) is True                  # dos veces: un solo envoltorio
        from keras.src.trainers.data_adapters import array_data_adapter
        wrapped = array_data_adapter.ArrayDataAdapter.get_tf_dataset
        assert not hasattr(wrapped.__wrapped__, "__wrapped__")
        assert _keras_dataset(x, y).options().autotune.enabled is False
    finally:
        device.steady_cpu_training()


def test_steady_cpu_training_does_nothing_if_keras_moves_its_data_adapters(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "keras.src.trainers.data_adapters", None)   # como si no existiera
    assert device.steady_cpu_training(True) is False


def test_steady_cpu_training_does_nothing_if_keras_renames_its_data_adapters(monkeypatch):
    from keras.src.trainers.data_adapters import array_data_adapter

    monkeypatch.delattr(array_data_adapter, "ArrayDataAdapter")
    assert device.steady_cpu_training(True) is False
