"""Figuras y tabla de la lección de sobreajuste (notebook 06).

* :func:`selection_bias_figure`: elegir con la prueba da una nota optimista;
* :func:`overfitting_curves`: las curvas de la red que memoriza, anotadas;
* :func:`remedies_table` y :func:`remedies_figure`: la comparación de remedios;
* :func:`dropout_curves`: por qué, con dropout, la validación puede quedar por debajo;
* :func:`draw_lab`: la vista del laboratorio (también con resultados parciales).

Los resultados son los diccionarios que crea el notebook (ver :mod:`.compute`).
"""

from __future__ import annotations

import html

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course_lib import plots
from course_lib.formatting import percent, thousands
from course_lib.lessons.overfitting.compute import (
    CE_KEY,
    CLEAN_KEY,
    best_by_validation,
    curve,
    describe_settings,
    history_dict,
    run_summary,
)

_PREVIOUS_COLOR = "#9e9e9e"
_CHOSEN_COLOR = "#c62828"


def _points(value: float) -> str:
    """Una diferencia de exactitudes (fracción) en puntos porcentuales: ``0.183`` → ``"18.3"``."""
    return f"{100 * value:.1f}"


# --------------------------------------------------------------------------- 1. prueba y selección


def selection_bias_figure(result: dict) -> Figure:
    """Figura de :func:`~.compute.selection_bias`: la exactitud medida de cada modelo y la del elegido."""
    measured = 100 * np.asarray(result["measured"])
    n = len(measured)
    true = 100 * result["true_accuracy"]
    chosen = result["chosen"]
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.add_subplot()
    band = 200 * result["std_error"]
    ax.axhspan(true - band, true + band, color="#e3f2fd", zorder=0,
               label=f"ruido de medir con {thousands(result['n_test'])} imágenes (±2 errores típicos)")
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
            f"el mismo con {thousands(result['n_fresh'])} imágenes nuevas: {fresh:.1f} %",
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


# --------------------------------------------------------------------------- 2. la red que memoriza


def overfitting_curves(result: dict, title: str | None = None) -> Figure:
    """Curvas de aprendizaje anotadas: dónde empieza el sobreajuste y cuánto mide la brecha.

    A la izquierda, la entropía cruzada de entrenamiento y de validación, con la época en que la
    de validación es mínima y, a partir de ahí, la zona sombreada en que empeora. A la derecha,
    la exactitud por época, con la brecha de la última. ``result`` es un resultado del notebook
    (con ``label`` y ``history``) o directamente un historial de ``model.fit``.
    """
    h = history_dict(result["history"] if isinstance(result, dict) and "history" in result else result)
    train_loss, val_loss = curve(h, CE_KEY), curve(h, "val_" + CE_KEY)
    if not len(val_loss):
        raise ValueError("Este historial no tiene validación: entrena con validation_data=(x_val, y_val).")
    train_acc, val_acc = 100 * np.asarray(h["accuracy"]), 100 * np.asarray(h["val_accuracy"])
    epochs = np.arange(1, len(train_loss) + 1)
    best = int(np.argmin(val_loss)) + 1
    fig = Figure(figsize=(11, 4), layout="constrained")
    ax_loss, ax_acc = fig.subplots(1, 2)
    marker = "o" if len(epochs) <= 30 else None
    for ax, (train, val, name) in zip((ax_loss, ax_acc), ((train_loss, val_loss, "Pérdida (entropía cruzada)"),
                                                          (train_acc, val_acc, "Exactitud (%)"))):
        ax.plot(epochs, train, "-", color=plots.TRAIN_COLOR, marker=marker, markersize=3, linewidth=2,
                label="entrenamiento")
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
    gap = train_acc[-1] - val_acc[-1]
    ax_acc.annotate("", xy=(last, val_acc[-1]), xytext=(last, train_acc[-1]),
                    arrowprops=dict(arrowstyle="<->", color="#b00020", linewidth=1.8))
    ax_acc.text(last - 0.3, (train_acc[-1] + val_acc[-1]) / 2, f"brecha\n{gap:.1f} puntos",
                ha="right", va="center", color="#b00020", fontsize=10)
    ax_acc.set_title("Exactitud: la brecha de generalización")
    ax_loss.legend(fontsize=9)
    ax_acc.legend(fontsize=9, loc="lower right")
    label = result.get("label") if isinstance(result, dict) else None
    if title or label:
        fig.suptitle(title or label, fontsize=11)
    return fig


# --------------------------------------------------------------------------- 3. remedios


class RemedyTable:
    """Tabla de la comparación de remedios: se ve como HTML en el notebook y como texto con ``print``."""

    HEADERS = ("Remedio", "Ejemplos", "Parámetros", "Épocas", "Exactitud entr.", "Exactitud val.",
               "Brecha (puntos)", "Pérdida val.")

    def __init__(self, results: dict):
        if not results:
            raise ValueError("No hay resultados que tabular: pasa el diccionario results que rellena el bucle.")
        if not isinstance(results, dict):
            raise ValueError("results debe ser un diccionario clave → resultado, como el que rellena el bucle.")
        self.results = dict(results)
        self.best = best_by_validation(self.results)

    def rows(self) -> list[tuple[str, ...]]:
        out = []
        for r in self.results.values():
            s = run_summary(r)
            epochs = str(s["epochs_run"])
            if s["stopped_early"]:
                epochs += f" (pesos de la {s['best_epoch']})"
            params = "—" if s["n_params"] is None else thousands(s["n_params"])
            val_loss = f"{r['val_loss']:.3f}" if "val_loss" in r else "—"
            out.append((r["label"], thousands(r["train_size"]), params, epochs, percent(r["train_accuracy"]),
                        percent(r["val_accuracy"]), _points(s["gap"]), val_loss))
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
        for key, row in zip(self.results, self.rows()):
            style = " style='font-weight:bold;background:#e8f5e9'" if key == self.best else ""
            cells = "".join(f"<td style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(c)}</td>"
                            for i, c in enumerate(row))
            body.append(f"<tr{style}>{cells}</tr>")
        note = ("<caption style='caption-side:bottom;text-align:left'>Exactitudes y pérdida medidas al final, "
                "sin dropout. Brecha = entrenamiento − validación. En verde, la mejor en validación.</caption>")
        return f"<table>{note}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def remedies_table(results: dict) -> RemedyTable:
    """Tabla de la comparación: ejemplos, parámetros, épocas, exactitudes, brecha y pérdida de validación."""
    return RemedyTable(results)


def remedies_figure(results: dict) -> Figure:
    """Una figura con la comparación de remedios.

    A la izquierda, la pérdida de validación (entropía cruzada) de cada remedio época a época;
    a la derecha, la exactitud final de entrenamiento y de validación de cada uno, unidas por
    una línea cuya longitud es la brecha de generalización.
    """
    if not results or not isinstance(results, dict):
        raise ValueError("No hay resultados que dibujar: pasa el diccionario results que rellena el bucle.")
    fig = Figure(figsize=(12, 4.6), layout="constrained")
    ax_curves, ax_gap = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    colors = ["#212121", "#2e7d32", "#6a1b9a", "#1565c0", "#ef6c00", "#c62828", "#00838f", "#8d6e63"]
    items = list(results.items())
    for i, (_, r) in enumerate(items):
        color = colors[i % len(colors)]
        s = run_summary(r)
        val = curve(s["history"], "val_" + CE_KEY)
        epochs = np.arange(1, len(val) + 1)
        ax_curves.plot(epochs, val, color=color, linewidth=2.6 if i == 0 else 1.8, label=r["label"])
        if s["stopped_early"]:
            ax_curves.scatter([s["best_epoch"]], [val[s["best_epoch"] - 1]], marker="*", s=220, color=color,
                              edgecolor="black", zorder=5, label="pesos restaurados")
    ax_curves.set(xlabel="Época", ylabel="Pérdida de validación (entropía cruzada)",
                  title="Pérdida de validación por época")
    bottom, top = ax_curves.get_ylim()
    ax_curves.set_ylim(0, top + 0.4 * (top - bottom))  # hueco arriba para la leyenda
    ax_curves.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_curves.grid(True, alpha=0.3)
    ax_curves.legend(fontsize=8.5, ncols=2, loc="upper center")
    y = np.arange(len(items))[::-1]
    best = best_by_validation(results)
    for yi, (key, r), i in zip(y, items, range(len(items))):
        train, val = 100 * r["train_accuracy"], 100 * r["val_accuracy"]
        ax_gap.plot([val, train], [yi, yi], color="#bdbdbd", linewidth=4, zorder=1, solid_capstyle="round")
        ax_gap.scatter([train], [yi], color=plots.TRAIN_COLOR, s=70, zorder=3, label="entrenamiento" if i == 0 else None)
        ax_gap.scatter([val], [yi], color=plots.VAL_COLOR, s=70, zorder=3, edgecolor="black" if key == best else None,
                       label="validación" if i == 0 else None)
        ax_gap.text(val - 0.6, yi + 0.18, percent(r["val_accuracy"]), ha="right", va="bottom", fontsize=8.5,
                    fontweight="bold" if key == best else None)
        ax_gap.text(train + 0.6, yi + 0.18, f"brecha {train - val:.1f}", ha="left", va="bottom", fontsize=8.5,
                    color="#555555")
    lows = [100 * r["val_accuracy"] for _, r in items]
    ax_gap.set_xlim(min(lows) - 6, 106)
    ax_gap.set_ylim(-0.7, len(items) + 0.4)  # hueco arriba para la leyenda
    ax_gap.set_yticks(y, [r["label"] for _, r in items])
    ax_gap.set(xlabel="Exactitud final (%), medida sin dropout", title="Entrenamiento frente a validación")
    ax_gap.grid(True, axis="x", alpha=0.3)
    ax_gap.legend(fontsize=8.5, loc="upper center", ncols=2)
    fig.suptitle("Remedios del sobreajuste (misma semilla, mismos datos de validación)", fontsize=12)
    return fig


# --------------------------------------------------------------------------- 4. dropout y pérdidas


def dropout_curves(result: dict, title: str | None = None) -> Figure:
    """Por qué, con dropout, la pérdida de validación puede quedar por debajo de la de entrenamiento.

    Tres curvas de entropía cruzada por época: la de entrenamiento que muestra Keras (con el
    dropout activo y promediada durante la época), la de entrenamiento medida igual que la de
    validación (red completa, al final de la época: :class:`~.compute.CleanTrainLoss`) y la de
    validación. Se sombrean las épocas en que la validación queda por debajo de lo que muestra Keras.
    """
    h = history_dict(result["history"])
    if CLEAN_KEY not in h:
        raise ValueError(
            "Este resultado no tiene la pérdida de entrenamiento sin dropout: entrena con "
            "overfitting.CleanTrainLoss(x, y) en callbacks (como el bucle de los remedios)."
        )
    shown, clean, val = curve(h, CE_KEY), np.asarray(h[CLEAN_KEY]), curve(h, "val_" + CE_KEY)
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
    ax.set_title(title or f"{result.get('label', 'Red con dropout')}: dos formas de medir la pérdida de entrenamiento")
    return fig


# --------------------------------------------------------------------------- 5. laboratorio


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
    partial = result.get("partial", False)
    fig = Figure(figsize=(12, 3.9), layout="constrained")
    ax_loss, ax_acc, ax_bar = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 0.62]})
    epochs = np.arange(1, done + 1)
    marker = "o" if total <= 30 else None
    for ax, train_key, val_key, scale, ylabel, name in (
            (ax_loss, CE_KEY, "val_" + CE_KEY, 1.0, "Entropía cruzada", "Pérdida"),
            (ax_acc, "accuracy", "val_accuracy", 100.0, "Exactitud (%)", "Exactitud")):
        if previous is not None:
            pv = curve(previous["history"], val_key) * scale
            ax.plot(np.arange(1, len(pv) + 1), pv, ":", color=_PREVIOUS_COLOR, linewidth=2,
                    label="validación (configuración anterior)")
        if done:
            ax.plot(epochs, curve(h, train_key) * scale, "-", color=plots.TRAIN_COLOR, marker=marker, markersize=3,
                    linewidth=2, label="entrenamiento")
            ax.plot(epochs, curve(h, val_key) * scale, "--", color=plots.VAL_COLOR, marker=marker, markersize=3,
                    linewidth=2, label="validación")
        if not partial and settings["early_stopping"]:
            ax.axvline(result["best_epoch"], color="#2e7d32", linestyle="-.", linewidth=1.5,
                       label=f"pesos restaurados (época {result['best_epoch']})")
        ax.set(title=name, xlabel="Época", ylabel=ylabel, xlim=(0.5, total + 0.5))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
    if done or previous is not None:
        ax_loss.set_ylim(bottom=0)
        ax_loss.legend(fontsize=8)
        ax_acc.legend(fontsize=8, loc="lower right")

    if partial:
        ax_bar.set_axis_off()
        ax_bar.text(0.5, 0.5, f"Entrenando…\népoca {done} de {total}", ha="center", va="center", fontsize=13,
                    transform=ax_bar.transAxes)
    else:
        values = [100 * result["train_accuracy"], 100 * result["val_accuracy"]]
        bars = ax_bar.bar(["Entrenamiento", "Validación"], values, color=[plots.TRAIN_COLOR, plots.VAL_COLOR],
                          width=0.6)
        ax_bar.bar_label(bars, labels=[percent(result["train_accuracy"]), percent(result["val_accuracy"])],
                         fontsize=9)
        if previous is not None:
            ax_bar.scatter([0, 1], [100 * previous["train_accuracy"], 100 * previous["val_accuracy"]],
                           marker="_", s=900, linewidths=2.5, color="#424242", zorder=4, label="antes")
            ax_bar.legend(fontsize=8, loc="lower center")
        ax_bar.set_ylim(0, 112)
        ax_bar.set_ylabel("Exactitud final (%)")
        ax_bar.set_title(f"Brecha: {_points(result['gap'])} puntos")
        ax_bar.grid(True, axis="y", alpha=0.3)
    fig.suptitle(describe_settings(settings), fontsize=11)
    return fig
