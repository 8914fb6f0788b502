"""Pruebas de course_lib.gradient: gradientes, descenso del gradiente, explorador y minilotes."""

import math
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import gradient


# --------------------------------------------------------------------------- superficies


@pytest.mark.parametrize("key", list(gradient.SURFACES))
def test_surfaces_have_zero_global_minimum_and_correct_gradient(key):
    s = gradient.SURFACES[key]
    for point, is_global in s.minima:
        p = np.array(point)
        assert np.linalg.norm(s.gradient(p)) < 1e-9
        if is_global:
            assert s.loss(p) == pytest.approx(0.0, abs=1e-12)
        else:
            assert s.loss(p) > 0.5
    rng = np.random.default_rng(1)
    for _ in range(3):
        w = rng.uniform(-1.5, 1.5, s.dim)
        np.testing.assert_allclose(s.gradient(w), gradient.numerical_gradient(s.loss, w), rtol=1e-6, atol=1e-6)


def test_get_surface_unknown_name_lists_the_options():
    assert gradient.get_surface("bowl").name == "Cuenco alargado"
    with pytest.raises(ValueError, match="Superficie desconocida: 'cuenco'.*'rosenbrock'"):
        gradient.get_surface("cuenco")


# --------------------------------------------------------------------------- gradientes


def f_known(w):
    return w[0] ** 2 + 3 * w[1]


def test_numerical_and_tape_gradients_of_a_known_function():
    np.testing.assert_allclose(gradient.numerical_gradient(f_known, [2.0, 5.0]), [4.0, 3.0], atol=1e-6)
    np.testing.assert_allclose(gradient.tape_gradient(f_known, [2.0, 5.0]), [4.0, 3.0], atol=1e-12)


def test_numerical_gradient_bad_inputs_in_spanish():
    with pytest.raises(ValueError, match="debe ser positivo"):
        gradient.numerical_gradient(f_known, [1.0, 2.0], h=0)
    with pytest.raises(ValueError, match="vector de pesos"):
        gradient.numerical_gradient(f_known, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="no finitos"):
        gradient.numerical_gradient(f_known, [np.nan, 2.0])


def test_tape_gradient_without_connection_explains_why():
    with pytest.raises(ValueError, match="no encontró relación entre la pérdida y los pesos"):
        gradient.tape_gradient(lambda w: 3.0 + 0 * float(w.numpy()[0]), [1.0])


def test_compare_gradients_rosenbrock_and_its_text():
    s = gradient.SURFACES["rosenbrock"]
    result = gradient.compare_gradients(s.loss, s.gradient, [-1.5, 2.0])
    np.testing.assert_allclose(result["analytic"], [-155.0, -50.0])
    np.testing.assert_allclose(result["tape"], [-155.0, -50.0])
    assert result["max_difference"] < 1e-5
    text = gradient.format_gradient_comparison(result, title="Rosenbrock")
    assert "analítico:           [-155.0000, -50.0000]" in text and text.endswith("sí")
    with pytest.raises(ValueError, match="una derivada parcial por peso"):
        gradient.compare_gradients(s.loss, lambda w: [1.0], [-1.5, 2.0])


def test_format_gradient_comparison_says_no_when_they_disagree():
    result = {"point": np.array([0.0]), "numerical": np.array([1.0]), "analytic": np.array([-0.0]),
              "tape": np.array([1.0]), "max_difference": 1.0}
    text = gradient.format_gradient_comparison(result)
    assert text.endswith("NO") and "[0.0000]" in text and "-0.0000" not in text


# --------------------------------------------------------------------------- descenso y veredictos


@pytest.mark.parametrize("lr, verdict", [(0.01, "lento"), (0.1, "converge"), (0.5, "converge"), (0.6, "converge"),
                                         (0.95, "oscila"), (1.0, "oscila"), (1.1, "diverge"), (10.0, "diverge")])
def test_parabola_known_cases(lr, verdict):
    run = gradient.descend("parabola", learning_rate=lr, steps=50, start=(1.0,))
    assert run.verdict == verdict


def test_parabola_update_rule_and_details():
    run = gradient.descend("parabola", learning_rate=0.1, steps=3, start=(1.0,))
    np.testing.assert_allclose(run.path[:, 0], [1.0, 0.8, 0.64, 0.512])      # w ← (1 − 2η)·w
    np.testing.assert_allclose(run.losses, [1.0, 0.64, 0.4096, 0.262144])
    one_step = gradient.descend("parabola", learning_rate=0.5, steps=50, start=(1.0,))
    assert one_step.converged_at == 1 and one_step.final_loss == 0.0 and not one_step.oscillated
    zigzag = gradient.descend("parabola", learning_rate=0.6, steps=50, start=(1.0,))
    assert zigzag.verdict == "converge" and zigzag.oscillated
    slow_zigzag = gradient.descend("parabola", learning_rate=0.95, steps=50, start=(1.0,))
    w = slow_zigzag.path[:, 0]
    assert np.all(np.sign(w[1:]) != np.sign(w[:-1]))                      # el signo cambia en cada paso
    assert np.all(np.abs(w[1:]) < np.abs(w[:-1]))                        # y |w| se reduce, despacio
    assert gradient.descend("parabola", learning_rate=0.95, steps=100, start=(1.0,)).verdict == "converge"


def test_divergence_stops_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient.descend("double_well", learning_rate=3.0, steps=200, start=(1.9,))
    assert run.verdict == "diverge" and run.stopped_at is not None and run.n_steps < 200
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.losses))
    assert "se detiene en el paso" in gradient.summarize_run(run)


def test_double_well_local_versus_global_minimum():
    local = gradient.descend("double_well", learning_rate=0.1, steps=50, start=(-1.5,))
    assert local.verdict == "converge" and not local.nearest_minimum[1]
    assert local.final_point[0] == pytest.approx(-0.93, abs=0.01)
    assert "mínimo local" in gradient.summarize_run(local)
    rolled = gradient.descend("double_well", learning_rate=0.05, momentum=0.8, steps=200, start=(-1.5,))
    assert rolled.verdict == "converge" and rolled.nearest_minimum[1] and rolled.oscillated
    assert "mínimo global" in gradient.summarize_run(rolled)


def test_momentum_on_the_elongated_bowl():
    plain = gradient.descend("bowl", learning_rate=0.09, steps=40)
    heavy = gradient.descend("bowl", learning_rate=0.09, momentum=0.5, steps=40)
    too_much = gradient.descend("bowl", learning_rate=0.09, momentum=0.9, steps=40)
    assert plain.verdict == "lento" and heavy.verdict == "converge" and too_much.verdict == "oscila"
    assert heavy.converged_at <= 30


def test_descend_matches_keras_sgd_with_momentum():
    ours = gradient.descend("rosenbrock", learning_rate=0.001, momentum=0.9, steps=8)
    keras_path = gradient.keras_sgd_path("rosenbrock", learning_rate=0.001, momentum=0.9, steps=8)
    np.testing.assert_allclose(keras_path, ours.path, atol=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": -0.1}, "debe ser un número positivo"),
    ({"learning_rate": "0.1"}, "debe ser un número, no '0.1'"),
    ({"momentum": 1.0}, "sin llegar a 1"),
    ({"momentum": -0.5}, "sin llegar a 1"),
    ({"steps": 0}, "entre 1 y 10000"),
    ({"steps": 2.5}, "número entero"),
    ({"start": (1.0, 2.0)}, "debe tener 1 coordenada y tiene 2"),
    ({"start": (np.inf,)}, "no finitos"),
    ({"surface": "sombrero"}, "Superficie desconocida"),
])
def test_descend_bad_inputs_in_spanish(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient.descend(**{"surface": "parabola", **kwargs})


def test_convergence_step_and_oscillation_scores():
    assert gradient.convergence_step([5, 1e-4, 5, 1e-4, 1e-4]) == 3
    assert gradient.convergence_step([5, 1e-4]) == 1
    assert gradient.convergence_step([1e-5, 1e-5]) == 0
    assert gradient.convergence_step([5, 1e-4, 5]) is None
    with pytest.raises(ValueError, match="vacía"):
        gradient.convergence_step([])
    zigzag = [1.0, -0.9, 0.81, -0.73]
    assert gradient.oscillation_scores(zigzag, [1.0, 0.81, 0.66, 0.53]) == (1.0, 0.0)
    assert gradient.oscillation_scores([3.0, 2.0, 1.0], [9.0, 4.0, 1.0]) == (0.0, 0.0)
    assert gradient.oscillation_scores([0.0, 1.0, 2.0], [1.0, 2.0, 1.0])[1] == 0.5


def test_classify_run_with_hand_made_trajectories():
    w = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    assert gradient.classify_run(w, w**2, np.abs(2 * w)) == "oscila"
    w = 1.2 ** np.arange(5) * (-1) ** np.arange(5)
    assert gradient.classify_run(w, w**2, np.abs(2 * w)) == "diverge"
    assert gradient.classify_run([1.0, 0.5], [1.0, 0.25], [2.0, 1.0], stopped=True) == "diverge"
    assert gradient.classify_run([1.0, np.nan], [1.0, np.nan], [2.0, np.nan]) == "diverge"
    assert gradient.classify_run([1.0, 0.0], [1.0, 0.0], [2.0, 0.0]) == "converge"
    assert gradient.classify_run([1.0, 0.9, 0.8], [1.0, 0.81, 0.64], [2.0, 1.8, 1.6]) == "lento"
    with pytest.raises(ValueError, match="misma longitud"):
        gradient.classify_run([1.0, 0.5], [1.0], [2.0, 1.0])


def test_convergence_problem_for_the_exercise():
    assert gradient.convergence_problem((0.09, 0.5), "bowl", steps=40) is None
    assert "no converge en 40 pasos. Avanza despacio" in gradient.convergence_problem((0.09, 0.0), "bowl", steps=40)
    assert "Diverge" in gradient.convergence_problem((0.2, 0.5), "bowl", steps=40)
    assert "sin llegar a 1" in gradient.convergence_problem((0.09, 1.0), "bowl", steps=40)
    assert "tupla de dos números" in gradient.convergence_problem(0.09, "bowl", steps=40)
    assert "tupla de dos números" in gradient.convergence_problem("0.09, 0.5", "bowl", steps=40)


def test_summaries_name_each_verdict():
    texts = {lr: gradient.summarize_run(gradient.descend("parabola", learning_rate=lr, steps=50, start=(1.0,)))
             for lr in (0.01, 0.1, 0.95, 1.1)}
    assert texts[0.01].startswith("Avanza despacio: tras 50 pasos")
    assert texts[0.1].startswith("Converge: en 35 pasos llega al mínimo")
    assert texts[0.95].startswith("Oscila:")
    assert texts[1.1].startswith("Diverge: se aleja del mínimo")
    assert all("η = " in t and "momento μ" in t for t in texts.values())


def test_draw_run_and_compare_runs_figures():
    run = gradient.descend("rosenbrock", learning_rate=0.002, momentum=0.9, steps=100)
    fig = gradient.draw_run(run)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "Rosenbrock" in fig.axes[0].get_title() and fig.axes[1].get_xlabel() == "paso"
    runs = [gradient.descend("parabola", learning_rate=lr, steps=20, start=(1.0,)) for lr in (0.1, 1.1)]
    fig = gradient.compare_runs_figure(runs, title="Tres tasas")
    assert len(fig.axes) == 4 and "Diverge" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="lista no vacía de recorridos"):
        gradient.compare_runs_figure([])


# --------------------------------------------------------------------------- explorador


def test_explorer_moves_through_converge_oscillate_diverge():
    exp = gradient.descent_explorer(start=(1.0, 2.0))
    exp.refresh()
    assert exp.result.verdict == "converge" and exp.readout.value.startswith("Converge")
    assert exp.controls["start_w2"].disabled
    first_png, first_text = exp.figure.last_png, exp.readout.value

    exp.set(learning_rate=0.95)
    assert exp.result.verdict == "oscila" and exp.readout.value.startswith("Oscila")
    assert exp.figure.last_png != first_png and exp.readout.value != first_text

    exp.set(learning_rate=1.1)
    assert exp.result.verdict == "diverge" and exp.readout.value.startswith("Diverge")

    # Como si el estudiante eligiera otra superficie en el desplegable.
    before = exp.figure.last_png
    exp.controls["surface"].value = "bowl"
    assert exp.result.surface.key == "bowl" and exp.result.path.shape[1] == 2
    assert not exp.controls["start_w2"].disabled
    assert exp.figure.last_png != before

    exp.set(learning_rate=0.09, momentum=0.5, steps=40)
    assert exp.result.verdict == "converge" and exp.result.momentum == 0.5


def test_explorer_bad_momentum_shows_spanish_message_and_keeps_result():
    exp = gradient.descent_explorer()
    exp.refresh()
    good, png = exp.result, exp.figure.last_png
    exp.set(momentum=1.0)
    assert "sin llegar a 1" in exp.error and "⚠️" in exp.readout.value
    assert exp.result is good and exp.figure.last_png == png
    exp.set(momentum=0.5)
    assert exp.error is None and exp.result.momentum == 0.5


def test_explorer_factory_validates_its_defaults():
    with pytest.raises(ValueError, match="sin llegar a 1"):
        gradient.descent_explorer(momentum=1.5)
    with pytest.raises(ValueError, match="entre 1 y 1000"):
        gradient.descent_explorer(steps=5000)


def test_explore_descent_ignores_w2_on_one_dimensional_surfaces():
    run = gradient.explore_descent(0.1, 0.0, 10, "parabola", 1.0, 99.0)
    assert run.path.shape == (11, 1) and run.path[0, 0] == 1.0


# --------------------------------------------------------------------------- regresión y minilotes


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


@pytest.mark.parametrize("n, batch, steps", [(60000, 32, 1875), (60000, 128, 469), (200, 32, 7), (200, 200, 1),
                                              (200, 1, 200), (10, 64, 1)])
def test_steps_per_epoch(n, batch, steps):
    assert gradient.steps_per_epoch(n, batch) == steps


def test_steps_per_epoch_bad_inputs():
    with pytest.raises(ValueError, match="El tamaño de lote debe ser un entero positivo"):
        gradient.steps_per_epoch(200, 0)
    with pytest.raises(ValueError, match="número entero"):
        gradient.steps_per_epoch(200, 2.5)
    with pytest.raises(ValueError, match="número entero"):
        gradient.steps_per_epoch(True, 2)


def test_minibatch_descent_counts_steps_and_batch_equals_plain_gd():
    x, y = gradient.make_regression_data(n=50, seed=3)
    run = gradient.minibatch_descent(x, y, batch_size=16, learning_rate=0.1, epochs=3)
    assert run.steps_per_epoch == 4 and run.total_steps == 12
    assert run.losses.shape == (13,) and run.batch_losses.shape == (12,) and run.epoch_losses.shape == (4,)
    full = gradient.minibatch_descent(x, y, batch_size=50, learning_rate=0.1, epochs=5)
    params = np.zeros(2)
    for _ in range(5):
        params = params - 0.1 * gradient.mse_gradient(params, x, y)
    np.testing.assert_allclose(full.path[-1], params)
    assert full.name == "Por lotes (lote completo)" and run.name == "Por minilotes de 16"
    assert gradient.method_name(1, 50) == "Estocástico (de uno en uno)"


def test_stochastic_is_noisier_than_batch():
    x, y = gradient.make_regression_data()
    batch, mini, sgd = gradient.compare_batch_sizes(x, y, learning_rate=0.1, epochs=20)
    assert (batch.steps_per_epoch, mini.steps_per_epoch, sgd.steps_per_epoch) == (1, 7, 200)
    assert np.all(np.diff(batch.losses) <= 0)                    # por lotes: la pérdida nunca sube
    assert np.mean(np.diff(sgd.losses) > 0) > 0.3                # estocástico: sube y baja
    # Tras la primera época, el de lotes solo ha dado un paso; los otros dos, 7 y 200.
    assert sgd.losses[200] < batch.losses[1] and mini.losses[7] < batch.losses[1]
    # Al final, el ruido del estocástico (con η fija) lo deja más lejos del mínimo que a los otros dos.
    assert sgd.losses[-1] > max(batch.losses[-1], mini.losses[-1])
    table = gradient.batch_table([batch, mini, sgd], loss_min=gradient.least_squares(x, y)[2])
    assert "pasos en 20 épocas" in table and "4000" in table and "pérdida mínima posible" in table


def test_minibatch_bad_inputs_in_spanish():
    x, y = gradient.make_regression_data(n=20)
    with pytest.raises(ValueError, match="El tamaño de lote debe ser un entero"):
        gradient.minibatch_descent(x, y, batch_size=0)
    with pytest.raises(ValueError, match="tasa de aprendizaje"):
        gradient.minibatch_descent(x, y, batch_size=4, learning_rate=0)
    with pytest.raises(ValueError, match="épocas"):
        gradient.minibatch_descent(x, y, batch_size=4, epochs=0)
    with pytest.raises(ValueError, match="mismo número de ejemplos"):
        gradient.minibatch_descent(x, y[:5], batch_size=4)


def test_regression_and_batch_figures():
    x, y = gradient.make_regression_data(n=60)
    fig = gradient.regression_loss_figure(x, y)
    assert len(fig.axes) >= 3 and fig.axes[1].get_xlabel() == "peso w" and fig.axes[2].get_ylabel() == "sesgo b"
    with pytest.raises(ValueError, match="al menos un valor de w"):
        gradient.regression_loss_figure(x, y, weights=[])
    runs = gradient.compare_batch_sizes(x, y, epochs=3)
    fig = gradient.batch_comparison_figure(runs, x, y)
    assert len(fig.axes) == 3 and fig.axes[0].get_xlabel() == "época"
    with pytest.raises(ValueError, match="al menos un recorrido"):
        gradient.batch_comparison_figure([], x, y)
    assert math.isclose(runs[0].learning_rate, 0.1)
