"""Dispositivos: configuración de la GPU, estrategias de distribución y cronometraje de
multiplicaciones de matrices en CPU y GPU.

Orden recomendado al principio de un notebook::

    import course_lib                      # primero: silencia los mensajes de TensorFlow
    from course_lib import device, sysinfo
    device.setup_gpu()                     # antes de crear tensores o modelos
    print(sysinfo.environment_report())    # el informe del entorno está en course_lib.sysinfo

TensorFlow fija la configuración de sus dispositivos (crecimiento de memoria de la GPU,
división de la CPU en dispositivos lógicos) la primera vez que los usa, por ejemplo al crear
un tensor. Por eso :func:`setup_gpu` y :func:`split_cpu` deben llamarse **antes**; si llegan
tarde lo explican en español y te dicen cómo arreglarlo (reiniciar el núcleo).

Todo funciona igual sin GPU: el curso está pensado para poder hacerse en una CPU.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from course_lib import config, formatting
from course_lib.sysinfo import NO_GPU_MESSAGE, gpu_details, supports_mixed_precision

#: Tamaño máximo de matriz que acepta :func:`time_matmul` (una de 16384 × 16384 en float32
#: ocupa 1 GiB y su producto son 8.8 billones de operaciones).
MAX_MATMUL_SIZE = 16384

_DTYPES = ("float16", "bfloat16", "float32", "float64")
_DEVICE_RE = re.compile(r"^(?:/?device:|/)?(cpu|gpu)(?::(\d+))?$", re.IGNORECASE)


def _tf():
    return config.quiet_tensorflow()


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
    details = gpu_details()
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


# ---------------------------------------------------------------------------------------------
# Entrenar en CPU sin el ajuste automático de tf.data
# ---------------------------------------------------------------------------------------------


def _without_autotune(dataset):
    """``dataset`` con el ajuste automático de ``tf.data`` apagado, salvo que ya diga otra cosa."""
    tf = _tf()
    if not isinstance(dataset, tf.data.Dataset) or dataset.options().autotune.enabled is not None:
        return dataset
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def steady_cpu_training(enabled: bool | None = None) -> bool:
    """Apaga el ajuste automático (*autotune*) de ``tf.data`` en los ``model.fit`` de Keras, en CPU.

    ``model.fit(x, y)`` lee los arrays con un *pipeline* ``tf.data`` que Keras construye con
    ``AUTOTUNE``. En una CPU de 2 núcleos, medido aquí (``benchmarks/training_speed.py`` y la CNN
    del notebook 07), ese ajuste deja a veces **un solo núcleo** calculando durante todo un
    ``fit``: la misma época tarda unas 1.7 veces más (la CPU del proceso, al 100 % en vez de al
    180 %), en uno de cada dos o tres ``fit``. Sin el ajuste, cada ``fit`` usa los dos núcleos.
    Los datos del curso están en memoria, así que no hay nada que ajustar: lo que se aprende no
    cambia (los mismos lotes, en el mismo orden).

    Cambia los conjuntos de datos que ``fit``, ``evaluate`` y ``predict`` reciben de Keras (los
    que construye a partir de arrays y los ``tf.data.Dataset`` que se le pasan, si no eligen ellos
    mismos el ajuste). ``enabled=None`` (lo que hace ``import course_lib``): solo si TensorFlow no
    ve ninguna GPU (con GPU, el ajuste ayuda a preparar los lotes mientras la GPU calcula).
    Devuelve si queda apagado. ``steady_cpu_training(False)`` deja Keras como viene. Usa dos
    clases internas de Keras 3 (sus adaptadores de datos, de Keras 3.8 a 3.15): si una versión
    futura las cambia de sitio, no hace nada (devuelve ``False``) y el curso funciona igual.
    """
    try:
        from keras.src.trainers.data_adapters import array_data_adapter, tf_dataset_adapter

        # El get_tf_dataset de Keras de cada adaptador (sin el envoltorio de una llamada anterior).
        keras_methods = {adapter: getattr(adapter.get_tf_dataset, "__wrapped__", adapter.get_tf_dataset)
                         for adapter in (array_data_adapter.ArrayDataAdapter, tf_dataset_adapter.TFDatasetAdapter)}
    except (ImportError, AttributeError):   # otro Keras: sus adaptadores, en otro sitio o con otro nombre
        return False
    if enabled is None:
        enabled = not has_gpu()
    for adapter, keras_method in keras_methods.items():
        if enabled:
            def get_tf_dataset(self, _keras_method=keras_method):
                return _without_autotune(_keras_method(self))

            get_tf_dataset.__wrapped__ = keras_method
            adapter.get_tf_dataset = get_tf_dataset
        else:
            adapter.get_tf_dataset = keras_method
    return enabled


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


def measurements_by_device(measurements) -> dict[str, list[dict[str, Any]]]:
    """Las medidas como ``{"CPU": [...], "GPU": [...]}``, a partir de :func:`compare_cpu_gpu` o de
    :func:`time_matmul` (una lista de un solo dispositivo). Sin medidas, ``ValueError`` en español."""
    if isinstance(measurements, list):
        measurements = {measurements[0]["device"].split(":")[0] if measurements else "CPU": measurements}
    if not isinstance(measurements, Mapping) or not measurements or not all(measurements.values()):
        raise ValueError(
            "Faltan las medidas: pasa el resultado de compare_cpu_gpu(...) o de time_matmul(...)."
        )
    return dict(measurements)


def summarize_matmul(measurements) -> str:
    """Resumen en español de las medidas: por dispositivo, el tamaño mayor, su velocidad y con qué
    tamaño se midió la velocidad máxima (si no fue con el mayor)."""
    measurements = measurements_by_device(measurements)
    parts = []
    for label, rows in measurements.items():
        best = max(rows, key=lambda r: r["gflops"])
        last = rows[-1]
        peak = ("la mayor velocidad medida" if best is last
                else f"máximo {best['gflops']:.1f} GFLOP/s con n = {best['size']}")
        parts.append(
            f"{label}: {last['size']} × {last['size']} en {formatting.seconds(last['seconds'])} "
            f"({last['gflops']:.1f} GFLOP/s, {peak})"
        )
    text = "; ".join(parts) + "."
    if "CPU" in measurements and "GPU" in measurements:
        cpu, gpu = measurements["CPU"][-1], measurements["GPU"][-1]
        if cpu["size"] == gpu["size"]:
            text += f" Con n = {cpu['size']}, la GPU es {cpu['seconds'] / gpu['seconds']:.0f} veces más rápida."
    return text


__all__ = [
    "MAX_MATMUL_SIZE",
    "NO_GPU_MESSAGE",
    "GpuSetup",
    "compare_cpu_gpu",
    "describe_strategy",
    "has_gpu",
    "matmul_flops",
    "measurements_by_device",
    "setup_gpu",
    "split_cpu",
    "strategy",
    "summarize_matmul",
    "supports_mixed_precision",
    "time_matmul",
]
