"""¿Cuánto tarda cada explorador del curso en mostrar el fotograma nuevo al mover un control?

Para cada explorador de ``course_lib/lessons/*/explorers.py``, construido con datos como los del
notebook en modo rápido (``COURSE_QUICK=1``; las funciones que escribe el notebook, como
``forward`` en el 03 o ``build_mlp`` en el 06, se toman de sus celdas), cambia cada control al
menos ``--changes`` veces con ``explorer.set(...)``, como lo haría el estudiante, y mide el tiempo
desde ``set`` hasta tener los bytes PNG del fotograma nuevo (lo que muestra la figura en vivo).

Columna **antes**: el mismo cálculo con la forma de dibujar anterior (una figura nueva y
``savefig(bbox_inches="tight")``, que la dibuja dos veces), medida en la misma ejecución y
alternando cambio a cambio con la actual, para que la carga de la máquina afecte a las dos por
igual. Para el laboratorio de sobreajuste (notebook 06), que entrena una red en cada cambio, se
mide lo que tarda en aparecer el **primer fotograma parcial** (la primera época).

También mide un redibujo de las curvas en vivo (``training.LiveCurves``) con un historial de 20
épocas. La última línea es ``explorer p50 max: <ms> ms`` (el mayor p50 de los exploradores que no
entrenan). Objetivos: p50 ≤ 150 ms y p95 ≤ 300 ms; laboratorio, primer fotograma ≤ 1 s; curvas
en vivo ≤ 100 ms por redibujo. Los tiempos dependen de la carga del equipo: compáralos con la
columna «antes», medida a la vez.

Uso::

    COURSE_QUICK=1 .venv/bin/python benchmarks/explorer_latency.py
    COURSE_QUICK=1 .venv/bin/python benchmarks/explorer_latency.py --only descent activation --changes 30
"""

from __future__ import annotations

import argparse
import ast
import io
import itertools
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("COURSE_QUICK", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_lib  # noqa: E402,F401  (primero: silencia TensorFlow)
import numpy as np  # noqa: E402
from course_lib import config, data, plots, training  # noqa: E402

TARGET_P50_MS, TARGET_P95_MS, TARGET_LAB_S, TARGET_CURVES_MS = 150, 300, 1.0, 100


def old_figure_to_png(fig, dpi=100) -> bytes:
    """La forma anterior: ``savefig`` con ``bbox_inches="tight"`` (dos dibujos) en un lienzo nuevo."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


class OldLiveFigure(plots.LiveFigure):
    """:class:`~course_lib.plots.LiveFigure` con la forma de dibujar anterior."""

    def render(self, fig, exact=False) -> bytes:
        return old_figure_to_png(fig, dpi=self.dpi)


class FirstFrame(plots.LiveFigure):
    """Apunta cuándo llega el primer fotograma tras ``start()`` (para el laboratorio, que entrena)."""

    def __init__(self, old: bool = False):
        super().__init__()
        self.old = old
        self.started = self.first = None

    def start(self) -> None:
        self.started, self.first = time.perf_counter(), None

    def render(self, fig, exact=False) -> bytes:
        png = old_figure_to_png(fig, dpi=self.dpi) if self.old else super().render(fig, exact)
        if self.first is None:
            self.first = time.perf_counter() - self.started
        return png


def notebook_functions(notebook: str, names) -> dict:
    """Las funciones que define un notebook en sus celdas, ejecutadas tal como están."""
    import keras
    import nbformat
    import tensorflow as tf

    namespace = {"np": np, "keras": keras, "tf": tf}
    for cell in nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
            exec(compile(tree, notebook, "exec"), namespace)
    return {name: namespace[name] for name in names}


# --------------------------------------------------------------------------- los exploradores


def build_cost():
    from course_lib import device
    from course_lib.lessons import welcome

    timings = device.compare_cpu_gpu((64, 128, 256, 512), repeats=2)
    return welcome.cost_explorer(timings, n=512, layers=3, batch=128, examples=60000)


def build_playground():
    from course_lib.lessons import shallow_deep
    return shallow_deep.playground_explorer()


def build_descent():
    from course_lib.lessons import gradient

    momentum_step = notebook_functions("02_descenso_del_gradiente.ipynb", ("momentum_step",))["momentum_step"]
    return gradient.descent_explorer(step=momentum_step)


def build_backprop():
    from course_lib.lessons import backprop

    nb = notebook_functions("03_retropropagacion.ipynb", ("forward", "backward", "loss", "gradient_descent_step",
                                                           "train"))
    X, y = backprop.xor_data()
    params = backprop.init_params(sizes=(2, 2, 1), scheme="random", seed=0)
    trained, _ = nb["train"](params, X, y, epochs=2000, learning_rate=1.0)
    weight_sets = {"aleatorios (sin entrenar)": params, "entrenados (sección 4)": trained,
                   "todos a cero": backprop.init_params(scheme="zeros"),
                   "todos a 0.5": backprop.init_params(scheme="constant", value=0.5)}
    return backprop.step_explorer(weight_sets, X, y, forward=nb["forward"], backward=nb["backward"],
                                  loss=nb["loss"], update=nb["gradient_descent_step"], learning_rate=0.5)


def build_activation():
    from course_lib.lessons import activations
    return activations.activation_explorer()


def build_prediction():
    from course_lib.lessons import dense_mnist

    _, (x_test, y_test) = data.load_mnist(verbose=False)
    x_test, y_test = training.quick_subset(x_test, y_test, 1000)
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(len(y_test), 10)) + 4.0 * np.eye(10)[y_test] * (rng.random(len(y_test)) < 0.9)[:, None]
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return dense_mnist.prediction_explorer(x_test, y_test, probabilities)


def build_lab():
    from course_lib.lessons import overfitting

    build_mlp = notebook_functions("06_sobreajuste.ipynb", ("build_mlp",))["build_mlp"]
    (x_train, y_train), _ = data.load_mnist(verbose=False)

    def prepare(images):
        return data.flatten(data.normalize(images))

    x_pool, y_pool = training.quick_subset(x_train[:-5000], y_train[:-5000], 8000)
    x_val, y_val = training.quick_subset(x_train[-5000:], y_train[-5000:], 500)
    x_val_lab, y_val_lab = training.balanced_subset(prepare(x_val), y_val, min(1000, len(x_val)))
    return overfitting.overfitting_lab(build_mlp, prepare(x_pool), y_pool, x_val_lab, y_val_lab)


def build_convolution():
    from course_lib.lessons import convolution

    _, (x_test, y_test) = data.load_fashion_mnist(verbose=False)
    one_per_class = [int(np.flatnonzero(y_test == c)[0]) for c in range(10)]
    return convolution.convolution_explorer(x_test[one_per_class], data.FASHION_MNIST_CLASSES)


def build_preview():
    from course_lib.lessons import augmentation

    (x_train, y_train), _ = data.load_mnist(verbose=False)
    x_examples, y_examples = augmentation.examples_by_class(data.normalize(x_train)[..., None], y_train,
                                                            classes=[6, 9, 2, 7, 0, 1, 3, 4, 5, 8])
    return augmentation.preview_explorer(x_examples, y_examples)


#: nombre corto -> (función del curso, cómo construirlo, ¿entrena una red en cada cambio?)
EXPLORERS = {
    "cost": ("00 welcome.cost_explorer", build_cost, False),
    "playground": ("01 shallow_deep.playground_explorer", build_playground, False),
    "descent": ("02 gradient.descent_explorer", build_descent, False),
    "backprop": ("03 backprop.step_explorer", build_backprop, False),
    "activation": ("04 activations.activation_explorer", build_activation, False),
    "prediction": ("05 dense_mnist.prediction_explorer", build_prediction, False),
    "lab": ("06 overfitting.overfitting_lab", build_lab, True),
    "convolution": ("07 convolution.convolution_explorer", build_convolution, False),
    "preview": ("08 augmentation.preview_explorer", build_preview, False),
}


# --------------------------------------------------------------------------- los valores de cada control


def candidate_values(control, n: int) -> list:
    """Valores que puede tomar un control, repartidos por todo su rango (en un orden que salta)."""
    import ipywidgets as w

    if isinstance(control, w.widgets.widget_selection._Selection):
        return [v for _, v in control._options_full]
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [True, False]
    if isinstance(control, w.Text):
        from course_lib.lessons.convolution.compute import PRESETS
        kernels = list(dict.fromkeys(PRESETS.values()))
        return kernels + ["-1 -1 -1; 2 2 2; -1 -1 -1", "0 0 0; 0 2 0; 0 0 0"]
    if hasattr(control, "_boxes"):     # FeatureToggles del notebook 01: subconjuntos de características
        keys = list(control._boxes)
        subsets = [c for r in (1, 2, 3) for c in itertools.combinations(keys, r)]
        return [tuple(s) for s in subsets]
    if isinstance(control, w.FloatLogSlider):
        steps = np.linspace(control.min, control.max, n)
        return [float(control.base ** s) for s in steps]
    low, high = control.min, control.max
    step = getattr(control, "step", None) or 1
    count = min(n, int(round((high - low) / step)) + 1)
    values = np.linspace(low, high, count)
    values = np.clip(np.round((values - low) / step) * step + low, low, high)
    if isinstance(control, (w.IntSlider, w.BoundedIntText, w.IntText)):
        return sorted({int(v) for v in values})
    return sorted({round(float(v), 10) for v in values})


def next_value(control, values: list, i: int):
    """El i-ésimo valor a probar, distinto del actual (saltando por el rango, no en orden)."""
    import ipywidgets as w

    if isinstance(control, w.widgets.widget_selection._Selection):   # opciones actuales (pueden cambiar)
        values = [v for _, v in control._options_full]
    k = len(values)
    stride = next(s for s in (7, 5, 3, 1) if k % s or s == 1) if k > 2 else 1
    for j in range(k):
        value = values[((i + j) * stride) % k]
        if value != control.value:
            return value
    return None


def percentile(samples, q) -> float:
    return float(np.percentile(samples, q)) * 1000 if samples else float("nan")


def measure_explorer(exp, changes: int):
    """(ms nuevos, ms antes, cambios) cambiando cada control ``changes`` veces, alternando las dos formas."""
    new_figure, old_figure = exp.figure, OldLiveFigure()
    # «Antes», una figura nueva en cada cambio: con un Painter (rendering.Painter), su ``fresh``.
    new_draw = exp._draw
    old_draw = getattr(new_draw, "fresh", new_draw)
    exp.refresh(force=True)
    new, old, errors = [], [], []
    for name, control in exp.controls.items():
        values = candidate_values(control, changes)
        for i in range(changes):
            value = next_value(control, values, i)
            if value is None:
                break
            exp.figure, exp._draw = new_figure, new_draw
            start = time.perf_counter()
            exp.set(**{name: value})
            new.append(time.perf_counter() - start)
            if exp.error:
                errors.append(f"{name}={value!r}: {exp.error}")
            exp.figure, exp._draw = old_figure, old_draw
            start = time.perf_counter()
            exp.refresh(force=True)
            old.append(time.perf_counter() - start)
    exp.figure, exp._draw = new_figure, new_draw
    exp.refresh(force=True)
    return new, old, errors


def measure_lab(exp, changes: int):
    """Primer fotograma parcial tras cambiar el tamaño del entrenamiento (nuevo y antes, alternando)."""
    new_figure, old_figure = FirstFrame(), FirstFrame(old=True)
    exp.figure = new_figure
    new_figure.start()
    exp.refresh(force=True)
    new, old = [], []
    control = exp.controls["train_size"]
    values = candidate_values(control, changes)
    for i in range(changes):
        for figure, samples in ((new_figure, new), (old_figure, old)):
            exp.figure = figure
            value = next_value(control, values, i + (len(samples) if figure is old_figure else 0))
            figure.start()
            exp.set(train_size=value)
            samples.append(figure.first if figure.first is not None else float("nan"))
    return new, old, []


def measure_live_curves(redraws: int):
    """ms de un redibujo de ``training.LiveCurves`` (historial de 20 épocas), nuevo y antes."""
    rng = np.random.default_rng(0)
    epochs = 20
    history = {"loss": list(np.linspace(1.0, 0.2, epochs) + 0.01 * rng.random(epochs)),
               "accuracy": list(np.linspace(0.7, 0.97, epochs)),
               "val_loss": list(np.linspace(1.1, 0.35, epochs)),
               "val_accuracy": list(np.linspace(0.68, 0.93, epochs))}
    new_curves, old_curves = training.LiveCurves(total_epochs=epochs), training.LiveCurves(
        total_epochs=epochs, figure=OldLiveFigure())
    old_curves.painter = old_curves.painter.fresh     # «antes»: una figura nueva en cada redibujo
    new, old = [], []
    for i in range(redraws):
        done = 1 + i % epochs
        for curves, samples in ((new_curves, new), (old_curves, old)):
            curves.history = {k: v[:done] for k, v in history.items()}
            curves._draw()
            samples.append(curves.draw_seconds)
    return new, old


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20, help="cambios de cada control (20)")
    parser.add_argument("--lab-changes", type=int, default=3, help="cambios del laboratorio, que entrena (3)")
    parser.add_argument("--only", nargs="*", choices=list(EXPLORERS), default=list(EXPLORERS))
    args = parser.parse_args(argv)
    print(f"Modo {'rápido' if config.is_quick() else 'completo'} · {os.cpu_count()} núcleos · "
          f"carga media {os.getloadavg()[0]:.2f}", flush=True)

    header = (f"{'explorador':38} {'cambios':>7} {'p50 ms':>8} {'p95 ms':>8} {'antes p50':>10} {'antes p95':>10} "
              f"{'×':>5}  objetivo")
    rows, worst = [], 0.0
    for key in args.only:
        label, build, trains = EXPLORERS[key]
        exp = build()
        if trains:
            new, old, errors = measure_lab(exp, args.lab_changes)
            met = bool(new) and max(new) <= TARGET_LAB_S
            goal = f"1.er fotograma ≤ {TARGET_LAB_S:g} s: {'✅' if met else '❌'} (máx. {max(new):.2f} s)"
        else:
            new, old, errors = measure_explorer(exp, args.changes)
            p50, p95 = percentile(new, 50), percentile(new, 95)
            worst = max(worst, p50)
            met = p50 <= TARGET_P50_MS and p95 <= TARGET_P95_MS
            goal = "✅" if met else f"❌ (p50 {p50 - TARGET_P50_MS:+.0f} ms, p95 {p95 - TARGET_P95_MS:+.0f} ms)"
        ratio = percentile(old, 50) / percentile(new, 50) if new else float("nan")
        row = (f"{label:38} {len(new):>7} {percentile(new, 50):>8.0f} {percentile(new, 95):>8.0f} "
               f"{percentile(old, 50):>10.0f} {percentile(old, 95):>10.0f} {ratio:>5.1f}  {goal}")
        rows.append(row)
        if len(rows) == 1:
            print(header)
        print(row, flush=True)
        for error in errors[:3]:
            print(f"    ⚠️ {error}")
    new, old = measure_live_curves(max(args.changes, 20))
    p50 = percentile(new, 50)
    print(f"{'training.LiveCurves (un redibujo)':38} {len(new):>7} {p50:>8.0f} {percentile(new, 95):>8.0f} "
          f"{percentile(old, 50):>10.0f} {percentile(old, 95):>10.0f} {percentile(old, 50) / p50:>5.1f}  "
          f"{'✅' if p50 <= TARGET_CURVES_MS else '❌'} (≤ {TARGET_CURVES_MS} ms)")
    print(f"carga media al terminar {os.getloadavg()[0]:.2f}")
    print(f"explorer p50 max: {worst:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
