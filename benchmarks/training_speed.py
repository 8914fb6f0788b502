"""¿Cuánto acelera course_lib el entrenamiento? La red densa del curso, con y sin sus valores.

Entrena la red de la semilla (784 → Dense 512 ReLU → Dense 512 ReLU → Dense 10 softmax,
pérdida ``categorical_crossentropy``, métrica ``accuracy``, optimizador ``rmsprop`` —el de
Keras por defecto, que es el que usa la semilla al no indicar ninguno—, lotes de 32) sobre
MNIST normalizado, aplanado y en codificación one-hot, de dos formas:

* **normal**: ``model.compile(...)`` y ``model.fit(x, y, epochs=..., batch_size=32,
  validation_data=(x_test, y_test))``, como en la semilla (que valida con el conjunto de prueba
  en cada época);
* **course_lib**: ``training.compile_model`` (XLA + 64 pasos por llamada) y ``training.fit``
  (lotes preparados una época de golpe), con las curvas en vivo desactivadas.

Misma semilla (mismos pesos iniciales), mismas épocas, mismo tamaño de lote y optimizador.
(Con la semilla fijada, el ``model.fit`` normal de Keras 3 repite el mismo orden de lotes en
todas las épocas; ``training.fit`` baraja de nuevo en cada una. Las exactitudes son comparables
pero no idénticas.)
Cada forma se entrena ``--repeats`` veces, alternando (normal, course_lib, normal...), para
que la carga de la máquina afecte a las dos por igual. La 1.ª época incluye la compilación
(trazado y XLA), así que se informa aparte; la aceleración se calcula con las épocas
siguientes: la **mejor** época de cada forma (la menos afectada por otros procesos,
como recomienda ``timeit``) da la cifra principal, y se muestra también la mediana. La última
línea es ``speedup: <ratio>x``.

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
from course_lib import config, data, plots, training

import keras  # noqa: E402

OPTIMIZER = "rmsprop"
BATCH_SIZE = 32
SEED = 42


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


def run_plain(x, y, epochs, validation_data):
    model = build_model()
    model.compile(optimizer=OPTIMIZER, loss="categorical_crossentropy", metrics=["accuracy"])
    timer = training.EpochTimer()
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=BATCH_SIZE, verbose=0, callbacks=[timer],
              validation_data=validation_data)
    return model, timer.epoch_times, time.perf_counter() - start


def run_course_lib(x, y, epochs, validation_data):
    model = build_model()
    training.compile_model(model, optimizer=OPTIMIZER, loss="categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = training.fit(model, x, y, epochs=epochs, batch_size=BATCH_SIZE, live=False, summary=False,
                           validation_data=validation_data)
    return model, history.epoch_times, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Velocidad de entrenamiento: Keras normal frente a course_lib.")
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
    source = data.last_load["MNIST"].source if "MNIST" in getattr(data, "last_load", {}) else args.data_dir
    import tensorflow as tf

    devices = ", ".join(d.device_type for d in tf.config.list_physical_devices()) or "CPU"
    print(f"MNIST: {len(x_train)} imágenes de entrenamiento y {len(x_test)} de prueba ({source}).")
    print(f"Red 784-512-512-10, optimizador {OPTIMIZER}, lotes de {BATCH_SIZE}, {args.epochs} épocas, "
          f"{args.repeats} repeticiones alternadas. Dispositivos: {devices}; {os.cpu_count()} núcleos de CPU.")
    options = training.fast_compile_options(build_model())
    print(f"course_lib: jit_compile={options['jit_compile']}, steps_per_execution={options['steps_per_execution']}, "
          "lotes preparados por época; curvas en vivo desactivadas en las dos formas.")
    print()

    runs = {"normal": [], "course_lib": []}
    functions = {"normal": run_plain, "course_lib": run_course_lib}
    for repeat in range(args.repeats):
        for name, function in functions.items():
            model, times, total = function(x_train, y_train, args.epochs, (x_test, y_test))
            accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0)[1]
            runs[name].append({"times": times, "total": total, "accuracy": accuracy})
            print(f"  [{repeat + 1}/{args.repeats}] {name:<10} épocas: "
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
        print(f"{name:<10}: por época (sin la 1.ª) mejor {s['best']:.3f} s, mediana {s['median']:.3f} s · "
              f"1.ª época {s['first']:.2f} s (con la compilación) · entrenamiento completo {s['total']:.1f} s · "
              f"exactitud de prueba {100 * s['accuracy']:.2f} %")
    normal, fast = summary["normal"], summary["course_lib"]
    start = time.perf_counter()
    plots.figure_to_png(plots.learning_curves({"loss": [1.0, 0.5], "accuracy": [0.5, 0.9],
                                                "val_loss": [1.1, 0.6], "val_accuracy": [0.4, 0.8]}))
    draw = time.perf_counter() - start
    speedup = normal["best"] / fast["best"]
    print(f"Diferencia de exactitud de prueba (course_lib - normal): "
          f"{100 * (fast['accuracy'] - normal['accuracy']):+.2f} puntos.")
    print(f"Aceleración por época, sin la 1.ª: {speedup:.2f}x con la mejor época de cada forma (la menos "
          f"afectada por otros procesos de la máquina), {normal['median'] / fast['median']:.2f}x con la mediana.")
    print(f"Entrenamiento completo ({args.epochs} épocas, con la compilación de la 1.ª): "
          f"{normal['total'] / fast['total']:.2f}x; con más épocas o más datos se acerca a la aceleración por época.")
    print(f"Con curvas en vivo (live=True), dibujar la figura añade unos {draw:.2f} s por época (fuera del tiempo medido).")
    print(f"speedup: {speedup:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
