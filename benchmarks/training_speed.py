"""¿Cuánto aceleran ``jit_compile=True, steps_per_execution=32`` la red densa del notebook 05?

Entrena la red de los apuntes (784 → Dense 512 ReLU → Dense 512 ReLU → Dense 10 softmax,
pérdida ``categorical_crossentropy``, métrica ``accuracy``, optimizador ``rmsprop`` —el de
Keras por defecto, que es el que usan los apuntes al no indicar ninguno—, lotes de 32) sobre
MNIST normalizado, aplanado y en codificación one-hot, de dos formas, las dos con un
``model.fit`` normal (``validation_data=(x_test, y_test)``, ``verbose=0``):

* **normal**: ``model.compile(optimizer="rmsprop", loss=..., metrics=["accuracy"])``, con los
  valores por defecto de Keras (``jit_compile="auto"``, que en CPU no usa XLA, y
  ``steps_per_execution=1``);
* **opciones**: lo mismo con ``jit_compile=True, steps_per_execution=32``, como en el
  notebook 05: XLA compila cada paso y Keras ejecuta 32 lotes seguidos sin volver a Python.

La forma normal es Keras tal como viene: sin lo que ``import course_lib`` cambia en CPU
(``device.steady_cpu_training``: ``tf.data`` sin su ajuste automático, que a veces deja un solo
núcleo calculando durante todo un ``fit``); las opciones, con ello, como en los notebooks.

Misma semilla (mismos pesos iniciales), mismas épocas, mismo tamaño de lote, mismos datos y
mismo optimizador: las opciones solo cambian la velocidad (la exactitud de prueba queda cerca).
Cada forma se entrena ``--repeats`` veces, alternando (normal, opciones, normal...), para que la
carga de la máquina afecte a las dos por igual. La 1.ª época incluye la compilación (trazado y
XLA), así que se informa aparte; la aceleración se calcula con las épocas siguientes: la
**mejor** época de cada forma (la menos afectada por otros procesos, como recomienda
``timeit``) da la cifra principal, y se muestra también la mediana. La última línea es
``speedup: <ratio>x``.

**El límite de la máquina.** La misma ejecución cronometra, con TensorFlow en la CPU, los
productos de matrices de un paso de entrenamiento de esta red con lotes de 32 (hacia delante
32×784·784×512, 32×512·512×512 y 32×512·512×10; hacia atrás, los de los gradientes de los pesos
y de las entradas), 32 pasos seguidos en un bucle de una ``tf.function`` (sin Python entre ellos):
es lo que tardaría una época si solo hubiera que multiplicar matrices. Informa de la velocidad
(GFLOP/s) que alcanza cada forma, contando solo esas multiplicaciones, y de cuántas veces tarda
más la época de las opciones que la época limitada por las multiplicaciones. Objetivos: las
opciones ≥ 3x más rápidas que la forma normal, con la misma exactitud (±0.5 puntos), y a menos
de 2x del límite; si uno no se cumple, se dice por cuánto.

Uso::

    .venv/bin/python benchmarks/training_speed.py --epochs 3 --data-dir ../shared/data/mnist-offline
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, data, device, training

import keras  # noqa: E402

OPTIMIZER = "rmsprop"
BATCH_SIZE = 32
SEED = 42
#: Las opciones de velocidad del notebook 05 (argumentos de ``model.compile``).
SPEED_OPTIONS = {"jit_compile": True, "steps_per_execution": 32}


def default_data_dir() -> str | None:
    """``COURSE_MNIST_DIR`` o, si no está definida, la copia sin conexión junto al proyecto."""
    if os.environ.get(data.MNIST_DIR_ENV):
        return os.environ[data.MNIST_DIR_ENV]
    offline = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist-offline"
    return str(offline) if offline.is_dir() else None


def build_model() -> keras.Model:
    config.set_seed(SEED)
    return keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])


def train(x, y, epochs, validation_data, compile_options, steady: bool = True):
    """Un ``model.compile`` + ``model.fit`` normales; devuelve el modelo, los tiempos por época y el total.

    ``steady=False``: con ``tf.data`` como lo deja Keras (sin ``device.steady_cpu_training``)."""
    device.steady_cpu_training(steady)
    model = build_model()
    model.compile(optimizer=OPTIMIZER, loss="categorical_crossentropy", metrics=["accuracy"],
                  **compile_options)
    timer = training.EpochTimer()
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=BATCH_SIZE, validation_data=validation_data,
              verbose=0, callbacks=[timer])
    return model, timer.epoch_times, time.perf_counter() - start


#: Capas de la red: (entradas, salidas).
LAYERS = ((784, 512), (512, 512), (512, 10))
TARGET_SPEEDUP, TARGET_ACCURACY_POINTS, TARGET_LIMIT_RATIO = 3.0, 0.5, 2.0


def step_matmuls(batch: int = BATCH_SIZE) -> list[tuple[int, int, int]]:
    """Los productos (m, k, n) de un paso de entrenamiento: hacia delante, gradiente de los pesos y de las entradas."""
    shapes = []
    for i, (fan_in, fan_out) in enumerate(LAYERS):
        shapes.append((batch, fan_in, fan_out))          # X · W
        shapes.append((fan_in, batch, fan_out))          # Xᵀ · dZ  (gradiente de W)
        if i > 0:
            shapes.append((batch, fan_out, fan_in))      # dZ · Wᵀ  (gradiente de la entrada; no en la 1.ª capa)
    return shapes


def step_flops(batch: int = BATCH_SIZE) -> int:
    return sum(2 * m * k * n for m, k, n in step_matmuls(batch))


def time_step_matmuls(batch: int = BATCH_SIZE, steps: int = 32, repeats: int = 7) -> float:
    """Segundos por paso de solo multiplicar matrices: ``steps`` pasos seguidos en una ``tf.function``."""
    import tensorflow as tf

    rng = tf.random.Generator.from_seed(SEED)
    pairs = [(rng.normal((m, k)), rng.normal((k, n))) for m, k, n in step_matmuls(batch)]

    @tf.function
    def run(pairs):
        total = tf.constant(0.0)
        for _ in tf.range(steps):                  # un bucle de TensorFlow: cada vuelta se calcula de verdad
            for a, b in pairs:
                # total entra en cada producto: TensorFlow no puede reutilizar el de la vuelta anterior.
                total += tf.matmul(a + 1e-30 * total, b)[0, 0]
        return total

    run(pairs).numpy()                             # calentamiento (trazado)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run(pairs).numpy()
        best = min(best, time.perf_counter() - start)
    return best / steps


def verdict(ok: bool, detail: str) -> str:
    return ("✅ cumplido" if ok else "❌ no cumplido") + f" ({detail})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Velocidad de entrenamiento: model.compile por defecto frente a jit_compile=True, steps_per_execution=32.")
    parser.add_argument("--epochs", type=int, default=3, help="épocas de cada entrenamiento (mínimo 2; por defecto 3)")
    parser.add_argument("--repeats", type=int, default=3, help="entrenamientos de cada forma, alternados (por defecto 3)")
    parser.add_argument("--data-dir", default=default_data_dir(),
                        help="carpeta con los archivos IDX de MNIST (por defecto COURSE_MNIST_DIR o ../shared/data/mnist-offline)")
    args = parser.parse_args(argv)
    if args.epochs < 2:
        parser.error("--epochs debe ser al menos 2: la primera época incluye la compilación.")
    if args.repeats < 1:
        parser.error("--repeats debe ser al menos 1.")

    (x_train, y_train), (x_test, y_test) = data.load_mnist(args.data_dir, verbose=False)
    x_train, x_test = data.flatten(data.normalize(x_train)), data.flatten(data.normalize(x_test))
    y_train, y_test = data.one_hot(y_train), data.one_hot(y_test)
    import tensorflow as tf

    devices = ", ".join(d.device_type for d in tf.config.list_physical_devices()) or "CPU"
    print(f"MNIST: {len(x_train)} imágenes de entrenamiento y {len(x_test)} de prueba ({args.data_dir or 'Keras'}).")
    print(f"Red 784-512-512-10, optimizador {OPTIMIZER}, lotes de {BATCH_SIZE}, {args.epochs} épocas, "
          f"{args.repeats} repeticiones alternadas. Dispositivos: {devices}; {os.cpu_count()} núcleos de CPU.")
    print("normal  : model.compile(...) con los valores por defecto de Keras (y tf.data como lo deja Keras).")
    print("opciones: model.compile(..., " + ", ".join(f"{k}={v}" for k, v in SPEED_OPTIONS.items()) + ") "
          "y tf.data sin su ajuste automático (import course_lib, en CPU).")
    print()

    forms = {"normal": ({}, False), "opciones": (SPEED_OPTIONS, not device.has_gpu())}
    runs = {name: [] for name in forms}
    for repeat in range(args.repeats):
        for name, (options, steady) in forms.items():
            model, times, total = train(x_train, y_train, args.epochs, (x_test, y_test), options, steady)
            accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0)[1]
            runs[name].append({"times": times, "total": total, "accuracy": accuracy})
            print(f"  [{repeat + 1}/{args.repeats}] {name:<8} épocas: "
                  + " ".join(f"{t:.2f}" for t in times)
                  + f" s · total {total:.1f} s · exactitud de prueba {100 * accuracy:.2f} %", flush=True)

    print()
    summary = {}
    for name, rows in runs.items():
        steady = [t for row in rows for t in row["times"][1:]]
        summary[name] = s = {
            "best": min(steady),
            "median": statistics.median(steady),
            "first": statistics.median(row["times"][0] for row in rows),
            "total": statistics.median(row["total"] for row in rows),
            "accuracy": statistics.mean(row["accuracy"] for row in rows),
        }
        print(f"{name:<8}: por época (sin la 1.ª) mejor {s['best']:.3f} s, mediana {s['median']:.3f} s · "
              f"1.ª época {s['first']:.2f} s (con la compilación) · entrenamiento completo {s['total']:.1f} s · "
              f"exactitud de prueba {100 * s['accuracy']:.2f} %")
    normal, fast = summary["normal"], summary["opciones"]
    speedup = normal["best"] / fast["best"]
    print(f"Diferencia de exactitud de prueba (opciones - normal): "
          f"{100 * (fast['accuracy'] - normal['accuracy']):+.2f} puntos.")
    print(f"Aceleración por época, sin la 1.ª: {speedup:.2f}x con la mejor época de cada forma (la menos "
          f"afectada por otros procesos de la máquina), {normal['median'] / fast['median']:.2f}x con la mediana.")
    print(f"Entrenamiento completo ({args.epochs} épocas, con la compilación de la 1.ª): "
          f"{normal['total'] / fast['total']:.2f}x; con más épocas o más datos se acerca a la aceleración por época.")

    steps = math.ceil(len(x_train) / BATCH_SIZE)
    flops_epoch = steps * step_flops()
    matmul_step = time_step_matmuls()
    limit_epoch = steps * matmul_step
    print()
    print(f"Límite de las multiplicaciones de matrices: {step_flops() / 1e6:.1f} MFLOP por paso (lote de "
          f"{BATCH_SIZE}), {steps} pasos por época → {flops_epoch / 1e9:.2f} GFLOP por época; solo las "
          f"multiplicaciones tardan {1000 * matmul_step:.3f} ms por paso ({step_flops() / matmul_step / 1e9:.1f} "
          f"GFLOP/s) → {limit_epoch:.3f} s por época.")
    print(f"{'forma':<10}{'s/época':>10}{'GFLOP/s':>10}{'× límite':>10}")
    for name, s in (("límite", {"best": limit_epoch}), ("normal", normal), ("opciones", fast)):
        print(f"{name:<10}{s['best']:>10.3f}{flops_epoch / s['best'] / 1e9:>10.1f}{s['best'] / limit_epoch:>10.2f}")
    points = 100 * (fast["accuracy"] - normal["accuracy"])
    ratio = fast["best"] / limit_epoch
    print("Objetivos:")
    print(f"  opciones ≥ {TARGET_SPEEDUP:g}x la forma normal: " + verdict(
        speedup >= TARGET_SPEEDUP, f"{speedup:.2f}x; " + (f"margen de {speedup - TARGET_SPEEDUP:.2f}x" if speedup >= TARGET_SPEEDUP
                                else f"faltan {TARGET_SPEEDUP - speedup:.2f}x")))
    print(f"  misma exactitud (±{TARGET_ACCURACY_POINTS:g} puntos): " + verdict(
        abs(points) <= TARGET_ACCURACY_POINTS, f"{points:+.2f} puntos"))
    print(f"  opciones a menos de {TARGET_LIMIT_RATIO:g}x del límite de las multiplicaciones: " + verdict(
        ratio <= TARGET_LIMIT_RATIO, f"{ratio:.2f}x; " + (f"margen de {TARGET_LIMIT_RATIO - ratio:.2f}x" if ratio <= TARGET_LIMIT_RATIO
                              else f"se pasa {ratio / TARGET_LIMIT_RATIO:.2f} veces")))
    print(f"limit ratio: {ratio:.2f}x")
    print(f"speedup: {speedup:.2f}x")
    device.steady_cpu_training()
    return 0


if __name__ == "__main__":
    sys.exit(main())
