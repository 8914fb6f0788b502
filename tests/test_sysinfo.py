"""Pruebas de course_lib.sysinfo: el informe del entorno."""

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, device, sysinfo

import tensorflow as tf  # noqa: E402

HAS_GPU = device.has_gpu()


def test_environment_report_real():
    import keras
    import numpy as np

    text = sysinfo.environment_report()
    for heading in ("Informe del entorno", "Software", "Sistema", "GPU", "Modo del curso"):
        assert f"\n{heading}\n" in f"\n{text}\n", heading
    assert f"TensorFlow:  {tf.__version__}" in text
    assert f"Keras:       {keras.__version__}" in text
    assert f"NumPy:       {np.__version__}" in text
    assert "Python:" in text and "CPU:" in text and "Sistema operativo:" in text
    assert config.describe() in text
    assert (sysinfo.NO_GPU_MESSAGE in text) != HAS_GPU


def test_environment_report_with_fake_gpu_and_hints():
    info = sysinfo.environment_info()
    gpu = {"index": 0, "device": "GPU:0", "name": "NVIDIA A100-SXM4-80GB", "compute_capability": (8, 0),
           "memory_total_mib": 81920, "memory_in_use_bytes": 512 * 2**20}
    text = sysinfo.environment_report(dict(info, gpus=[gpu]))
    assert "GPU:0: NVIDIA A100-SXM4-80GB, capacidad de cómputo 8.0 (admite precisión mixta), 80.0 GiB" in text
    assert "memoria en uso por TensorFlow: 512 MiB" in text
    assert sysinfo.NO_GPU_MESSAGE not in text
    old = dict(gpu, compute_capability=(6, 1), memory_total_mib=None, memory_in_use_bytes=None)
    assert "sin precisión mixta rápida" in sysinfo.environment_report(dict(info, gpus=[old]))
    # nvidia-smi ve una GPU pero TensorFlow no: hay que decir qué pasa
    smi = [{"index": 0, "name": "NVIDIA T4", "memory_total_mib": 15360, "memory_used_mib": 0}]
    text = sysinfo.environment_report(dict(info, gpus=[], nvidia_smi=smi, cuda_build=False))
    assert sysinfo.NO_GPU_MESSAGE in text
    assert "pero TensorFlow no la encuentra" in text and "tensorflow[and-cuda]" in text


def test_print_environment_prints_the_report(capsys):
    sysinfo.print_environment()
    assert capsys.readouterr().out.startswith("Informe del entorno\n")


def test_device_shares_the_gpu_facts_with_sysinfo():
    assert device.NO_GPU_MESSAGE is sysinfo.NO_GPU_MESSAGE
    assert device.supports_mixed_precision is sysinfo.supports_mixed_precision
    assert sysinfo.supports_mixed_precision((7, 0)) and not sysinfo.supports_mixed_precision((6, 1))
    assert bool(sysinfo.gpu_details()) == HAS_GPU
