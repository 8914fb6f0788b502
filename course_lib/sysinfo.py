"""Informe del entorno: versiones, sistema operativo, CPU, memoria, GPU y modo del curso.

Uso al principio de un notebook (después de ``device.setup_gpu()``)::

    from course_lib import sysinfo
    print(sysinfo.environment_report())

Si algo falla y pides ayuda, copia este informe en tu mensaje. Leer el entorno no inicializa la
GPU: la memoria que usa TensorFlow solo se consulta si ya estaba inicializada, y la memoria
total se lee con ``nvidia-smi`` si está instalado. La configuración de la GPU (crecimiento de
memoria, precisión mixta) está en :mod:`course_lib.device`.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from typing import Any, Mapping

from course_lib import config

NO_GPU_MESSAGE = "No se ha encontrado ninguna GPU: el curso funciona en CPU (más despacio)."

#: Capacidad de cómputo mínima para que la precisión mixta (float16) compense: Tensor Cores
#: de NVIDIA (Volta, 7.0, y posteriores).
MIXED_PRECISION_MIN_CAPABILITY = (7, 0)

__all__ = [
    "MIXED_PRECISION_MIN_CAPABILITY",
    "NO_GPU_MESSAGE",
    "environment_info",
    "environment_report",
    "gpu_details",
    "print_environment",
    "supports_mixed_precision",
]


def _tf():
    return config.quiet_tensorflow()


def _context_initialized() -> bool:
    """``True`` si TensorFlow ya ha inicializado sus dispositivos (y ya no se pueden configurar)."""
    try:
        from tensorflow.python.eager import context

        return bool(getattr(context.context(), "_initialized", False))
    except Exception:  # noqa: BLE001 - API interna: ante la duda, suponemos que sí
        return True


# ---------------------------------------------------------------------------------------------
# Informe del entorno
# ---------------------------------------------------------------------------------------------


def _cpu_model() -> str:
    system = platform.system()
    try:
        if system == "Linux":
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.lower().startswith(("model name", "hardware", "cpu model")):
                        return line.split(":", 1)[1].strip()
        elif system == "Darwin":
            out = subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True, timeout=5
            )
            if out.returncode == 0 and out.stdout.strip():
                return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return platform.processor() or platform.machine() or "desconocida"


def _usable_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def _memory_bytes() -> tuple[int | None, int | None]:
    """Memoria RAM total y disponible en bytes (``None`` si no se puede saber sin coste)."""
    total = available = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            info = {k: v for k, _, v in (line.partition(":") for line in fh)}
        total = int(info["MemTotal"].split()[0]) * 1024
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError, IndexError):
        try:
            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (AttributeError, OSError, ValueError):
            pass
    return total, available


def _os_name() -> str:
    name = f"{platform.system()} {platform.release()}".strip()
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("PRETTY_NAME="):
                    return f"{line.split('=', 1)[1].strip().strip(chr(34))} ({name})"
    except OSError:
        pass
    if platform.system() == "Darwin" and platform.mac_ver()[0]:
        return f"macOS {platform.mac_ver()[0]}"
    return name or "desconocido"


def _nvidia_smi() -> list[dict[str, Any]]:
    """GPU que ve ``nvidia-smi`` (nombre y memoria total en MiB); lista vacía si no está."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return []
    try:
        out = subprocess.run(
            [exe, "--query-gpu=index,name,memory.total,memory.used", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in out.stdout.splitlines() if out.returncode == 0 else []:
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 4:
            continue
        try:
            rows.append(
                {"index": int(parts[0]), "name": parts[1], "memory_total_mib": int(float(parts[2])),
                 "memory_used_mib": int(float(parts[3]))}
            )
        except ValueError:
            continue
    return rows


def supports_mixed_precision(compute_capability: tuple[int, int] | None) -> bool:
    """``True`` si una GPU con esa capacidad de cómputo acelera la precisión mixta (≥ 7.0)."""
    if not compute_capability:
        return False
    return tuple(int(x) for x in compute_capability[:2]) >= MIXED_PRECISION_MIN_CAPABILITY


def gpu_details() -> list[dict[str, Any]]:
    """Las GPU que ve TensorFlow: índice, dispositivo («GPU:0»), nombre y capacidad de cómputo."""
    tf = _tf()
    gpus = []
    for i, gpu in enumerate(tf.config.list_physical_devices("GPU")):
        try:
            details = tf.config.experimental.get_device_details(gpu) or {}
        except Exception:  # noqa: BLE001 - los detalles son opcionales
            details = {}
        cc = details.get("compute_capability")
        gpus.append(
            {
                "index": i,
                "device": gpu.name.replace("/physical_device:", ""),
                "name": details.get("device_name") or gpu.name,
                "compute_capability": tuple(cc) if cc else None,
            }
        )
    return gpus


def environment_info() -> dict[str, Any]:
    """Recoge los datos del entorno en un diccionario (lo que muestra :func:`environment_report`).

    No inicializa la GPU: la memoria que usa TensorFlow solo se consulta si ya estaba
    inicializada, y la memoria total se lee con ``nvidia-smi`` si está instalado.
    """
    tf = _tf()
    import keras
    import numpy as np

    build = {}
    try:
        build = dict(tf.sysconfig.get_build_info())
    except Exception:  # noqa: BLE001
        pass
    total, available = _memory_bytes()
    gpus = gpu_details()
    smi = _nvidia_smi()
    initialized = _context_initialized()
    for gpu in gpus:
        gpu["memory_total_mib"] = None
        gpu["memory_in_use_bytes"] = None
        if len(smi) == len(gpus):
            row = smi[gpu["index"]]
            if row["name"] in gpu["name"] or gpu["name"] in row["name"]:
                gpu["memory_total_mib"] = row["memory_total_mib"]
        if initialized:
            try:
                gpu["memory_in_use_bytes"] = tf.config.experimental.get_memory_info(gpu["device"])["current"]
            except Exception:  # noqa: BLE001 - p. ej. la GPU no está visible como dispositivo lógico
                pass
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "cuda_build": bool(build.get("is_cuda_build", False)),
        "cuda_version": build.get("cuda_version"),
        "cudnn_version": build.get("cudnn_version"),
        "os": _os_name(),
        "system": platform.system(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpu_usable": _usable_cpus(),
        "ram_total_bytes": total,
        "ram_available_bytes": available,
        "gpus": gpus,
        "nvidia_smi": smi,
        "keras_policy": keras.mixed_precision.global_policy().name,
        "mode": config.describe(),
    }


def _gib(n_bytes: float) -> str:
    return f"{n_bytes / 2**30:.1f} GiB"


def environment_report(info: Mapping[str, Any] | None = None) -> str:
    """Informe del entorno en español: versiones, sistema, CPU, memoria, GPU y modo del curso.

    ``info`` es el diccionario de :func:`environment_info` (por defecto se recoge ahora).
    """
    info = environment_info() if info is None else info
    lines = ["Informe del entorno", "===================", "", "Software"]
    python = f"{info['python']}" + (
        f" ({info['python_implementation']})" if info.get("python_implementation", "CPython") != "CPython" else ""
    )
    lines.append(f"  Python:      {python}")
    tf_line = f"  TensorFlow:  {info['tensorflow']}"
    if info.get("cuda_build"):
        extras = [f"CUDA {info['cuda_version']}" if info.get("cuda_version") else "CUDA"]
        if info.get("cudnn_version"):
            extras.append(f"cuDNN {info['cudnn_version']}")
        tf_line += f" (compilado con {', '.join(extras)})"
    else:
        tf_line += " (sin soporte de CUDA)"
    lines += [tf_line, f"  Keras:       {info['keras']}", f"  NumPy:       {info['numpy']}", "", "Sistema"]
    lines.append(f"  Sistema operativo: {info['os']}")
    cpu = f"  CPU:               {info['cpu_model']}"
    if info.get("cpu_count"):
        cpu += f", {info['cpu_count']} núcleos lógicos"
        usable = info.get("cpu_usable")
        if usable and usable != info["cpu_count"]:
            cpu += f" ({usable} disponibles para este proceso)"
    lines.append(cpu)
    if info.get("ram_total_bytes"):
        ram = f"  Memoria RAM:       {_gib(info['ram_total_bytes'])} en total"
        if info.get("ram_available_bytes"):
            ram += f", {_gib(info['ram_available_bytes'])} disponibles"
        lines.append(ram)
    else:
        lines.append("  Memoria RAM:       no disponible")
    lines += ["", "GPU"]
    gpus = info.get("gpus") or []
    if not gpus:
        lines.append(f"  {NO_GPU_MESSAGE}")
        smi = info.get("nvidia_smi") or []
        if smi:
            names = ", ".join(row["name"] for row in smi)
            lines.append(
                f"  Atención: nvidia-smi ve {len(smi)} GPU ({names}), pero TensorFlow no la encuentra."
            )
            if not info.get("cuda_build"):
                lines.append("  Esta versión de TensorFlow no tiene soporte de CUDA.")
            lines.append(
                "  En Linux, instala `pip install tensorflow[and-cuda]` y comprueba el controlador de NVIDIA."
            )
        elif info.get("system") == "Windows":
            lines.append("  En Windows, TensorFlow (≥ 2.11) solo usa la GPU dentro de WSL2.")
    for gpu in gpus:
        text = f"  {gpu['device']}: {gpu['name']}"
        cc = gpu.get("compute_capability")
        if cc:
            text += f", capacidad de cómputo {cc[0]}.{cc[1]}"
            text += " (admite precisión mixta)" if supports_mixed_precision(cc) else " (sin precisión mixta rápida)"
        if gpu.get("memory_total_mib"):
            text += f", {_gib(gpu['memory_total_mib'] * 2**20)} de memoria"
        lines.append(text)
        if gpu.get("memory_in_use_bytes") is not None:
            lines.append(f"      memoria en uso por TensorFlow: {gpu['memory_in_use_bytes'] / 2**20:.0f} MiB")
    lines.append(f"  Política de precisión de Keras: «{info.get('keras_policy', 'float32')}»")
    lines += ["", "Modo del curso", f"  {info['mode']}"]
    return "\n".join(lines)


def print_environment() -> None:
    """Imprime :func:`environment_report`."""
    print(environment_report())
