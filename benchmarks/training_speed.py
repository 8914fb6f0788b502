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

Misma semilla (mismos pesos iniciales), mismas épocas, mismo tamaño de lote, mismos datos y
mismo optimizador: las opciones solo cambian la velocidad (la exactitud de prueba queda cerca).
Cada forma se entrena ``--repeats`` veces, alternando (normal, opciones, normal...), para que la
carga de la máquina afecte a las dos por igual. La 1.ª época incluye la compilación (trazado y
XLA), así que se informa aparte; la aceleración se calcula con las épocas siguientes: la
**mejor** época de cada forma (la menos afectada por otros procesos, como recomienda
``timeit``) da la cifra principal, y se muestra también la mediana. La última línea es
``speedup: <ratio>x``.

Uso::

    .venv/bin/python benchmarks/training_speed.py --epochs 3 --data-dir ../shared/data/mnist-offline
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, data, training

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


def train(x, y, epochs, validation_data, compile_options):
    """Un ``model.compile`` + ``model.fit`` normales; devuelve el modelo, los tiempos por época y el total."""
    model = build_model()
    model.compile(optimizer=OPTIMIZER, loss="categorical_crossentropy", metrics=["accuracy"],
                  **compile_options)
    timer = training.EpochTimer()
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=BATCH_SIZE, validation_data=validation_data,
              verbose=0, callbacks=[timer])
    return model, timer.epoch_times, time.perf_counter() - start


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
    print("normal  : model.compile(...) con los valores por defecto de Keras.")
    print("opciones: model.compile(..., " + ", ".join(f"{k}={v}" for k, v in SPEED_OPTIONS.items()) + ").")
    print()

    forms = {"normal": {}, "opciones": SPEED_OPTIONS}
    runs = {name: [] for name in forms}
    for repeat in range(args.repeats):
        for name, options in forms.items():
            model, times, total = train(x_train, y_train, args.epochs, (x_test, y_test), options)
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
    print(f"speedup: {speedup:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
