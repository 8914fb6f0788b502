"""Figuras del curso: figura en vivo, rejillas de imágenes, curvas de aprendizaje,
matriz de confusión y ejemplos mal clasificados.

Todas las funciones crean figuras con ``matplotlib.figure.Figure`` (sin el estado global de
``pyplot``) y las devuelven, de modo que se pueden probar sin pantalla. Para mostrar una figura
en el notebook usa :func:`show` o :class:`LiveFigure`.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from matplotlib.figure import Figure

from course_lib import checks
from course_lib.rendering import FrameRenderer, Painter, figure_to_png


class LiveFigure:
    """Una figura que se actualiza en su sitio dentro de la salida de una celda.

    La primera llamada a :meth:`update` muestra la imagen; las siguientes la sustituyen
    (mensaje ``update_display_data`` de Jupyter), sin borrar el resto de la salida de la
    celda. Funciona en JupyterLab, Notebook 7, VS Code y Colab. Donde no hay interfaz en vivo
    (nbval, nbconvert, HTML exportado) queda guardada la última imagen como figura estática.

    Para que cada fotograma salga deprisa, la figura se dibuja una sola vez, sobre un mismo
    lienzo Agg y, si tiene la misma estructura que la anterior, con la colocación ya calculada
    (:class:`course_lib.rendering.FrameRenderer`; nada queda cortado). ``last_seconds`` es lo
    que tardó en convertirse en imagen el último fotograma.
    """

    def __init__(self, dpi: int = 100):
        self.dpi = dpi
        self._handle = None
        self._renderer = FrameRenderer(dpi)
        self.updates = 0
        self.last_png: bytes | None = None
        self.last_seconds = 0.0

    def render(self, fig: Figure, exact: bool = False) -> bytes:
        """Los bytes PNG de ``fig`` con el lienzo de esta figura en vivo (sin mostrarlos)."""
        self._renderer.dpi = self.dpi
        return self._renderer.render(fig, exact=exact)

    def update(self, fig: Figure, *, exact: bool = False) -> None:
        """Muestra ``fig`` (o sustituye la imagen mostrada antes por ``fig``).

        Con ``exact=True`` la figura se coloca desde cero, como con :func:`show` (para el último
        fotograma, el que queda en el notebook). Fuera de IPython (un script) no muestra nada:
        solo guarda la imagen en ``last_png``.
        """
        import time

        from IPython import get_ipython
        from IPython.display import Image, display

        start = time.perf_counter()
        self.last_png = self.render(fig, exact=exact)
        self.last_seconds = time.perf_counter() - start
        self.updates += 1
        if get_ipython() is None:
            return
        image = Image(data=self.last_png, format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)


def show(fig: Figure, dpi: int = 100) -> None:
    """Muestra una figura como imagen estática en la salida de la celda."""
    LiveFigure(dpi=dpi).update(fig)


# --------------------------------------------------------------------------- entrenamiento y clasificación

#: Colores de las curvas de entrenamiento y de validación en todas las figuras del curso.
TRAIN_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e"
_RIGHT_COLOR, _WRONG_COLOR = "#222222", "#c62828"
_ACCURACY_KEYS = ("accuracy", "acc", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy")


def _accuracy_key(history: dict, prefix: str = "") -> str | None:
    """Nombre de la métrica de exactitud en un historial de Keras (``prefix="val_"`` para validación)."""
    for key in _ACCURACY_KEYS:
        if history.get(prefix + key):
            return prefix + key
    return None


def _history_value(key, value) -> float:
    """Un valor de una métrica del historial: un número (``nan`` incluido: una pérdida que diverge)."""
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return float("nan")
    try:
        return checks.number(value, f"Cada valor de «{key}» en el historial")
    except ValueError as exc:
        raise ValueError(f"{exc} El historial debe tener una lista de números por métrica, "
                         "como history.history de Keras.") from None


def _history_dict(history) -> dict[str, list[float]]:
    """Diccionario ``métrica -> valores por época`` a partir de un ``History`` o de su ``.history``."""
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict):
        raise TypeError(
            "Se esperaba el historial de entrenamiento: lo que devuelve fit (un History de Keras) "
            f"o su diccionario history.history, no {type(history).__name__}."
        )
    out = {}
    for key, values in raw.items():
        values = [_history_value(key, v) for v in (values if isinstance(values, (list, tuple, np.ndarray))
                                                   else [values])]
        if values:
            out[str(key)] = values
    lengths = {key: len(v) for key, v in out.items()}
    if not out:
        raise ValueError("El historial está vacío: entrena al menos una época antes de dibujar las curvas.")
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{k}: {n}" for k, n in lengths.items())
        raise ValueError(f"Las métricas del historial no tienen el mismo número de épocas ({detail}).")
    return out


def curves_data(history, total_epochs: int | None = None, title: str | None = None) -> SimpleNamespace:
    """Lo que dibujan las curvas de aprendizaje, comprobado: el historial (``history``), los paneles
    (``panels``), las épocas hechas (``done``) y las del eje (``total``), y el título (``title``).
    Es el resultado que recibe :class:`LearningCurvesPainter`."""
    h = _history_dict(history)
    if total_epochs is not None and (isinstance(total_epochs, (bool, np.bool_))
                                     or not isinstance(total_epochs, (int, np.integer)) or total_epochs < 1):
        raise ValueError(f"total_epochs debe ser un entero positivo o None, no {total_epochs!r}.")
    panels = []
    if "loss" in h or "val_loss" in h:
        panels.append(("Pérdida", "Pérdida", "loss", "val_loss", 1.0))
    if _accuracy_key(h) or _accuracy_key(h, "val_"):
        panels.append(("Exactitud", "Exactitud (%)", _accuracy_key(h), _accuracy_key(h, "val_"), 100.0))
    if not panels:
        raise ValueError(
            "El historial no tiene pérdida ni exactitud que dibujar; sus métricas son: " + ", ".join(h) + "."
        )
    done = len(next(iter(h.values())))
    return SimpleNamespace(history=h, panels=tuple(panels), done=done,
                           total=max(int(total_epochs or done), done), title=title)


_CURVES = (("entrenamiento", TRAIN_COLOR, "-"), ("validación", VAL_COLOR, "--"))


def _fix_ticks(axis, locator) -> None:
    """Las marcas de ``locator`` y sus números (los de ``ScalarFormatter``, el formato por defecto)
    para la escala que ya tiene ``axis``, calculados una vez y fijados: matplotlib ya no los vuelve a
    calcular cada vez que mide el eje al dibujarlo (varias por dibujo), y son los mismos."""
    from matplotlib.ticker import FixedFormatter, FixedLocator, ScalarFormatter

    locator.set_axis(axis)
    formatter = ScalarFormatter()
    formatter.set_axis(axis)
    ticks = locator()
    fixed = FixedFormatter(formatter.format_ticks(ticks))
    fixed.set_offset_string(formatter.get_offset())
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(fixed)


class LearningCurvesPainter(Painter):
    """Las curvas de aprendizaje sobre una misma figura: las curvas en vivo
    (:class:`course_lib.training.LiveCurves`) solo cambian, época a época, los datos de las líneas,
    la escala vertical, el eje horizontal y el título. El resultado es :func:`curves_data`; se
    construye de nuevo si cambian los paneles, las curvas o los marcadores (más de 30 épocas)."""

    def structure(self, data):
        keys = tuple((panel, tuple(key in data.history for key in panel[2:4] if key)) for panel in data.panels)
        return keys, data.total <= 30

    def build(self, data):
        marker = "o" if data.total <= 30 else None
        fig = Figure(figsize=(5.2 * len(data.panels), 3.9), layout="constrained")
        axes = fig.subplots(1, len(data.panels), squeeze=False)[0]
        lines = []
        for ax, (name, ylabel, train_key, val_key, scale) in zip(axes, data.panels):
            for key, (label, color, style) in zip((train_key, val_key), _CURVES):
                if key and key in data.history:
                    line, = ax.plot([], [], style, color=color, marker=marker, markersize=4, linewidth=2,
                                    label=label)
                    lines.append((ax, line, key, scale, label))
            # y=1.0: el título en su sitio de siempre, sin buscar cada vez si algo lo tapa (solo
            # podría taparlo el desplazamiento del eje vertical, en la esquina izquierda).
            ax.set_title(name, y=1.0)
            ax.set(xlabel="Época", ylabel=ylabel)
            ax.grid(True, alpha=0.3)
            ax.legend()
        return fig, (axes, lines, fig.suptitle("", fontsize=11))

    def update(self, parts, data):
        from matplotlib.ticker import MaxNLocator

        axes, lines, suptitle = parts
        epochs = np.arange(1, data.done + 1)
        summary = {ax: [] for ax in axes}
        for ax, line, key, scale, label in lines:
            line.set_data(epochs, np.asarray(data.history[key]) * scale)
            last = data.history[key][-1] * scale
            value = f"{last:.1f} %" if scale == 100.0 else f"{last:.4f}"
            summary[ax].append(value if label == "entrenamiento" else f"val. {value}")
        for ax in axes:
            ax.set_xlim(0.5, data.total + 0.5)
            _fix_ticks(ax.xaxis, MaxNLocator(integer=True))   # épocas enteras
            ax.relim()                                        # la escala vertical, de los datos
            ax.autoscale_view(scalex=False)
        head = data.title or f"Época {data.done}/{data.total}"
        panels = (f"{panel[0].lower()} {' · '.join(summary[ax])}" for ax, panel in zip(axes, data.panels))
        suptitle.set_text(f"{head}  —  " + "  |  ".join(panels))


def learning_curves(history, total_epochs: int | None = None, title: str | None = None) -> Figure:
    """Curvas de aprendizaje: pérdida y exactitud por época, en entrenamiento y en validación.

    ``history`` es lo que devuelve ``fit`` (un ``History`` de Keras) o su diccionario
    ``history.history``. Dibuja los paneles que puede: si no hay exactitud, solo la pérdida; si
    no hay validación, solo las curvas de entrenamiento. ``total_epochs`` fija el eje horizontal
    (útil durante el entrenamiento, para que no cambie de escala). El título resume la última
    época. Ejemplo::

        plots.show(plots.learning_curves(history))
    """
    return LearningCurvesPainter().fresh(curves_data(history, total_epochs, title))


def _as_images(images) -> np.ndarray:
    """Imágenes ``(n, alto, ancho)`` o ``(n, alto, ancho, 3)``; acepta también ``(n, 784)`` y ``(n, 28, 28, 1)``."""
    x = checks.numeric_array(images, "Las imágenes", allow_empty=True)
    if x.ndim == 2:
        side = int(round(np.sqrt(x.shape[1])))
        if side * side != x.shape[1]:
            raise ValueError(
                f"Las imágenes tienen forma {x.shape}: si están aplanadas, {x.shape[1]} píxeles no forman "
                "una imagen cuadrada. Pasa las imágenes con forma (n, alto, ancho); para una sola imagen, "
                "usa imagen[None]."
            )
        x = x.reshape(len(x), side, side)
    elif x.ndim == 4:
        if x.shape[-1] == 1:
            x = x[..., 0]
        elif x.shape[-1] not in (3, 4):
            raise ValueError(f"Las imágenes tienen forma {x.shape}: el último eje debe tener 1, 3 o 4 canales.")
    elif x.ndim != 3:
        raise ValueError(
            f"Las imágenes deben tener forma (n, alto, ancho), (n, alto, ancho, canales) o (n, píxeles), "
            f"y tienen forma {x.shape}."
        )
    if len(x) == 0:
        raise ValueError("No hay imágenes que dibujar: el array está vacío.")
    return x


def _class_name_list(class_names) -> list:
    if isinstance(class_names, (str, bytes)) or not hasattr(class_names, "__iter__"):
        raise ValueError(f"class_names debe ser una lista de nombres, uno por clase (p. ej. "
                         f"data.FASHION_MNIST_CLASSES), no {class_names!r}.")
    return list(class_names)


def _class_namer(class_names, *arrays: np.ndarray):
    if class_names is None:
        return str
    names = _class_name_list(class_names)
    top = max((int(a.max()) for a in arrays if a is not None and a.size), default=-1)
    if top >= len(names):
        raise ValueError(
            f"Hay una clase {top} y class_names solo tiene {len(names)} nombres (clases 0 a {len(names) - 1})."
        )
    return lambda c: str(names[int(c)])


def _check_ncols(ncols) -> int:
    if not isinstance(ncols, (int, np.integer)) or isinstance(ncols, bool) or ncols < 1:
        raise ValueError(f"ncols (el número de columnas) debe ser un entero positivo, no {ncols!r}.")
    return int(ncols)


def _grid(images: np.ndarray, captions, colors, ncols: int, title: str | None) -> Figure:
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig = Figure(figsize=(1.45 * ncols, 1.55 * nrows + (0.4 if title else 0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= n:
            continue
        image = images[i]
        ax.imshow(image, cmap=None if image.ndim == 3 else "gray", interpolation="nearest")
        if captions[i]:
            ax.set_title(captions[i], fontsize=9, color=colors[i])
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def image_grid(images, labels=None, predictions=None, class_names=None, ncols: int = 8,
               title: str | None = None) -> Figure:
    """Rejilla de imágenes con su etiqueta y, si se dan, las predicciones.

    Con ``predictions`` cada imagen lleva «real X / predicha Y», en rojo si la predicción es
    errónea. ``labels`` y ``predictions`` pueden ser clases enteras, one-hot o probabilidades.
    ``images``: ``(n, alto, ancho)``, ``(n, alto, ancho, 1 o 3)`` o aplanadas ``(n, 784)``.
    Ejemplo::

        plots.show(plots.image_grid(x_test[:16], y_test[:16], model.predict(x_test[:16])))
    """
    x = _as_images(images)
    ncols = _check_ncols(ncols)
    y = None if labels is None else checks.class_labels(labels, "Las etiquetas", n=len(x))
    p = None if predictions is None else checks.class_labels(predictions, "Las predicciones", n=len(x))
    name = _class_namer(class_names, y, p)
    captions, colors = [], []
    for i in range(len(x)):
        color = _RIGHT_COLOR
        if y is not None and p is not None:
            caption = f"real {name(y[i])} / predicha {name(p[i])}"
            if y[i] != p[i]:
                color = _WRONG_COLOR
        elif p is not None:
            caption = f"predicha {name(p[i])}"
        elif y is not None:
            caption = name(y[i])
        else:
            caption = ""
        captions.append(caption)
        colors.append(color)
    return _grid(x, captions, colors, ncols, title)


def compute_confusion_matrix(y_true, y_pred, num_classes: int | None = None,
                             normalize: bool = False) -> np.ndarray:
    """Matriz de confusión: la fila es la clase real y la columna la predicha.

    ``m[i, j]`` cuenta los ejemplos de la clase ``i`` que el modelo clasificó como ``j``; la
    diagonal son los aciertos. Con ``normalize=True`` cada fila se divide entre su total (la
    fracción de cada clase real que acaba en cada predicción). Acepta clases enteras, one-hot o
    probabilidades. Ejemplo: ``compute_confusion_matrix([0, 1, 1], [0, 1, 0])`` →
    ``[[1, 0], [1, 1]]``.
    """
    t = checks.class_labels(y_true, "Las etiquetas reales")
    p = checks.class_labels(y_pred, "Las predicciones", n=len(t))
    if len(t) == 0:
        raise ValueError("No hay ejemplos: las etiquetas están vacías.")
    top = int(max(t.max(), p.max())) + 1
    if num_classes is None:
        num_classes = top
    elif not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(f"num_classes debe ser un entero positivo, no {num_classes!r}.")
    elif top > num_classes:
        raise ValueError(f"Hay una clase {top - 1} y num_classes={num_classes} (clases 0 a {num_classes - 1}).")
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (t, p), 1)
    if normalize:
        totals = matrix.sum(axis=1, keepdims=True)
        return np.divide(matrix, totals, out=np.zeros(matrix.shape, dtype=float), where=totals > 0)
    return matrix


def confusion_matrix(y_true, y_pred, class_names=None, normalize: bool = False,
                     title: str | None = None) -> Figure:
    """Figura de la matriz de confusión con el número de ejemplos en cada casilla.

    Filas: «Clase real»; columnas: «Clase predicha». Con ``normalize=True`` cada casilla muestra
    el porcentaje de su fila. El título incluye la exactitud. Ejemplo::

        plots.show(plots.confusion_matrix(y_test, model.predict(x_test)))
    """
    t = checks.class_labels(y_true, "Las etiquetas reales")
    p = checks.class_labels(y_pred, "Las predicciones", n=len(t))
    num_classes = None if class_names is None else len(_class_name_list(class_names))
    if class_names is not None:
        _class_namer(class_names, t, p)
    counts = compute_confusion_matrix(t, p, num_classes)
    k = len(counts)
    names = [str(c) for c in class_names] if class_names is not None else [str(i) for i in range(k)]
    shown = compute_confusion_matrix(t, p, k, normalize=True) if normalize else counts
    size = max(4.0, 0.55 * k + 2.0)
    fig = Figure(figsize=(size + 1.0, size), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(shown, cmap="Blues", vmin=0)
    fig.colorbar(image, ax=ax, shrink=0.8, label="Fracción de la clase real" if normalize else "Ejemplos")
    top = float(shown.max()) or 1.0
    for i in range(k):
        for j in range(k):
            value = shown[i, j]
            text = f"{100 * value:.0f} %" if normalize else str(int(value))
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 6 else 10,
                    color="white" if value > 0.5 * top else "black")
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0, ha="right"
                  if max(map(len, names)) > 2 else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("Clase predicha")
    ax.set_ylabel("Clase real")
    accuracy = np.trace(counts) / counts.sum()
    head = title or ("Matriz de confusión (normalizada por clase real)" if normalize else "Matriz de confusión")
    ax.set_title(f"{head}\nexactitud {100 * accuracy:.1f} % ({np.trace(counts)} de {counts.sum()})")
    return fig


def misclassified(images, y_true, y_pred, probabilities=None, class_names=None, n: int = 16,
                  ncols: int = 8, title: str | None = None) -> Figure:
    """Rejilla de ejemplos mal clasificados con «real X / predicha Y» (y la confianza).

    ``y_pred`` pueden ser clases o la matriz de probabilidades de ``model.predict``; en ese caso
    (o si se pasa ``probabilities``) cada imagen muestra la probabilidad que el modelo dio a su
    predicción, y se muestran primero los errores **más seguros** (los más llamativos). Sin
    probabilidades, los ``n`` primeros errores en su orden. Ejemplo::

        plots.show(plots.misclassified(x_test, y_test, model.predict(x_test)))
    """
    x = _as_images(images)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n (cuántos errores mostrar) debe ser un entero positivo, no {n!r}.")
    ncols = _check_ncols(ncols)
    t = checks.class_labels(y_true, "Las etiquetas reales", n=len(x))
    raw_pred = np.asarray(y_pred)
    if probabilities is None and raw_pred.ndim == 2 and raw_pred.shape[1] > 1:
        probabilities = raw_pred
    p = checks.class_labels(y_pred, "Las predicciones", n=len(x))
    if probabilities is not None:
        probabilities = checks.numeric_array(probabilities, "Las probabilidades", finite=True).astype(float)
        if probabilities.ndim != 2 or len(probabilities) != len(x) or probabilities.shape[1] <= int(p.max()):
            raise ValueError(
                f"probabilities debe tener forma (n, clases) = ({len(x)}, al menos {int(p.max()) + 1}), "
                f"y tiene forma {probabilities.shape}."
            )
    name = _class_namer(class_names, t, p)
    wrong = np.flatnonzero(t != p)
    if len(wrong) == 0:
        fig = Figure(figsize=(6, 1.5), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"Ningún error: las {len(t)} predicciones son correctas.", ha="center",
                va="center", fontsize=12)
        return fig
    if probabilities is not None:
        confidence = probabilities[wrong, p[wrong]]
        wrong = wrong[np.argsort(-confidence, kind="stable")]
    chosen = wrong[:n]
    captions = []
    for i in chosen:
        caption = f"real {name(t[i])} / predicha {name(p[i])}"
        if probabilities is not None:
            caption += f"\n({100 * probabilities[i, p[i]]:.0f} %)"
        captions.append(caption)
    order = " (los más seguros primero)" if probabilities is not None else ""
    head = title or f"{len(wrong)} errores de {len(t)} ejemplos; se muestran {len(chosen)}{order}"
    return _grid(x[chosen], captions, [_WRONG_COLOR] * len(chosen), ncols, head)


def class_counts(labels, class_names=None, title: str | None = None) -> Figure:
    """Diagrama de barras con el número de ejemplos de cada clase (para ver si están equilibradas)."""
    y = checks.class_labels(labels, "Las etiquetas")
    if y.size == 0:
        raise ValueError("No hay etiquetas que contar: el array está vacío.")
    n_classes = max(int(y.max()) + 1, len(class_names) if class_names is not None else 0)
    counts = np.bincount(y, minlength=n_classes)
    name = _class_namer(class_names, y)
    fig = Figure(figsize=(7, 2.8), layout="constrained")
    ax = fig.add_subplot()
    bars = ax.bar([name(c) for c in range(n_classes)], counts, color="#1f77b4")
    ax.bar_label(bars, fontsize=8)
    ax.set_xlabel("Clase")
    ax.set_ylabel("Número de ejemplos")
    ax.set_title(title or f"Ejemplos por clase ({len(y)} en total)")
    ax.margins(y=0.15)
    return fig
