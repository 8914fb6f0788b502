"""Pruebas de la lección 01: la figura reutilizada del patio de juegos (PlaygroundPainter) y los
entrenamientos guardados de su explorador (TrainingCache), que deben dar lo mismo que hacerlo
todo desde cero."""

import math

import numpy as np
import pytest

from course_lib.lessons import shallow_deep as sd
from course_lib.lessons.shallow_deep.compute import TrainingCache
from course_lib.rendering import figure_to_png
from conftest import assert_frame_matches_fresh, pixels


def assert_same_result(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in b:
        if isinstance(b[key], np.ndarray):
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
        else:
            assert a[key] == b[key], key


# --------------------------------------------------------------------------- la figura reutilizada


def test_the_explorer_reuses_its_figure_and_each_frame_equals_a_fresh_figure(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    exp = sd.playground_explorer(epochs=100)
    painter = exp._draw
    assert isinstance(painter, sd.PlaygroundPainter)
    exp.refresh()
    figure = painter._frame[0]
    changes = [{"hidden_layers": 3, "neurons": 8, "dataset": "spiral"},   # otra red y otros datos
               {"hidden_layers": 0, "features": ("x1", "x2", "r")},       # 3 mapas en lugar de 8
               {"epochs": 300, "noise": 0.4, "activation": "relu"},        # otros límites en los ejes
               {"learning_rate": 3.0}]
    for values in changes:
        exp.set(**values)
        assert exp.error is None
        assert painter._frame[0] is figure                               # la misma figura, sus artistas cambiados
        assert_frame_matches_fresh(exp)
    assert painter.builds == 1 and exp.figure.updates == len(changes) + 1
    assert exp.figure._renderer.frozen_frames >= 1                      # y la colocación se reutilizó


def test_hidden_map_slots_and_the_diverged_message_leave_no_trace():
    painter = sd.PlaygroundPainter()
    deep = sd.train_playground("xor", 0.1, 2, 8, epochs=50, resolution=20)
    shallow = sd.train_playground("xor", 0.1, 0, 4, features=("x1", "x2"), epochs=50, resolution=20)
    broken = dict(deep, diverged=True)
    for result in (deep, broken, shallow):
        fig = painter(result)
        np.testing.assert_array_equal(pixels(figure_to_png(fig)), pixels(figure_to_png(painter.fresh(result))))
    visible = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    assert visible == ["x₁\npeso " + f"{shallow['output_weights'][0]:+.2f}",
                       "x₂\npeso " + f"{shallow['output_weights'][1]:+.2f}"]
    assert fig.axes[2].get_title(loc="left").endswith("las características hechas a mano (claro = alta, oscuro = baja)")
    assert painter.builds == 1


def test_the_painter_builds_again_when_the_grid_changes():
    painter = sd.PlaygroundPainter()
    first = painter(sd.train_playground(epochs=50, resolution=20))
    assert painter(sd.train_playground(epochs=60, resolution=20)) is first
    other = painter(sd.train_playground(epochs=60, resolution=30))
    assert other is not first and painter.builds == 2


def test_the_headline_is_the_top_title_and_its_band_is_reserved():
    result = sd.train_playground(epochs=50, resolution=20)
    fig = sd.draw_playground(result)
    assert [t.get_text() for t in fig.texts] == [sd.figures.headline(result)]
    figure_to_png(fig)
    renderer = fig._get_renderer()
    headline = fig.texts[0].get_window_extent(renderer)
    tops = [ax.get_tightbbox(renderer).y1 for ax in fig.axes[:2]]
    assert max(tops) <= headline.y0                                     # los títulos de los ejes, debajo
    assert headline.y1 <= fig.bbox.y1                                   # y el titular, dentro de la figura


# --------------------------------------------------------------------------- los entrenamientos guardados


def _textbook_adam(F, y, hidden, activation, learning_rate, epochs, seed):
    """Adam capa a capa, como se escribe en un libro (la versión anterior de train_mlp)."""
    params = sd.init_mlp(F.shape[1], hidden, seed)
    moments = [(np.zeros_like(W), np.zeros_like(b), np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-7
    losses = []
    for t in range(1, epochs + 1):
        loss, grads = sd.mlp_loss_and_gradients(params, F, y, activation)
        losses.append(loss)
        scale = learning_rate * math.sqrt(1 - beta2**t) / (1 - beta1**t)
        new_params, new_moments = [], []
        for (W, b), (gW, gb), (mW, mb, vW, vb) in zip(params, grads, moments):
            mW = beta1 * mW + (1 - beta1) * gW
            mb = beta1 * mb + (1 - beta1) * gb
            vW = beta2 * vW + (1 - beta2) * gW * gW
            vb = beta2 * vb + (1 - beta2) * gb * gb
            new_params.append((W - scale * mW / (np.sqrt(vW) + eps), b - scale * mb / (np.sqrt(vb) + eps)))
            new_moments.append((mW, mb, vW, vb))
        params, moments = new_params, new_moments
    return params, np.array(losses)


@pytest.mark.parametrize("hidden, activation", [((), "tanh"), ((5, 3), "relu"), ((4,), "sigmoid")])
def test_train_mlp_is_exactly_adam_layer_by_layer(hidden, activation):
    X, y = sd.make_dataset("moons", 120, 0.1, 3)
    params, losses = _textbook_adam(X, y.astype(float), hidden, activation, 0.05, 40, 1)
    trained = sd.train_mlp(X, y, hidden, activation, 0.05, 40, seed=1)
    np.testing.assert_array_equal(trained["loss_train"], losses)
    for (W, b), (W_ref, b_ref) in zip(trained["params"], params):
        np.testing.assert_array_equal(W, W_ref)
        np.testing.assert_array_equal(b, b_ref)


def test_cached_trainings_equal_training_from_scratch():
    cache = TrainingCache()
    kwargs = dict(dataset="spiral", hidden_layers=2, neurons=5, learning_rate=0.1, resolution=10)
    for epochs in (120, 50, 300, 200, 120, 75):                         # menos, más y repetidas
        assert_same_result(sd.train_playground(epochs=epochs, cache=cache, **kwargs),
                           sd.train_playground(epochs=epochs, **kwargs))
    assert cache.hits == 5
    other = sd.train_playground(epochs=120, cache=cache, **dict(kwargs, activation="relu"))
    assert_same_result(other, sd.train_playground(epochs=120, **dict(kwargs, activation="relu")))
    assert cache.hits == 5                                               # otra red: se entrena de nuevo


def test_a_cached_training_that_diverges_stops_where_it_diverged(monkeypatch):
    from course_lib.lessons.shallow_deep import compute

    # La pérdida «se dispara» (NaN) cuando los logits pasan de 6: le pasa a la misma época con la
    # caché y sin ella, porque depende solo de los pesos.
    bce = compute._bce_from_logits
    monkeypatch.setattr(compute, "_bce_from_logits",
                        lambda logits, y: math.nan if np.abs(logits).max() > 6.0 else bce(logits, y))
    X, y = sd.make_dataset("moons", 120, 0.1, 3)
    fresh = sd.train_mlp(X, y, (4,), "tanh", 0.1, 200)
    assert fresh["diverged"] and 20 < len(fresh["loss_train"]) < 150
    cache = TrainingCache(every=20)
    for epochs in (200, 10, 200, 30, 150):
        expected = sd.train_mlp(X, y, (4,), "tanh", 0.1, epochs)
        got = cache.train("red", epochs, X, y, (4,), "tanh", 0.1, 0, None, None)
        assert got["diverged"] == expected["diverged"]
        np.testing.assert_array_equal(got["loss_train"], expected["loss_train"])
        for (W, b), (W_ref, b_ref) in zip(got["params"], expected["params"]):
            np.testing.assert_array_equal(W, W_ref)
            np.testing.assert_array_equal(b, b_ref)
    assert cache.hits == 4


def test_the_cache_keeps_only_the_most_recent_networks():
    cache = TrainingCache(size=2)
    for neurons in (1, 2, 3):
        sd.train_playground(neurons=neurons, epochs=50, resolution=10, cache=cache)
    assert len(cache._runs) == 2
    sd.train_playground(neurons=1, epochs=50, resolution=10, cache=cache)
    assert cache.hits == 0                                               # la primera ya se había descartado
