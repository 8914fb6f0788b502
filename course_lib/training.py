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
* **Guardas de** ``model.fit`` (:func:`guard_fit`, que activa ``hints.enable()``): antes de
  entrenar, :func:`check_fit_data` comprueba que las entradas son números finitos, que hay una
  etiqueta por ejemplo y que las etiquetas casan con la pérdida y con el tamaño de la salida
  (también con XLA, donde TensorFlow no lo comprueba), y avisa si las imágenes parecen sin
  normalizar; durante el entrenamiento, :class:`StopOnNaN` lo detiene en cuanto la pérdida es
  ``nan`` o infinita y explica las causas probables. El código del estudiante sigue siendo
  ``model.fit(...)`` de Keras.

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

import inspect
import math
import time
import warnings

import numpy as np

from course_lib import checks, config
from course_lib.formatting import thousands
from course_lib import plots

__all__ = ["DIVERGENCE_CAUSES", "EpochTimer", "LiveCurves", "StopOnNaN", "TrainingDivergedError",
           "balanced_subset", "check_fit_data", "fit_is_guarded", "guard_fit", "quick_subset"]

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
    sitio al final de cada época. Para que dibujar no cueste más que entrenar cuando las épocas
    son cortas, entre dos dibujos pasan como mínimo ``min_interval`` segundos y ``draw_budget``
    veces lo que tardó el último dibujo (con 4, dibujar se lleva como mucho una quinta parte del
    tiempo, también en un equipo lento o cargado); la última época se dibuja siempre.

    La figura es la de :func:`course_lib.plots.learning_curves` (la misma que se usa después
    con el historial completo), pero se construye una sola vez: en cada época solo cambian los
    datos de las líneas, las escalas y el título (:class:`course_lib.plots.LearningCurvesPainter`);
    la última queda igual, píxel a píxel, que una figura nueva del historial completo. Se muestra
    con :class:`course_lib.plots.LiveFigure`: no borra el resto de la salida de la celda y, donde
    no hay interfaz en vivo (nbval, nbconvert), queda la última figura como imagen estática. Si
    faltan la validación o la exactitud, se dibuja lo que haya.

    Ejemplo::

        model.fit(x, y, epochs=5, verbose=0, callbacks=[training.LiveCurves()])
    """

    def __init__(self, total_epochs: int | None = None, figure: plots.LiveFigure | None = None,
                 min_interval: float = 1.0, draw_budget: float = 4.0):
        super().__init__()
        if total_epochs is not None:
            total_epochs = checks.integer(total_epochs, "total_epochs", 1, advice="También puede ser None.")
        self.total_epochs = total_epochs
        self.min_interval = checks.number(min_interval, "min_interval (segundos entre dibujos)", 0)
        self.draw_budget = checks.number(draw_budget, "draw_budget (veces el tiempo de un dibujo entre dos)", 0)
        self.figure = figure if figure is not None else plots.LiveFigure()
        self.painter = plots.LearningCurvesPainter()   #: la figura de las curvas, la misma época a época
        self.history: dict[str, list[float]] = {}
        self._last_draw: float | None = None
        self.draw_seconds = 0.0          #: lo que tardó el último dibujo
        self._pending = False
        self._epochs_seen = 0

    def on_train_begin(self, logs=None):
        self.history = {}
        self._last_draw = None
        self._pending = False
        self._epochs_seen = 0

    def _draw(self, final: bool = False) -> None:
        start = time.perf_counter()
        total = self.total_epochs or (self.params or {}).get("epochs")
        figure = self.painter(plots.curves_data(self.history, total_epochs=total))
        if final:   # la figura que queda: colocada desde cero
            self.figure.update(figure, exact=True)
        else:
            self.figure.update(figure)
        self._last_draw = time.perf_counter()
        self.draw_seconds = self._last_draw - start
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
        wait = max(self.min_interval, self.draw_budget * self.draw_seconds)
        recent = self._last_draw is not None and time.perf_counter() - self._last_draw < wait
        if last or not recent:
            self._draw(final=last)
        else:
            self._pending = True

    def on_train_end(self, logs=None):
        # Parada temprana: la figura final siempre refleja la última época entrenada.
        if self._pending:
            self._draw(final=True)


# --------------------------------------------------------------------------- modo rápido


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
    if x is None or np.ndim(x) == 0:
        raise ValueError(f"balanced_subset necesita los ejemplos x (un array con un ejemplo por fila), no {x!r}.")
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
    labels = checks.class_labels(y_arr, "Las etiquetas de balanced_subset", n=len(x))
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


# --------------------------------------------------------------------------- guardas de model.fit


class TrainingDivergedError(FloatingPointError):
    """La pérdida se ha vuelto ``nan`` o infinita durante el entrenamiento."""


#: Causas habituales de una pérdida ``nan``, en el orden en que conviene revisarlas.
DIVERGENCE_CAUSES = (
    "datos sin normalizar (píxeles de 0 a 255: divídelos entre 255 con data.normalize)",
    "una tasa de aprendizaje demasiado alta (prueba a dividirla entre 10)",
    "valores nan o infinitos en los datos (compruébalo con np.isfinite(x).all())",
    "etiquetas fuera del rango de la capa de salida (con 10 neuronas, de 0 a 9)",
)


class StopOnNaN(keras.callbacks.Callback):
    """Detiene el entrenamiento en cuanto la pérdida deja de ser un número finito.

    Lanza :class:`TrainingDivergedError` con la época, el paso y las causas probables en español.
    Con ``hints.enable()`` se añade solo a cada ``model.fit``; también se puede pasar a mano en
    ``callbacks=[...]``. Funciona igual con XLA (``jit_compile=True``).
    """

    def __init__(self):
        super().__init__()
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def _check(self, logs, where: str) -> None:
        __tracebackhide__ = True
        for key in ("loss", "val_loss"):
            value = (logs or {}).get(key)
            if value is None:
                continue
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isfinite(value):
                self.model.stop_training = True
                what = "de validación" if key == "val_loss" else "de entrenamiento"
                causes = "\n".join(f"  · {cause}" for cause in DIVERGENCE_CAUSES)
                raise TrainingDivergedError(
                    f"El entrenamiento se ha detenido: la pérdida {what} vale {value} en la época "
                    f"{self._epoch + 1}{where}. Un número así no mejora con más épocas. Causas probables:\n{causes}"
                )

    def on_train_batch_end(self, batch, logs=None):
        self._check({"loss": (logs or {}).get("loss")}, f", paso {batch + 1}")

    def on_epoch_end(self, epoch, logs=None):
        self._check(logs, "")


def _loss_kind(model) -> str | None:
    """``"sparse"``, ``"categorical"``, ``"binary"`` o ``None``, según la pérdida compilada."""
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else (
        getattr(loss, "name", "") or getattr(loss, "__name__", "") or type(loss).__name__)
    name = str(name).lower().replace("_", "")
    if "sparsecategorical" in name:
        return "sparse"
    if "categorical" in name:
        return "categorical"
    if "binary" in name:
        return "binary"
    return None


def _output_width(model) -> int | None:
    try:
        shape = model.output_shape
    except (AttributeError, ValueError, RuntimeError):
        return None
    if isinstance(shape, tuple) and shape and isinstance(shape[-1], int):
        return int(shape[-1])
    return None


def _as_checked_array(values, what: str):
    """``values`` como array de NumPy si es un array (NumPy, lista, tensor); ``None`` si es otra cosa
    (un ``tf.data.Dataset``, un generador): entonces Keras lo lee a su manera y no se comprueba."""
    __tracebackhide__ = True
    if hasattr(values, "element_spec") or hasattr(values, "__next__"):
        return None
    array = np.asarray(values)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise ValueError(f"{what} deben ser números (un array de NumPy), y son de tipo {array.dtype}.")
    return array


def _check_inputs(x, what: str) -> None:
    __tracebackhide__ = True
    if np.issubdtype(x.dtype, np.floating) and not np.isfinite(x).all():
        bad = int(np.size(x) - np.isfinite(x).sum())
        raise ValueError(
            f"{what} tienen {thousands(bad)} valores nan o infinitos: la pérdida saldría nan. "
            "Busca de dónde vienen (una división entre 0, un archivo dañado) o elimina esos ejemplos."
        )
    looks_like_images = x.ndim >= 3 or (x.ndim == 2 and x.shape[1] >= 64)
    if looks_like_images and x.size and float(x.max()) > 1.5 and float(x.min()) >= 0:
        warnings.warn(
            f"{what} van de {float(x.min()):g} a {float(x.max()):g}: parecen imágenes sin normalizar. "
            "Divide entre 255 (data.normalize(x)) para que queden entre 0 y 1; si no, la pérdida "
            "empieza muy alta y el entrenamiento va mal o da nan.", UserWarning, stacklevel=4)


def _check_labels(model, y, n: int, what: str) -> None:
    __tracebackhide__ = True
    if len(y) != n:
        raise ValueError(
            f"Hay {thousands(n)} ejemplos y {thousands(len(y))} etiquetas en el conjunto de {what}: tiene que haber "
            "una etiqueta por ejemplo. ¿Has tomado un subconjunto de las imágenes y no de las etiquetas?"
        )
    kind, width = _loss_kind(model), _output_width(model)
    one_hot = y.ndim == 2 and y.shape[1] > 1
    if kind == "sparse":
        if one_hot:
            raise ValueError(
                f"Las etiquetas de {what} están codificadas one-hot (forma {y.shape}) y la pérdida "
                "sparse_categorical_crossentropy espera enteros (forma (n,)). Usa "
                "loss='categorical_crossentropy' o pasa las etiquetas sin codificar."
            )
        flat = y.reshape(len(y), -1)[:, 0] if y.ndim == 2 else y
        if np.issubdtype(flat.dtype, np.floating) and not np.all(flat == np.round(flat)):
            example = float(flat[np.flatnonzero(flat != np.round(flat))[0]])
            raise ValueError(
                f"Las etiquetas de {what} deben ser números de clase enteros (0, 1, 2…), y hay una {example:g}: "
                "Keras la truncaría sin avisar. Revisa de dónde salen las etiquetas."
            )
        if width and flat.size and (flat.min() < 0 or flat.max() >= width):
            bad = flat.min() if flat.min() < 0 else flat.max()
            raise ValueError(
                f"Hay una etiqueta {bad:g} en el conjunto de {what} y la capa de salida tiene {width} neuronas (clases 0 a "
                f"{width - 1}). (Con jit_compile=True, TensorFlow no lo comprueba y la pérdida sale nan sin avisar.) "
                + ("Las etiquetas no pueden ser negativas: revisa de dónde salen."
                   if bad < 0 else f"Si de verdad hay {int(bad) + 1} clases, usa Dense({int(bad) + 1}) en la salida.")
            )
    elif kind == "categorical":
        if not one_hot:
            raise ValueError(
                f"La pérdida categorical_crossentropy espera etiquetas one-hot (forma (n, clases)) y las de "
                f"{what} tienen forma {y.shape}. Codifícalas con data.one_hot(y) o usa "
                "loss='sparse_categorical_crossentropy'."
            )
        if width and y.shape[1] != width:
            raise ValueError(
                f"Las etiquetas one-hot de {what} tienen {y.shape[1]} columnas y la capa de salida {width} "
                f"neuronas: tienen que coincidir. Usa data.one_hot(y, num_classes={width}) o Dense({y.shape[1]})."
            )


def check_fit_data(model, x, y=None, *, validation_data=None) -> None:
    """Comprueba en español lo que ``model.fit`` recibiría, antes de entrenar.

    Rechaza con ``ValueError``: entradas que no son números o con ``nan``/infinitos, etiquetas que
    faltan o no son tantas como los ejemplos, etiquetas que no casan con la pérdida compilada
    (enteros para ``sparse_categorical_crossentropy``, one-hot del ancho de la salida para
    ``categorical_crossentropy``) o fuera del rango de la salida (con XLA, TensorFlow no lo
    comprueba). Avisa (``UserWarning``) si las imágenes parecen sin normalizar. Lo mismo para
    ``validation_data``. Con ``hints.enable()`` se ejecuta solo antes de cada ``model.fit``.

    Los marcos de estas comprobaciones llevan ``__tracebackhide__``: IPython no los muestra en el
    *traceback*, que termina en la línea del estudiante y el mensaje en español.
    """
    __tracebackhide__ = True
    if x is None:
        raise ValueError("model.fit necesita los datos de entrenamiento: model.fit(x_train, y_train, ...).")
    sets = [("entrenamiento", x, y)]
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            if hasattr(validation_data, "element_spec"):
                validation_data = None
            else:
                raise ValueError(
                    "validation_data debe ser una pareja (x_val, y_val), p. ej. validation_data=(x_val, y_val)."
                )
        if validation_data is not None:
            sets.append(("validación", validation_data[0], validation_data[1]))
    for where, xs, ys in sets:
        what = f"Las entradas de {where}"
        xs = _as_checked_array(xs, what)
        if xs is None:
            continue
        _check_inputs(xs, what)
        if ys is None:
            if _loss_kind(model) is not None or where == "validación":
                raise ValueError(
                    f"Faltan las etiquetas de {where}: la pérdida compara cada predicción con su etiqueta. "
                    + ("Escribe model.fit(x_train, y_train, ...)." if where == "entrenamiento"
                       else "Escribe validation_data=(x_val, y_val).")
                )
            continue
        ys = _as_checked_array(ys, f"Las etiquetas de {where}")
        if ys is not None:
            _check_labels(model, ys, len(xs), where)


_ORIGINAL_FIT = None


def guard_fit(enable: bool = True) -> None:
    """Activa (o desactiva) las guardas en cada ``model.fit``: :func:`check_fit_data` antes de entrenar
    y :class:`StopOnNaN` durante el entrenamiento. El código del estudiante no cambia: sigue siendo
    ``model.fit(...)`` de Keras. ``hints.enable()`` las activa."""
    global _ORIGINAL_FIT

    if enable and _ORIGINAL_FIT is None:
        original = keras.Model.fit
        signature = inspect.signature(original)

        def fit(self, *args, **kwargs):
            __tracebackhide__ = True
            bound = signature.bind(self, *args, **kwargs)
            arguments = bound.arguments
            try:
                check_fit_data(self, arguments.get("x"), arguments.get("y"),
                               validation_data=arguments.get("validation_data"))
            except ValueError as error:  # un traceback corto: la línea del estudiante y el mensaje
                raise type(error)(str(error)) from None
            callbacks = list(arguments.get("callbacks") or [])
            if not any(isinstance(c, StopOnNaN) for c in callbacks):
                callbacks.append(StopOnNaN())
            arguments["callbacks"] = callbacks
            return original(*bound.args, **bound.kwargs)

        fit.__doc__ = original.__doc__
        fit.__wrapped__ = original
        fit.course_guard = True
        _ORIGINAL_FIT = original
        keras.Model.fit = fit
    elif not enable and _ORIGINAL_FIT is not None:
        keras.Model.fit = _ORIGINAL_FIT
        _ORIGINAL_FIT = None


def fit_is_guarded() -> bool:
    """``True`` si :func:`guard_fit` está activo."""
    return getattr(keras.Model.fit, "course_guard", False)
