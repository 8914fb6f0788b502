"""Pruebas de la base Explorer: controles -> cálculo puro -> figura y texto, y sus puntos de extensión."""

import ipywidgets as w
import pytest
from matplotlib.figure import Figure

from conftest import assert_every_control_value_is_valid
from course_lib.explorer import Explorer, control_label


def square(n, mode="plain"):
    if n < 0:
        raise ValueError("n no puede ser negativo.")
    if n == 9:
        raise KeyError("nueve")            # un fallo inesperado del cálculo
    return {"n": n, "square": n * n, "mode": mode}


def draw(result):
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().bar(["n²"], [result["square"]])
    return fig


def make(**options):
    return Explorer(
        controls={"n": w.IntSlider(value=3, min=-5, max=10, description="Número n")},
        compute=square, draw=draw,
        summarize=lambda r: f"{r['n']}² = {r['square']} <ok>", title="Cuadrados", **options,
    )


def test_set_control_updates_result_readout_and_figure():
    exp = make()
    exp.refresh()
    assert exp.result["square"] == 9 and exp.figure.updates == 1
    first_png = exp.figure.last_png
    exp.set(n=7)
    assert exp.controls["n"].value == 7
    assert exp.result == {"n": 7, "square": 49, "mode": "plain"}
    assert exp.readout.value == "7² = 49 &lt;ok&gt;"
    assert exp.figure.updates == 2 and exp.figure.last_png != first_png
    assert exp.figure.last_png.startswith(b"\x89PNG")


def test_moving_the_widget_directly_triggers_the_callback():
    exp = make()
    exp.controls["n"].value = 4
    assert exp.result["square"] == 16


def test_value_refused_by_compute_shows_spanish_message_and_no_stale_result():
    exp = make()
    exp.set(n=2)
    exp.set(n=-1)
    assert exp.error == "n no puede ser negativo."
    assert "⚠️ n no puede ser negativo." in exp.readout.value
    assert exp.result is None                     # nunca un resultado viejo como si fuera nuevo
    exp.set(n=2)
    assert exp.error is None and exp.result["square"] == 4


def test_unexpected_error_in_compute_or_draw_is_shown_in_spanish():
    exp = make()
    exp.set(n=9)
    assert exp.result is None and "Error inesperado al calcular (KeyError" in exp.error
    broken = Explorer({"n": w.IntSlider(value=1, min=0, max=3)}, square,
                      lambda r: 1 / 0, lambda r: "texto")
    broken.refresh()
    assert "Error inesperado al dibujar (ZeroDivisionError" in broken.error
    assert broken.result is None


def test_unknown_control_is_refused():
    with pytest.raises(ValueError, match="Control desconocido: m"):
        make().set(m=1)


@pytest.mark.parametrize("value, message", [
    (50, r"«Número n» \(n\) va de -5 a 10, y has pedido 50"),
    (-6, r"va de -5 a 10, y has pedido -6"),
    (2.5, r"espera un número entero, no 2.5"),
    (True, r"espera un número entero, no True"),
    ("3", r"espera un número entero, no '3'"),
])
def test_values_a_slider_cannot_take_are_refused_not_clamped(value, message):
    exp = make()
    exp.set(n=4)
    with pytest.raises(ValueError, match=message):
        exp.set(n=value)
    assert exp.controls["n"].value == 4 and exp.result["n"] == 4


def test_selection_checkbox_text_and_float_controls_refuse_bad_values():
    controls = {
        "surface": w.Dropdown(options=[("Parábola", "parabola"), ("Valle", "valley")], description="Superficie"),
        "size": w.SelectionSlider(options=[("1 000", 1000), ("8 000", 8000)], description="Ejemplos"),
        "flag": w.Checkbox(description="Solo errores"),
        "text": w.Text(value="1 0 -1", description="Filtro"),
        "rate": w.FloatLogSlider(value=0.1, min=-3, max=0, description="Tasa"),
        "momentum": w.FloatSlider(value=0.0, min=0.0, max=0.95, step=0.05, description="Momento"),
    }
    exp = Explorer(controls, lambda **v: v, lambda r: Figure(), lambda r: "ok")
    with pytest.raises(ValueError, match=r"no tiene la opción 'silla'. Sus opciones son: 'parabola' \(Parábola\)"):
        exp.set(surface="silla")
    with pytest.raises(ValueError, match="no tiene la opción 5000"):
        exp.set(size=5000)
    with pytest.raises(ValueError, match="es una casilla: su valor es True o False, no 1"):
        exp.set(flag=1)
    with pytest.raises(ValueError, match="es un texto"):
        exp.set(text=3)
    with pytest.raises(ValueError, match=r"«Tasa» \(rate\) va de 0.001 a 1"):
        exp.set(rate=5.0)
    with pytest.raises(ValueError, match="va de 0 a 0.95"):
        exp.set(momentum=1.0)
    with pytest.raises(ValueError, match="espera un número, no nan"):
        exp.set(momentum=float("nan"))
    result = exp.set(surface="valley", size=8000, flag=True, rate=0.01, momentum=0.9)
    assert result["surface"] == "valley" and result["size"] == 8000 and result["flag"] is True
    assert result["rate"] == pytest.approx(0.01) and result["momentum"] == pytest.approx(0.9)
    assert_every_control_value_is_valid(exp)


def test_labels_are_not_truncated():
    long = "Parada temprana (paciencia 5, mejores pesos)"
    exp = Explorer({"n": w.IntSlider(description="Ejemplos de entrenamiento"),
                    "stop": w.Checkbox(description=long)}, lambda **v: v, lambda r: Figure(), str)
    assert exp.controls["n"].style.description_width == "initial"
    assert exp.controls["stop"].indent is False and exp.controls["stop"].layout.width == "auto"
    assert control_label("stop", exp.controls["stop"]) == f"«{long}» (stop)"


def test_link_updates_other_controls_before_computing_whatever_the_order():
    calls = []

    def compute(index, only_errors):
        calls.append((index, only_errors))
        if index > (1 if only_errors else 4):
            raise ValueError("índice fuera de rango")
        return index

    def link(explorer, name):
        if name == "only_errors":
            slider = explorer.controls["index"]
            slider.max = 1 if explorer.controls["only_errors"].value else 4
            if slider.value > slider.max:
                explorer.update_controls(index=slider.max)

    controls = {"index": w.IntSlider(value=4, min=0, max=4, description="Imagen"),
                "only_errors": w.Checkbox(description="Solo errores")}
    exp = Explorer(controls, compute, lambda r: Figure(), str, link=link)
    exp.refresh()
    exp.controls["only_errors"].value = True           # como el estudiante, con el ratón
    assert exp.error is None and exp.result == 1 and exp.controls["index"].max == 1
    assert calls[-1] == (1, True) and (4, True) not in calls   # nunca se calculó con el valor viejo
    with pytest.raises(ValueError, match="va de 0 a 1"):
        exp.set(index=3)
    assert exp.set(only_errors=False, index=3) == 3     # enlazado primero, validado después


def test_extras_are_shown_under_the_controls():
    button = w.Button(description="▶")
    exp = make(extras=[button])
    assert exp.extras == [button]
    children = list(exp.view.children)
    assert children.index(button) == children.index(exp.controls["n"]) + 1
    assert children[-1] is exp.readout


def test_generator_compute_draws_partial_frames_then_the_final_result():
    seen = []

    def compute(epochs):
        for epoch in range(1, epochs):
            yield {"epoch": epoch, "partial": True}
        return {"epoch": epochs, "partial": False}

    def draw(result):
        seen.append(result["epoch"])
        return Figure()

    exp = Explorer({"epochs": w.IntSlider(value=3, min=1, max=5)}, compute, draw,
                   lambda r: f"época {r['epoch']}", partial_interval=0)
    exp.refresh()
    assert seen == [1, 2, 3] and exp.partial_frames == 2
    assert exp.result == {"epoch": 3, "partial": False} and exp.readout.value == "época 3"
    slow = Explorer({"epochs": w.IntSlider(value=4, min=1, max=5)}, compute, draw, str, partial_interval=60)
    seen.clear()
    slow.refresh()
    assert seen == [1, 4] and slow.partial_frames == 1   # el primer parcial siempre; luego, a su ritmo


def test_refresh_without_changes_does_not_recompute_or_redraw():
    exp = make()
    exp.refresh()
    exp.refresh()
    exp.set(n=3)
    assert exp.figure.updates == 1
    exp.refresh(force=True)
    assert exp.figure.updates == 2


def test_a_burst_of_mouse_changes_inside_the_kernel_loop_draws_only_the_last_value():
    """En el núcleo (un bucle asyncio en marcha) una ráfaga de cambios se dibuja una sola vez."""
    import asyncio

    exp = make()
    exp.set(n=1)
    drawn = exp.figure.updates

    async def drag():
        for value in (2, 3, 4, 5, 6):              # como los mensajes de un deslizador arrastrado
            exp.controls["n"].value = value
        assert exp.result["n"] == 1                # aún no ha dibujado: espera por si llega otro
        await asyncio.sleep(exp.coalesce * 5)

    asyncio.run(drag())
    assert exp.result["square"] == 36 and exp.controls["n"].value == 6
    assert exp.figure.updates == drawn + 1         # un fotograma para toda la ráfaga, con el último valor


def test_set_and_coalesce_zero_draw_at_once_even_inside_the_kernel_loop():
    import asyncio

    async def inside():
        exp = make()
        exp.set(n=2)                               # set: siempre en el acto
        assert exp.result["square"] == 4
        now = make(coalesce=0)
        now.controls["n"].value = 5                # sin agrupar cambios
        assert now.result["square"] == 25

    asyncio.run(inside())


def test_an_error_in_a_deferred_frame_is_shown_not_lost():
    import asyncio

    exp = make()
    exp.set(n=1)

    async def drag():
        exp.controls["n"].value = 9                # el cálculo falla con un error inesperado
        await asyncio.sleep(exp.coalesce * 5)

    asyncio.run(drag())
    assert exp.result is None and "Error inesperado al calcular" in exp.error
