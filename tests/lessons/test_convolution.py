"""Pruebas de la lección 07 (course_lib.lessons.convolution): convolución a mano, tamaños,
pooling, parámetros, filtros como texto, figuras y el explorador de convolución."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from matplotlib.figure import Figure

from conftest import assert_every_control_value_is_valid
from course_lib.lessons import convolution as cv

SOBEL_X = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float)


# ------------------------------------------------------------------ tamaños y relleno


@pytest.mark.parametrize("n, k, s, padding, expected", [
    (28, 3, 1, "valid", 26), (28, 3, 1, "same", 28), (28, 5, 1, "valid", 24),
    (28, 3, 2, "valid", 13), (28, 3, 2, "same", 14), (28, 5, 2, "valid", 12),
    (28, 5, 3, "same", 10), (7, 7, 1, "valid", 1), (5, 3, 4, "same", 2),
])
def test_output_size_known_values(n, k, s, padding, expected):
    assert cv.output_size(n, k, s, padding) == expected


def test_padding_amounts_like_tensorflow_same():
    assert cv.padding_amounts(28, 3, 1, "same") == (1, 1)
    assert cv.padding_amounts(28, 3, 2, "same") == (0, 1)      # el cero de más va abajo/derecha
    assert cv.padding_amounts(28, 5, 1, "same") == (2, 2)
    assert cv.padding_amounts(28, 3, 1, "valid") == (0, 0)


def test_size_formula_has_the_numbers():
    assert cv.size_formula(28, 3, 2, "valid") == "⌊(28 + 0 − 3) / 2⌋ + 1 = 13"
    assert cv.size_formula(28, 3, 1, "same") == "⌊(28 + 2 − 3) / 1⌋ + 1 = 28"


def test_sizes_bad_input_in_spanish():
    with pytest.raises(ValueError, match="padding.*'valid'.*'same'"):
        cv.output_size(28, 3, 1, "full")
    with pytest.raises(ValueError, match="paso.*entero positivo"):
        cv.output_size(28, 3, 0)
    with pytest.raises(ValueError, match="más grande que la entrada"):
        cv.output_size(2, 3)
    with pytest.raises(ValueError, match="entero positivo"):
        cv.padding_amounts(28, 2.5)


# ------------------------------------------------------------------ convolución


def test_conv2d_small_example_by_hand():
    image = np.array([[0, 0, 1, 1],
                      [0, 0, 1, 1],
                      [0, 0, 1, 1],
                      [0, 0, 1, 1]], dtype=float)
    out = cv.conv2d(image, SOBEL_X)
    # Ventana de arriba a la izquierda: columnas 0, 0, 1 -> (1 + 2 + 1)·0 + 0 − (1 + 2 + 1)·1 = −4
    np.testing.assert_allclose(out, [[-4, -4], [-4, -4]])
    assert cv.conv2d(image, SOBEL_X, bias=0.5)[0, 0] == pytest.approx(-3.5)
    same = cv.conv2d(image, SOBEL_X, padding="same")
    assert same.shape == (4, 4)
    assert same[0, 3] == pytest.approx(3.0)   # el borde derecho (ceros de relleno) da respuesta positiva


@pytest.mark.parametrize("n", [28, 9])
@pytest.mark.parametrize("k", [3, 5])
@pytest.mark.parametrize("s", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv2d_equals_tf_nn_conv2d(n, k, s, padding):
    rng = np.random.default_rng(n + 10 * k + 100 * s)
    x, w = rng.normal(size=(n, n)), rng.normal(size=(k, k))
    ours = cv.conv2d(x, w, s, padding)
    ref = tf.nn.conv2d(x[None, :, :, None], w[:, :, None, None], strides=s, padding=padding.upper())
    np.testing.assert_allclose(ours, ref.numpy()[0, :, :, 0], atol=1e-10)


def test_conv2d_flip_is_the_mathematical_convolution():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 6))
    # Sobel volteado es el mismo filtro con el signo cambiado.
    np.testing.assert_allclose(cv.conv2d(x, SOBEL_X, flip=True), -cv.conv2d(x, SOBEL_X))
    # Convolución matemática calculada con la definición: Σ x[i − u, j − v] · w[u, v]
    w = rng.normal(size=(3, 3))
    by_definition = np.array([[sum(x[i + 2 - u, j + 2 - v] * w[u, v] for u in range(3) for v in range(3))
                               for j in range(4)] for i in range(4)])
    np.testing.assert_allclose(cv.conv2d(x, w, flip=True), by_definition)


def test_conv2d_accepts_channel_axis_and_rejects_bad_input():
    x = np.ones((5, 5, 1))
    assert cv.conv2d(x, np.ones((3, 3))).shape == (3, 3)
    with pytest.raises(ValueError, match="matriz 2D"):
        cv.conv2d(np.ones((2, 5, 5)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="cuadrado"):
        cv.conv2d(np.ones((5, 5)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="no finitos"):
        cv.conv2d(np.full((5, 5), np.nan), np.ones((3, 3)))
    with pytest.raises(ValueError, match="array numérico"):
        cv.conv2d("imagen", np.ones((3, 3)))


def test_multichannel_is_one_filter_per_input_channel_and_matches_keras():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(9, 9, 3))
    w = rng.normal(size=(3, 3, 3, 4))
    b = rng.normal(size=4)
    ours = cv.conv2d_multichannel(x, w, b)
    manual = sum(cv.conv2d(x[..., c], w[:, :, c, 1]) for c in range(3)) + b[1]
    np.testing.assert_allclose(ours[..., 1], manual)
    layer = keras.layers.Conv2D(4, 3)
    layer.build((None, 9, 9, 3))
    layer.set_weights([w.astype("float32"), b.astype("float32")])
    np.testing.assert_allclose(ours, layer(x[None].astype("float32")).numpy()[0], atol=1e-4)
    assert cv.conv2d_multichannel(x, w, b, stride=2, padding="same").shape == (5, 5, 4)


def test_multichannel_bad_input_in_spanish():
    with pytest.raises(ValueError, match="3 canales.*esperan 2"):
        cv.conv2d_multichannel(np.ones((5, 5, 3)), np.ones((3, 3, 2, 4)))
    with pytest.raises(ValueError, match="un sesgo por filtro"):
        cv.conv2d_multichannel(np.ones((5, 5, 1)), np.ones((3, 3, 1, 4)), np.ones(3))
    with pytest.raises(ValueError, match=r"\(alto, ancho, canales\)"):
        cv.conv2d_multichannel(np.ones((5, 5)), np.ones((3, 3, 1, 4)))
    with pytest.raises(ValueError, match="layer.kernel"):
        cv.conv2d_multichannel(np.ones((5, 5, 1)), np.ones((3, 3, 1)))


# ------------------------------------------------------------------ pooling


def test_max_pool_known_values_and_keras():
    a = np.arange(16, dtype=float).reshape(4, 4)
    np.testing.assert_array_equal(cv.max_pool(a), [[5, 7], [13, 15]])
    assert cv.max_pool(np.ones((7, 7))).shape == (3, 3)            # como Keras: sin relleno
    np.testing.assert_array_equal(cv.max_pool(a, 3, 1), [[10, 11], [14, 15]])
    rng = np.random.default_rng(3)
    m = rng.normal(size=(9, 8, 3))
    ref = keras.layers.MaxPooling2D(2)(m[None].astype("float32")).numpy()[0]
    np.testing.assert_allclose(cv.max_pool(m), ref, atol=1e-6)


def test_max_pool_bad_input_in_spanish():
    with pytest.raises(ValueError, match="más grande que el mapa"):
        cv.max_pool(np.ones((1, 1)))
    with pytest.raises(ValueError, match="ventana de pooling"):
        cv.max_pool(np.ones((4, 4)), size=0)
    with pytest.raises(ValueError, match="Se esperaba un mapa"):
        cv.max_pool(np.ones(4))


# ------------------------------------------------------------------ parámetros


def test_param_counts_match_keras():
    assert cv.conv_params(3, 1, 32) == 320
    assert cv.conv_params(3, 32, 64) == 18496
    assert cv.conv_params(3, 32, 64, bias=False) == 18432
    assert cv.dense_params(784, 512) == 401920
    layer = keras.layers.Conv2D(64, 5)
    layer.build((None, 20, 20, 16))
    assert layer.count_params() == cv.conv_params(5, 16, 64)
    with pytest.raises(ValueError, match="canales de entrada"):
        cv.conv_params(3, 0, 8)
    with pytest.raises(ValueError, match="neuronas"):
        cv.dense_params(10, -1)


# ------------------------------------------------------------------ filtros como texto


def test_parse_kernel_formats():
    np.testing.assert_array_equal(cv.parse_kernel("1 0 -1; 2 0 -2; 1 0 -1"), SOBEL_X)
    np.testing.assert_array_equal(cv.parse_kernel("1, 0, -1\n2, 0, -2\n1, 0, -1"), SOBEL_X)
    blur = cv.parse_kernel("1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9")
    assert blur.sum() == pytest.approx(1.0)
    assert cv.parse_kernel(".5 +1 -0.25; 0 0 0; 0 0 0")[0].tolist() == [0.5, 1.0, -0.25]
    assert cv.parse_kernel("0.5/2 -3/4 1/-2; 0 0 0; 0 0 0")[0].tolist() == [0.25, -0.75, -0.5]


@pytest.mark.parametrize("text, message", [
    ("1 2 3; 4 5 6", "3 filas"),
    ("1 2 3; 4 5; 7 8 9", "fila 2 del filtro tiene 2 valores"),
    ("0,5 0 0; 1 1 1; 1 1 1", "usa el punto"),
    ("1 x 1; 1 1 1; 1 1 1", "«x» \\(fila 1\\) no es un número"),
    ("1/0 1 1; 1 1 1; 1 1 1", "divide entre cero"),
    ("1/0.0 1 1; 1 1 1; 1 1 1", "divide entre cero"),
    ("1//2 1 1; 1 1 1; 1 1 1", "no es un número"),
    ("1e3 1 1; 1 1 1; 1 1 1", "no es un número"),
    (12, "como texto"),
])
def test_parse_kernel_bad_text_in_spanish(text, message):
    with pytest.raises(ValueError, match=message):
        cv.parse_kernel(text)


def test_format_and_identify_presets():
    for name, text in cv.PRESETS.items():
        kernel = cv.parse_kernel(text)
        assert cv.identify_preset(kernel) == name
        np.testing.assert_allclose(cv.parse_kernel(cv.format_kernel(kernel)), kernel, atol=1e-5)
    assert cv.format_kernel(SOBEL_X) == "1 0 -1; 2 0 -2; 1 0 -1"
    assert cv.identify_preset(SOBEL_X * 2) == cv.CUSTOM
    with pytest.raises(ValueError, match="No hay ningún filtro llamado"):
        cv.preset_kernel("bordes")


# ------------------------------------------------------------------ cálculo del explorador


def test_feature_map_view_normalizes_and_reports_sizes():
    image = np.zeros((28, 28), dtype=np.uint8)
    image[:, 14:] = 255
    view = cv.feature_map_view(image, "1 0 -1; 2 0 -2; 1 0 -1", stride=2, padding="same", image_name="prueba")
    assert view["image"].max() == pytest.approx(1.0)
    assert view["output_shape"] == (14, 14) and view["padded"].shape == (29, 29)
    assert view["pad_rows"] == (0, 1) and view["kernel_name"] == "vertical_edges"
    assert view["kernel_label"] == "bordes verticales (Sobel)"
    assert view["output"].min() == pytest.approx(-4.0)
    assert cv.summarize_feature_map(view) == (
        "prueba · filtro «bordes verticales (Sobel)» · paso 2 · relleno same: "
        "salida ⌊(28 + 1 − 3) / 2⌋ + 1 = 14 → mapa de 14 × 14")
    assert isinstance(cv.draw_feature_map(view), Figure)


def test_feature_map_view_bad_input_in_spanish():
    with pytest.raises(ValueError, match="paso \\(30\\) es mayor que la imagen"):
        cv.feature_map_view(np.ones((28, 28)), SOBEL_X, stride=30)
    with pytest.raises(ValueError, match="más grande que la entrada"):
        cv.feature_map_view(np.ones((2, 2)), SOBEL_X)
    with pytest.raises(ValueError, match="3 filas"):
        cv.feature_map_view(np.ones((5, 5)), "1 1 1")


# ------------------------------------------------------------------ explorador


def make_explorer():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, size=(3, 12, 12), dtype=np.uint8)
    return cv.convolution_explorer(images, ["a", "b", "c"])


def test_explorer_controls_change_result_readout_and_figure():
    exp = make_explorer()
    assert list(exp.controls)[0] == "stride"          # el primer control es un deslizador
    exp.refresh()
    first_png, first_readout = exp.figure.last_png, exp.readout.value
    assert exp.result["output_shape"] == (10, 10)
    assert "mapa de 10 × 10" in first_readout and first_readout.startswith("a · ")

    exp.set(stride=2)
    assert exp.result["output_shape"] == (5, 5)
    assert "⌊(12 + 0 − 3) / 2⌋ + 1 = 5" in exp.readout.value
    assert exp.figure.last_png != first_png

    exp.set(padding="same")
    assert exp.result["output_shape"] == (6, 6) and exp.result["pad_cols"] == (0, 1)
    png = exp.figure.last_png
    exp.controls["index"].value = 2                    # como si el estudiante moviera el control
    assert exp.result["image_name"] == "c" and exp.readout.value.startswith("c · ")
    assert exp.figure.last_png != png


def test_explorer_preset_fills_the_text_and_text_sets_the_preset():
    exp = make_explorer()
    exp.refresh()
    updates = exp.figure.updates
    exp.controls["preset"].value = "box_blur"          # como si el estudiante eligiera en el desplegable
    assert exp.controls["kernel"].value == cv.PRESETS["box_blur"]
    assert exp.result["kernel"].sum() == pytest.approx(1.0)
    assert "«desenfoque (media)»" in exp.readout.value
    assert exp.figure.updates == updates + 1          # un solo redibujo por cambio (link, no dos observe)
    exp.set(kernel="0 0 0; 0 2 0; 0 0 0")
    assert exp.controls["preset"].value == cv.CUSTOM and "«personalizado»" in exp.readout.value
    np.testing.assert_allclose(exp.result["output"], 2 * exp.result["image"][1:-1, 1:-1])
    updates = exp.figure.updates
    exp.controls["kernel"].value = "0 -1 0; -1 5 -1; 0 -1 0"   # escrito a mano: el desplegable lo reconoce
    assert exp.controls["preset"].value == "sharpen" and exp.figure.updates == updates + 1
    exp.set(preset="identity")
    np.testing.assert_allclose(exp.result["output"], exp.result["image"][1:-1, 1:-1])
    exp.set(preset="custom")                           # «personalizado» deja el texto como estaba
    assert exp.controls["kernel"].value == cv.PRESETS["identity"] and exp.error is None


def test_explorer_labels_are_spanish_and_keys_english():
    exp = make_explorer()
    options = dict(exp.controls["preset"].options)
    assert options["bordes verticales (Sobel)"] == "vertical_edges" and options["personalizado"] == "custom"
    assert set(cv.PRESET_LABELS) == set(cv.PRESETS) | {cv.CUSTOM}
    for control in exp.controls.values():              # etiquetas enteras, sin «Valores 3 × 3 (fil…»
        assert control.style.description_width in ("", "initial")


def test_explorer_every_control_value_is_valid_and_bad_values_raise_in_spanish():
    exp = make_explorer()
    assert_every_control_value_is_valid(exp)
    small = cv.convolution_explorer(np.zeros((2, 3, 3)))   # el paso no pasa del tamaño de la imagen
    assert small.controls["stride"].max == 3
    assert_every_control_value_is_valid(small)
    with pytest.raises(ValueError, match="Paso.*va de 1 a 4"):
        exp.set(stride=5)
    with pytest.raises(ValueError, match="Filtro.*no tiene la opción 'bordes'"):
        exp.set(preset="bordes")
    with pytest.raises(ValueError, match="Imagen.*va de 0 a 2"):
        exp.set(index=3)
    with pytest.raises(ValueError, match="es un texto"):
        exp.set(kernel=3)


def test_explorer_bad_kernel_text_shows_spanish_message_and_no_stale_result():
    exp = make_explorer()
    exp.set(stride=2)
    png = exp.figure.last_png
    exp.set(kernel="1 2 3; 4 5")
    assert exp.error.startswith("El filtro debe tener 3 filas")
    assert "⚠️" in exp.readout.value and exp.result is None      # ningún resultado viejo a la vista
    assert exp.figure.last_png == png
    exp.set(kernel="1 0 0; 0 a 0; 0 0 1")
    assert "«a» (fila 2) no es un número" in exp.error
    exp.set(kernel="1 0 0; 0 1 0; 0 0 1")
    assert exp.error is None and "personalizado" in exp.readout.value
    assert exp.result["output_shape"] == (5, 5)


def test_explorer_factory_bad_input_in_spanish():
    with pytest.raises(ValueError, match="un nombre por imagen"):
        cv.convolution_explorer(np.zeros((3, 8, 8)), ["a"])
    with pytest.raises(ValueError, match=r"\(n, alto, ancho\)"):
        cv.convolution_explorer(np.zeros((8, 8)))


# ------------------------------------------------------------------ figuras y modelos


def tiny_cnn():
    return keras.Sequential([
        keras.Input(shape=(12, 12, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="c1"),
        keras.layers.MaxPooling2D(name="p1"),
        keras.layers.Conv2D(6, 3, activation="relu", name="c2"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ])


def test_layer_outputs_and_feature_map_figure():
    model = tiny_cnn()
    image = np.random.default_rng(5).random((12, 12))
    maps = cv.layer_outputs(model, image)
    assert [name for name, _ in maps] == ["c1", "p1", "c2"]
    assert [a.shape for _, a in maps] == [(10, 10, 4), (5, 5, 4), (3, 3, 6)]
    w, b = model.get_layer("c1").get_weights()
    expected = np.maximum(cv.conv2d(image, w[:, :, 0, 2], bias=b[2]), 0)
    np.testing.assert_allclose(maps[0][1][..., 2], expected, atol=1e-5)
    assert cv.layer_outputs(model, image, ["c2"])[0][0] == "c2"
    fig = cv.plot_feature_maps(maps, image=image, n=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 3 * 6
    with pytest.raises(ValueError, match="no tiene las capas x"):
        cv.layer_outputs(model, image, ["x"])
    with pytest.raises(ValueError, match="espera una imagen de forma"):
        cv.layer_outputs(model, np.zeros((28, 28)))
    with pytest.raises(ValueError, match="modelo de Keras"):
        cv.layer_outputs("modelo", image)
    with pytest.raises(ValueError, match="No hay mapas"):
        cv.plot_feature_maps([])


def test_other_figures():
    image = np.random.default_rng(6).integers(0, 256, (16, 16), dtype=np.uint8)
    assert isinstance(cv.filter_gallery(image), Figure)
    assert isinstance(cv.pooling_figure(np.abs(cv.conv2d(image / 255, SOBEL_X))), Figure)
    fig = cv.plot_filters(tiny_cnn().get_layer("c1").kernel.numpy(), ncols=2)
    assert isinstance(fig, Figure) and "4 filtros 3 × 3" in fig._suptitle.get_text()
    results = {"dense": {"label": "red densa", "accuracy": 0.88, "params": 1000, "seconds": 1.0},
               "cnn": {"label": "CNN", "accuracy": 0.92, "params": 990, "seconds": 3.0}}
    fig = cv.compare_models(results)
    assert len(fig.axes) == 3
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["red densa", "CNN"]
    assert [t.get_text() for t in fig.axes[1].texts] == ["1 000", "990"]      # miles con espacio
    assert [t.get_text() for t in fig.axes[0].texts] == ["88.0 %", "92.0 %"]
    with pytest.raises(ValueError, match="entre 0 y 1"):
        cv.compare_models({"a": {"accuracy": 92, "params": 1}})
    with pytest.raises(ValueError, match="le falta"):
        cv.compare_models({"a": {"accuracy": 0.9}})
    with pytest.raises(ValueError, match="Conv2D"):
        cv.plot_filters(np.ones((3, 3, 1)))


def test_explorer_reuses_its_figure_and_each_frame_shows_what_a_fresh_figure_shows():
    """Otra imagen u otro filtro: la misma figura con otros datos, que muestra lo mismo que una nueva."""
    from conftest import assert_same_scene

    exp = make_explorer()
    exp.refresh()
    painter = exp._draw
    figure = painter(exp.result)
    frozen = exp.figure._renderer.frozen_frames
    for change in ({"index": 2}, {"preset": "box_blur"}, {"kernel": "0 -1 0; -1 5 -1; 0 -1 0"}, {"index": 1}):
        exp.set(**change)
        assert painter(exp.result) is figure, change          # misma estructura: la figura se reutiliza
        assert_same_scene(figure, painter.fresh(exp.result))
    assert exp.figure._renderer.frozen_frames > frozen        # y reutiliza la colocación del fotograma anterior
    builds = painter.builds
    exp.set(stride=2)                                         # otro tamaño del mapa: se construye de nuevo
    assert painter.builds == builds + 1
    assert_same_scene(painter(exp.result), painter.fresh(exp.result))
