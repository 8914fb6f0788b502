"""¿Qué CNN más barata mantiene los objetivos del notebook 07 (≥ 92 % en Fashion-MNIST)?

Mide, para varias arquitecturas como la del notebook 07 (bloques de convoluciones 3 × 3 con relleno
``same``, cada uno terminado en un *max pooling* 2 × 2, y luego aplanar → densa 128 → salida,
*dropout* 0.25 y 0.5, Adam con *cosine decay* desde 0.001), con cuántas convoluciones y filtros
tiene cada bloque, el tamaño de lote y las épocas:

* ``--time-only``: segundos por época estimados con ``--steps`` pasos de entrenamiento (tras
  unos pasos de calentamiento), sin entrenar del todo;
* sin ``--time-only``: el entrenamiento completo (55 000 imágenes, 5000 de validación) y la
  exactitud en las 10 000 imágenes de prueba.

Uso::

    .venv/bin/python benchmarks/cnn_candidates.py --time-only
    .venv/bin/python benchmarks/cnn_candidates.py --only 16-32/32-64 16/32/64 --epochs 8 --batch 64
"""

from __future__ import annotations

import argparse
import math
import time

import course_lib  # noqa: F401  (primero: silencia TensorFlow)
from course_lib import config, data

import keras  # noqa: E402
import numpy as np  # noqa: E402

#: Cada candidata: bloques separados por «/», cada bloque con sus convoluciones 3 × 3 (filtros
#: separados por «-») y un *max pooling* 2 × 2 al final. «16-32/32-64» es la CNN del notebook 07.
CANDIDATES = ["16-32/32-64", "16-16/32-64", "8-16/32-64", "32/64", "16/32/64", "32/64/64"]


def blocks(spec: str) -> list[list[int]]:
    """``"16-32/32-64"`` → ``[[16, 32], [32, 64]]`` (cuatro números sin «/»: dos bloques de dos)."""
    if "/" not in spec and spec.count("-") == 3:
        a, b, c, d = spec.split("-")
        spec = f"{a}-{b}/{c}-{d}"
    return [[int(f) for f in block.split("-")] for block in spec.split("/")]


def build(spec, name="cnn", conv_dropout=0.25):
    layers = [keras.Input(shape=(28, 28, 1))]
    for block in blocks(spec):
        layers += [keras.layers.Conv2D(f, 3, padding="same", activation="relu") for f in block]
        layers.append(keras.layers.MaxPooling2D(2))
    return keras.Sequential(layers + [
        *([keras.layers.Dropout(conv_dropout)] if conv_dropout else []),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, activation="softmax"),
    ], name=name)


def forward_flops(spec) -> float:
    """Multiplicaciones y sumas de una imagen hacia delante (convoluciones y capas densas)."""
    side, channels, flops = 28, 1, 0
    for block in blocks(spec):
        for f in block:
            flops += 2 * 9 * side * side * channels * f
            channels = f
        side //= 2
    return flops + 2 * (side * side * channels * 128 + 128 * 10)


def compile_model(model, n, epochs, batch):
    steps = epochs * math.ceil(n / batch)
    schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=1e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=CANDIDATES)
    parser.add_argument("--epochs", type=int, nargs="*", default=[5])
    parser.add_argument("--batch", type=int, nargs="*", default=[64])
    parser.add_argument("--conv-dropout", type=float, default=0.25)
    parser.add_argument("--time-only", action="store_true")
    parser.add_argument("--steps", type=int, default=120)
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist(verbose=False)
    x_train, x_test = data.normalize(x_train)[..., None], data.normalize(x_test)[..., None]
    n_val = len(x_train) // 12
    x_fit, y_fit, x_val, y_val = x_train[:-n_val], y_train[:-n_val], x_train[-n_val:], y_train[-n_val:]
    print(f"{'filtros':>12} {'lote':>5} {'épocas':>6} {'MFLOP/img':>9} {'params':>8} {'s/época':>8} "
          f"{'total s':>8} {'val %':>6} {'prueba %':>8}", flush=True)
    for spec in args.only:
        for batch in args.batch:
            for epochs in args.epochs:
                config.set_seed(42)
                model = build(spec, conv_dropout=args.conv_dropout)
                compile_model(model, len(x_fit), epochs, batch)
                mflop = 3 * forward_flops(spec) / 1e6
                if args.time_only:
                    n = batch * args.steps
                    model.fit(x_fit[:batch * 10], y_fit[:batch * 10], batch_size=batch, epochs=1, verbose=0)
                    start = time.perf_counter()
                    model.fit(x_fit[:n], y_fit[:n], batch_size=batch, epochs=1, verbose=0)
                    per_epoch = (time.perf_counter() - start) / n * len(x_fit)
                    print(f"{spec:>12} {batch:>5} {'-':>6} {mflop:>9.1f} {model.count_params():>8} "
                          f"{per_epoch:>8.1f} {'-':>8} {'-':>6} {'-':>8}", flush=True)
                    continue
                start = time.perf_counter()
                history = model.fit(x_fit, y_fit, batch_size=batch, epochs=epochs, verbose=0,
                                    validation_data=(x_val, y_val))
                total = time.perf_counter() - start
                test = model.evaluate(x_test, y_test, verbose=0)[1]
                val = history.history["val_accuracy"][-1]
                print(f"{spec + ('' if args.conv_dropout == 0.25 else f' d{args.conv_dropout:g}'):>12} {batch:>5} {epochs:>6} {mflop:>9.1f} {model.count_params():>8} "
                      f"{total / epochs:>8.1f} {total:>8.1f} {100 * val:>6.2f} {100 * test:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
