"""Sobreajuste (notebook 06): redes que memorizan, remedios comparados y el laboratorio.

Todo lo que el notebook 06 necesita y no cabe en una celda corta:

* :func:`selection_bias`: por qué el conjunto de prueba no sirve para **elegir** (simulación
  con NumPy, sin entrenar nada) y su figura :func:`selection_bias_figure`;
* :func:`build_mlp` y :func:`train_model`: una red densa con regularización L2 y *dropout*
  opcionales, entrenada con o sin parada temprana (*early stopping*), que devuelve un
  diccionario con las curvas y las exactitudes finales **medidas sin dropout**;
* :func:`compare_remedies`, :func:`remedies_table` y :func:`remedies_figure`: los remedios del
  sobreajuste con la misma semilla, en una tabla y una figura;
* :func:`dropout_losses`: por qué con *dropout* la pérdida de validación puede quedar por debajo
  de la de entrenamiento;
* :func:`overfitting_lab`: el laboratorio interactivo (cálculo :func:`run_lab`, vista
  :func:`draw_lab`, resumen :func:`summarize_lab`).

Las etiquetas son enteros (``0``, ``1``... como las devuelve ``data.load_fashion_mnist``) y la
pérdida es ``sparse_categorical_crossentropy``. Ejemplo::

    result = overfitting.train_model(x_train, y_train, x_val, y_val, width=512, depth=2, epochs=40)
    plots.show(overfitting.overfitting_curves(result))
"""

from __future__ import annotations

import html
import math
import time
from typing import Any, Callable, Iterable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course_lib import checks, config, plots, training

config.quiet_tensorflow()
import keras  # noqa: E402

_PREVIOUS_COLOR = "#9e9e9e"
_CHOSEN_COLOR = "#c62828"

#: Clave de la pérdida «pura» (entropía cruzada sin la penalización L2) en los historiales.
CE_KEY = "entropia"
#: Clave de la entropía cruzada de entrenamiento medida **sin dropout** al final de cada época
#: (solo en las redes con dropout, con hasta :data:`CLEAN_SAMPLE` ejemplos de entrenamiento).
CLEAN_KEY = "entropia_sin_dropout"
CLEAN_SAMPLE = 2000

#: Pasos de entrenamiento a partir de los cuales compensa compilar con XLA (:func:`train_model`).
XLA_MIN_STEPS = 1000
#: Por debajo de estos pasos, :func:`train_model` ejecuta un paso por llamada (se traza antes).
_MULTI_STEP_MIN_STEPS = 300


# --------------------------------------------------------------------------- validación


def _int_at_least(value: Any, minimum: int, what: str) -> int:
    return checks.integer(value, what, low=minimum)


def _float_in(value: Any, low: float, high: float, what: str, *, high_open: bool = False) -> float:
    return checks.number(value, what, low, high, open_high=high_open)


def _check_data(x, y, what: str) -> tuple[np.ndarray, np.ndarray]:
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


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def _thousands(n: int) -> str:
    return f"{int(n):,}".replace(",", " ")


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
    n_models = _int_at_least(n_models, 2, "El número de modelos (n_models)")
    n_test = _int_at_least(n_test, 1, "El número de imágenes de prueba (n_test)")
    n_fresh = _int_at_least(n_fresh, 1, "El número de imágenes nuevas (n_fresh)")
    p = _float_in(true_accuracy, 0.0, 1.0, "La exactitud real (true_accuracy)")
    rng = np.random.default_rng(_int_at_least(seed, 0, "La semilla (seed)"))
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


def selection_bias_figure(result: dict) -> Figure:
    """Figura de :func:`selection_bias`: la exactitud medida de cada modelo y la del elegido."""
    measured = 100 * np.asarray(result["measured"])
    n = len(measured)
    true = 100 * result["true_accuracy"]
    chosen = result["chosen"]
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.add_subplot()
    band = 200 * result["std_error"]
    ax.axhspan(true - band, true + band, color="#e3f2fd", zorder=0,
               label=f"ruido de medir con {_thousands(result['n_test'])} imágenes (±2 errores típicos)")
    ax.axhline(true, color="#1565c0", linewidth=2, label=f"exactitud real de todos: {true:.1f} %")
    ax.scatter(np.arange(1, n + 1), measured, color="#616161", s=30, zorder=3, label="medida en la prueba")
    ax.scatter([chosen + 1], [measured[chosen]], color=_CHOSEN_COLOR, marker="*", s=260, zorder=4,
               label=f"el «mejor»: {measured[chosen]:.1f} % en la prueba")
    fresh = 100 * result["chosen_fresh"]
    ax.annotate("", xy=(chosen + 1, fresh), xytext=(chosen + 1, measured[chosen]),
                arrowprops=dict(arrowstyle="->", color=_CHOSEN_COLOR, linewidth=1.8, shrinkA=9, shrinkB=4))
    ax.scatter([chosen + 1], [fresh], color=_CHOSEN_COLOR, s=45, zorder=4)
    side = "left" if chosen + 1 <= n / 2 else "right"
    ax.text(chosen + 1 + (0.6 if side == "left" else -0.6), fresh - 0.35,
            f"el mismo con {_thousands(result['n_fresh'])} imágenes nuevas: {fresh:.1f} %",
            ha=side, va="top", color=_CHOSEN_COLOR, fontsize=10)
    ax.set(xlabel="Configuración (todas igual de buenas en realidad)", ylabel="Exactitud (%)",
           xlim=(0, n + 1), title="Elegir con el conjunto de prueba da una nota optimista")
    low = min(measured.min(), true - band, fresh - 1.5)
    high = max(measured.max(), true + band)
    ax.set_ylim(low - 1, high + 0.45 * (high - low))  # hueco arriba para la leyenda
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper center", fontsize=8.5, ncols=2)
    return fig


# --------------------------------------------------------------------------- 2. modelos


def build_mlp(input_dim: int = 784, *, width: int = 512, depth: int = 2, l2: float = 0.0,
              dropout: float = 0.0, num_classes: int = 10, name: str = "red_densa") -> keras.Sequential:
    """Red densa ``input_dim → width × depth → num_classes`` con ReLU y softmax.

    * ``l2 > 0``: regularización L2 en los pesos de todas las capas densas
      (``kernel_regularizer=keras.regularizers.L2(l2)``); Keras suma ``l2 · Σ w²`` a la pérdida.
    * ``dropout > 0``: una capa ``Dropout(dropout)`` después de cada capa oculta.

    Ejemplo: ``build_mlp(784, width=512, depth=2)`` es la red 784 → 512 → 512 → 10 del notebook 05.
    """
    input_dim = _int_at_least(input_dim, 1, "El número de entradas (input_dim)")
    width = _int_at_least(width, 1, "El ancho (neuronas por capa oculta, width)")
    depth = _int_at_least(depth, 1, "La profundidad (número de capas ocultas, depth)")
    num_classes = _int_at_least(num_classes, 2, "El número de clases (num_classes)")
    l2 = _float_in(l2, 0.0, 1.0, "La intensidad de la regularización L2 (l2)")
    dropout = _float_in(dropout, 0.0, 1.0, "La fracción de dropout (dropout)", high_open=True)

    def regularizer():
        return keras.regularizers.L2(l2) if l2 > 0 else None

    layers: list = [keras.Input(shape=(input_dim,))]
    for i in range(1, depth + 1):
        layers.append(keras.layers.Dense(width, activation="relu", kernel_regularizer=regularizer(),
                                         name=f"oculta_{i}"))
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout_{i}"))
    layers.append(keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=regularizer(),
                                     name="salida"))
    return keras.Sequential(layers, name=name)


def count_params(input_dim: int = 784, width: int = 512, depth: int = 2, num_classes: int = 10) -> int:
    """Parámetros (pesos y sesgos) de :func:`build_mlp`, sin construir la red.

    Ejemplo: ``count_params(784, 512, 2)`` → ``669706``.
    """
    input_dim = _int_at_least(input_dim, 1, "El número de entradas (input_dim)")
    width = _int_at_least(width, 1, "El ancho (width)")
    depth = _int_at_least(depth, 1, "La profundidad (depth)")
    num_classes = _int_at_least(num_classes, 2, "El número de clases (num_classes)")
    return (input_dim + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * num_classes


class _EpochHook(keras.callbacks.Callback):
    """Llama a ``on_epoch(historial_hasta_ahora, época, épocas_totales)`` al final de cada época."""

    def __init__(self, on_epoch: Callable[[dict, int, int], None], total: int):
        super().__init__()
        self.on_epoch = on_epoch
        self.total = total
        self.history: dict[str, list[float]] = {}

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        self.on_epoch({k: list(v) for k, v in self.history.items()}, epoch + 1, self.total)


class _CleanTrainLoss(keras.callbacks.Callback):
    """Al final de cada época, la entropía cruzada de entrenamiento con la red completa (sin dropout)."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x.astype("float32", copy=False), y
        self.values: list[float] = []

    def on_epoch_end(self, epoch, logs=None):
        p = keras.ops.convert_to_numpy(self.model(self.x, training=False))
        self.values.append(_cross_entropy(p, self.y))


def train_model(
    x_train, y_train, x_val, y_val, *,
    width: int = 512,
    depth: int = 2,
    l2: float = 0.0,
    dropout: float = 0.0,
    early_stopping: bool = False,
    patience: int = 5,
    epochs: int = 40,
    batch_size: int = 32,
    learning_rate: float = 5e-4,
    seed: int = config.DEFAULT_SEED,
    fast: bool | None = None,
    live: bool = False,
    on_epoch: Callable[[dict, int, int], None] | None = None,
    keep_model: bool = True,
    label: str = "",
) -> dict:
    """Construye (:func:`build_mlp`), entrena y mide una red densa; devuelve un diccionario.

    Siempre con la misma semilla (``seed``) y el optimizador Adam, así que dos llamadas con los
    mismos argumentos dan la misma red y dos llamadas que solo cambian un remedio se pueden
    comparar. La tasa de aprendizaje por defecto, 5·10⁻⁴, es la mitad de la de Keras: con pocos
    datos, cuando la pérdida de entrenamiento se acerca a 0, Adam con 10⁻³ da saltos que
    ensucian las curvas. Con ``early_stopping=True`` usa
    ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)``.

    * ``fast``: compilar con XLA (:func:`course_lib.training.compile_model`); con ``None``, solo
      si hay al menos :data:`XLA_MIN_STEPS` pasos de entrenamiento (si no, no compensa).
    * ``live``: curvas en vivo de :func:`course_lib.training.fit` y su línea de resumen.
    * ``on_epoch(historial, época, total)``: función que se llama al final de cada época.

    Con ``dropout > 0``, el historial trae además ``entropia_sin_dropout``: la entropía cruzada
    de entrenamiento medida como la de validación (red completa, al final de cada época), con
    los primeros :data:`CLEAN_SAMPLE` ejemplos de entrenamiento.

    Claves del resultado: ``history`` (curvas por época; ``entropia`` es la entropía cruzada
    sin la penalización L2), ``train_accuracy``, ``val_accuracy``, ``train_loss`` y ``val_loss``
    (entropía cruzada) medidas **al final y sin dropout** (con los pesos restaurados si hubo
    parada temprana), ``gap`` (exactitud de entrenamiento − de validación), ``best_epoch``
    (época con la menor pérdida de validación, desde 1), ``epochs_run``, ``stopped_early``,
    ``n_params``, ``train_size``, ``seconds``, ``settings`` y ``model`` (si ``keep_model``).
    """
    x_train, y_train = _check_data(x_train, y_train, "entrenamiento")
    x_val, y_val = _check_data(x_val, y_val, "validación")
    if x_val.shape[1] != x_train.shape[1]:
        raise ValueError(
            f"Los ejemplos de validación tienen {x_val.shape[1]} valores y los de entrenamiento "
            f"{x_train.shape[1]}: prepáralos igual (normalizar y aplanar)."
        )
    epochs = _int_at_least(epochs, 1, "El número de épocas (epochs)")
    batch_size = _int_at_least(batch_size, 1, "El tamaño de lote (batch_size)")
    patience = _int_at_least(patience, 0, "La paciencia de la parada temprana (patience)")
    learning_rate = _float_in(learning_rate, 1e-8, 10.0, "La tasa de aprendizaje (learning_rate)")
    if not isinstance(early_stopping, (bool, np.bool_)):
        raise ValueError(f"early_stopping debe ser True o False, no {early_stopping!r}.")
    num_classes = max(int(y_train.max()), int(y_val.max())) + 1

    config.set_seed(seed)
    model = build_mlp(x_train.shape[1], width=width, depth=depth, l2=l2, dropout=dropout,
                      num_classes=max(num_classes, 2))  # valida width, depth, l2 y dropout
    settings = dict(train_size=len(x_train), width=int(width), depth=int(depth), l2=float(l2),
                    dropout=float(dropout), early_stopping=bool(early_stopping), patience=patience,
                    epochs=epochs, batch_size=batch_size, learning_rate=learning_rate, seed=seed)
    steps = math.ceil(len(x_train) / batch_size) * epochs
    use_xla = steps >= XLA_MIN_STEPS if fast is None else bool(fast)
    training.compile_model(
        model, optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
        metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name=CE_KEY)],
        jit_compile=use_xla,
        # En entrenamientos diminutos, un paso por llamada: se traza antes que el bucle de 64 pasos.
        steps_per_execution=training.DEFAULT_STEPS_PER_EXECUTION if steps >= _MULTI_STEP_MIN_STEPS else 1,
    )
    callbacks = []
    stopper = None
    if early_stopping:
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
        callbacks.append(stopper)
    clean = _CleanTrainLoss(x_train[:CLEAN_SAMPLE], y_train[:CLEAN_SAMPLE]) if dropout > 0 else None
    if clean is not None:
        callbacks.append(clean)
    if on_epoch is not None:
        callbacks.append(_EpochHook(on_epoch, epochs))
    start = time.perf_counter()
    history = training.fit(model, x_train.astype("float32", copy=False), y_train, epochs=epochs,
                           batch_size=batch_size, validation_data=(x_val, y_val), live=live, summary=live,
                           callbacks=callbacks, validation_batch_size=1024)
    fit_seconds = time.perf_counter() - start
    on_train = model.evaluate(x_train, y_train, batch_size=1024, verbose=0, return_dict=True)
    on_val = model.evaluate(x_val, y_val, batch_size=1024, verbose=0, return_dict=True)
    h = {k: [float(v) for v in values] for k, values in history.history.items()}
    if clean is not None:
        h[CLEAN_KEY] = list(clean.values)
    epochs_run = len(h["loss"])
    if stopper is not None:
        best_epoch = int(stopper.best_epoch) + 1
    else:
        best_epoch = int(np.argmin(h["val_loss"])) + 1
    result = {
        "label": label,
        "settings": settings,
        "history": h,
        "epochs_run": epochs_run,
        "best_epoch": best_epoch,
        "stopped_early": bool(stopper is not None and stopper.stopped_epoch > 0),
        "train_accuracy": float(on_train["accuracy"]),
        "val_accuracy": float(on_val["accuracy"]),
        "train_loss": float(on_train[CE_KEY]),
        "val_loss": float(on_val[CE_KEY]),
        "n_params": int(model.count_params()),
        "train_size": len(x_train),
        "seconds": fit_seconds,
        "xla": use_xla,
    }
    result["gap"] = result["train_accuracy"] - result["val_accuracy"]
    if keep_model:
        result["model"] = model
    return result


def describe_settings(settings: dict) -> str:
    """Una línea en español con la configuración de :func:`train_model` (para títulos y textos)."""
    capas = "capa" if settings["depth"] == 1 else "capas"
    parts = [f"{_thousands(settings['train_size'])} ejemplos",
             f"{settings['depth']} {capas} de {settings['width']}"]
    parts.append(f"L2 {settings['l2']:g}" if settings["l2"] else "sin L2")
    parts.append(f"dropout {settings['dropout']:g}" if settings["dropout"] else "sin dropout")
    parts.append("con parada temprana" if settings["early_stopping"] else "sin parada temprana")
    return " · ".join(parts)


def _result_line(result: dict) -> str:
    stop = ""
    if result["settings"]["early_stopping"]:
        stop = (f"; paró en la época {result['epochs_run']} y se quedó con los pesos de la "
                f"{result['best_epoch']}" if result["stopped_early"]
                else f"; no llegó a parar, pesos de la época {result['best_epoch']}")
    return (f"exactitud de entrenamiento {_pct(result['train_accuracy'])}, de validación "
            f"{_pct(result['val_accuracy'])} (brecha {100 * result['gap']:.1f} puntos){stop}")


# --------------------------------------------------------------------------- 3. la red que memoriza


def _curve(history: dict, key: str) -> np.ndarray:
    return np.asarray(history.get(key, history.get("loss" if key == CE_KEY else "val_loss", [])), dtype=float)


def overfitting_curves(result: dict, title: str | None = None) -> Figure:
    """Curvas de aprendizaje anotadas: dónde empieza el sobreajuste y cuánto mide la brecha.

    A la izquierda, la entropía cruzada de entrenamiento y de validación, con la época en que la
    de validación es mínima y, a partir de ahí, la zona sombreada en que empeora. A la derecha,
    la exactitud, con la brecha de generalización de la última época.
    """
    h = result["history"]
    train_loss, val_loss = _curve(h, CE_KEY), _curve(h, "val_" + CE_KEY)
    train_acc, val_acc = 100 * np.asarray(h["accuracy"]), 100 * np.asarray(h["val_accuracy"])
    epochs = np.arange(1, len(train_loss) + 1)
    best = int(np.argmin(val_loss)) + 1
    fig = Figure(figsize=(11, 4), layout="constrained")
    ax_loss, ax_acc = fig.subplots(1, 2)
    marker = "o" if len(epochs) <= 30 else None
    for ax, (train, val, name) in zip((ax_loss, ax_acc), ((train_loss, val_loss, "Pérdida (entropía cruzada)"),
                                                          (train_acc, val_acc, "Exactitud (%)"))):
        ax.plot(epochs, train, "-", color=plots.TRAIN_COLOR, marker=marker, markersize=3, linewidth=2, label="entrenamiento")
        ax.plot(epochs, val, "--", color=plots.VAL_COLOR, marker=marker, markersize=3, linewidth=2, label="validación")
        if best < len(epochs):
            ax.axvspan(best, len(epochs) + 0.5, color="#fdecea", zorder=0,
                       label="la validación ya no mejora" if ax is ax_loss else None)
        ax.axvline(best, color="#555555", linestyle=":", linewidth=1.2)
        ax.set(xlabel="Época", ylabel=name, xlim=(0.5, len(epochs) + 0.5))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
    ax_loss.scatter([best], [val_loss[best - 1]], color=plots.VAL_COLOR, s=80, zorder=5, edgecolor="black",
                    label=f"mínimo de validación (época {best})")
    ax_loss.set_ylim(bottom=0)
    rises = best < len(epochs) and val_loss[-1] > val_loss[best - 1]
    ax_loss.set_title("Pérdida: la de validación toca fondo y vuelve a subir" if rises
                      else "Pérdida: la de validación todavía no ha tocado fondo")
    last = len(epochs)
    ax_acc.annotate("", xy=(last, val_acc[-1]), xytext=(last, train_acc[-1]),
                    arrowprops=dict(arrowstyle="<->", color="#b00020", linewidth=1.8))
    ax_acc.text(last - 0.3, (train_acc[-1] + val_acc[-1]) / 2, f"brecha\n{train_acc[-1] - val_acc[-1]:.1f} puntos",
                ha="right", va="center", color="#b00020", fontsize=10)
    ax_acc.set_title("Exactitud: la brecha de generalización")
    ax_loss.legend(fontsize=9)
    ax_acc.legend(fontsize=9, loc="lower right")
    fig.suptitle(title or describe_settings(result["settings"]), fontsize=11)
    return fig


# --------------------------------------------------------------------------- 4. remedios

#: Los remedios que compara :func:`compare_remedies`: clave, nombre y cambios sobre la red base.
REMEDIES = (
    ("base", "Red grande, pocos datos", {}),
    ("mas_datos", "Más datos", {"train_size": None}),  # None: el tamaño «more_data» de compare_remedies
    ("pequena", "Modelo más pequeño", {"width": 32, "depth": 1}),
    ("l2", "Regularización L2", {"l2": 1e-3}),
    ("dropout", "Dropout", {"dropout": 0.5}),
    ("parada", "Parada temprana", {"early_stopping": True}),
    ("mas_datos_dropout", "Más datos + dropout", {"train_size": None, "dropout": 0.5}),
)


def compare_remedies(x_pool, y_pool, x_val, y_val, *, base: dict, more_data: int, epochs: int,
                     done: dict | None = None, remedies: Iterable = REMEDIES, verbose: bool = True) -> list[dict]:
    """Entrena la red base y cada remedio de :data:`REMEDIES` con la misma semilla.

    ``base`` son los argumentos de :func:`train_model` de la red que memoriza, más
    ``train_size`` (cuántos ejemplos de ``x_pool`` usa, con :func:`course_lib.training.balanced_subset`).
    ``more_data`` es el tamaño del remedio «Más datos» (los mismos ejemplos y otros nuevos).
    ``done`` permite reutilizar resultados ya entrenados (p. ej. ``{"base": resultado}``).
    Devuelve la lista de resultados de :func:`train_model`, cada uno con su ``key`` y ``label``.
    """
    base = dict(base)
    if "train_size" not in base:
        raise ValueError("Falta train_size en base: el número de ejemplos de entrenamiento de la red base.")
    x_pool, y_pool = _check_data(x_pool, y_pool, "entrenamiento (x_pool, y_pool)")
    more_data = _int_at_least(more_data, 1, "El tamaño del remedio «Más datos» (more_data)")
    if more_data > len(x_pool):
        raise ValueError(f"more_data={more_data} y solo hay {len(x_pool)} ejemplos en x_pool.")
    results = []
    for key, name, changes in remedies:
        settings = {**base, **changes}
        if "train_size" in changes and changes["train_size"] is None:
            settings["train_size"] = more_data
            name = f"{name} (×{more_data / base['train_size']:.0f})"
        if done and key in done:
            result = dict(done[key])
        else:
            size = _int_at_least(settings.pop("train_size"), 1, "train_size")
            if size > len(x_pool):
                raise ValueError(f"train_size={size} y solo hay {len(x_pool)} ejemplos en x_pool.")
            x_train, y_train = training.balanced_subset(x_pool, y_pool, size)
            result = train_model(x_train, y_train, x_val, y_val, epochs=epochs, label=name, **settings)
        result["key"], result["label"] = key, name
        if verbose:
            print(f"{name}: {_result_line(result)} · {result['seconds']:.1f} s")
        results.append(result)
    return results


def best_by_validation(results: list[dict]) -> dict:
    """El resultado con la mayor exactitud de **validación** (así se elige; nunca con la prueba)."""
    if not results:
        raise ValueError("No hay resultados entre los que elegir: entrena antes algún modelo.")
    return max(results, key=lambda r: r["val_accuracy"])


class RemedyTable:
    """Tabla de la comparación de remedios: se ve como HTML en el notebook y como texto con ``print``."""

    HEADERS = ("Remedio", "Ejemplos", "Parámetros", "Épocas", "Exactitud entr.", "Exactitud val.",
               "Brecha (puntos)", "Pérdida val.")

    def __init__(self, results: list[dict]):
        if not results:
            raise ValueError("No hay resultados que tabular: pasa la lista que devuelve compare_remedies.")
        self.results = list(results)
        self.best = best_by_validation(self.results)

    def rows(self) -> list[tuple[str, ...]]:
        out = []
        for r in self.results:
            epochs = str(r["epochs_run"])
            if r["settings"]["early_stopping"]:
                epochs += f" (pesos de la {r['best_epoch']})"
            out.append((r["label"], _thousands(r["train_size"]), _thousands(r["n_params"]), epochs,
                        _pct(r["train_accuracy"]), _pct(r["val_accuracy"]), f"{100 * r['gap']:.1f}",
                        f"{r['val_loss']:.3f}"))
        return out

    def __str__(self) -> str:
        rows = [self.HEADERS] + self.rows()
        widths = [max(len(row[i]) for row in rows) for i in range(len(self.HEADERS))]
        lines = []
        for j, row in enumerate(rows):
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
            lines.append("  ".join(cells))
            if j == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(h)}</th>"
                       for i, h in enumerate(self.HEADERS))
        body = []
        for r, row in zip(self.results, self.rows()):
            style = " style='font-weight:bold;background:#e8f5e9'" if r is self.best else ""
            cells = "".join(f"<td style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(c)}</td>"
                            for i, c in enumerate(row))
            body.append(f"<tr{style}>{cells}</tr>")
        note = ("<caption style='caption-side:bottom;text-align:left'>Exactitudes y pérdida medidas al final, "
                "sin dropout. Brecha = entrenamiento − validación. En verde, la mejor en validación.</caption>")
        return f"<table>{note}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def remedies_table(results: list[dict]) -> RemedyTable:
    """Tabla de la comparación: ejemplos, parámetros, épocas, exactitudes, brecha y pérdida de validación."""
    return RemedyTable(results)


def remedies_figure(results: list[dict]) -> Figure:
    """Una figura con la comparación de remedios.

    A la izquierda, la pérdida de validación (entropía cruzada) de cada remedio época a época;
    a la derecha, la exactitud final de entrenamiento y de validación de cada uno, unidas por
    una línea cuya longitud es la brecha de generalización.
    """
    if not results:
        raise ValueError("No hay resultados que dibujar: pasa la lista que devuelve compare_remedies.")
    fig = Figure(figsize=(12, 4.6), layout="constrained")
    ax_curves, ax_gap = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    colors = ["#212121", "#2e7d32", "#6a1b9a", "#1565c0", "#ef6c00", "#c62828", "#00838f", "#8d6e63"]
    for i, r in enumerate(results):
        color = colors[i % len(colors)]
        val = _curve(r["history"], "val_" + CE_KEY)
        epochs = np.arange(1, len(val) + 1)
        ax_curves.plot(epochs, val, color=color, linewidth=2.6 if i == 0 else 1.8, label=r["label"])
        if r["settings"]["early_stopping"]:
            ax_curves.scatter([r["best_epoch"]], [val[r["best_epoch"] - 1]], marker="*", s=220, color=color,
                              edgecolor="black", zorder=5, label="pesos restaurados")
    ax_curves.set(xlabel="Época", ylabel="Pérdida de validación (entropía cruzada)",
                  title="Pérdida de validación por época")
    bottom, top = ax_curves.get_ylim()
    ax_curves.set_ylim(0, top + 0.4 * (top - bottom))  # hueco arriba para la leyenda
    ax_curves.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_curves.grid(True, alpha=0.3)
    ax_curves.legend(fontsize=8.5, ncols=2, loc="upper center")
    y = np.arange(len(results))[::-1]
    best = best_by_validation(results)
    for yi, r, i in zip(y, results, range(len(results))):
        train, val = 100 * r["train_accuracy"], 100 * r["val_accuracy"]
        ax_gap.plot([val, train], [yi, yi], color="#bdbdbd", linewidth=4, zorder=1, solid_capstyle="round")
        ax_gap.scatter([train], [yi], color=plots.TRAIN_COLOR, s=70, zorder=3, label="entrenamiento" if i == 0 else None)
        ax_gap.scatter([val], [yi], color=plots.VAL_COLOR, s=70, zorder=3, edgecolor="black" if r is best else None,
                       label="validación" if i == 0 else None)
        ax_gap.text(val - 0.6, yi + 0.18, f"{val:.1f} %", ha="right", va="bottom", fontsize=8.5,
                    fontweight="bold" if r is best else None)
        ax_gap.text(train + 0.6, yi + 0.18, f"brecha {train - val:.1f}", ha="left", va="bottom", fontsize=8.5,
                    color="#555555")
    lows = [100 * r["val_accuracy"] for r in results]
    ax_gap.set_xlim(min(lows) - 6, 106)
    ax_gap.set_ylim(-0.7, len(results) + 0.4)  # hueco arriba para la leyenda
    ax_gap.set_yticks(y, [r["label"] for r in results])
    ax_gap.set(xlabel="Exactitud final (%), medida sin dropout", title="Entrenamiento frente a validación")
    ax_gap.grid(True, axis="x", alpha=0.3)
    ax_gap.legend(fontsize=8.5, loc="upper center", ncols=2)
    fig.suptitle("Remedios del sobreajuste (misma semilla, mismos datos de validación)", fontsize=12)
    return fig


# --------------------------------------------------------------------------- 5. dropout y pérdidas


def _cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    p = np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)
    return float(-np.mean(np.log(p)))


def dropout_losses(model: keras.Model, x_train, y_train, x_val, y_val, *, repeats: int = 3,
                   batch_size: int = 1024) -> dict:
    """Entropía cruzada de una red con *dropout* medida de tres maneras.

    * ``train_dropout_on``: con los datos de entrenamiento y el dropout **activo**
      (``training=True``, media de ``repeats`` pasadas): lo que Keras mide al entrenar;
    * ``train_dropout_off``: con los mismos datos y la red **completa** (``training=False``);
    * ``val``: con los datos de validación y la red completa: lo que Keras mide al validar.

    Sin la penalización L2: solo el error de las predicciones.
    """
    if not isinstance(model, keras.Model):
        raise ValueError(f"dropout_losses espera un modelo de Keras, no {type(model).__name__}.")
    x_train, y_train = _check_data(x_train, y_train, "entrenamiento")
    x_val, y_val = _check_data(x_val, y_val, "validación")
    repeats = _int_at_least(repeats, 1, "El número de repeticiones (repeats)")
    batch_size = _int_at_least(batch_size, 1, "El tamaño de lote (batch_size)")

    def probabilities(x, training_flag):
        parts = [keras.ops.convert_to_numpy(model(x[i:i + batch_size].astype("float32"), training=training_flag))
                 for i in range(0, len(x), batch_size)]
        return np.concatenate(parts)

    on = float(np.mean([_cross_entropy(probabilities(x_train, True), y_train) for _ in range(repeats)]))
    return {
        "train_dropout_on": on,
        "train_dropout_off": _cross_entropy(probabilities(x_train, False), y_train),
        "val": _cross_entropy(probabilities(x_val, False), y_val),
        "has_dropout": any(isinstance(layer, keras.layers.Dropout) for layer in model.layers),
    }


def dropout_curves(result: dict, title: str | None = None) -> Figure:
    """Por qué, con dropout, la pérdida de validación puede quedar por debajo de la de entrenamiento.

    Tres curvas de entropía cruzada por época: la de entrenamiento que muestra Keras (con el
    dropout activo y promediada durante la época), la de entrenamiento medida igual que la de
    validación (red completa, al final de la época) y la de validación. Se sombrean las épocas en
    que la validación queda por debajo de lo que muestra Keras. ``result`` es un resultado de
    :func:`train_model` con ``dropout > 0``.
    """
    h = result["history"]
    if CLEAN_KEY not in h:
        raise ValueError(
            "Este resultado no tiene la pérdida de entrenamiento sin dropout: usa un resultado de "
            "train_model con dropout > 0 (p. ej. el remedio «Dropout»)."
        )
    shown, clean, val = _curve(h, CE_KEY), np.asarray(h[CLEAN_KEY]), _curve(h, "val_" + CE_KEY)
    epochs = np.arange(1, len(shown) + 1)
    fig = Figure(figsize=(9.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    below = val < shown
    for e in epochs[below]:
        ax.axvspan(e - 0.5, e + 0.5, color="#e8f5e9", zorder=0, linewidth=0)
    marker = "o" if len(epochs) <= 30 else None
    ax.plot(epochs, shown, "-", color=plots.TRAIN_COLOR, marker=marker, markersize=3, linewidth=2.2,
            label="entrenamiento, como lo muestra Keras (dropout activo, media de la época)")
    ax.plot(epochs, clean, ":", color=plots.TRAIN_COLOR, linewidth=2.4,
            label="entrenamiento, medido como la validación (sin dropout, al final de la época)")
    ax.plot(epochs, val, "--", color=plots.VAL_COLOR, marker=marker, markersize=3, linewidth=2.2, label="validación")
    if below.any():
        ax.fill_between([], [], color="#e8f5e9", label="épocas con la validación por debajo de lo que muestra Keras")
    ax.set(xlabel="Época", ylabel="Pérdida (entropía cruzada)", xlim=(0.5, len(epochs) + 0.5))
    bottom, top = ax.get_ylim()
    ax.set_ylim(0, top + 0.45 * (top - bottom))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, loc="upper right")
    ax.set_title(title or f"{result.get('label') or describe_settings(result['settings'])}: dos formas de medir "
                 "la pérdida de entrenamiento")
    return fig


# --------------------------------------------------------------------------- 6. laboratorio

#: Valores de los controles del laboratorio.
LAB_SIZES = (250, 500, 1000, 2000, 4000, 8000)
LAB_WIDTHS = (16, 32, 64, 128, 256, 512)
LAB_L2 = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
LAB_BATCH_SIZE = 32

#: Operaciones de coma flotante por segundo que se suponen al estimar la duración de un
#: entrenamiento del laboratorio (red densa pequeña y lotes de 32 en una CPU de portátil).
LAB_FLOPS_PER_SECOND = 15e9
#: Duración máxima estimada de un entrenamiento del laboratorio, en segundos.
LAB_MAX_SECONDS = 10.0


def lab_seconds(train_size: int, width: int, depth: int, epochs: int, input_dim: int = 784) -> float:
    """Duración estimada (s) de un entrenamiento del laboratorio en una CPU de portátil.

    Cada ejemplo cuesta unas 6 operaciones por parámetro y época (2 hacia delante, 4 hacia atrás).
    """
    params = count_params(input_dim, width, depth)
    return 6.0 * params * train_size * epochs / LAB_FLOPS_PER_SECOND


def _max_width(train_size: int, depth: int, epochs: int, input_dim: int) -> int | None:
    fitting = [w for w in LAB_WIDTHS if lab_seconds(train_size, w, depth, epochs, input_dim) <= LAB_MAX_SECONDS]
    return max(fitting) if fitting else None


def run_lab(x_pool, y_pool, x_val, y_val, *, train_size: int, width: int, depth: int, l2: float,
            dropout: float, early_stopping: bool, epochs: int, patience: int = 5,
            seed: int = config.DEFAULT_SEED,
            on_epoch: Callable[[dict, int, int], None] | None = None) -> dict:
    """Cálculo del laboratorio de sobreajuste: entrena una red con los valores de los controles.

    Toma los ``train_size`` primeros ejemplos equilibrados de ``x_pool`` y entrena con
    :func:`train_model` (sin XLA: cada configuración es una red nueva). Rechaza con un
    ``ValueError`` en español los valores imposibles y las combinaciones que tardarían más de
    :data:`LAB_MAX_SECONDS` en una CPU de portátil.
    """
    x_pool, y_pool = _check_data(x_pool, y_pool, "entrenamiento (x_pool, y_pool)")
    train_size = _int_at_least(train_size, 1, "El tamaño del conjunto de entrenamiento")
    width = _int_at_least(width, 1, "El ancho (neuronas por capa)")
    depth = _int_at_least(depth, 1, "La profundidad (capas ocultas)")
    epochs = _int_at_least(epochs, 1, "El número de épocas")
    if train_size > len(x_pool):
        raise ValueError(
            f"Has pedido {_thousands(train_size)} ejemplos de entrenamiento y en este modo solo hay "
            f"{_thousands(len(x_pool))}: elige un tamaño menor (o ejecuta el notebook en modo completo)."
        )
    num_classes = int(y_pool.max()) + 1
    if train_size < num_classes:
        raise ValueError(
            f"Con {train_size} ejemplos no hay ni uno por clase ({num_classes} clases): usa al menos {num_classes}."
        )
    estimate = lab_seconds(train_size, width, depth, epochs, x_pool.shape[1])
    if estimate > LAB_MAX_SECONDS:
        suggestion = _max_width(train_size, depth, epochs, x_pool.shape[1])
        advice = (f"con {_thousands(train_size)} ejemplos y {depth} {'capa' if depth == 1 else 'capas'}, "
                  f"usa como mucho {suggestion} neuronas por capa" if suggestion
                  else "reduce la profundidad o el número de ejemplos")
        raise ValueError(
            f"Esta red tardaría unos {math.ceil(estimate)} s en entrenar y el laboratorio está pensado para "
            f"respuestas de pocos segundos (máximo {LAB_MAX_SECONDS:.0f} s): {advice}."
        )
    x_train, y_train = training.balanced_subset(x_pool, y_pool, train_size)
    return train_model(x_train, y_train, x_val, y_val, width=width, depth=depth, l2=l2, dropout=dropout,
                       early_stopping=bool(early_stopping), patience=patience, epochs=epochs,
                       batch_size=LAB_BATCH_SIZE, seed=seed, fast=False, on_epoch=on_epoch, keep_model=False)


def draw_lab(result: dict) -> Figure:
    """Vista del laboratorio: pérdida y exactitud por época y las exactitudes finales.

    Si ``result`` trae ``previous`` (el resultado anterior), sus curvas de validación se dibujan
    en gris para comparar. Si trae ``partial=True`` (entrenamiento en curso), solo las curvas.
    """
    h = result["history"]
    settings = result["settings"]
    total = settings["epochs"]
    done = len(h.get("loss", []))
    previous = result.get("previous")
    fig = Figure(figsize=(12, 3.9), layout="constrained")
    ax_loss, ax_acc, ax_bar = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 0.62]})
    epochs = np.arange(1, done + 1)
    marker = "o" if total <= 30 else None
    for ax, train_key, val_key, scale, ylabel, name in (
            (ax_loss, CE_KEY, "val_" + CE_KEY, 1.0, "Entropía cruzada", "Pérdida"),
            (ax_acc, "accuracy", "val_accuracy", 100.0, "Exactitud (%)", "Exactitud")):
        if previous is not None:
            pv = _curve(previous["history"], val_key) * scale
            ax.plot(np.arange(1, len(pv) + 1), pv, ":", color=_PREVIOUS_COLOR, linewidth=2,
                    label="validación (configuración anterior)")
        if done:
            ax.plot(epochs, _curve(h, train_key) * scale, "-", color=plots.TRAIN_COLOR, marker=marker, markersize=3,
                    linewidth=2, label="entrenamiento")
            ax.plot(epochs, _curve(h, val_key) * scale, "--", color=plots.VAL_COLOR, marker=marker, markersize=3,
                    linewidth=2, label="validación")
        if not result.get("partial") and settings["early_stopping"]:
            ax.axvline(result["best_epoch"], color="#2e7d32", linestyle="-.", linewidth=1.5,
                       label=f"pesos restaurados (época {result['best_epoch']})")
        ax.set(title=name, xlabel="Época", ylabel=ylabel, xlim=(0.5, total + 0.5))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
    ax_loss.set_ylim(bottom=0)
    ax_loss.legend(fontsize=8)
    ax_acc.legend(fontsize=8, loc="lower right")

    if result.get("partial"):
        ax_bar.set_axis_off()
        ax_bar.text(0.5, 0.5, f"Entrenando…\népoca {done} de {total}", ha="center", va="center", fontsize=13,
                    transform=ax_bar.transAxes)
    else:
        values = [100 * result["train_accuracy"], 100 * result["val_accuracy"]]
        bars = ax_bar.bar(["Entrenamiento", "Validación"], values, color=[plots.TRAIN_COLOR, plots.VAL_COLOR], width=0.6)
        ax_bar.bar_label(bars, labels=[f"{v:.1f} %" for v in values], fontsize=9)
        if previous is not None:
            ax_bar.scatter([0, 1], [100 * previous["train_accuracy"], 100 * previous["val_accuracy"]],
                           marker="_", s=900, linewidths=2.5, color="#424242", zorder=4, label="antes")
            ax_bar.legend(fontsize=8, loc="lower center")
        ax_bar.set_ylim(0, 112)
        ax_bar.set_ylabel("Exactitud final (%)")
        ax_bar.set_title(f"Brecha: {100 * result['gap']:.1f} puntos")
        ax_bar.grid(True, axis="y", alpha=0.3)
    fig.suptitle(describe_settings(settings), fontsize=11)
    return fig


def summarize_lab(result: dict) -> str:
    """Una línea en español con el resultado del laboratorio (y el cambio respecto al anterior)."""
    line = (f"{describe_settings(result['settings'])} → {_result_line(result)} · "
            f"{result['epochs_run']} épocas en {result['seconds']:.1f} s")
    previous = result.get("previous")
    if previous is not None:
        change = 100 * (result["val_accuracy"] - previous["val_accuracy"])
        line += f" · validación {change:+.1f} puntos respecto a la anterior"
    return line + "."


def overfitting_lab(x_pool, y_pool, x_val, y_val, *, epochs: int | None = None, sizes: Iterable[int] | None = None,
                    seed: int = config.DEFAULT_SEED, live_interval: float = 1.0):
    """Laboratorio de sobreajuste: tamaño del conjunto de entrenamiento, ancho, profundidad, L2,
    dropout y parada temprana → entrena → curvas en vivo y exactitudes finales.

    Cada cambio de un control entrena una red nueva (unos segundos; las curvas se redibujan
    mientras entrena, como mucho cada ``live_interval`` s). Las configuraciones ya entrenadas
    se recuerdan, así que volver a una es instantáneo. En gris, la configuración anterior.
    ``epochs`` por defecto: 30 en modo completo y 4 en modo rápido.
    """
    import ipywidgets as w

    from course_lib.widgets import Explorer

    x_pool, y_pool = _check_data(x_pool, y_pool, "entrenamiento (x_pool, y_pool)")
    _check_data(x_val, y_val, "validación")
    epochs = _int_at_least(config.pick(full=30, quick=4) if epochs is None else epochs, 1, "epochs")
    options = sorted(int(s) for s in (sizes if sizes is not None else LAB_SIZES) if 0 < s <= len(x_pool))
    if not options:
        options = [len(x_pool)]
    start_size = 1000 if 1000 in options[:-1] else options[max(0, len(options) // 2 - 1)]
    style = {"description_width": "11em"}
    layout = w.Layout(width="32em")
    controls = {
        "train_size": w.SelectionSlider(options=[(_thousands(s), s) for s in options], value=start_size,
                                        description="Ejemplos de entrenamiento", continuous_update=False,
                                        style=style, layout=layout),
        "width": w.SelectionSlider(options=list(LAB_WIDTHS), value=256, description="Neuronas por capa",
                                   continuous_update=False, style=style, layout=layout),
        "depth": w.IntSlider(value=2, min=1, max=3, description="Capas ocultas", continuous_update=False,
                             style=style, layout=layout),
        "l2": w.SelectionSlider(options=[("0" if v == 0 else f"{v:g}", v) for v in LAB_L2], value=0.0,
                                description="Regularización L2", continuous_update=False, style=style,
                                layout=layout),
        "dropout": w.FloatSlider(value=0.0, min=0.0, max=0.7, step=0.1, readout_format=".1f",
                                 description="Dropout", continuous_update=False, style=style, layout=layout),
        "early_stopping": w.Checkbox(value=False, description="Parada temprana (paciencia 5, mejores pesos)",
                                     indent=False),
    }
    cache: dict[tuple, dict] = {}
    state: dict[str, Any] = {"previous": None, "last_draw": 0.0}

    def live(history: dict, epoch: int, total: int) -> None:
        now = time.perf_counter()
        if epoch >= total or now - state["last_draw"] < live_interval:
            return
        partial = {"history": history, "settings": state["settings"], "partial": True,
                   "previous": state["previous"]}
        explorer.figure.update(draw_lab(partial))
        state["last_draw"] = time.perf_counter()

    def compute(train_size, width, depth, l2, dropout, early_stopping):
        key = (train_size, width, depth, float(l2), round(float(dropout), 3), bool(early_stopping))
        if key not in cache:
            state["settings"] = dict(train_size=train_size, width=width, depth=depth, l2=float(l2),
                                     dropout=float(dropout), early_stopping=bool(early_stopping), epochs=epochs)
            state["last_draw"] = time.perf_counter()
            cache[key] = run_lab(x_pool, y_pool, x_val, y_val, train_size=train_size, width=width, depth=depth,
                                 l2=l2, dropout=round(float(dropout), 3), early_stopping=early_stopping,
                                 epochs=epochs, seed=seed, on_epoch=live)
        result = dict(cache[key])
        previous = state["previous"]
        if previous is not None and previous["key"] != key:
            result["previous"] = previous
        state["previous"] = {k: v for k, v in result.items() if k != "previous"} | {"key": key}
        return result

    explorer = Explorer(controls, compute, draw_lab, summarize_lab, title="Laboratorio de sobreajuste")
    return explorer
