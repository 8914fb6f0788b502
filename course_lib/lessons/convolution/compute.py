"""Cálculo de la lección 07 (redes convolucionales): la convolución a mano, relleno, paso,
*pooling*, parámetros, filtros como texto y los mapas de características de un modelo.

La convolución de este módulo es la misma operación que calcula Keras (``Conv2D``) y
TensorFlow (``tf.nn.conv2d``): técnicamente una **correlación cruzada**, es decir, el filtro
se aplica tal cual, sin voltearlo. La convolución matemática voltea el filtro; para una red que
aprende sus filtros da igual, porque aprendería el filtro ya volteado. Con ``flip=True``
:func:`conv2d` calcula la convolución matemática.

Funciones puras (sin figuras ni widgets, fáciles de probar)::

    conv2d(imagen, filtro, stride=2, padding="same")   # mapa de características
    output_size(28, 3, stride=2, padding="valid")       # 13
    max_pool(mapa, size=2)                              # la mitad de alto y de ancho
    conv_params(3, 32, 64)                              # 18 496 parámetros

Los filtros predefinidos tienen una clave en inglés (``"vertical_edges"``) y un nombre en
español para mostrar (:data:`PRESET_LABELS`).
"""

from __future__ import annotations

import math
import re

import numpy as np

from course_lib import checks

#: Filtros 3 × 3 predefinidos (clave -> valores, una fila tras otra separadas por «;»).
PRESETS: dict[str, str] = {
    "vertical_edges": "1 0 -1; 2 0 -2; 1 0 -1",
    "horizontal_edges": "1 2 1; 0 0 0; -1 -2 -1",
    "all_edges": "-1 -1 -1; -1 8 -1; -1 -1 -1",
    "box_blur": "1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9",
    "gaussian_blur": "1/16 2/16 1/16; 2/16 4/16 2/16; 1/16 2/16 1/16",
    "sharpen": "0 -1 0; -1 5 -1; 0 -1 0",
    "emboss": "-2 -1 0; -1 1 1; 0 1 2",
    "identity": "0 0 0; 0 1 0; 0 0 0",
}
#: Clave de un filtro que no coincide con ninguno de :data:`PRESETS`.
CUSTOM = "custom"
#: Lo que se muestra de cada filtro (en español).
PRESET_LABELS: dict[str, str] = {
    "vertical_edges": "bordes verticales (Sobel)",
    "horizontal_edges": "bordes horizontales (Sobel)",
    "all_edges": "bordes en todas direcciones",
    "box_blur": "desenfoque (media)",
    "gaussian_blur": "desenfoque gaussiano",
    "sharpen": "enfocar",
    "emboss": "relieve",
    "identity": "identidad",
    CUSTOM: "personalizado",
}
PADDINGS = ("valid", "same")


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
    """La clave del filtro predefinido igual a ``kernel`` o :data:`CUSTOM` si no hay ninguno."""
    w = _as_2d(kernel, "El filtro")
    for name, text in PRESETS.items():
        preset = parse_kernel(text)
        if preset.shape == w.shape and np.allclose(preset, w, atol=1e-9):
            return name
    return CUSTOM


def preset_kernel(name: str) -> np.ndarray:
    """El filtro predefinido ``name`` (una clave de :data:`PRESETS`, p. ej. ``"vertical_edges"``) como array 3 × 3."""
    if name not in PRESETS:
        known = ", ".join(f"{key!r} ({PRESET_LABELS[key]})" for key in PRESETS)
        raise ValueError(f"No hay ningún filtro llamado {name!r}. Los filtros disponibles son: {known}.")
    return parse_kernel(PRESETS[name])


# --------------------------------------------------------------------------- explorador de convolución


def feature_map_view(image, kernel, stride: int = 1, padding: str = "valid", image_name: str = "") -> dict:
    """Cálculo del explorador de convolución: el mapa de características y todos sus tamaños.

    ``kernel`` puede ser un array ``k × k`` o un texto para :func:`parse_kernel`. Las imágenes
    ``uint8`` (0-255) se normalizan a [0, 1]. Devuelve un diccionario con la imagen, la imagen
    con relleno, el filtro, el mapa de características, el tamaño de la salida, la fórmula con
    los números, la clave del filtro (``kernel_name``) y su nombre en español (``kernel_label``).
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
    kernel_name = identify_preset(w) if w.shape == (3, 3) else CUSTOM
    rows_pad = padding_amounts(x.shape[0], k, stride, padding)
    cols_pad = padding_amounts(x.shape[1], k, stride, padding)
    return {
        "image": x,
        "image_name": str(image_name),
        "padded": pad_image(x, k, stride, padding),
        "pad_rows": rows_pad,
        "pad_cols": cols_pad,
        "kernel": w,
        "kernel_name": kernel_name,
        "kernel_label": PRESET_LABELS[kernel_name],
        "stride": stride,
        "padding": padding,
        "output": out,
        "input_shape": x.shape,
        "output_shape": out.shape,
        "formula": size_formula(x.shape[0], k, stride, padding),
    }



# --------------------------------------------------------------------------- dentro de un modelo


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


