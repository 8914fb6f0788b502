"""El código que enseña el notebook 02 (sus celdas) y lo que la biblioteca hace con él.

La regla del paso con momento y el bucle de minilotes se escriben en celdas del notebook; la
biblioteca solo recorre, anota y dibuja. ``compute.momentum_step`` (la regla por defecto, para
las pruebas y otras lecciones) debe ser **idéntica** a la del notebook: aquí se comprueba.
"""

import ast
import inspect
import math
import textwrap
from pathlib import Path

import nbformat
import numpy as np

from course_lib.lessons import gradient
from course_lib.lessons.gradient import compute

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_descenso_del_gradiente.ipynb"


def _cells():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def _cell_defining(name: str) -> str:
    found = [c.source for c in _cells() if f"def {name}(" in c.source]
    assert len(found) == 1, f"el notebook debe definir {name} en una sola celda"
    return found[0]


def _notebook_function(name: str):
    namespace = {"np": np, "math": math, "gradient": gradient}
    exec(compile(_cell_defining(name), str(NOTEBOOK), "exec"), namespace)  # noqa: S102 - código del curso
    return namespace[name]


def _body_without_docstring(source: str) -> str:
    function = ast.parse(textwrap.dedent(source)).body[0]
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    return ast.dump(ast.Module(body=body, type_ignores=[])) + ast.dump(function.args)


def test_the_momentum_step_cell_is_short_and_visible():
    source = _cell_defining("momentum_step")
    assert len(source.strip().splitlines()) <= 15
    assert "momentum * v - learning_rate * grad" in source and "w + v" in source


def test_library_default_step_is_the_notebook_step():
    notebook_source = _cell_defining("momentum_step")
    library_source = inspect.getsource(compute.momentum_step)
    assert _body_without_docstring(notebook_source) == _body_without_docstring(library_source)
    step = _notebook_function("momentum_step")
    rng = np.random.default_rng(0)
    for _ in range(5):
        w, v, g = rng.normal(size=(3, 4))
        lr, mu = rng.uniform(0.01, 0.5), rng.uniform(0, 0.95)
        for a, b in zip(step(w, v, g, lr, mu), compute.momentum_step(w, v, g, lr, mu)):
            np.testing.assert_array_equal(a, b)


def test_notebook_steps_drive_the_library_loop():
    momentum_step = _notebook_function("momentum_step")
    gradient_step = _notebook_function("gradient_step")
    for surface, mu in (("bowl", 0.5), ("rosenbrock", 0.9), ("double_well", 0.8)):
        ours = gradient.descend(surface, step=momentum_step, learning_rate=0.002, momentum=mu, steps=60)
        np.testing.assert_array_equal(ours.path, gradient.descend(surface, learning_rate=0.002, momentum=mu,
                                                                  steps=60).path)
    # Sin momento, las dos reglas del notebook dan el mismo recorrido.
    plain = gradient.descend("bowl", step=gradient_step, learning_rate=0.09, steps=40)
    np.testing.assert_allclose(plain.path, gradient.descend("bowl", step=momentum_step, learning_rate=0.09,
                                                            steps=40).path)


def test_the_explorer_and_the_comparisons_use_the_notebook_step():
    sources = "\n".join(c.source for c in _cells())
    assert "gradient.descent_explorer(step=momentum_step)" in sources
    descend_calls = [line for line in sources.splitlines() if "gradient.descend(" in line]
    assert descend_calls and all("step=" in line for line in descend_calls)
    assert "def minibatch_descent(" in sources and "params - learning_rate * grad" in sources


def test_notebook_minibatch_loop_counts_steps_and_full_batch_is_plain_gradient_descent():
    minibatch_descent = _notebook_function("minibatch_descent")
    x, y = gradient.make_regression_data(n=50, seed=3)
    path, losses = minibatch_descent(x, y, 16, learning_rate=0.1, epochs=3)
    assert path.shape == (13, 2) and losses.shape == (13,)              # ⌈50/16⌉ = 4 pasos por época
    full_path, _ = minibatch_descent(x, y, 50, learning_rate=0.1, epochs=5)
    params = np.zeros(2)
    for _ in range(5):
        params = params - 0.1 * gradient.mse_gradient(params, x, y)
    np.testing.assert_allclose(full_path[-1], params)


def test_stochastic_is_noisier_than_batch_as_the_notebook_says():
    minibatch_descent = _notebook_function("minibatch_descent")
    x, y = gradient.make_regression_data()
    (_, batch), (_, mini), (_, sgd) = (minibatch_descent(x, y, b, learning_rate=0.1, epochs=20)
                                       for b in (len(x), 32, 1))
    assert np.all(np.diff(batch) <= 0)                                 # por lotes: la pérdida nunca sube
    assert np.mean(np.diff(sgd) > 0) > 0.3                             # estocástico: sube y baja
    assert sgd[200] < batch[1] and mini[7] < batch[1]                  # tras la primera época
    assert sgd[-1] > max(batch[-1], mini[-1])                          # el ruido no deja asentarse al SGD


def test_keras_trains_quietly_with_plain_fit():
    sources = "\n".join(c.source for c in _cells())
    assert "training.fit(" not in sources and "compile_model(" not in sources
    fits = [c.source for c in _cells() if ".fit(" in c.source]
    assert fits and all("verbose=0" in s for s in fits)
