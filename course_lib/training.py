"""Ayudas de entrenamiento que no son la lección: curvas en vivo, tiempo por época y modo rápido.

El entrenamiento lo escribe el estudiante con Keras, tal cual: ``model.compile(...)`` y
``model.fit(...)``. Este módulo solo aporta lo que se añade alrededor:

* :class:`LiveCurves`: un *callback* de Keras que se pasa en ``callbacks=[...]`` y dibuja en
  vivo la pérdida y la exactitud (también las de validación) al final de cada época. Funciona
  con ``verbose=0`` (sin el registro en inglés de Keras), con ``validation_data`` o
  ``validation_split`` y con la parada temprana (``keras.callbacks.EarlyStopping``).
* :class:`EpochTimer`: otro *callback* que mide los segundos de cada época.
* :func:`balanced_subset` y :func:`quick_subset`: subconjuntos con el mismo número de ejemplos de
  cada clase, para el modo rápido o para experimentos con pocos datos.

Uso típico en un notebook::

    from course_lib import config, training

    x_train, y_train = training.quick_subset(x_train, y_train, 2000)  # solo en modo rápido
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    timer = training.EpochTimer()
    history = model.fit(x_train, y_train, epochs=config.pick(full=10, quick=2), batch_size=32,
                        validation_data=(x_val, y_val), verbose=0,
                        callbacks=[training.LiveCurves(), timer])
    timer.epoch_times          # segundos de cada época
"""

from __future__ import annotations

import time

import numpy as np

from course_lib import checks, config
from course_lib.formatting import thousands
from course_lib import plots

__all__ = ["EpochTimer", "LiveCurves", "balanced_subset", "quick_subset"]

# Importar keras después de course_lib (config.quiet_tensorflow) evita el ruido de TensorFlow.
config.quiet_tensorflow()
import keras  # noqa: E402


# --------------------------------------------------------------------------- callbacks


class EpochTimer(keras.callbacks.Callback):
    """Mide los segundos de cada época (entrenamiento y validación, sin dibujar nada).

    Queda en ``timer.epoch_times``. La primera época incluye la compilación del modelo
    (trazado y, con ``jit_compile=True``, XLA). Ejemplo::

        timer = training.EpochTimer()
        model.fit(x, y, epochs=3, verbose=0, callbacks=[timer])
        print(timer.epoch_times)
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


def _check_same_length(x, y) -> None:
    if len(x) != len(y):
        raise ValueError(
            f"x e y deben tener el mismo número de ejemplos: x tiene {len(x)} e y tiene {len(y)}."
        )


def balanced_subset(x, y=None, n: int = 1000):
    """Los ``n`` primeros ejemplos **equilibrados por clase** y en su orden original, sin azar.

    Se toma el 1.º ejemplo de cada clase, luego el 2.º de cada clase, etc., hasta reunir ``n``
    (si una clase se agota, el resto se reparte entre las demás). Así un subconjunto pequeño
    tiene todas las clases y siempre es el mismo. Sin ``y`` devuelve los ``n`` primeros.
    ``y`` puede ser un vector de etiquetas o su codificación one-hot.

    Pedir más ejemplos de los que hay (``n > len(x)``) es un ``ValueError``: el subconjunto no
    puede tener ``n`` ejemplos, y devolver todos los datos en silencio no daría ni el tamaño ni
    el equilibrio pedidos. Con ``n == len(x)`` se devuelven todos los datos, en su orden.

    Devuelve ``(x_sub, y_sub)``, o solo ``x_sub`` si ``y`` es ``None``.
    """
    n = checks.integer(n, "n", 1, advice="Es el número de ejemplos.")
    x = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if n > len(x):
        raise ValueError(
            f"Has pedido un subconjunto de {thousands(n)} ejemplos y solo hay {thousands(len(x))}: "
            f"pide como mucho {thousands(len(x))} (p. ej. n=min(n, len(x))) o usa más datos. "
            "(La copia sin conexión de MNIST es más pequeña que el MNIST completo.)"
        )
    if y is None:
        return x[:n]
    y_arr = np.asarray(y)
    _check_same_length(x, y_arr)
    if n == len(x):
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
    """En modo rápido, un subconjunto equilibrado de ``n`` ejemplos (:func:`balanced_subset`);
    en modo completo, todos los datos sin copiarlos.

    En modo rápido, si hay ``n`` ejemplos o menos se usan todos (``min(n, len(x))``), sin aviso:
    ``n`` es un **tope** para que el notebook corra en segundos, no un tamaño que el resultado
    necesite. (Para un tamaño exacto, usa :func:`balanced_subset`, que se niega si no hay
    bastantes ejemplos.) En los dos modos, ``x`` e ``y`` deben tener el mismo número de ejemplos.

    Ejemplo::

        x_train, y_train = training.quick_subset(x_train, y_train, 2000)
        EPOCAS = config.pick(full=10, quick=2)
    """
    n = checks.integer(n, "n", 1, advice="Es el número de ejemplos.")
    if y is not None:
        _check_same_length(x, y)
    if config.is_quick():
        return balanced_subset(x, y, min(n, len(x)))
    return x if y is None else (x, y)
