"""Pruebas del cálculo de la lección del gradiente (notebook 02): superficies, gradientes y descensos."""

import warnings

import numpy as np
import pytest

from course_lib.lessons import gradient
from course_lib.lessons.gradient import compute


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


def test_compare_gradients_rosenbrock():
    s = gradient.SURFACES["rosenbrock"]
    result = gradient.compare_gradients(s.loss, s.gradient, [-1.5, 2.0])
    np.testing.assert_allclose(result["analytic"], [-155.0, -50.0])
    np.testing.assert_allclose(result["tape"], [-155.0, -50.0])
    assert result["max_difference"] < 1e-5
    with pytest.raises(ValueError, match="una derivada parcial por peso"):
        gradient.compare_gradients(s.loss, lambda w: [1.0], [-1.5, 2.0])


# --------------------------------------------------------------------------- descenso y veredictos


@pytest.mark.parametrize("lr, verdict", [(0.01, "slow"), (0.1, "converges"), (0.5, "converges"),
                                         (0.6, "converges"), (0.95, "converges_oscillating"),
                                         (1.0, "oscillates"), (1.1, "diverges"), (10.0, "diverges")])
def test_parabola_known_cases(lr, verdict):
    run = gradient.descend("parabola", learning_rate=lr, steps=50, start=(1.0,))
    assert run.verdict == verdict and run.verdict in gradient.VERDICTS


def test_parabola_update_rule_and_details():
    run = gradient.descend("parabola", learning_rate=0.1, steps=3, start=(1.0,))
    np.testing.assert_allclose(run.path[:, 0], [1.0, 0.8, 0.64, 0.512])      # w ← (1 − 2η)·w
    np.testing.assert_allclose(run.losses, [1.0, 0.64, 0.4096, 0.262144])
    one_step = gradient.descend("parabola", learning_rate=0.5, steps=50, start=(1.0,))
    assert one_step.converged_at == 1 and one_step.final_loss == 0.0 and not one_step.oscillated
    zigzag = gradient.descend("parabola", learning_rate=0.6, steps=50, start=(1.0,))
    assert zigzag.verdict == "converges" and zigzag.oscillated
    assert gradient.descend("parabola", learning_rate=0.95, steps=100, start=(1.0,)).verdict == "converges"


def test_eta_095_converges_while_alternating_sides():
    """Issue 10: el panel de η = 0.95 no puede decir «Oscila» si la pérdida baja en cada paso."""
    run = gradient.descend("parabola", learning_rate=0.95, steps=50, start=(1.0,))
    w = run.path[:, 0]
    assert np.all(np.sign(w[1:]) != np.sign(w[:-1]))                      # cambia de lado en cada paso
    assert np.all(np.diff(run.losses) < 0)                                # y la pérdida baja en cada paso
    assert run.final_loss < 1e-4
    assert run.verdict == "converges_oscillating" and run.oscillated and run.converged_at is None
    # η = 1 exacto: salta entre 1 y −1 y la pérdida no baja nada: eso sí es oscilar sin asentarse.
    assert gradient.descend("parabola", learning_rate=1.0, steps=50, start=(1.0,)).verdict == "oscillates"


def test_divergence_stops_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient.descend("double_well", learning_rate=3.0, steps=200, start=(1.9,))
    assert run.verdict == "diverges" and run.stopped_at is not None and run.n_steps < 200
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.losses))


def test_double_well_local_versus_global_minimum():
    local = gradient.descend("double_well", learning_rate=0.1, steps=50, start=(-1.5,))
    assert local.verdict == "converges" and not local.nearest_minimum[1]
    assert local.final_point[0] == pytest.approx(-0.93, abs=0.01)
    rolled = gradient.descend("double_well", learning_rate=0.05, momentum=0.8, steps=200, start=(-1.5,))
    assert rolled.verdict == "converges" and rolled.nearest_minimum[1] and rolled.oscillated


def test_momentum_on_the_elongated_bowl_as_the_notebook_says():
    plain = gradient.descend("bowl", learning_rate=0.09, steps=40)
    heavy = gradient.descend("bowl", learning_rate=0.09, momentum=0.5, steps=40)
    too_much = gradient.descend("bowl", learning_rate=0.09, momentum=0.9, steps=40)
    assert plain.verdict == "slow" and heavy.verdict == "converges" and too_much.verdict == "oscillates"
    assert heavy.converged_at < 30                                        # «llega en menos de 30 pasos»
    assert np.mean(np.diff(too_much.losses) > 0) > 0.1                    # «la pérdida sube y baja»


@pytest.mark.parametrize("curvature, surface", [(2.0, "parabola"), (20.0, "bowl")])
@pytest.mark.parametrize("mu", [0.0, 0.3, 0.5, 0.8, 0.9])
def test_momentum_stability_bound(curvature, surface, mu):
    """Issue 10: con momento, en una cuadrática de curvatura λ converge si y solo si 0 < η < 2(1 + μ)/λ."""
    limit = 2 * (1 + mu) / curvature
    start = (1.0,) if surface == "parabola" else None
    below = gradient.descend(surface, learning_rate=0.97 * limit, momentum=mu, steps=2000, start=start)
    above = gradient.descend(surface, learning_rate=1.03 * limit, momentum=mu, steps=2000, start=start)
    assert below.verdict == "converges", gradient.summarize_run(below)
    assert above.verdict == "diverges", gradient.summarize_run(above)
    # El radio espectral de la recurrencia w_{t+1} = (1 + μ − ηλ) w_t − μ w_{t−1} cruza 1 en el límite.
    for eta, stable in ((0.97 * limit, True), (1.03 * limit, False)):
        roots = np.roots([1.0, -(1 + mu - eta * curvature), mu])
        assert (np.max(np.abs(roots)) < 1) == stable


def test_bound_claims_of_the_notebook():
    """η = 0.11 diverge sin momento en el cuenco y converge con μ = 0.5 (también en 40 pasos)."""
    assert gradient.descend("bowl", learning_rate=0.11, steps=50).verdict == "diverges"
    assert gradient.descend("bowl", learning_rate=0.11, momentum=0.2, steps=50).verdict != "diverges"
    assert gradient.descend("bowl", learning_rate=0.11, momentum=0.5, steps=40).verdict == "converges"
    # Las sugerencias de la pista del ejercicio 4 convergen en 40 pasos.
    for eta, mu in ((0.09, 0.5), (0.1, 0.4), (0.12, 0.3), (0.11, 0.5)):
        assert gradient.convergence_problem((eta, mu), "bowl", steps=40, start=(-1.5, 2.0)) is None
    # Sin momento no hay η que converja en 40 pasos.
    for eta in np.linspace(0.01, 0.2, 39):
        assert gradient.convergence_problem((float(eta), 0.0), "bowl", steps=40) is not None


def test_rosenbrock_claims_of_the_explorer_text():
    assert gradient.descend("rosenbrock", learning_rate=0.001, steps=1000).verdict == "slow"
    assert gradient.descend("rosenbrock", learning_rate=0.002, momentum=0.9, steps=1000).verdict == "converges"
    assert gradient.descend("rosenbrock", learning_rate=0.003, steps=1000).verdict == "diverges"


def test_descend_matches_keras_sgd_with_momentum():
    import keras
    import tensorflow as tf

    s = gradient.SURFACES["rosenbrock"]
    weights = tf.Variable(s.default_start, dtype=tf.float64)
    optimizer = keras.optimizers.SGD(learning_rate=0.001, momentum=0.9)
    keras_path = [weights.numpy().copy()]
    for _ in range(8):
        with tf.GradientTape() as tape:
            loss = s.loss(weights)
        optimizer.apply_gradients([(tape.gradient(loss, weights), weights)])
        keras_path.append(weights.numpy().copy())
    ours = gradient.descend("rosenbrock", learning_rate=0.001, momentum=0.9, steps=8)
    np.testing.assert_allclose(np.array(keras_path), ours.path, atol=1e-6)


def test_descend_uses_the_step_it_is_given():
    calls = []

    def half_step(w, v, grad, learning_rate, momentum):
        calls.append((learning_rate, momentum))
        return w - 0.5 * learning_rate * grad, v

    run = gradient.descend("parabola", step=half_step, learning_rate=0.2, momentum=0.3, steps=3, start=(1.0,))
    np.testing.assert_allclose(run.path[:, 0], [1.0, 0.8, 0.64, 0.512])       # (1 − 2·0.1)·w
    assert calls == [(0.2, 0.3)] * 3


def test_a_step_that_mutates_its_arguments_does_not_corrupt_the_path():
    def inplace_step(w, v, grad, learning_rate, momentum):
        v *= momentum
        v -= learning_rate * grad
        w += v
        return w, v

    run = gradient.descend("bowl", step=inplace_step, learning_rate=0.09, momentum=0.5, steps=20)
    np.testing.assert_allclose(run.path, gradient.descend("bowl", learning_rate=0.09, momentum=0.5, steps=20).path)


@pytest.mark.parametrize("step, message", [
    (lambda w, v, grad, learning_rate, momentum: w - learning_rate * grad, "dos valores"),
    (lambda w, v, grad, learning_rate, momentum: (np.zeros(3), v), "con 1 valor cada uno"),
    (lambda w, v, grad, learning_rate, momentum: ("a", v), "devolver números"),
    ("momentum_step", "debe ser una función"),
])
def test_bad_step_functions_explain_in_spanish(step, message):
    with pytest.raises(ValueError, match=message):
        gradient.descend("parabola", step=step, steps=3)


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
    assert compute.convergence_step([5, 1e-4, 5, 1e-4, 1e-4]) == 3
    assert compute.convergence_step([5, 1e-4]) == 1
    assert compute.convergence_step([1e-5, 1e-5]) == 0
    assert compute.convergence_step([5, 1e-4, 5]) is None
    with pytest.raises(ValueError, match="vacía"):
        compute.convergence_step([])
    zigzag = [1.0, -0.9, 0.81, -0.73]
    assert compute.oscillation_scores(zigzag, [1.0, 0.81, 0.66, 0.53]) == (1.0, 0.0)
    assert compute.oscillation_scores([3.0, 2.0, 1.0], [9.0, 4.0, 1.0]) == (0.0, 0.0)
    assert compute.oscillation_scores([0.0, 1.0, 2.0], [1.0, 2.0, 1.0])[1] == 0.5


def test_classify_run_with_hand_made_trajectories():
    w = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    assert gradient.classify_run(w, w**2, np.abs(2 * w)) == "oscillates"
    w = 0.9 ** np.arange(8) * (-1) ** np.arange(8)
    assert gradient.classify_run(w, w**2, np.abs(2 * w)) == "converges_oscillating"
    w = 1.2 ** np.arange(5) * (-1) ** np.arange(5)
    assert gradient.classify_run(w, w**2, np.abs(2 * w)) == "diverges"
    assert gradient.classify_run([1.0, 0.5], [1.0, 0.25], [2.0, 1.0], stopped=True) == "diverges"
    assert gradient.classify_run([1.0, np.nan], [1.0, np.nan], [2.0, np.nan]) == "diverges"
    assert gradient.classify_run([1.0, 0.0], [1.0, 0.0], [2.0, 0.0]) == "converges"
    assert gradient.classify_run([1.0, 0.9, 0.8], [1.0, 0.81, 0.64], [2.0, 1.8, 1.6]) == "slow"
    with pytest.raises(ValueError, match="misma longitud"):
        gradient.classify_run([1.0, 0.5], [1.0], [2.0, 1.0])
