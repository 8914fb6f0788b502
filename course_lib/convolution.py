"""Redes convolucionales: la convolución a mano, relleno, paso, *pooling*, parámetros,
filtros aprendidos, mapas de características y el explorador de convolución.

La convolución de este módulo es la misma operación que calcula Keras (``Conv2D``) y
TensorFlow (``tf.nn.conv2d``): técnicamente una **correlación cruzada**, es decir, el filtro
se aplica tal cual, sin voltearlo. La convolución matemática voltea el filtro; para una red que
aprende sus filtros da igual, porque aprendería el filtro ya volteado. Con ``flip=True``
:func:`conv2d` calcula la convolución matemática.

Funciones puras (sin figuras, fáciles de probar)::

    convolution.conv2d(imagen, filtro, stride=2, padding="same")   # mapa de características
    convolution.output_size(28, 3, stride=2, padding="valid")       # 13
    convolution.max_pool(mapa, size=2)                              # la mitad de alto y de ancho
    convolution.conv_params(3, 32, 64)                              # 18 496 parámetros

El explorador (:func:`convolution_explorer`) deja elegir la imagen, el filtro (predefinido o
escrito a mano), el paso y el relleno, y muestra el mapa de características y su tamaño.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from course_lib import checks
from course_lib.widgets import Explorer

#: Filtros 3 × 3 predefinidos (nombre en español -> valores, una fila tras otra separadas por «;»).
PRESETS: dict[str, str] = {
    "bordes verticales (Sobel)": "1 0 -1; 2 0 -2; 1 0 -1",
    "bordes horizontales (Sobel)": "1 2 1; 0 0 0; -1 -2 -1",
    "bordes en todas direcciones": "-1 -1 -1; -1 8 -1; -1 -1 -1",
    "desenfoque (media)": "1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9",
    "desenfoque gaussiano": "1/16 2/16 1/16; 2/16 4/16 2/16; 1/16 2/16 1/16",
    "enfocar": "0 -1 0; -1 5 -1; 0 -1 0",
    "relieve": "-2 -1 0; -1 1 1; 0 1 2",
    "identidad": "0 0 0; 0 1 0; 0 0 0",
}
#: Nombre que recibe un filtro que no coincide con ninguno de :data:`PRESETS`.
CUSTOM = "personalizado"
PADDINGS = ("valid", "same")

_DIVERGING = "RdBu_r"
_PAD_COLOR = (0.62, 0.80, 0.93)


# --------------------------------------------------------------------------- validación


def _check_padding(padding) -> str:
    if not isinstance(padding, str) or padding.strip().lower() not in PADDINGS:
        raise ValueError(
            f"El relleno (padding) debe ser 'valid' (sin relleno) o 'same' (con relleno para "
            f"conservar el tamaño), no {padding!r}."
        )
    return padding.strip().lower()


def _as_2d(array, what: str) -> np.ndarray:
    x = np.asarray(array)
    if x.dtype == object or not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise ValueError(f"{what} debe ser un array numérico, no {type(array).__name__} de tipo {x.dtype}.")
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 2:
        raise ValueError(
            f"{what} debe ser una matriz 2D (alto, ancho) y tiene forma {x.shape}. "
            "Para una imagen de un lote, usa imagenes[i]; para varios canales, conv2d_multichannel."
        )
    if x.size == 0:
        raise ValueError(f"{what} está vacío.")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{what} contiene valores no finitos (NaN o infinito).")
    return x.astype(np.float64)


# --------------------------------------------------------------------------- tamaños


def padding_amounts(n: int, kernel_size: int, stride: int = 1, padding: str = "valid") -> tuple[int, int]:
    """Ceros que se añaden antes (arriba/izquierda) y después (abajo/derecha) en un eje.

    ``valid``: ninguno. ``same`` (como Keras y TensorFlow): los necesarios para que la salida
    tenga ⌈n / paso⌉ posiciones; si el total es impar, el cero de más va abajo/a la derecha.
    Ejemplo: ``padding_amounts(28, 3, 2, "same")`` → ``(0, 1)``.
    """
    n = checks.integer(n, "El tamaño de la entrada", low=1)
    k = checks.integer(kernel_size, "El tamaño del filtro", low=1)
    s = checks.integer(stride, "El paso (stride)", low=1)
    if _check_padding(padding) == "valid":
        return 0, 0
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def output_size(n: int, kernel_size: int, stride: int = 1, padding: str = "valid") -> int:
    """Tamaño de la salida en un eje: ⌊(n + relleno − k) / paso⌋ + 1.

    ``relleno`` es el total de ceros añadidos en ese eje (0 con ``valid``; con ``same``, los de
    :func:`padding_amounts`, y la salida es ⌈n / paso⌉). Ejemplos:
    ``output_size(28, 3)`` → 26, ``output_size(28, 3, 2, "same")`` → 14.
    """
    before, after = padding_amounts(n, kernel_size, stride, padding)
    size = (n + before + after - kernel_size) // stride + 1
    if size < 1:
        raise ValueError(
            f"El filtro ({kernel_size} × {kernel_size}) es más grande que la entrada ({n} píxeles) "
            "sin relleno: no cabe ni una vez. Usa un filtro más pequeño o padding='same'."
        )
    return size


def size_formula(n: int, kernel_size: int, stride: int = 1, padding: str = "valid") -> str:
    """La fórmula del tamaño de salida con los números puestos, p. ej.
    ``"⌊(28 + 0 − 3) / 2⌋ + 1 = 13"``."""
    before, after = padding_amounts(n, kernel_size, stride, padding)
    out = output_size(n, kernel_size, stride, padding)
    return f"⌊({n} + {before + after} − {kernel_size}) / {stride}⌋ + 1 = {out}"


# --------------------------------------------------------------------------- convolución


def pad_image(image, kernel_size: int, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """La imagen 2D con los ceros del relleno ``padding`` alrededor (como los pone Keras)."""
    x = _as_2d(image, "La imagen")
    (top, bottom) = padding_amounts(x.shape[0], kernel_size, stride, padding)
    (left, right) = padding_amounts(x.shape[1], kernel_size, stride, padding)
    return np.pad(x, ((top, bottom), (left, right)))


def conv2d(image, kernel, stride: int = 1, padding: str = "valid", bias: float = 0.0,
           flip: bool = False) -> np.ndarray:
    """Convolución 2D de una imagen de un canal con un filtro, como ``Conv2D`` de Keras.

    Cada valor de la salida es la suma de los productos del filtro por la ventana de la imagen
    que tiene debajo, más el sesgo: ``salida[i, j] = Σ ventana(i, j) · filtro + sesgo``, con la
    ventana desplazada ``stride`` píxeles cada vez. Es una **correlación cruzada** (lo que
    calculan Keras y TensorFlow); con ``flip=True`` el filtro se voltea en los dos ejes y se
    obtiene la convolución matemática.

    ``image``: ``(alto, ancho)`` o ``(alto, ancho, 1)``; ``kernel``: ``(kh, kw)``.
    Devuelve un array ``float64`` de forma ``(output_size(alto), output_size(ancho))``.
    """
    x = _as_2d(image, "La imagen")
    w = _as_2d(kernel, "El filtro")
    s = checks.integer(stride, "El paso (stride)", low=1)
    padding = _check_padding(padding)
    if w.shape[0] != w.shape[1]:
        raise ValueError(f"El filtro debe ser cuadrado (k × k) y tiene forma {w.shape}.")
    if not np.isfinite(bias):
        raise ValueError(f"El sesgo debe ser un número finito, no {bias!r}.")
    if flip:
        w = w[::-1, ::-1]
    k = w.shape[0]
    rows = output_size(x.shape[0], k, s, padding)
    cols = output_size(x.shape[1], k, s, padding)
    padded = pad_image(x, k, s, padding)
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k, k))[::s, ::s][:rows, :cols]
    return np.einsum("ijkl,kl->ij", windows, w) + float(bias)


def conv2d_multichannel(x, kernels, biases=None, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """Capa convolucional completa, como ``Conv2D``: varios canales de entrada y de salida.

    ``x``: ``(alto, ancho, canales_entrada)``; ``kernels``: ``(k, k, canales_entrada, filtros)``
    (la forma de ``layer.kernel`` en Keras); ``biases``: ``(filtros,)``. Cada mapa de salida
    ``j`` tiene **un filtro k × k por cada canal de entrada**: se convoluciona cada canal con su
    filtro, se suman los resultados y se añade un único sesgo::

        salida[..., j] = Σ_c conv2d(x[..., c], kernels[:, :, c, j]) + biases[j]
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(kernels, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"La entrada debe tener forma (alto, ancho, canales) y tiene forma {x.shape}.")
    if w.ndim != 4 or w.shape[0] != w.shape[1]:
        raise ValueError(
            f"Los filtros deben tener forma (k, k, canales_entrada, filtros), como layer.kernel, y tienen forma {w.shape}."
        )
    if w.shape[2] != x.shape[2]:
        raise ValueError(
            f"La entrada tiene {x.shape[2]} canales y los filtros esperan {w.shape[2]}: "
            "hace falta un filtro k × k por cada canal de entrada."
        )
    b = np.zeros(w.shape[3]) if biases is None else np.asarray(biases, dtype=np.float64).reshape(-1)
    if len(b) != w.shape[3]:
        raise ValueError(f"Hay {w.shape[3]} filtros y {len(b)} sesgos: debe haber un sesgo por filtro.")
    maps = []
    for j in range(w.shape[3]):
        total = sum(conv2d(x[..., c], w[:, :, c, j], stride, padding) for c in range(x.shape[2]))
        maps.append(total + b[j])
    return np.stack(maps, axis=-1)


def max_pool(x, size: int = 2, stride: int | None = None) -> np.ndarray:
    """*Max pooling* sin relleno, como ``MaxPooling2D`` de Keras: el máximo de cada ventana
    ``size × size``, desplazada ``stride`` píxeles (por defecto, ``size``: ventanas que no se
    solapan). Acepta ``(alto, ancho)`` o ``(alto, ancho, canales)`` (cada canal por separado).
    """
    a = np.asarray(x, dtype=np.float64)
    if a.ndim not in (2, 3):
        raise ValueError(f"Se esperaba un mapa (alto, ancho) o (alto, ancho, canales), y la forma es {a.shape}.")
    p = checks.integer(size, "El tamaño de la ventana de pooling", low=1)
    s = p if stride is None else checks.integer(stride, "El paso (stride) del pooling", low=1)
    rows, cols = (a.shape[0] - p) // s + 1, (a.shape[1] - p) // s + 1
    if rows < 1 or cols < 1:
        raise ValueError(f"La ventana de pooling ({p} × {p}) es más grande que el mapa ({a.shape[0]} × {a.shape[1]}).")
    window = (p, p) if a.ndim == 2 else (p, p, 1)
    windows = np.lib.stride_tricks.sliding_window_view(a, window)[::s, ::s][:rows, :cols]
    return windows.max(axis=tuple(range(a.ndim, windows.ndim)))


# --------------------------------------------------------------------------- parámetros


def conv_params(kernel_size: int, in_channels: int, filters: int, bias: bool = True) -> int:
    """Parámetros de una capa ``Conv2D``: (k · k · canales_entrada + 1) · filtros.

    Cada filtro tiene un k × k por canal de entrada y un sesgo; no depende del tamaño de la
    imagen. Ejemplo: ``conv_params(3, 1, 32)`` → 320.
    """
    k = checks.integer(kernel_size, "El tamaño del filtro", low=1)
    c = checks.integer(in_channels, "El número de canales de entrada", low=1)
    f = checks.integer(filters, "El número de filtros", low=1)
    return (k * k * c + (1 if bias else 0)) * f


def dense_params(n_inputs: int, n_outputs: int, bias: bool = True) -> int:
    """Parámetros de una capa densa: (entradas + 1) · neuronas. Ejemplo: ``dense_params(784, 512)`` → 401 920."""
    n = checks.integer(n_inputs, "El número de entradas", low=1)
    m = checks.integer(n_outputs, "El número de neuronas", low=1)
    return (n + (1 if bias else 0)) * m


def thousands(n: int) -> str:
    """Un entero con espacios de miles: ``thousands(16986624)`` → ``"16 986 624"``."""
    return f"{int(n):,}".replace(",", " ")


# --------------------------------------------------------------------------- filtros como texto

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(/[+-]?(\d+(\.\d*)?|\.\d+))?$")


def parse_kernel(text: str, size: int = 3) -> np.ndarray:
    """Convierte un texto como ``"1 0 -1; 2 0 -2; 1 0 -1"`` en un filtro ``size × size``.

    Filas separadas por «;» (o saltos de línea), valores por espacios o comas; se admiten
    decimales con punto (``0.5``) y fracciones (``1/9``). Si el texto no es válido lanza
    ``ValueError`` explicando qué falla.
    """
    if not isinstance(text, str):
        raise ValueError(f"El filtro debe escribirse como texto, p. ej. '1 0 -1; 2 0 -2; 1 0 -1', no {text!r}.")
    rows = [r for r in re.split(r"[;\n]", text.strip()) if r.strip()]
    example = "p. ej. '1 0 -1; 2 0 -2; 1 0 -1'"
    if len(rows) != size:
        raise ValueError(
            f"El filtro debe tener {size} filas separadas por «;» ({example}) y tiene {len(rows)}."
        )
    values = []
    for i, row in enumerate(rows, 1):
        items = [t for t in re.split(r"[\s,]+", row.strip()) if t]
        if len(items) != size:
            extra = " Para los decimales usa el punto (0.5), no la coma." if "," in row else ""
            raise ValueError(f"La fila {i} del filtro tiene {len(items)} valores y debe tener {size}.{extra}")
        for item in items:
            if not _NUMBER.match(item):
                raise ValueError(
                    f"«{item}» (fila {i}) no es un número. Escribe enteros, decimales con punto (0.5) o fracciones (1/9)."
                )
            numerator, _, denominator = item.partition("/")
            if denominator and float(denominator) == 0:
                raise ValueError(f"«{item}» (fila {i}) divide entre cero.")
            values.append(float(numerator) / (float(denominator) if denominator else 1.0))
    return np.array(values, dtype=np.float64).reshape(size, size)


def format_kernel(kernel) -> str:
    """Escribe un filtro como texto que :func:`parse_kernel` entiende: ``"1 0 -1; 2 0 -2; 1 0 -1"``."""
    w = _as_2d(kernel, "El filtro")
    return "; ".join(" ".join(f"{v:g}" for v in row) for row in w)


def identify_preset(kernel) -> str:
    """El nombre del filtro predefinido igual a ``kernel`` o :data:`CUSTOM` si no hay ninguno."""
    w = _as_2d(kernel, "El filtro")
    for name, text in PRESETS.items():
        preset = parse_kernel(text)
        if preset.shape == w.shape and np.allclose(preset, w, atol=1e-9):
            return name
    return CUSTOM


def preset_kernel(name: str) -> np.ndarray:
    """El filtro predefinido ``name`` de :data:`PRESETS` como array 3 × 3."""
    if name not in PRESETS:
        raise ValueError(f"No hay ningún filtro llamado {name!r}. Los filtros disponibles son: {', '.join(PRESETS)}.")
    return parse_kernel(PRESETS[name])


# --------------------------------------------------------------------------- explorador de convolución


def feature_map_view(image, kernel, stride: int = 1, padding: str = "valid", image_name: str = "") -> dict:
    """Cálculo del explorador de convolución: el mapa de características y todos sus tamaños.

    ``kernel`` puede ser un array ``k × k`` o un texto para :func:`parse_kernel`. Las imágenes
    ``uint8`` (0-255) se normalizan a [0, 1]. Devuelve un diccionario con la imagen, la imagen
    con relleno, el filtro, el mapa de características, el tamaño de la salida, la fórmula con
    los números y el nombre del filtro.
    """
    if isinstance(kernel, str):
        kernel = parse_kernel(kernel)
    raw = np.asarray(image)
    x = _as_2d(raw, "La imagen")
    if raw.dtype == np.uint8:
        x = x / 255.0
    w = _as_2d(kernel, "El filtro")
    stride = checks.integer(stride, "El paso (stride)", low=1)
    padding = _check_padding(padding)
    k = w.shape[0]
    if stride > max(x.shape):
        raise ValueError(f"El paso ({stride}) es mayor que la imagen ({x.shape[0]} × {x.shape[1]}): elige un paso menor.")
    out = conv2d(x, w, stride, padding)
    rows_pad = padding_amounts(x.shape[0], k, stride, padding)
    cols_pad = padding_amounts(x.shape[1], k, stride, padding)
    return {
        "image": x,
        "image_name": str(image_name),
        "padded": pad_image(x, k, stride, padding),
        "pad_rows": rows_pad,
        "pad_cols": cols_pad,
        "kernel": w,
        "kernel_name": identify_preset(w) if w.shape == (3, 3) else CUSTOM,
        "stride": stride,
        "padding": padding,
        "output": out,
        "input_shape": x.shape,
        "output_shape": out.shape,
        "formula": size_formula(x.shape[0], k, stride, padding),
    }


def _annotate_kernel(ax, w: np.ndarray) -> None:
    limit = float(np.abs(w).max()) or 1.0
    ax.imshow(w, cmap=_DIVERGING, vmin=-limit, vmax=limit)
    for (i, j), v in np.ndenumerate(w):
        fraction = Fraction(v).limit_denominator(16)
        exact = abs(float(fraction) - v) < 1e-9 and fraction.denominator > 1
        text = str(fraction) if exact else f"{v:.3g}"
        ax.text(j, i, text, ha="center", va="center", fontsize=12 if len(w) <= 3 else 8,
                color="white" if abs(v) > 0.6 * limit else "black")
    ax.set_xticks([])
    ax.set_yticks([])


def draw_feature_map(view: dict) -> Figure:
    """Vista del explorador: imagen (con su relleno y las dos primeras ventanas), filtro y mapa."""
    fig = Figure(figsize=(11.5, 3.9), layout="constrained")
    ax_img, ax_ker, ax_out = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.15, 0.75, 1.15]})
    padded, k, s = view["padded"], view["kernel"].shape[0], view["stride"]
    top, left = view["pad_rows"][0], view["pad_cols"][0]
    h, w = view["input_shape"]
    # La imagen en grises y los ceros del relleno en un color propio, para distinguirlos del fondo.
    low, high = float(view["image"].min()), float(view["image"].max())
    gray = (padded - min(low, 0.0)) / ((max(high, 1.0) - min(low, 0.0)) or 1.0)
    rgb = np.repeat(np.clip(gray, 0, 1)[..., None], 3, axis=2)
    inside = np.zeros(padded.shape, dtype=bool)
    inside[top:top + h, left:left + w] = True
    rgb[~inside] = _PAD_COLOR
    ax_img.imshow(rgb, interpolation="nearest")
    if not inside.all():
        ax_img.add_patch(Rectangle((0, 0), 0, 0, color=_PAD_COLOR, label="relleno (ceros)"))
    ax_img.add_patch(Rectangle((-0.5, -0.5), k, k, fill=False, edgecolor="#e53935", linewidth=2.2,
                               label="1.ª ventana"))
    if view["output_shape"][1] > 1:
        ax_img.add_patch(Rectangle((s - 0.5, -0.5), k, k, fill=False, edgecolor="#1e88e5", linewidth=2.2,
                                   linestyle="--", label=f"2.ª ventana (paso {s})"))
    ax_img.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=9, frameon=False,
                  handlelength=1.2, columnspacing=1.0)
    name = f"{view['image_name']}: " if view["image_name"] else ""
    pad_text = "sin relleno" if view["padding"] == "valid" else f"relleno same ({padded.shape[0]} × {padded.shape[1]})"
    ax_img.set_title(f"{name}entrada {h} × {w}, {pad_text}", fontsize=10)
    ax_img.set_xticks([])
    ax_img.set_yticks([])

    _annotate_kernel(ax_ker, view["kernel"])
    ax_ker.set_title(f"Filtro (kernel) {k} × {k}\n{view['kernel_name']}", fontsize=10)

    out = view["output"]
    limit = float(np.abs(out).max()) or 1.0
    image = ax_out.imshow(out, cmap=_DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
    fig.colorbar(image, ax=ax_out, shrink=0.85, label="Respuesta del filtro")
    ax_out.set_title(f"Mapa de características {out.shape[0]} × {out.shape[1]}", fontsize=10)
    ax_out.set_xticks([])
    ax_out.set_yticks([])
    return fig


def summarize_feature_map(view: dict) -> str:
    """Una línea: filtro, paso, relleno, la fórmula del tamaño con números y el tamaño final."""
    rows, cols = view["output_shape"]
    name = f"{view['image_name']} · " if view["image_name"] else ""
    return (f"{name}filtro «{view['kernel_name']}» · paso {view['stride']} · relleno {view['padding']}: "
            f"salida {view['formula']} → mapa de {rows} × {cols}")


class ConvolutionExplorer(Explorer):
    """Un :class:`~course_lib.widgets.Explorer` que no recalcula dos veces por un mismo cambio.

    Elegir un filtro predefinido cambia dos controles (el desplegable y la casilla de texto);
    el segundo aviso llega con los mismos valores y se ignora.
    """

    _last_values: dict | None = None

    def refresh(self) -> None:
        self._last_values = self.values()
        super().refresh()

    def _on_change(self, _change=None) -> None:
        if self.values() != self._last_values:
            self.refresh()


def convolution_explorer(images, names=None) -> ConvolutionExplorer:
    """Explorador de convolución: paso, imagen, filtro (predefinido o escrito a mano) y relleno.

    ``images``: unas pocas imágenes ``(n, alto, ancho)``; ``names``: sus nombres (opcional).
    El primer control es el paso (un deslizador). Al elegir un filtro predefinido se escriben
    sus valores en la casilla de texto, que se puede editar; si lo editado coincide con un
    filtro predefinido, el desplegable lo muestra, y si no, dice «personalizado».
    """
    import ipywidgets as w

    x = np.asarray(images)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3 or len(x) == 0:
        raise ValueError(f"Se esperaban unas imágenes con forma (n, alto, ancho) y la forma es {x.shape}.")
    labels = [str(n) for n in names] if names is not None else [f"imagen {i}" for i in range(len(x))]
    if len(labels) != len(x):
        raise ValueError(f"Hay {len(x)} imágenes y {len(labels)} nombres: pasa un nombre por imagen.")
    first = next(iter(PRESETS))
    style = {"description_width": "initial"}
    wide = w.Layout(width="420px")
    controls = {
        "stride": w.IntSlider(value=1, min=1, max=4, description="Paso (stride)", style=style,
                              continuous_update=False, layout=wide),
        "index": w.IntSlider(value=0, min=0, max=len(x) - 1, description="Imagen", style=style,
                             continuous_update=False, layout=wide),
        "preset": w.Dropdown(options=list(PRESETS) + [CUSTOM], value=first, description="Filtro", style=style,
                             layout=wide),
        "kernel": w.Text(value=PRESETS[first], description="Valores 3 × 3 (filas con «;»)", style=style,
                         continuous_update=False, layout=w.Layout(width="420px"),
                         placeholder="1 0 -1; 2 0 -2; 1 0 -1"),
        "padding": w.ToggleButtons(options=[("valid (sin relleno)", "valid"), ("same (con relleno)", "same")],
                                   value="valid", description="Relleno", style=style),
    }

    def on_preset(change):
        # Un filtro predefinido escribe sus valores en la casilla (que el estudiante puede editar).
        if change["new"] != CUSTOM and controls["kernel"].value != PRESETS[change["new"]]:
            controls["kernel"].value = PRESETS[change["new"]]

    def on_kernel(change):
        # Lo escrito a mano decide el nombre del desplegable.
        try:
            name = identify_preset(parse_kernel(change["new"]))
        except ValueError:
            name = CUSTOM
        if controls["preset"].value != name:
            controls["preset"].value = name

    # Se registran antes que el Explorer: cuando este recalcule, los dos controles ya casan.
    controls["preset"].observe(on_preset, names="value")
    controls["kernel"].observe(on_kernel, names="value")

    def compute(stride, index, preset, kernel, padding):
        if not 0 <= index < len(x):
            raise ValueError(f"La imagen debe estar entre 0 y {len(x) - 1}, y es {index}.")
        return feature_map_view(x[index], kernel, stride, padding, image_name=labels[index])

    return ConvolutionExplorer(controls, compute, draw_feature_map, summarize_feature_map,
                               title="Explorador de convolución")


# --------------------------------------------------------------------------- figuras


def filter_gallery(image, presets=None, title: str | None = None) -> Figure:
    """La imagen y su mapa de características con varios filtros predefinidos (relleno same)."""
    raw = np.asarray(image)
    x = _as_2d(raw, "La imagen")
    if raw.dtype == np.uint8:
        x = x / 255.0
    names = list(presets) if presets is not None else [
        "bordes verticales (Sobel)", "bordes horizontales (Sobel)", "bordes en todas direcciones",
        "desenfoque (media)", "enfocar", "relieve"]
    kernels = [preset_kernel(n) for n in names]
    ncols = min(4, len(names) + 1)
    nrows = math.ceil((len(names) + 1) / ncols)
    fig = Figure(figsize=(3.0 * ncols, 3.1 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    axes[0].imshow(x, cmap="gray", interpolation="nearest")
    axes[0].set_title("Imagen original", fontsize=10)
    for ax, name, kernel in zip(axes[1:], names, kernels):
        out = conv2d(x, kernel, padding="same")
        if kernel.sum() > 0.5:     # filtros que conservan el brillo: en gris, como la imagen
            ax.imshow(out, cmap="gray", interpolation="nearest")
        else:                      # detectores de bordes: rojo positivo, azul negativo
            limit = float(np.abs(out).max()) or 1.0
            ax.imshow(out, cmap=_DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(name, fontsize=10)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        if not ax.images:
            ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def pooling_figure(feature_map, size: int = 2, title: str | None = None) -> Figure:
    """Un mapa de características antes y después de *max pooling* ``size × size``."""
    a = _as_2d(feature_map, "El mapa de características")
    pooled = max_pool(a, size)
    fig = Figure(figsize=(8, 3.8), layout="constrained")
    ax_a, ax_b = fig.subplots(1, 2)
    vmin, vmax = float(a.min()), float(a.max())
    ax_a.imshow(a, cmap="magma", vmin=vmin, vmax=vmax, interpolation="nearest")
    for i in range(0, a.shape[0] - size + 1, size):   # la rejilla de ventanas
        ax_a.axhline(i - 0.5, color="white", linewidth=0.4, alpha=0.5)
    for j in range(0, a.shape[1] - size + 1, size):
        ax_a.axvline(j - 0.5, color="white", linewidth=0.4, alpha=0.5)
    ax_a.set_title(f"Mapa de características {a.shape[0]} × {a.shape[1]}", fontsize=10)
    ax_b.imshow(pooled, cmap="magma", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax_b.set_title(f"Tras max pooling {size} × {size}: {pooled.shape[0]} × {pooled.shape[1]}", fontsize=10)
    for ax in (ax_a, ax_b):
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def plot_filters(kernel, ncols: int = 8, title: str | None = None) -> Figure:
    """Los filtros de una capa ``Conv2D`` (``layer.kernel``, forma ``(k, k, canales, filtros)``).

    Con varios canales de entrada se dibuja el filtro del canal 0. Cada filtro tiene su propia
    escala de color, simétrica alrededor de 0 (rojo: pesos positivos; azul: negativos), para que
    se vea su forma aunque sus pesos sean pequeños.
    """
    w = np.asarray(kernel, dtype=np.float64)
    if w.ndim == 2:
        w = w[:, :, None, None]
    if w.ndim != 4:
        raise ValueError(f"Se esperaban los filtros de una Conv2D, forma (k, k, canales, filtros), y la forma es {w.shape}.")
    ncols = checks.integer(ncols, "ncols (el número de columnas)", low=1)
    n = w.shape[3]
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(1.25 * ncols, 1.3 * nrows + 0.8), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.set_axis_off()
            continue
        limit = float(np.abs(w[:, :, 0, i]).max()) or 1.0
        ax.imshow(w[:, :, 0, i], cmap=_DIVERGING, vmin=-limit, vmax=limit)
        ax.set_title(f"filtro {i}", fontsize=8)
    fig.suptitle(title or f"{n} filtros {w.shape[0]} × {w.shape[1]}", fontsize=12)
    fig.supxlabel("Cada filtro con su propia escala: rojo, pesos positivos; azul, negativos; blanco, 0",
                  fontsize=9)
    return fig


def layer_outputs(model, image, layer_names=None) -> list[tuple[str, np.ndarray]]:
    """Los mapas de características de una imagen en las capas ``layer_names`` del modelo.

    Por defecto, todas las capas ``Conv2D`` y ``MaxPooling2D``. Devuelve una lista de
    ``(nombre, array (alto, ancho, canales))``. ``image``: ``(alto, ancho)`` o
    ``(alto, ancho, 1)``, ya normalizada como la espera el modelo.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"Se esperaba un modelo de Keras y has pasado {type(model).__name__}.")
    x = np.asarray(image, dtype=np.float32)
    if x.ndim == 2:
        x = x[..., None]
    expected = tuple(model.inputs[0].shape[1:])
    if x.shape != expected:
        raise ValueError(f"El modelo espera una imagen de forma {expected} y la imagen tiene forma {x.shape}.")
    kinds = (keras.layers.Conv2D, keras.layers.MaxPooling2D)
    if layer_names is None:
        layers = [layer for layer in model.layers if isinstance(layer, kinds)]
    else:
        by_name = {layer.name: layer for layer in model.layers}
        missing = [n for n in layer_names if n not in by_name]
        if missing:
            raise ValueError(f"El modelo no tiene las capas {', '.join(missing)}; sus capas son: {', '.join(by_name)}.")
        layers = [by_name[n] for n in layer_names]
    if not layers:
        raise ValueError("El modelo no tiene capas convolucionales ni de pooling que mostrar.")
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    probe = keras.Model(inputs, [layer.output for layer in layers])
    outputs = probe(x[None], training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [(layer.name, np.asarray(out)[0]) for layer, out in zip(layers, outputs)]


def plot_feature_maps(maps, image=None, n: int = 8, title: str | None = None) -> Figure:
    """Una fila por capa con sus ``n`` primeros mapas de características (de :func:`layer_outputs`).

    Si se pasa ``image``, la primera columna la muestra. Cada mapa tiene su propia escala de
    color (claro: la neurona se activa mucho en esa zona).
    """
    maps = list(maps)
    if not maps:
        raise ValueError("No hay mapas de características que dibujar.")
    n = checks.integer(n, "n (el número de mapas por capa)", low=1)
    extra = 1 if image is not None else 0
    ncols = n + extra
    fig = Figure(figsize=(1.35 * ncols + 0.8, 1.45 * len(maps) + 0.5), layout="constrained")
    axes = fig.subplots(len(maps), ncols, squeeze=False)
    for row, (name, a) in enumerate(maps):
        a = np.asarray(a)
        if a.ndim != 3:
            raise ValueError(f"Los mapas de la capa {name} deben tener forma (alto, ancho, canales) y tienen {a.shape}.")
        for col in range(ncols):
            ax = axes[row, col]
            ax.set_xticks([])
            ax.set_yticks([])
            if extra and col == 0:
                if row == 0:
                    ax.imshow(_as_2d(image, "La imagen"), cmap="gray", interpolation="nearest")
                    ax.set_title("entrada", fontsize=8)
                else:
                    ax.set_axis_off()
                continue
            c = col - extra
            if c >= a.shape[2]:
                ax.set_axis_off()
                continue
            ax.imshow(a[:, :, c], cmap="magma", interpolation="nearest")
            ax.set_title(f"mapa {c}", fontsize=8)
            if c == 0:
                ax.set_ylabel(f"{name}\n{a.shape[0]} × {a.shape[1]} × {a.shape[2]}", fontsize=8)
    fig.suptitle(title or "Mapas de características de una imagen, capa a capa", fontsize=12)
    return fig


def compare_models(results: dict, title: str | None = None) -> Figure:
    """Barras que comparan modelos: exactitud de prueba, parámetros y segundos por época.

    ``results``: ``{"nombre": {"accuracy": 0.91, "params": 200000, "seconds": 12.0}, ...}``
    (``seconds`` es opcional).
    """
    if not isinstance(results, dict) or not results:
        raise ValueError("results debe ser un diccionario no vacío {nombre: {'accuracy': ..., 'params': ...}}.")
    for name, r in results.items():
        if "accuracy" not in r or "params" not in r:
            raise ValueError(f"Al modelo {name!r} le falta 'accuracy' o 'params'.")
        if not 0 <= r["accuracy"] <= 1:
            raise ValueError(f"La exactitud de {name!r} debe estar entre 0 y 1 (es {r['accuracy']}).")
    names = list(results)
    panels = [("accuracy", "Exactitud en prueba (%)", 100.0, "{:.1f} %"),
              ("params", "Parámetros", 1.0, "{:,.0f}")]
    if all("seconds" in r for r in results.values()):
        panels.append(("seconds", "Segundos por época", 1.0, "{:.1f} s"))
    fig = Figure(figsize=(3.6 * len(panels), 3.4), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    colors = [f"C{i}" for i in range(len(names))]
    for ax, (key, label, scale, fmt) in zip(axes, panels):
        values = [results[n][key] * scale for n in names]
        bars = ax.bar(names, values, color=colors, width=0.6)
        ax.bar_label(bars, [fmt.format(v).replace(",", " ") for v in values], fontsize=9)
        ax.set_title(label, fontsize=11)
        ax.margins(y=0.18)
        if key == "accuracy":
            low = min(values)
            ax.set_ylim(max(0.0, low - 10), 100)
        elif key == "params":
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: thousands(v)))
        ax.tick_params(axis="x", labelsize=9)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig
