"""Pruebas de las figuras, los textos y el explorador de la lección del gradiente (notebook 02)."""

import numpy as np
import pytest
from conftest import assert_every_control_value_is_valid
from matplotlib.figure import Figure

from course_lib.lessons import gradient
from course_lib.lessons.gradient import compute


def plain_minibatch(x, y, batch_size, learning_rate=0.1, epochs=3, seed=0):
    """Un bucle de minilotes de referencia para las pruebas (el del notebook se prueba aparte)."""
    rng = np.random.default_rng(seed)
    params = np.zeros(2)
    path, losses = [params], [gradient.mse(params, x, y)]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for first in range(0, len(x), batch_size):
            batch = order[first:first + batch_size]
            params = params - learning_rate * gradient.mse_gradient(params, x[batch], y[batch])
            path.append(params)
            losses.append(gradient.mse(params, x, y))
    return np.array(path), np.array(losses)


# --------------------------------------------------------------------------- textos


def test_format_gradient_comparison_says_yes_or_no():
    s = gradient.SURFACES["rosenbrock"]
    text = gradient.format_gradient_comparison(gradient.compare_gradients(s.loss, s.gradient, [-1.5, 2.0]),
                                               title="Rosenbrock")
    assert "analítico:           [-155.0000, -50.0000]" in text and text.endswith("sí")
    result = {"point": np.array([0.0]), "numerical": np.array([1.0]), "analytic": np.array([-0.0]),
              "tape": np.array([1.0]), "max_difference": 1.0}
    text = gradient.format_gradient_comparison(result)
    assert text.endswith("NO") and "[0.0000]" in text and "-0.0000" not in text


def test_summaries_and_labels_name_each_verdict():
    runs = {lr: gradient.descend("parabola", learning_rate=lr, steps=50, start=(1.0,))
            for lr in (0.01, 0.1, 0.6, 0.95, 1.0, 1.1)}
    texts = {lr: gradient.summarize_run(run) for lr, run in runs.items()}
    assert texts[0.01].startswith("Avanza despacio: tras 50 pasos")
    assert texts[0.1].startswith("Converge: en 35 pasos llega al mínimo")
    assert texts[0.6].startswith("Converge tras oscilar:")
    assert texts[0.95].startswith("Converge oscilando:") and "la pérdida baja en cada paso" in texts[0.95]
    assert texts[1.0].startswith("Oscila sin asentarse:")
    assert texts[1.1].startswith("Diverge: se aleja del mínimo")
    assert all("η = " in t and "momento μ" in t for t in texts.values())
    assert gradient.verdict_label(runs[0.95]) == "Converge oscilando"
    assert set(gradient.VERDICT_LABELS) == set(gradient.VERDICTS)
    assert set(gradient.VERDICTS) == {"converges", "converges_oscillating", "oscillates", "diverges", "slow"}


def test_summaries_of_local_and_global_minima():
    local = gradient.descend("double_well", learning_rate=0.1, steps=50, start=(-1.5,))
    rolled = gradient.descend("double_well", learning_rate=0.05, momentum=0.8, steps=200, start=(-1.5,))
    assert "mínimo local" in gradient.summarize_run(local)
    assert "mínimo global" in gradient.summarize_run(rolled)
    stopped = gradient.descend("double_well", learning_rate=3.0, steps=200, start=(1.9,))
    assert "se detiene en el paso" in gradient.summarize_run(stopped)


def test_convergence_problem_for_the_exercise():
    assert gradient.convergence_problem((0.09, 0.5), "bowl", steps=40) is None
    assert "no converge en 40 pasos. Avanza despacio" in gradient.convergence_problem((0.09, 0.0), "bowl", steps=40)
    assert "Diverge" in gradient.convergence_problem((0.2, 0.5), "bowl", steps=40)
    assert "sin llegar a 1" in gradient.convergence_problem((0.09, 1.0), "bowl", steps=40)
    assert "tupla de dos números" in gradient.convergence_problem(0.09, "bowl", steps=40)
    assert "tupla de dos números" in gradient.convergence_problem("0.09, 0.5", "bowl", steps=40)


# --------------------------------------------------------------------------- figuras


def test_draw_run_and_compare_runs_figures():
    run = gradient.descend("rosenbrock", learning_rate=0.002, momentum=0.9, steps=100)
    fig = gradient.draw_run(run)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "Rosenbrock" in fig.axes[0].get_title() and fig.axes[1].get_xlabel() == "paso"
    runs = [gradient.descend("parabola", learning_rate=lr, steps=20, start=(1.0,)) for lr in (0.1, 0.95, 1.1)]
    fig = gradient.compare_runs_figure(runs, title="Tres tasas")
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert len(fig.axes) == 6 and "Converge oscilando" in titles[1] and "Diverge" in titles[2]
    with pytest.raises(ValueError, match="lista no vacía de recorridos"):
        gradient.compare_runs_figure([])


def test_regression_data_loss_and_gradient():
    x, y = gradient.make_regression_data(n=200, seed=0)
    x2, y2 = gradient.make_regression_data(n=200, seed=0)
    assert x.shape == y.shape == (200,) and np.array_equal(y, y2) and 0 <= x.min() and x.max() <= 2
    w, b, loss = gradient.least_squares(x, y)
    assert w == pytest.approx(3.0, abs=0.2) and b == pytest.approx(2.0, abs=0.2)
    assert loss == pytest.approx(0.25, abs=0.06)                 # ruido 0.5 → varianza 0.25
    np.testing.assert_allclose(gradient.mse_gradient((w, b), x, y), [0.0, 0.0], atol=1e-10)
    assert gradient.mse((w + 0.1, b), x, y) > loss
    res = gradient.compare_gradients(lambda p: gradient.mse(p, x, y), lambda p: gradient.mse_gradient(p, x, y),
                                     [1.0, 0.0])
    assert res["max_difference"] < 1e-6
    assert gradient.mse((1.0, 0.0), [1.0, 2.0], [2.0, 2.0]) == pytest.approx(0.5)   # ((−1)² + 0²) / 2
    with pytest.raises(ValueError, match="mismo número de ejemplos"):
        gradient.mse((1.0, 0.0), [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="no puede ser negativo"):
        gradient.make_regression_data(noise=-1)


def test_batch_table_and_figure_read_the_notebook_loop_output():
    x, y = gradient.make_regression_data(n=60)
    runs = {len(x): plain_minibatch(x, y, len(x)), 16: plain_minibatch(x, y, 16), 1: plain_minibatch(x, y, 1)}
    table = gradient.batch_table(runs, x, y)
    assert "pasos en 3 épocas" in table and "pérdida mínima posible" in table
    assert "Por lotes (lote completo)" in table and "Por minilotes de 16" in table and "Estocástico" in table
    rows = table.splitlines()[2:5]
    assert [int(r.split()[-3]) for r in rows] == [1, 4, 60] and [int(r.split()[-2]) for r in rows] == [3, 12, 180]
    fig = gradient.batch_comparison_figure(runs, x, y, title="t")
    assert len(fig.axes) == 3 and fig.axes[0].get_xlabel() == "época"
    fig = gradient.regression_loss_figure(x, y)
    assert len(fig.axes) >= 3 and fig.axes[1].get_xlabel() == "peso w" and fig.axes[2].get_ylabel() == "sesgo b"
    with pytest.raises(ValueError, match="al menos un valor de w"):
        gradient.regression_loss_figure(x, y, weights=[])


@pytest.mark.parametrize("runs, message", [
    ({}, "diccionario no vacío"),
    ({16: (np.zeros((5, 2)),)}, "tupla \\(path, losses\\)"),
    ({16: (np.zeros((5, 3)), np.zeros(5))}, "forma \\(pasos \\+ 1, 2\\)"),
    ({16: (np.zeros((5, 2)), np.zeros(4))}, "una pérdida por punto"),
    ({16: (np.zeros((6, 2)), np.zeros(6))}, "no es un número entero de épocas"),
    ({0: (np.zeros((5, 2)), np.zeros(5))}, "tamaño de lote"),
])
def test_batch_runs_are_checked_in_spanish(runs, message):
    x, y = gradient.make_regression_data(n=60)
    with pytest.raises(ValueError, match=message):
        gradient.batch_table(runs, x, y)


# --------------------------------------------------------------------------- explorador


def test_explorer_moves_through_the_verdicts():
    exp = gradient.descent_explorer(step=compute.momentum_step, start=(1.0, 2.0))
    exp.refresh()
    assert exp.result.verdict == "converges" and exp.readout.value.startswith("Converge")
    assert exp.controls["start_w2"].disabled
    first_png, first_text = exp.figure.last_png, exp.readout.value

    exp.set(learning_rate=0.95)
    assert exp.result.verdict == "converges_oscillating" and exp.readout.value.startswith("Converge oscilando")
    assert exp.figure.last_png != first_png and exp.readout.value != first_text

    exp.set(learning_rate=1.1)
    assert exp.result.verdict == "diverges" and exp.readout.value.startswith("Diverge")

    # Como si el estudiante eligiera otra superficie en el desplegable: link= activa w₂.
    before = exp.figure.last_png
    exp.controls["surface"].value = "bowl"
    assert exp.result.surface.key == "bowl" and exp.result.path.shape[1] == 2
    assert not exp.controls["start_w2"].disabled
    assert exp.figure.last_png != before
    exp.set(surface="parabola")
    assert exp.controls["start_w2"].disabled

    exp.set(surface="bowl", learning_rate=0.09, momentum=0.5, steps=40)
    assert exp.result.verdict == "converges" and exp.result.momentum == 0.5


def test_explorer_uses_the_step_the_notebook_passes():
    calls = []

    def counting_step(w, v, grad, learning_rate, momentum):
        calls.append(1)
        return compute.momentum_step(w, v, grad, learning_rate, momentum)

    exp = gradient.descent_explorer(step=counting_step)
    exp.set(steps=7)
    assert len(calls) == 7 and exp.result.n_steps == 7


def test_every_control_value_is_valid():
    exp = gradient.descent_explorer(step=compute.momentum_step)
    assert exp.controls["momentum"].max < 1                           # μ = 1 lo rechaza el cálculo
    assert_every_control_value_is_valid(exp)


@pytest.mark.parametrize("surface", list(gradient.SURFACES))
def test_every_slider_extreme_computes_and_draws_on_every_surface(surface):
    """Los extremos de los deslizadores, en cada superficie (sin pasar por PNG, para que sea rápido)."""
    from conftest import control_extremes

    exp = gradient.descent_explorer()
    base = {**exp.values(), "surface": surface}
    for name, control in exp.controls.items():
        for value in ([] if name == "surface" else control_extremes(control)):
            run = compute.explore_descent(**{**base, name: value})
            assert run.verdict in gradient.VERDICTS
            assert len(gradient.draw_run(run).axes) == 2


def test_explorer_refuses_values_no_control_can_take():
    exp = gradient.descent_explorer()
    exp.refresh()
    good = exp.result
    with pytest.raises(ValueError, match="«Superficie» \\(surface\\) no tiene la opción 'silla'"):
        exp.set(surface="silla")
    with pytest.raises(ValueError, match="«Momento μ» \\(momentum\\) va de 0 a 0.99"):
        exp.set(momentum=1.0)
    assert exp.result is good and exp.error is None


def test_explorer_bad_step_shows_a_spanish_message():
    exp = gradient.descent_explorer(step=lambda w, v, grad, learning_rate, momentum: w)
    exp.refresh()
    assert exp.result is None and "dos valores" in exp.error and "⚠️" in exp.readout.value


def test_explorer_factory_validates_its_defaults():
    with pytest.raises(ValueError, match="El momento μ"):
        gradient.descent_explorer(momentum=1.0)
    with pytest.raises(ValueError, match="entre 1 y 1000"):
        gradient.descent_explorer(steps=5000)
    with pytest.raises(ValueError, match="debe ser una función"):
        gradient.descent_explorer(step=None)
    with pytest.raises(ValueError, match="El inicio w₂"):
        gradient.descent_explorer(start=(0.0, 5.0))


def test_explore_descent_ignores_w2_on_one_dimensional_surfaces():
    run = compute.explore_descent(0.1, 0.0, 10, "parabola", 1.0, 99.0)
    assert run.path.shape == (11, 1) and run.path[0, 0] == 1.0
