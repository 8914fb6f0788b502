"""Entrenamiento rápido y visible: ``compile``/``fit`` con buenos valores por defecto,
curvas de entrenamiento en vivo, tiempo por época y modo rápido.

Uso típico en un notebook::

    from course_lib import config, training

    x_train, y_train = training.quick_subset(x_train, y_train, 2000)  # solo en modo rápido
    training.compile_model(model, optimizer="rmsprop", loss="categorical_crossentropy")
    history = training.fit(model, x_train, y_train, epochs=config.pick(full=10, quick=2),
                           batch_size=32, validation_split=0.1)
    history.epoch_times          # segundos de cada época

Qué hace más rápido el entrenamiento (medido con ``benchmarks/training_speed.py`` en una CPU
de 2 núcleos, con la red densa 784-512-512-10 de MNIST y lotes de 32: unas 3 veces más rápido
por época):

* **XLA** (``jit_compile=True``): compila cada paso de entrenamiento en un único programa
  optimizado. Keras lo activa por su cuenta solo con GPU (``"auto"``); aquí se activa siempre
  que todas las capas del modelo lo admiten (si alguna no, p. ej. capas de aumento de datos,
  se queda en ``False``).
* **Varios pasos por llamada** (``steps_per_execution=64``): Keras ejecuta 64 lotes seguidos
  sin volver a Python. Valores entre 32 y «toda la época» dan casi lo mismo; 64 mantiene la
  barra de progreso viva. Si una época tiene menos pasos, Keras ejecuta solo los que hay.
* **Datos en memoria barajados de una vez por época** (:func:`fit` con arrays de NumPy): en
  lugar de reunir cada lote por separado, se baraja y se copia la época entera de una sola vez
  y luego se recorren los lotes: un ~15 % menos de tiempo. Además, el orden cambia de verdad en
  cada época: con una semilla fijada (``config.set_seed``), ``model.fit`` de Keras 3 con arrays
  de NumPy repite el mismo orden de lotes en todas las épocas.

El tamaño de lote y el optimizador no cambian: los resultados son comparables con los de un
``model.fit`` normal (la exactitud de prueba queda a menos de medio punto). Cambiar los hilos de
TensorFlow (``tf.config.threading``) no ayudó en 2 núcleos. En GPU, XLA es lo que Keras ya
elige por su cuenta y los pasos por llamada ahorran idas y vueltas entre CPU y GPU.
"""

from __future__ import annotations

import time
from typing import Any, Iterable

import numpy as np

from course_lib import checks, config, device
from course_lib import plots

# Importar keras después de course_lib (config.quiet_tensorflow) evita el ruido de TensorFlow.
config.quiet_tensorflow()
import keras  # noqa: E402

#: Pasos (lotes) por cada llamada al programa compilado.
DEFAULT_STEPS_PER_EXECUTION = 64

#: Tamaño de lote para evaluar la validación en :func:`fit` (no cambia el resultado).
VALIDATION_BATCH_SIZE = 1024

#: Con más memoria que esto, :func:`fit` deja que Keras reúna los lotes uno a uno
#: (barajar la época de una vez necesita una copia temporal de los datos).
_FAST_PATH_MAX_BYTES = 1 << 30


# --------------------------------------------------------------------------- compile


def _check_model(model: Any, where: str) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{where} espera un modelo de Keras (keras.Model, p. ej. keras.Sequential([...])) "
            f"y has pasado {type(model).__name__}."
        )


def _supports_xla(model: keras.Model) -> bool:
    """``True`` si todas las capas del modelo admiten XLA (lo mismo que comprueba Keras)."""
    try:
        from keras.src.trainers.trainer import model_supports_jit
    except ImportError:  # otras versiones de Keras: la misma comprobación, a mano
        return all(getattr(layer, "supports_jit", True) for layer in model._flatten_layers())
    return bool(model_supports_jit(model))


def _has_convolutions(model: keras.Model) -> bool:
    return any("Conv" in type(layer).__name__ for layer in model._flatten_layers())


def fast_compile_options(
    model: keras.Model | None = None,
    *,
    jit_compile: bool | None = None,
    steps_per_execution: int = DEFAULT_STEPS_PER_EXECUTION,
) -> dict:
    """Argumentos de ``model.compile`` que aceleran el entrenamiento sin cambiar el resultado.

    Devuelve ``{"jit_compile": ..., "steps_per_execution": ...}``. Con ``jit_compile=None``
    se usa XLA si el modelo lo admite (o si no se pasa modelo), salvo en redes convolucionales
    sin GPU: en CPU, XLA hace las convoluciones varias veces más lentas (medido: 2-9 s por época
    frente a 0,3-0,6 s en la CNN pequeña del notebook 08).

    Ejemplo::

        model.compile(optimizer="adam", loss="categorical_crossentropy",
                      metrics=["accuracy"], **training.fast_compile_options(model))
    """
    if model is not None:
        _check_model(model, "fast_compile_options")
    if jit_compile is not None and not isinstance(jit_compile, bool):
        raise TypeError(f"jit_compile debe ser True, False o None (automático), no {jit_compile!r}.")
    steps_per_execution = checks.integer(steps_per_execution, "steps_per_execution", 1)
    if jit_compile is None:
        jit_compile = True if model is None else (
            _supports_xla(model) and (device.has_gpu() or not _has_convolutions(model)))
    return {"jit_compile": jit_compile, "steps_per_execution": steps_per_execution}


def compile_model(
    model: keras.Model,
    optimizer: Any = "adam",
    loss: Any = "categorical_crossentropy",
    metrics: Iterable[Any] | str | None = ("accuracy",),
    **overrides: Any,
) -> keras.Model:
    """Compila ``model`` con los valores rápidos de :func:`fast_compile_options` y lo devuelve.

    ``overrides`` se pasa tal cual a ``model.compile`` y manda sobre los valores rápidos
    (p. ej. ``jit_compile=False`` o ``steps_per_execution=1``). Con ``run_eagerly=True``
    (para depurar paso a paso) se desactiva XLA.

    La 1.ª época paga la compilación (XLA y el bucle de varios pasos): unos 0,3-1 s en CPU.
    Compensa a partir de unos pocos cientos de pasos de entrenamiento; en demostraciones
    diminutas (p. ej. 1000 ejemplos y 2 épocas) un ``model.compile`` normal termina antes.

    Ejemplo::

        training.compile_model(model, optimizer="rmsprop", loss="categorical_crossentropy")
    """
    _check_model(model, "compile_model")
    if loss is None:
        raise ValueError(
            "Falta la función de pérdida: usa loss='categorical_crossentropy' con etiquetas one-hot "
            "o loss='sparse_categorical_crossentropy' con etiquetas enteras (0, 1, 2...)."
        )
    if isinstance(metrics, str):
        metrics = [metrics]
    elif metrics is not None:
        metrics = list(metrics)
    options = fast_compile_options(
        model,
        jit_compile=overrides.pop("jit_compile", None),
        steps_per_execution=overrides.pop("steps_per_execution", DEFAULT_STEPS_PER_EXECUTION),
    )
    if overrides.get("run_eagerly"):
        options["jit_compile"] = False
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics, **options, **overrides)
    return model


# --------------------------------------------------------------------------- callbacks


class EpochTimer(keras.callbacks.Callback):
    """Mide los segundos de cada época (entrenamiento y validación, sin dibujar nada).

    Queda en ``timer.epoch_times``; :func:`fit` lo copia en ``history.epoch_times``.
    La primera época incluye la compilación del modelo (trazado y XLA).
    """

    def __init__(self):
        super().__init__()
        self.epoch_times: list[float] = []
        self._start = None

    def on_train_begin(self, logs=None):
        self.epoch_times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if self._start is not None:
            self.epoch_times.append(time.perf_counter() - self._start)


class LiveCurves(keras.callbacks.Callback):
    """Curvas de entrenamiento en vivo: una figura (pérdida y exactitud) que se redibuja en su
    sitio al final de cada época (como mucho una vez cada ``min_interval`` segundos, para que
    dibujar no cueste más que entrenar cuando las épocas son muy cortas; la última época se
    dibuja siempre).

    La figura la dibuja :func:`course_lib.plots.learning_curves` (la misma que se usa después
    con el historial completo) y se muestra con :class:`course_lib.plots.LiveFigure`: no borra
    el resto de la salida de la celda y, donde no hay interfaz en vivo (nbval, nbconvert),
    queda la última figura como imagen estática. Si faltan la validación o la exactitud, se
    dibuja lo que haya.

    Ejemplo::

        model.fit(x, y, epochs=5, verbose=0, callbacks=[training.LiveCurves()])
    """

    def __init__(self, total_epochs: int | None = None, figure: plots.LiveFigure | None = None,
                 min_interval: float = 1.0):
        super().__init__()
        if total_epochs is not None:
            total_epochs = checks.integer(total_epochs, "total_epochs", 1, advice="También puede ser None.")
        self.total_epochs = total_epochs
        self.min_interval = checks.number(min_interval, "min_interval (segundos entre dibujos)", 0)
        self.figure = figure if figure is not None else plots.LiveFigure()
        self.history: dict[str, list[float]] = {}
        self._last_draw: float | None = None
        self._pending = False
        self._epochs_seen = 0

    def on_train_begin(self, logs=None):
        self.history = {}
        self._last_draw = None
        self._pending = False
        self._epochs_seen = 0

    def _draw(self) -> None:
        total = self.total_epochs or (self.params or {}).get("epochs")
        self.figure.update(plots.learning_curves(self.history, total_epochs=total))
        self._last_draw = time.perf_counter()
        self._pending = False

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            try:
                self.history.setdefault(key, []).append(float(value))
            except (TypeError, ValueError):
                continue
        self._epochs_seen += 1
        total = self.total_epochs or (self.params or {}).get("epochs")
        last = total is not None and self._epochs_seen >= total
        recent = self._last_draw is not None and time.perf_counter() - self._last_draw < self.min_interval
        if last or not recent:
            self._draw()
        else:
            self._pending = True

    def on_train_end(self, logs=None):
        # Parada temprana: la figura final siempre refleja la última época entrenada.
        if self._pending:
            self._draw()


# --------------------------------------------------------------------------- modo rápido


def _labels_1d(y: np.ndarray) -> np.ndarray:
    """Etiquetas enteras a partir de etiquetas enteras o codificadas one-hot."""
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(len(y))


def balanced_subset(x, y=None, n: int = 1000):
    """Los ``n`` primeros ejemplos **equilibrados por clase** y en su orden original, sin azar.

    Se toma el 1.º ejemplo de cada clase, luego el 2.º de cada clase, etc., hasta reunir ``n``
    (si una clase se agota, el resto se reparte entre las demás). Así un subconjunto pequeño
    tiene todas las clases y siempre es el mismo. Sin ``y`` devuelve los ``n`` primeros.
    ``y`` puede ser un vector de etiquetas o su codificación one-hot.

    Devuelve ``(x_sub, y_sub)``, o solo ``x_sub`` si ``y`` es ``None``.
    """
    n = checks.integer(n, "n", 1, advice="Es el número de ejemplos.")
    x = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if y is None:
        return x[:n]
    y_arr = np.asarray(y)
    if len(x) != len(y_arr):
        raise ValueError(
            f"x e y deben tener el mismo número de ejemplos: x tiene {len(x)} e y tiene {len(y_arr)}."
        )
    if n >= len(x):
        return x, y
    labels = _labels_1d(y_arr)
    # Posición de cada ejemplo dentro de su clase: 0 para el primero de cada clase, 1 para el segundo...
    rank = np.empty(len(labels), dtype=np.int64)
    for value in np.unique(labels):
        where = np.flatnonzero(labels == value)
        rank[where] = np.arange(len(where))
    chosen = np.sort(np.lexsort((np.arange(len(labels)), rank))[:n])
    return x[chosen], y_arr[chosen]


def quick_subset(x, y=None, n: int = 1000):
    """En modo rápido, un subconjunto de ``n`` ejemplos (:func:`balanced_subset`); en modo
    completo, todos los datos sin copiarlos.

    Ejemplo::

        x_train, y_train = training.quick_subset(x_train, y_train, 2000)
        EPOCAS = config.pick(full=10, quick=2)
    """
    if config.is_quick():
        return balanced_subset(x, y, n)
    n = checks.integer(n, "n", 1, advice="Es el número de ejemplos.")
    return x if y is None else (x, y)


# --------------------------------------------------------------------------- fit


def _loss_name(model: keras.Model) -> str:
    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", "") or getattr(loss, "__name__", "") or type(loss).__name__


def _check_labels_match_loss(model: keras.Model, y: np.ndarray) -> None:
    name = _loss_name(model).lower()
    one_hot = y.ndim == 2 and y.shape[1] > 1
    if "sparse_categorical" in name:
        if one_hot:
            raise ValueError(
                f"La pérdida sparse_categorical_crossentropy espera etiquetas enteras (forma (n,)) y "
                f"las etiquetas están codificadas one-hot (forma {y.shape}). Usa "
                "loss='categorical_crossentropy' o pasa las etiquetas sin codificar."
            )
    elif "categorical" in name and not one_hot:
        raise ValueError(
            f"La pérdida categorical_crossentropy espera etiquetas one-hot (forma (n, clases)) y las "
            f"etiquetas tienen forma {y.shape}. Codifícalas con data.one_hot(y) o usa "
            "loss='sparse_categorical_crossentropy'."
        )


def _epoch_dataset(x: np.ndarray, y: np.ndarray, batch_size: int, shuffle: bool):
    """``tf.data`` que, en cada época, baraja y copia los datos de una vez y los corta en lotes.

    Mismos lotes que ``model.fit(x, y, batch_size=..., shuffle=...)`` (una permutación nueva por
    época; el último lote puede ser más pequeño) pero con menos trabajo por paso.

    La permutación sale de un ``tf.random.Generator`` cuya semilla se toma de NumPy (fijada por
    ``config.set_seed``): es reproducible y **cambia en cada época**. (Un ``tf.random.shuffle``
    dentro del ``Dataset``, como hace Keras 3 con arrays de NumPy, repite el mismo orden en todas
    las épocas cuando hay una semilla global de TensorFlow.)
    """
    import tensorflow as tf

    n = len(x)
    full = n // batch_size
    rest = n - full * batch_size
    with tf.device("/CPU:0"):
        xs, ys = tf.constant(x), tf.constant(y)
        generator = tf.random.Generator.from_seed(int(np.random.randint(0, 2**31 - 1)))

    def one_epoch(_):
        if shuffle:
            seed = generator.make_seeds(1)[:, 0]
            order = tf.random.experimental.stateless_shuffle(tf.range(n), seed=seed)
        else:
            order = tf.range(n)
        xe, ye = tf.gather(xs, order), tf.gather(ys, order)
        k = full * batch_size
        batches = tf.data.Dataset.from_tensor_slices((
            tf.reshape(xe[:k], (full, batch_size) + tuple(x.shape[1:])),
            tf.reshape(ye[:k], (full, batch_size) + tuple(y.shape[1:])),
        ))
        if rest:
            batches = batches.concatenate(tf.data.Dataset.from_tensors((xe[k:], ye[k:])))
        return batches

    dataset = tf.data.Dataset.range(1).flat_map(one_epoch)
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(full + (1 if rest else 0)))
    options = tf.data.Options()  # las mismas opciones que usa Keras con arrays de NumPy
    options.experimental_external_state_policy = tf.data.experimental.ExternalStatePolicy.IGNORE
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return dataset.with_options(options).prefetch(2)


def _as_float32(a: np.ndarray) -> np.ndarray:
    return a.astype(np.float32) if a.dtype == np.float64 else a


def _summary_line(history, times: list[float]) -> str:
    h = history.history
    n = len(times)
    total = sum(times)
    parts = [f"{n} {'época' if n == 1 else 'épocas'} en {total:.1f} s"]
    if n >= 2:
        rest = total - times[0]
        parts[0] += (f" (la 1.ª, {times[0]:.1f} s, incluye la compilación; "
                     f"después {rest / (n - 1):.2f} s por época)")

    def metrics(prefix: str) -> str:
        out = []
        if h.get(prefix + "loss"):
            out.append(f"pérdida {h[prefix + 'loss'][-1]:.4f}")
        acc = plots._accuracy_key(h, prefix)
        if acc:
            out.append(f"exactitud {100 * h[acc][-1]:.1f} %")
        return ", ".join(out)

    line = "Entrenamiento: " + parts[0] + "."
    if metrics(""):
        line += " Final: " + metrics("")
        if metrics("val_"):
            line += "; validación: " + metrics("val_")
        line += "."
    return line


def fit(
    model: keras.Model,
    x,
    y=None,
    *,
    epochs: int,
    batch_size: int = 32,
    validation_data=None,
    validation_split: float | None = None,
    live: bool = True,
    summary: bool = True,
    shuffle: bool = True,
    callbacks: list | None = None,
    verbose: int = 0,
    **kwargs: Any,
):
    """Entrena ``model`` como ``model.fit`` y devuelve el ``History`` de Keras, con dos extras:

    * ``history.epoch_times``: segundos de cada época (la 1.ª incluye la compilación);
    * con ``live=True``, curvas de pérdida y exactitud en vivo (:class:`LiveCurves`, que queda
      en ``history.live_curves``);
    * con ``summary=True``, una línea final con el tiempo y las métricas.

    Sin barra de progreso (``verbose=0``) salvo que se pida. Con arrays de NumPy (una entrada,
    sin ``sample_weight`` ni ``class_weight``) los lotes se preparan una época de golpe, lo que
    es más rápido y equivale a ``model.fit(x, y, batch_size=..., shuffle=True)``. Cualquier otro
    argumento (``initial_epoch``, ``class_weight``...) se pasa a ``model.fit``.

    Ejemplo::

        history = training.fit(model, x_train, y_train, epochs=config.pick(full=10, quick=2),
                               validation_split=0.1)
        print(f"{np.mean(history.epoch_times[1:]):.2f} s por época")
    """
    _check_model(model, "fit")
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise ValueError(
            "El modelo no está compilado: ejecuta antes training.compile_model(model, ...) "
            "o model.compile(optimizer=..., loss=..., metrics=[...])."
        )
    epochs = checks.integer(epochs, "epochs (el número de épocas)", 1)
    batch_size = checks.integer(batch_size, "batch_size (el tamaño de lote)", 1)
    if validation_data is not None and validation_split is not None:
        raise ValueError("Usa validation_data o validation_split, no los dos a la vez.")
    if validation_split is not None and not (isinstance(validation_split, (float, int))
                                             and 0 < validation_split < 1):
        raise ValueError(
            f"validation_split es la fracción de ejemplos para validación: un número entre 0 y 1 "
            f"(p. ej. 0.1), no {validation_split!r}."
        )
    if validation_data is not None and not hasattr(validation_data, "element_spec"):  # tf.data vale
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data debe ser una tupla (x_val, y_val), p. ej. validation_data=(x_test, y_test)."
            )
    if callbacks is not None and not isinstance(callbacks, (list, tuple)):
        callbacks = [callbacks]

    arrays = isinstance(x, np.ndarray) and y is not None
    if arrays:
        x = _as_float32(x)
        y = np.asarray(y)
        if len(x) != len(y):
            raise ValueError(
                f"x e y deben tener el mismo número de ejemplos: x tiene {len(x)} e y tiene {len(y)}."
            )
        if len(x) == 0:
            raise ValueError("No hay ejemplos de entrenamiento: x está vacío.")
        _check_labels_match_loss(model, y)
        if validation_split is not None:
            # Como Keras: la validación son los últimos ejemplos, antes de barajar.
            split = int(len(x) * (1 - validation_split))
            if split < 1 or split == len(x):
                raise ValueError(
                    f"Con {len(x)} ejemplos y validation_split={validation_split} uno de los dos "
                    "conjuntos queda vacío."
                )
            validation_data = (x[split:], y[split:])
            x, y = x[:split], y[:split]
            validation_split = None
        if isinstance(validation_data, (tuple, list)):
            validation_data = tuple(
                _as_float32(np.asarray(v)) if isinstance(v, (np.ndarray, list)) else v for v in validation_data
            )

    fast_path = (
        arrays
        and shuffle in (True, False)
        and x.nbytes + y.nbytes <= _FAST_PATH_MAX_BYTES
        and not {"sample_weight", "class_weight", "steps_per_epoch"} & set(kwargs)
    )
    timer = EpochTimer()
    all_callbacks = [timer] + list(callbacks or [])  # el cronómetro primero: no mide el dibujo
    curves = LiveCurves(total_epochs=max(1, epochs - int(kwargs.get("initial_epoch", 0)))) if live else None
    if curves is not None:
        all_callbacks.append(curves)
    fit_kwargs = dict(epochs=epochs, validation_data=validation_data, callbacks=all_callbacks,
                      verbose=verbose, **kwargs)
    if validation_split is not None:
        fit_kwargs["validation_split"] = validation_split
    if validation_data is not None and not hasattr(validation_data, "element_spec"):
        # Evaluar no depende del tamaño de lote (la media es por ejemplo): lotes grandes, menos pasos.
        fit_kwargs.setdefault("validation_batch_size", max(batch_size, VALIDATION_BATCH_SIZE))
    if fast_path:
        history = model.fit(_epoch_dataset(x, y, batch_size, bool(shuffle)), shuffle=False, **fit_kwargs)
    elif y is not None:
        history = model.fit(x, y, batch_size=batch_size, shuffle=shuffle, **fit_kwargs)
    else:  # un tf.data.Dataset o un generador ya trae sus lotes
        history = model.fit(x, **fit_kwargs)
    history.epoch_times = list(timer.epoch_times)
    history.live_curves = curves
    if summary and timer.epoch_times:
        print(_summary_line(history, timer.epoch_times))
    return history
