"""Entorno de ejecución: informe del equipo, configuración de la GPU, estrategias de
distribución y cronometraje de multiplicaciones de matrices en CPU y GPU.

Orden recomendado al principio de un notebook::

    import course_lib                      # primero: silencia los mensajes de TensorFlow
    from course_lib import device
    device.setup_gpu()                     # antes de crear tensores o modelos
    print(device.environment_report())

TensorFlow fija la configuración de sus dispositivos (crecimiento de memoria de la GPU,
división de la CPU en dispositivos lógicos) la primera vez que los usa, por ejemplo al crear
un tensor. Por eso :func:`setup_gpu` y :func:`split_cpu` deben llamarse **antes**; si llegan
tarde lo explican en español y te dicen cómo arreglarlo (reiniciar el núcleo).

Todo funciona igual sin GPU: el curso está pensado para poder hacerse en una CPU.
"""

from __future__ import annotations

import functools
import math
import os
import platform
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from course_lib import config

NO_GPU_MESSAGE = "No se ha encontrado ninguna GPU: el curso funciona en CPU (más despacio)."

#: Capacidad de cómputo mínima para que la precisión mixta (float16) compense: Tensor Cores
#: de NVIDIA (Volta, 7.0, y posteriores).
MIXED_PRECISION_MIN_CAPABILITY = (7, 0)

#: Tamaño máximo de matriz que acepta :func:`time_matmul` (una de 16384 × 16384 en float32
#: ocupa 1 GiB y su producto son 8.8 billones de operaciones).
MAX_MATMUL_SIZE = 16384

_DTYPES = ("float16", "bfloat16", "float32", "float64")
_DEVICE_RE = re.compile(r"^(?:/?device:|/)?(cpu|gpu)(?::(\d+))?$", re.IGNORECASE)


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


def _gpu_details() -> list[dict[str, Any]]:
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
    gpus = _gpu_details()
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


# ---------------------------------------------------------------------------------------------
# Configuración de la GPU
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GpuSetup:
    """Lo que hizo :func:`setup_gpu`. Se muestra como texto en español."""

    gpus: tuple[str, ...] = ()
    memory_growth: bool = False
    mixed_precision: bool = False
    policy: str = "float32"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def text(self) -> str:
        lines = ["Configuración de la GPU"]
        if not self.gpus:
            lines.append(f"  {NO_GPU_MESSAGE}")
            lines.append("  No hay nada que configurar: todo se ejecutará en la CPU.")
        else:
            lines.append(f"  GPU: {', '.join(self.gpus)}")
            lines.append(
                "  Crecimiento de memoria: "
                + ("activado (TensorFlow reserva la memoria a medida que la necesita)." if self.memory_growth
                   else "no activado.")
            )
            lines.append(
                f"  Precisión mixta: {'activada' if self.mixed_precision else 'desactivada'}"
                f" (política de Keras «{self.policy}»)."
            )
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()


def _decide_mixed_precision(capabilities: list[tuple[int, int] | None], requested) -> tuple[bool, str]:
    """Decide si activar la precisión mixta. Devuelve ``(activar, explicación)``. Pura."""
    if requested is False:
        return False, "Precisión mixta desactivada porque así lo has pedido (mixed_precision=False)."
    if not capabilities:
        return False, "Sin GPU, la precisión mixta no acelera nada: se mantiene float32."
    unsupported = [cc for cc in capabilities if not supports_mixed_precision(cc)]
    if unsupported:
        shown = ", ".join(f"{cc[0]}.{cc[1]}" if cc else "desconocida" for cc in unsupported)
        return False, (
            f"La precisión mixta necesita capacidad de cómputo ≥ 7.0 y hay GPU con {shown}: se mantiene float32."
        )
    return True, (
        "Precisión mixta activada («mixed_float16»): los cálculos van en float16 y los pesos en float32. "
        "Deja la última capa en float32 (dtype='float32'), sobre todo si usa softmax."
    )


def setup_gpu(mixed_precision: bool | str = "auto") -> GpuSetup:
    """Prepara la GPU para el curso y devuelve qué se hizo (:class:`GpuSetup`).

    * Activa el **crecimiento de memoria** en cada GPU, para que TensorFlow no reserve toda la
      memoria de golpe (importa cuando la GPU se comparte). Solo funciona antes de que
      TensorFlow inicialice la GPU: llámala justo después de ``import course_lib``.
    * Con ``mixed_precision="auto"`` activa la **precisión mixta** (``"mixed_float16"``) solo si
      todas las GPU la aceleran (capacidad de cómputo ≥ 7.0); ``True`` la activa en esas mismas
      condiciones (y explica por qué no, si no se cumplen); ``False`` fija ``"float32"``.
    * Sin GPU no hace nada y lo dice.
    """
    if not (isinstance(mixed_precision, bool) or mixed_precision == "auto"):
        raise ValueError(f"mixed_precision debe ser 'auto', True o False, no {mixed_precision!r}.")
    tf = _tf()
    import keras

    gpus = tf.config.list_physical_devices("GPU")
    details = _gpu_details()
    notes: list[str] = []
    growth = []
    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
            growth.append(True)
        except RuntimeError:
            already = False
            try:
                already = bool(tf.config.experimental.get_memory_growth(gpu))
            except Exception:  # noqa: BLE001
                pass
            growth.append(already)
            if not already:
                notes.append(
                    "No se pudo activar el crecimiento de memoria: TensorFlow ya había inicializado la GPU "
                    "(al crear un tensor o un modelo). Reinicia el núcleo (Núcleo → Reiniciar el núcleo) y "
                    "ejecuta device.setup_gpu() justo después de `import course_lib`."
                )
        except ValueError as exc:
            growth.append(False)
            notes.append(f"No se pudo activar el crecimiento de memoria en {gpu.name}: {exc}")
    enable, why = _decide_mixed_precision([d["compute_capability"] for d in details], mixed_precision)
    if enable:
        keras.mixed_precision.set_global_policy("mixed_float16")
    elif mixed_precision is False or gpus:
        keras.mixed_precision.set_global_policy("float32")
    if gpus or mixed_precision != "auto":
        notes.append(why)
    names = tuple(f"{d['device']} ({d['name']})" for d in details)
    return GpuSetup(
        gpus=names,
        memory_growth=bool(gpus) and all(growth),
        mixed_precision=enable,
        policy=keras.mixed_precision.global_policy().name,
        notes=tuple(dict.fromkeys(notes)),
    )


# ---------------------------------------------------------------------------------------------
# Estrategias de distribución
# ---------------------------------------------------------------------------------------------


def split_cpu(n: int) -> int:
    """Divide la CPU en ``n`` dispositivos lógicos (``CPU:0`` … ``CPU:n-1``) y devuelve ``n``.

    Sirve para probar en un portátil lo que haría :func:`strategy` con varias GPU. Hay que
    llamarla antes de que TensorFlow inicialice sus dispositivos (antes de crear tensores o
    modelos); después lanza ``RuntimeError`` con la explicación.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"El número de dispositivos lógicos debe ser un entero ≥ 1, no {n!r}.")
    if n > 64:
        raise ValueError(f"{n} dispositivos lógicos son demasiados: usa como mucho 64.")
    tf = _tf()
    cpu = tf.config.list_physical_devices("CPU")[0]
    current = tf.config.get_logical_device_configuration(cpu)
    if (current is None and n == 1) or (current is not None and len(current) == n):
        return n
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])
    except RuntimeError:
        have = len(current) if current else 1
        raise RuntimeError(
            f"Demasiado tarde para dividir la CPU en {n} dispositivos: TensorFlow ya ha inicializado sus "
            f"dispositivos (ahora hay {have} CPU lógica{'s' if have != 1 else ''}). Reinicia el núcleo "
            "(Núcleo → Reiniciar el núcleo) y llama a device.split_cpu(n) justo después de "
            "`import course_lib`, antes de crear tensores o modelos."
        ) from None
    return n


def strategy():
    """Estrategia de ``tf.distribute`` adecuada para este equipo.

    * Varias GPU: ``tf.distribute.MirroredStrategy`` con todas (cada lote se reparte entre ellas
      y los gradientes se suman).
    * Sin GPU pero con varias CPU lógicas (ver :func:`split_cpu`): ``MirroredStrategy`` con ellas.
    * En otro caso (una GPU o una CPU): la estrategia por defecto, ``tf.distribute.get_strategy()``.

    Úsala así::

        with device.strategy().scope():
            model = keras.Sequential([...])
            model.compile(...)
        model.fit(...)
    """
    tf = _tf()
    gpus = tf.config.list_logical_devices("GPU")
    if len(gpus) > 1:
        return tf.distribute.MirroredStrategy(devices=[d.name for d in gpus])
    if not gpus:
        cpus = tf.config.list_logical_devices("CPU")
        if len(cpus) > 1:
            return tf.distribute.MirroredStrategy(devices=[d.name for d in cpus])
    return tf.distribute.get_strategy()


def describe_strategy(strat=None) -> str:
    """Una línea en español que explica la estrategia (por defecto, la de :func:`strategy`)."""
    strat = strategy() if strat is None else strat
    n = strat.num_replicas_in_sync
    name = type(strat).__name__
    if n == 1:
        return "Estrategia por defecto: un solo dispositivo, sin reparto de los lotes."
    devices = ", ".join(d.replace("/job:localhost/replica:0/task:0/device:", "") for d in strat.extended.worker_devices)
    return (
        f"Estrategia {name} con {n} réplicas ({devices}): cada lote se reparte entre ellas "
        "y los gradientes se combinan antes de actualizar los pesos."
    )


# ---------------------------------------------------------------------------------------------
# Cronometraje de multiplicaciones de matrices
# ---------------------------------------------------------------------------------------------


def matmul_flops(n: int) -> int:
    """Operaciones de coma flotante del producto de dos matrices n × n: ``2 n³``.

    Cada uno de los n² elementos del resultado es un producto escalar de longitud n:
    n multiplicaciones y n sumas.
    """
    return 2 * int(n) ** 3


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (int,)) and not isinstance(sizes, bool):
        sizes = [sizes]
    try:
        values = list(sizes)
    except TypeError:
        raise ValueError(f"sizes debe ser una lista de tamaños de matriz (enteros), no {sizes!r}.") from None
    if not values:
        raise ValueError("sizes está vacío: indica al menos un tamaño de matriz, por ejemplo (256, 512).")
    for s in values:
        if isinstance(s, bool) or not isinstance(s, int):
            try:
                import numpy as np

                ok = isinstance(s, np.integer)
            except ImportError:  # pragma: no cover
                ok = False
            if not ok:
                raise ValueError(f"Cada tamaño debe ser un número entero, y {s!r} no lo es.")
        if s < 1:
            raise ValueError(f"Cada tamaño debe ser un entero positivo, y {s} no lo es.")
        if s > MAX_MATMUL_SIZE:
            raise ValueError(
                f"El tamaño {s} es demasiado grande (máximo {MAX_MATMUL_SIZE}): tardaría mucho y "
                "podría agotar la memoria."
            )
    return sorted({int(s) for s in values})


def _resolve_device(device: str) -> str:
    """Convierte 'CPU', 'gpu:1', '/device:GPU:0'... en un nombre de dispositivo lógico que existe."""
    match = _DEVICE_RE.match(str(device).strip()) if isinstance(device, str) else None
    if not match:
        raise ValueError(f"Dispositivo no válido: {device!r}. Usa 'CPU', 'GPU', 'CPU:1' o 'GPU:0'.")
    kind, index = match.group(1).upper(), int(match.group(2) or 0)
    tf = _tf()
    available = tf.config.list_logical_devices(kind)
    if index >= len(available):
        if kind == "GPU" and not available:
            raise ValueError(f"No existe el dispositivo {kind}:{index}. {NO_GPU_MESSAGE}")
        names = ", ".join(d.name.replace("/device:", "") for d in tf.config.list_logical_devices())
        raise ValueError(f"No existe el dispositivo {kind}:{index}. Dispositivos disponibles: {names}.")
    return f"/device:{kind}:{index}"


def time_matmul(
    sizes: Iterable[int] = (256, 512, 1024),
    device: str = "CPU",
    repeats: int = 3,
    dtype: str = "float32",
) -> list[dict[str, Any]]:
    """Cronometra el producto de dos matrices n × n en ``device`` para cada n de ``sizes``.

    Para cada tamaño (en orden creciente, sin repetidos) hace una ejecución de calentamiento,
    que no cuenta, y después ``repeats`` ejecuciones; se queda con la más rápida (como
    ``timeit``), la menos afectada por otros programas. Cada medida espera a que el resultado
    esté calculado (se copia un elemento a la memoria de Python), así que en la GPU también es
    honesta: sin esa espera solo se mediría el tiempo de *encargar* el cálculo.

    Devuelve una lista de diccionarios con ``size`` (n), ``flops`` (2 n³), ``seconds`` (mejor
    tiempo), ``gflops`` (miles de millones de operaciones por segundo: ``2 n³ / seconds / 1e9``),
    ``times`` (todas las medidas), ``device`` y ``dtype``.
    """
    sizes = _check_sizes(sizes)
    if isinstance(repeats, bool) or not isinstance(repeats, int) or not 1 <= repeats <= 100:
        raise ValueError(f"repeats debe ser un entero entre 1 y 100, no {repeats!r}.")
    tf = _tf()
    try:
        dt = tf.as_dtype(dtype)
    except TypeError:
        raise ValueError(f"Tipo de datos no válido: {dtype!r}. Usa uno de: {', '.join(_DTYPES)}.") from None
    if dt.name not in _DTYPES:
        raise ValueError(f"Tipo de datos no válido: {dtype!r}. Usa uno de: {', '.join(_DTYPES)}.")
    name = _resolve_device(device)
    results = []
    with tf.device(name):
        for n in sizes:
            a = tf.random.stateless_uniform((n, n), seed=(1, 2), dtype=dt)
            b = tf.random.stateless_uniform((n, n), seed=(3, 4), dtype=dt)
            tf.linalg.matmul(a, b)[0, 0].numpy()  # calentamiento: no cuenta
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                c = tf.linalg.matmul(a, b)
                c[0, 0].numpy()  # espera a que el producto esté hecho
                times.append(time.perf_counter() - start)
            seconds = max(min(times), 1e-9)
            flops = matmul_flops(n)
            results.append(
                {
                    "size": n,
                    "flops": flops,
                    "seconds": seconds,
                    "gflops": flops / seconds / 1e9,
                    "times": times,
                    "device": name.replace("/device:", ""),
                    "dtype": dt.name,
                }
            )
            del a, b, c
    return results


def has_gpu() -> bool:
    """``True`` si TensorFlow ve al menos una GPU."""
    return bool(_tf().config.list_physical_devices("GPU"))


def compare_cpu_gpu(
    sizes: Iterable[int] = (256, 512, 1024), repeats: int = 3, dtype: str = "float32"
) -> dict[str, list[dict[str, Any]]]:
    """Cronometra :func:`time_matmul` en la CPU y, si hay, en la primera GPU.

    Devuelve ``{"CPU": [...], "GPU": [...]}`` (sin la clave ``"GPU"`` si no hay GPU).
    """
    sizes = _check_sizes(sizes)
    results = {"CPU": time_matmul(sizes, "CPU", repeats, dtype)}
    if has_gpu():
        results["GPU"] = time_matmul(sizes, "GPU", repeats, dtype)
    return results


def _as_measurements(measurements) -> dict[str, list[dict[str, Any]]]:
    if isinstance(measurements, list):
        measurements = {measurements[0]["device"].split(":")[0] if measurements else "CPU": measurements}
    if not isinstance(measurements, Mapping) or not measurements or not all(measurements.values()):
        raise ValueError(
            "Faltan las medidas: pasa el resultado de compare_cpu_gpu(...) o de time_matmul(...)."
        )
    return dict(measurements)


def summarize_matmul(measurements) -> str:
    """Resumen en español de las medidas (por dispositivo, el tamaño mayor y su velocidad)."""
    measurements = _as_measurements(measurements)
    parts = []
    for label, rows in measurements.items():
        best = max(rows, key=lambda r: r["gflops"])
        last = rows[-1]
        parts.append(
            f"{label}: {last['size']} × {last['size']} en {format_seconds(last['seconds'])} "
            f"({last['gflops']:.1f} GFLOP/s; máximo {best['gflops']:.1f} GFLOP/s)"
        )
    text = "; ".join(parts) + "."
    if "CPU" in measurements and "GPU" in measurements:
        cpu, gpu = measurements["CPU"][-1], measurements["GPU"][-1]
        if cpu["size"] == gpu["size"]:
            text += f" Con n = {cpu['size']}, la GPU es {cpu['seconds'] / gpu['seconds']:.0f} veces más rápida."
    return text


# ---------------------------------------------------------------------------------------------
# «¿Cuánto tardaría?»: estimación del coste de entrenar una red densa
# ---------------------------------------------------------------------------------------------


def format_seconds(seconds: float) -> str:
    """Un tiempo legible en español: ms, s, min, h o días."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} días"


def _int(value: int) -> str:
    """Entero con espacios como separador de miles (60 000), como recomienda la RAE."""
    return f"{int(value):,}".replace(",", " ")


def format_flops(flops: float) -> str:
    """Número de operaciones legible: FLOP, MFLOP, GFLOP, TFLOP, PFLOP."""
    for unit, scale in (("PFLOP", 1e15), ("TFLOP", 1e12), ("GFLOP", 1e9), ("MFLOP", 1e6), ("kFLOP", 1e3)):
        if flops >= scale:
            return f"{flops / scale:.1f} {unit}"
    return f"{flops:.0f} FLOP"


def throughput_for_work(rows: list[dict[str, Any]], flops: float) -> float:
    """GFLOP/s medidos para una cantidad de trabajo parecida (interpolación en escala log).

    Las matrices pequeñas aprovechan peor el hardware que las grandes, así que se usa la
    velocidad medida con el producto de trabajo más parecido; fuera del rango medido se usa
    el extremo más cercano.
    """
    import numpy as np

    work = np.log([r["flops"] for r in rows])
    speed = np.log([r["gflops"] for r in rows])
    order = np.argsort(work)
    return float(np.exp(np.interp(math.log(max(flops, 1.0)), work[order], speed[order])))


def estimate_training_cost(
    n: int, layers: int, batch: int, examples: int, measurements
) -> dict[str, Any]:
    """Estima el coste de una época de entrenamiento de una red densa. Función pura.

    La red tiene ``layers`` capas densas de ``n`` neuronas (entradas y salidas de tamaño n).
    Cada capa, en la propagación hacia delante, multiplica un lote ``batch × n`` por los pesos
    ``n × n``: ``2 · batch · n²`` operaciones. La retropropagación cuesta aproximadamente el
    doble, así que un paso de entrenamiento son unas ``6 · batch · n² · layers`` operaciones,
    y una época (``examples`` ejemplos) unas ``6 · examples · n² · layers``.

    El tiempo se estima con los GFLOP/s medidos (``measurements``, de :func:`compare_cpu_gpu`
    o :func:`time_matmul`) para un producto de trabajo parecido al de una capa. Es una cota
    optimista: no cuenta las activaciones, el optimizador ni la lectura de datos.
    """
    for label, value, low in (("n (neuronas por capa)", n, 1), ("el número de capas", layers, 1),
                              ("el tamaño de lote", batch, 1), ("el número de ejemplos", examples, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{label[0].upper() + label[1:]} debe ser un entero ≥ {low}, no {value!r}.")
    if batch > examples:
        raise ValueError(
            f"El tamaño de lote ({batch}) no puede ser mayor que el número de ejemplos ({examples})."
        )
    measurements = _as_measurements(measurements)
    layer_flops = 2 * batch * n * n
    step_flops = 3 * layer_flops * layers
    epoch_flops = 6 * examples * n * n * layers
    steps = math.ceil(examples / batch)
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
        "steps": steps,
        "parameters": layers * (n * n + n),
        "layer_flops": layer_flops,
        "step_flops": step_flops,
        "epoch_flops": epoch_flops,
        "devices": devices,
        "measurements": measurements,
    }


def summarize_training_cost(result: Mapping[str, Any]) -> str:
    """Una línea en español con el resultado de :func:`estimate_training_cost`."""
    times = " y ".join(
        f"{format_seconds(d['seconds_epoch'])} en la {label}" for label, d in result["devices"].items()
    )
    return (
        f"{result['layers']} capa{'s' if result['layers'] != 1 else ''} de {result['n']} neuronas "
        f"({_int(result['parameters'])} pesos y sesgos). Una época de {_int(result['examples'])} ejemplos "
        f"({_int(result['steps'])} pasos con lotes de {result['batch']}) son unas "
        f"{format_flops(result['epoch_flops'])}: unos {times} (estimación optimista)."
    )


def cost_explorer(measurements, n: int = 512, layers: int = 3, batch: int = 128, examples: int = 60000):
    """Explorador «¿Cuánto tardaría?»: coste de una época según la red y la velocidad medida.

    ``measurements`` es el resultado de :func:`compare_cpu_gpu` (o de :func:`time_matmul`).
    Para probarlo desde Python: ``exp = cost_explorer(medidas); exp.set(n=1024); exp.result``.
    """
    import ipywidgets as w

    from course_lib import plots
    from course_lib.widgets import Explorer

    measurements = _as_measurements(measurements)
    style = {"description_width": "14em"}
    layout = w.Layout(width="36em")
    controls = {
        "n": w.IntSlider(value=n, min=16, max=4096, step=16, description="Neuronas por capa",
                         continuous_update=False, style=style, layout=layout),
        "layers": w.IntSlider(value=layers, min=1, max=20, description="Capas densas",
                              continuous_update=False, style=style, layout=layout),
        "batch": w.IntSlider(value=batch, min=1, max=1024, description="Tamaño de lote",
                             continuous_update=False, style=style, layout=layout),
        "examples": w.IntText(value=examples, description="Ejemplos de entrenamiento", style=style,
                              layout=w.Layout(width="24em")),
    }
    return Explorer(
        controls,
        functools.partial(estimate_training_cost, measurements=measurements),
        plots.training_cost,
        summarize_training_cost,
        title="¿Cuánto tardaría una época de entrenamiento?",
    )


__all__ = [
    "NO_GPU_MESSAGE",
    "GpuSetup",
    "compare_cpu_gpu",
    "cost_explorer",
    "describe_strategy",
    "environment_info",
    "environment_report",
    "estimate_training_cost",
    "format_flops",
    "format_seconds",
    "has_gpu",
    "matmul_flops",
    "print_environment",
    "setup_gpu",
    "split_cpu",
    "strategy",
    "summarize_matmul",
    "summarize_training_cost",
    "supports_mixed_precision",
    "throughput_for_work",
    "time_matmul",
]
