"""Cálculo de la lección de sobreajuste (notebook 06): sin figuras ni widgets.

* :func:`selection_bias`: por qué el conjunto de prueba no sirve para **elegir** (una
  simulación con NumPy, sin entrenar nada);
* :class:`CleanTrainLoss`: un *callback* de Keras que anota, al final de cada época, la entropía
  cruzada de entrenamiento medida **sin dropout** (como la de validación);
* :func:`run_summary` y :func:`best_by_validation`: lo que la tabla y las figuras leen de los
  entrenamientos del notebook;
* :func:`lab_training`: el entrenamiento del laboratorio, un **generador** que devuelve un
  resultado parcial por época y entrena la red que construye la función del notebook.

Los resultados de los entrenamientos los crea el notebook (``measure``): un diccionario con
``label``, ``history`` (el ``History`` de ``model.fit`` o su diccionario ``history.history``),
``train_size``, ``train_accuracy``, ``val_accuracy`` (medidas al final con ``model.evaluate``,
es decir, sin dropout), ``val_loss`` (entropía cruzada de validación al final) y, si se quiere,
``model``. La entropía cruzada «pura» (sin la penalización L2) está en el historial con la clave
:data:`CE_KEY` porque el notebook compila con
``keras.metrics.SparseCategoricalCrossentropy(name="cross_entropy")``.
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable, Iterator

import numpy as np

from course_lib import checks, config, training
from course_lib.formatting import thousands

config.quiet_tensorflow()
import keras  # noqa: E402

#: Nombre de la métrica de entropía cruzada (sin la penalización L2) en los historiales.
CE_KEY = "cross_entropy"
#: Clave que añade :class:`CleanTrainLoss`: la entropía cruzada de entrenamiento sin dropout.
CLEAN_KEY = "cross_entropy_without_dropout"
#: Ejemplos de entrenamiento con que :class:`CleanTrainLoss` mide (los primeros).
CLEAN_SAMPLE = 2000


# --------------------------------------------------------------------------- validación


def check_data(x, y, what: str) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` como arrays si son imágenes aplanadas y etiquetas enteras; si no, ``ValueError``."""
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim != 2:
        raise ValueError(
            f"Las imágenes de {what} deben ser vectores: un array de forma (ejemplos, características), "
            f"y tienen forma {x.shape}. Aplánalas con data.flatten(x)."
        )
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"Las etiquetas de {what} deben ser enteros 0, 1, 2... (forma (ejemplos,)), y tienen forma "
            f"{y.shape} y tipo {y.dtype}. Usa las etiquetas tal como las carga data.load_fashion_mnist, "
            "sin codificación one-hot."
        )
    if len(x) != len(y):
        raise ValueError(
            f"En {what} hay {len(x)} imágenes y {len(y)} etiquetas: deben ser los mismos ejemplos."
        )
    if len(x) == 0:
        raise ValueError(f"El conjunto de {what} está vacío.")
    if y.min() < 0:
        raise ValueError(f"Las etiquetas de {what} no pueden ser negativas (hay un {int(y.min())}).")
    return x, y


# --------------------------------------------------------------------------- 1. prueba y selección


def selection_bias(n_models: int = 30, n_test: int = 500, true_accuracy: float = 0.8,
                   n_fresh: int = 100_000, seed: int = 0) -> dict:
    """Simula qué pasa si eliges entre varios modelos **con el conjunto de prueba**.

    Hay ``n_models`` configuraciones que en realidad son igual de buenas (aciertan con
    probabilidad ``true_accuracy``). Cada una se mide con las mismas ``n_test`` imágenes de
    prueba: por azar, unas parecen mejores que otras. Se elige la de mayor exactitud medida y se
    vuelve a medir con ``n_fresh`` imágenes nuevas. La elegida parece mejor de lo que es: su nota
    en la prueba es **optimista**.

    Devuelve un diccionario con ``measured`` (exactitud medida de cada modelo), ``chosen`` (su
    índice), ``chosen_test``, ``chosen_fresh``, ``true_accuracy``, ``std_error`` (el ruido típico
    de medir con ``n_test`` imágenes) y ``optimism`` (``chosen_test - chosen_fresh``).
    """
    n_models = checks.integer(n_models, "El número de modelos (n_models)", 2)
    n_test = checks.integer(n_test, "El número de imágenes de prueba (n_test)", 1)
    n_fresh = checks.integer(n_fresh, "El número de imágenes nuevas (n_fresh)", 1)
    p = checks.number(true_accuracy, "La exactitud real (true_accuracy)", 0.0, 1.0)
    rng = np.random.default_rng(checks.integer(seed, "La semilla (seed)", 0))
    measured = rng.binomial(n_test, p, size=n_models) / n_test
    chosen = int(np.argmax(measured))
    fresh = float(rng.binomial(n_fresh, p) / n_fresh)
    return {
        "measured": measured,
        "chosen": chosen,
        "chosen_test": float(measured[chosen]),
        "chosen_fresh": fresh,
        "true_accuracy": p,
        "n_test": n_test,
        "n_fresh": n_fresh,
        "std_error": math.sqrt(p * (1 - p) / n_test),
        "optimism": float(measured[chosen]) - fresh,
    }


def std_error(accuracy: float, n: int) -> float:
    """Ruido típico (error típico) de una exactitud medida con ``n`` imágenes: √(p(1 − p)/n)."""
    p = checks.number(accuracy, "La exactitud", 0.0, 1.0)
    n = checks.integer(n, "El número de imágenes", 1)
    return math.sqrt(p * (1 - p) / n)


# --------------------------------------------------------------------------- 2. medir lo que pasa


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Entropía cruzada media de unas probabilidades ``(n, clases)`` con etiquetas enteras."""
    p = np.clip(np.asarray(probabilities)[np.arange(len(labels)), labels], 1e-7, 1.0)
    return float(-np.mean(np.log(p)))


class CleanTrainLoss(keras.callbacks.Callback):
    """Anota en el historial la entropía cruzada de entrenamiento medida **sin dropout**.

    Al final de cada época mide la red completa (``training=False``, como se mide la
    validación) con los primeros :data:`CLEAN_SAMPLE` ejemplos de entrenamiento y lo guarda en
    ``logs`` con la clave :data:`CLEAN_KEY`, así que aparece en ``history.history``. Ejemplo::

        model.fit(x, y, ..., callbacks=[overfitting.CleanTrainLoss(x, y), training.LiveCurves()])
    """

    def __init__(self, x, y, sample: int = CLEAN_SAMPLE, batch_size: int = 1024):
        super().__init__()
        x, y = check_data(x, y, "entrenamiento")
        sample = checks.integer(sample, "El número de ejemplos (sample)", 1)
        self.x = x[:sample].astype("float32", copy=False)
        self.y = y[:sample]
        self.batch_size = checks.integer(batch_size, "El tamaño de lote (batch_size)", 1)

    def on_epoch_end(self, epoch, logs=None):
        parts = [keras.ops.convert_to_numpy(self.model(self.x[i:i + self.batch_size], training=False))
                 for i in range(0, len(self.x), self.batch_size)]
        if logs is not None:
            logs[CLEAN_KEY] = cross_entropy(np.concatenate(parts), self.y)


def history_dict(history) -> dict[str, list[float]]:
    """El historial como diccionario de listas: acepta un ``History`` de Keras o un diccionario."""
    h = getattr(history, "history", history)
    if not isinstance(h, dict) or "loss" not in h:
        raise ValueError(
            "El historial debe ser lo que devuelve model.fit (o su history.history), con la clave «loss»."
        )
    return {k: [float(v) for v in values] for k, values in h.items()}


def curve(history: dict, key: str) -> np.ndarray:
    """La curva ``key`` del historial; la entropía cruzada cae en ``loss`` si no se compiló la métrica."""
    fallback = {CE_KEY: "loss", "val_" + CE_KEY: "val_loss"}.get(key, key)
    return np.asarray(history.get(key, history.get(fallback, [])), dtype=float)


def run_summary(result: dict) -> dict:
    """Lo que la tabla y las figuras leen de un resultado del notebook (o del laboratorio).

    Devuelve ``history`` (diccionario), ``epochs_run``, ``planned_epochs`` (las pedidas a
    ``fit``, si se saben), ``stopped_early`` (paró antes: la parada temprana), ``best_epoch``
    (la de menor ``val_loss``, desde 1: la que restaura ``restore_best_weights=True``), ``gap``
    (exactitud de entrenamiento − de validación) y ``n_params``.
    """
    for key in ("label", "history", "train_accuracy", "val_accuracy"):
        if key not in result:
            raise ValueError(f"Al resultado le falta la clave «{key}»: créalo con measure(...) en el notebook.")
    h = history_dict(result["history"])
    epochs_run = len(h["loss"])
    params = getattr(result["history"], "params", None) or {}
    planned = int(result.get("planned_epochs") or params.get("epochs") or epochs_run)
    if "n_params" in result:
        n_params = int(result["n_params"])
    elif result.get("model") is not None:
        n_params = int(result["model"].count_params())
    else:
        n_params = None
    val = h.get("val_loss") or h["loss"]
    return {
        "history": h,
        "epochs_run": epochs_run,
        "planned_epochs": planned,
        "stopped_early": bool(result.get("stopped_early", epochs_run < planned)),
        "best_epoch": int(result.get("best_epoch") or int(np.argmin(val)) + 1),
        "gap": float(result["train_accuracy"]) - float(result["val_accuracy"]),
        "n_params": n_params,
    }


def best_by_validation(results: dict) -> str:
    """La clave del resultado con la mayor exactitud de **validación** (así se elige; nunca con la prueba)."""
    if not results:
        raise ValueError("No hay resultados entre los que elegir: entrena antes algún modelo.")
    if not isinstance(results, dict):
        raise ValueError("results debe ser un diccionario clave → resultado, como el que rellena el bucle.")
    return max(results, key=lambda k: results[k]["val_accuracy"])


# --------------------------------------------------------------------------- 3. laboratorio

#: Valores de los controles del laboratorio.
LAB_SIZES = (250, 500, 1000, 2000, 4000, 8000)
LAB_WIDTHS = (16, 32, 64, 128, 256, 512)
LAB_L2 = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
LAB_BATCH_SIZE = 32
LAB_LEARNING_RATE = 5e-4
LAB_PATIENCE = 5

#: Operaciones por segundo que se suponen al estimar la duración de un entrenamiento del
#: laboratorio (red densa, lotes de 32, sin XLA, dibujando las curvas) en una CPU de 2 núcleos.
#: Medido en modo completo: la configuración inicial (1 000 ejemplos, 2 capas de 256, 20 épocas)
#: tardó de 7.8 a 19.7 s en 2 núcleos compartidos con otros trabajos (de 5.5 a 2.4 GFLOP/s
#: contando todo); un estudiante midió con el laboratorio anterior unas 5 GFLOP/s en su portátil.
LAB_FLOPS_PER_SECOND = 3.5e9
#: Segundos fijos de cada entrenamiento (construir la red, trazar el paso, medir).
LAB_OVERHEAD_SECONDS = 2.0
#: Duración máxima estimada de un entrenamiento del laboratorio, en segundos.
LAB_MAX_SECONDS = 15.0


def mlp_params(input_dim: int, width: int, depth: int, num_classes: int = 10) -> int:
    """Parámetros (pesos y sesgos) de una red densa ``input_dim → width × depth → num_classes``.

    Ejemplo: ``mlp_params(784, 512, 2)`` → ``669706``, la red del notebook 05.
    """
    input_dim = checks.integer(input_dim, "El número de entradas (input_dim)", 1)
    width = checks.integer(width, "El ancho (width)", 1)
    depth = checks.integer(depth, "La profundidad (depth)", 1)
    num_classes = checks.integer(num_classes, "El número de clases (num_classes)", 2)
    return (input_dim + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * num_classes


def lab_seconds(train_size: int, width: int, depth: int, epochs: int, *, val_size: int = 1000,
                input_dim: int = 784, num_classes: int = 10) -> float:
    """Duración estimada (s) de un entrenamiento del laboratorio.

    Cada ejemplo de entrenamiento cuesta unas 6 operaciones por parámetro y época (2 hacia
    delante, 4 hacia atrás) y cada uno de validación, 2; más :data:`LAB_OVERHEAD_SECONDS`.
    """
    params = mlp_params(input_dim, width, depth, num_classes)
    work = params * (6 * train_size + 2 * val_size) * epochs
    return LAB_OVERHEAD_SECONDS + work / LAB_FLOPS_PER_SECOND


def lab_widths(train_size: int, depth: int, epochs: int, *, val_size: int = 1000, input_dim: int = 784,
               num_classes: int = 10) -> list[int]:
    """Los anchos de :data:`LAB_WIDTHS` que entrenan en menos de :data:`LAB_MAX_SECONDS` (al menos uno)."""
    fitting = [w for w in LAB_WIDTHS
               if lab_seconds(train_size, w, depth, epochs, val_size=val_size, input_dim=input_dim,
                              num_classes=num_classes) <= LAB_MAX_SECONDS]
    return fitting or [LAB_WIDTHS[0]]


def describe_settings(settings: dict) -> str:
    """Una línea en español con la configuración de un entrenamiento (para títulos y textos)."""
    capas = "capa" if settings["depth"] == 1 else "capas"
    parts = [f"{thousands(settings['train_size'])} ejemplos", f"{settings['depth']} {capas} de {settings['width']}"]
    parts.append(f"L2 {settings['l2']:g}" if settings["l2"] else "sin L2")
    parts.append(f"dropout {settings['dropout']:g}" if settings["dropout"] else "sin dropout")
    parts.append("con parada temprana" if settings["early_stopping"] else "sin parada temprana")
    return " · ".join(parts)


def lab_training(build: Callable[..., Any], x_pool, y_pool, x_val, y_val, *, train_size: int, width: int,
                 depth: int, l2: float, dropout: float, early_stopping: bool, epochs: int,
                 patience: int = LAB_PATIENCE, seed: int = config.DEFAULT_SEED) -> Iterator[dict]:
    """Entrena la red del laboratorio: un **generador** con un resultado parcial por época.

    ``build(width=..., depth=..., l2=..., dropout=...)`` es la función del notebook que
    construye la red (``build_mlp``). Con los ``train_size`` primeros ejemplos equilibrados de
    ``x_pool``, compila como el notebook (Adam 5·10⁻⁴, ``sparse_categorical_crossentropy``,
    exactitud y entropía cruzada) y llama a ``model.fit`` una época cada vez, para poder
    entregar las curvas a medio entrenar. La parada temprana hace lo mismo que
    ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True)``, repartido entre esas llamadas.

    Cada ``yield`` es ``{"settings", "history", "partial": True}`` (el primero, antes de
    entrenar); el valor de ``return`` es el resultado final con ``train_accuracy``,
    ``val_accuracy`` (medidas sin dropout con ``model.evaluate``), ``gap``, ``val_loss``, ``best_epoch``,
    ``epochs_run``, ``stopped_early``, ``n_params``, ``train_size`` y ``seconds``. Rechaza con
    un ``ValueError`` en español los valores imposibles y las redes que tardarían más de
    :data:`LAB_MAX_SECONDS`.
    """
    x_pool, y_pool = check_data(x_pool, y_pool, "entrenamiento (x_pool, y_pool)")
    x_val, y_val = check_data(x_val, y_val, "validación")
    train_size = checks.integer(train_size, "El tamaño del conjunto de entrenamiento", 1)
    width = checks.integer(width, "El ancho (neuronas por capa)", 1)
    depth = checks.integer(depth, "La profundidad (capas ocultas)", 1)
    epochs = checks.integer(epochs, "El número de épocas", 1)
    patience = checks.integer(patience, "La paciencia de la parada temprana", 0)
    l2 = checks.number(l2, "La regularización L2", 0.0, 1.0)
    dropout = checks.number(dropout, "El dropout", 0.0, 1.0, open_high=True)
    if not isinstance(early_stopping, (bool, np.bool_)):
        raise ValueError(f"La parada temprana (early_stopping) debe ser True o False, no {early_stopping!r}.")
    if train_size > len(x_pool):
        raise ValueError(
            f"Has pedido {thousands(train_size)} ejemplos de entrenamiento y en este modo solo hay "
            f"{thousands(len(x_pool))}: elige un tamaño menor (o ejecuta el notebook en modo completo)."
        )
    num_classes = int(max(y_pool.max(), y_val.max())) + 1
    if train_size < num_classes:
        raise ValueError(
            f"Con {train_size} ejemplos no hay ni uno por clase ({num_classes} clases): usa al menos {num_classes}."
        )
    shape = dict(val_size=len(x_val), input_dim=x_pool.shape[1], num_classes=num_classes)
    estimate = lab_seconds(train_size, width, depth, epochs, **shape)
    if estimate > LAB_MAX_SECONDS:
        widths = [w for w in lab_widths(train_size, depth, epochs, **shape) if w < width]
        advice = (f"con {thousands(train_size)} ejemplos y {depth} {'capa' if depth == 1 else 'capas'}, "
                  f"usa como mucho {max(widths)} neuronas por capa" if widths
                  else "reduce la profundidad o el número de ejemplos")
        raise ValueError(
            f"Esta red tardaría unos {math.ceil(estimate)} s en entrenar y el laboratorio está pensado para "
            f"respuestas de menos de {LAB_MAX_SECONDS:.0f} s: {advice}."
        )

    settings = dict(train_size=train_size, width=width, depth=depth, l2=l2, dropout=dropout,
                    early_stopping=bool(early_stopping), patience=patience, epochs=epochs)
    history: dict[str, list[float]] = {}
    yield {"settings": settings, "history": {}, "partial": True}

    start = time.perf_counter()
    x_train, y_train = training.balanced_subset(x_pool, y_pool, train_size)
    x_train = x_train.astype("float32", copy=False)
    config.set_seed(seed)
    model = build(width=width, depth=depth, l2=l2, dropout=dropout)
    # Sin XLA: cada cambio es una red nueva y compilarla costaría más de lo que ahorra. Con menos
    # de 32 lotes por época, un paso por llamada (se prepara antes que el bucle de 32).
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LAB_LEARNING_RATE),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name=CE_KEY)],
                  steps_per_execution=32 if train_size >= 32 * LAB_BATCH_SIZE else 1)
    best_loss, best_epoch, best_weights, wait = math.inf, 1, None, 0
    stopped = False
    for epoch in range(epochs):
        step = model.fit(x_train, y_train, validation_data=(x_val, y_val), initial_epoch=epoch,
                         epochs=epoch + 1, batch_size=LAB_BATCH_SIZE, validation_batch_size=1024, verbose=0)
        for key, values in step.history.items():
            history.setdefault(key, []).extend(float(v) for v in values)
        current = history["val_loss"][-1]
        if current < best_loss:
            best_loss, best_epoch, wait = current, epoch + 1, 0
            if early_stopping:
                best_weights = model.get_weights()
        else:
            wait += 1
        if early_stopping and wait >= patience and epoch > 0:
            stopped = True
        if epoch + 1 < epochs and not stopped:
            yield {"settings": settings, "history": {k: list(v) for k, v in history.items()}, "partial": True}
        if stopped:
            break
    if early_stopping and best_weights is not None:
        model.set_weights(best_weights)
    seconds = time.perf_counter() - start
    on_train = model.evaluate(x_train, y_train, batch_size=1024, verbose=0, return_dict=True)
    on_val = model.evaluate(x_val, y_val, batch_size=1024, verbose=0, return_dict=True)
    return {
        "settings": settings,
        "history": history,
        "partial": False,
        "epochs_run": len(history["loss"]),
        "best_epoch": best_epoch,
        "stopped_early": stopped,
        "train_accuracy": float(on_train["accuracy"]),
        "val_accuracy": float(on_val["accuracy"]),
        "gap": float(on_train["accuracy"]) - float(on_val["accuracy"]),
        "val_loss": float(on_val[CE_KEY]),
        "n_params": int(model.count_params()),
        "train_size": train_size,
        "seconds": seconds,
    }
