"""Datos del curso: MNIST y Fashion-MNIST, con o sin internet, y su preprocesado.

:func:`load_mnist` y :func:`load_fashion_mnist` devuelven exactamente lo mismo que
``keras.datasets.mnist.load_data()`` y ``keras.datasets.fashion_mnist.load_data()``::

    (x_train, y_train), (x_test, y_test) = data.load_mnist()

con imágenes ``uint8`` de forma ``(n, 28, 28)`` y etiquetas ``uint8`` de forma ``(n,)``.

Fuentes, por orden:

1. una carpeta que tú indicas, con el argumento ``data_dir`` o con la variable de entorno
   ``COURSE_MNIST_DIR`` / ``COURSE_FASHION_MNIST_DIR``: los cuatro archivos IDX estándar
   (``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``,
   ``t10k-labels-idx1-ubyte``, comprimidos con gzip o no) o un archivo ``.npz`` con
   ``x_train``, ``y_train``, ``x_test`` e ``y_test``;
2. solo para Fashion-MNIST: el paquete de Debian/Ubuntu ``dataset-fashion-mnist``
   (``/usr/share/datasets/fashion-mnist``), si está instalado: son los datos completos y
   verificados, y así no se intenta una descarga inútil sin conexión;
3. la caché de Keras (``~/.keras/datasets``) o, si no está, la descarga de Keras
   (lo normal con internet).

Todo lo que se lee se verifica: números mágicos IDX, número de imágenes y de etiquetas,
rango de las etiquetas, la suma SHA-256 de los conjuntos conocidos (un archivo alterado se
rechaza) y que entrenamiento y prueba sean del mismo conjunto. Un archivo ilegible o rechazado da
:class:`DataFormatError` con su nombre y se prueba la fuente siguiente. Un ``mnist.npz`` dañado en
la caché de Keras (que Keras borraría sin avisar) se señala y no se toca.

Las funciones de preprocesado (:func:`normalize`, :func:`flatten`, :func:`one_hot`) rechazan
con un mensaje en español las entradas que darían un resultado silenciosamente incorrecto.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from course_lib import checks
from course_lib.formatting import thousands

MNIST_DIR_ENV = "COURSE_MNIST_DIR"
FASHION_MNIST_DIR_ENV = "COURSE_FASHION_MNIST_DIR"
DEBIAN_FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")

#: Nombres de las clases en español.
MNIST_CLASSES = [str(d) for d in range(10)]
FASHION_MNIST_CLASSES = [
    "camiseta", "pantalón", "jersey", "vestido", "abrigo",
    "sandalia", "camisa", "zapatilla", "bolso", "botín",
]

_IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
_IMAGES_MAGIC, _LABELS_MAGIC = 2051, 2049
_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")

# SHA-256 del contenido descomprimido de cada archivo IDX de los conjuntos conocidos.
_KNOWN_SETS = {
    "Fashion-MNIST completo (70 000 imágenes)": {
        "x_train": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "y_train": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "x_test": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "y_test": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    "MNIST reducido sin conexión (8 000 + 2 000 imágenes del conjunto de prueba oficial)": {
        "x_train": "c6beb86dee3f4e07138a2ee7e423dbbe9f2de59e54eee6b1ede5b6b0f2ae6ebc",
        "y_train": "ca7bfaf2ca63bacfe71b50b711ce605e34a6556a68b2ba8a628b8559b6a9ba8d",
        "x_test": "1483e2fa85cde0e837e4651112327325b27bdd8772eef925e8e702795ddb90e5",
        "y_test": "ba41be3f7e93f6b6ba9cacc1ddcec8082e5793751671bbb713b24adc187bb821",
    },
}
_FULL_SIZES = (60000, 10000)
# SHA-256 del mnist.npz que descarga Keras (keras.datasets.mnist, file_hash).
_KERAS_MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
# Media de los píxeles: MNIST ≈ 33 (dígitos sobre fondo negro), Fashion-MNIST ≈ 73 (ropa).
_MEAN_PIXEL_SPLIT, _MIN_IMAGES_FOR_STATS = 53.0, 100
_READ_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, ValueError, KeyError)


class DataNotFoundError(RuntimeError):
    """No se ha podido cargar un conjunto de datos desde ninguna fuente."""


class DataFormatError(ValueError):
    """Un archivo de datos existe pero su contenido no es válido."""


@dataclass
class LoadInfo:
    """Qué se cargó y de dónde (se guarda en ``data.last_load[nombre]``)."""

    dataset: str
    source: str
    n_train: int
    n_test: int
    verified: str = ""
    tried: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return (self.n_train, self.n_test) == _FULL_SIZES

    def summary(self) -> str:
        text = (
            f"{self.dataset} cargado desde {self.source}: {thousands(self.n_train)} imágenes de "
            f"entrenamiento y {thousands(self.n_test)} de prueba."
        )
        if self.verified:
            text += f" {self.verified}"
        if not self.complete:
            text += (
                f"\nAtención: no es el conjunto completo ({thousands(_FULL_SIZES[0])} + {thousands(_FULL_SIZES[1])}); "
                "las exactitudes que obtengas serán algo menores que las publicadas."
            )
        return text


#: Información de la última carga de cada conjunto («MNIST», «Fashion-MNIST»).
last_load: dict[str, LoadInfo] = {}


# --------------------------------------------------------------------------- lectura IDX


def _find_file(folder: Path, stem: str) -> Path | None:
    candidates = [stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"]
    for name in candidates:
        path = folder / name
        if path.is_file():
            return path
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except (OSError, EOFError, zlib.error) as exc:
        why = {EOFError: "se corta antes de terminar"}.get(type(exc), "los datos comprimidos no se pueden descomprimir")
        why = why if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) else f"no se puede abrir: {exc.strerror}"
        raise DataFormatError(f"No se puede leer {path}: el archivo está dañado o incompleto ({why}; "
                              f"{type(exc).__name__}). Vuelve a copiarlo o a descargarlo.") from exc


def parse_idx(raw: bytes, path: str | Path = "<datos>") -> np.ndarray:
    """Convierte el contenido de un archivo IDX (imágenes o etiquetas) en un array ``uint8``.

    Comprueba el número mágico (2051 para imágenes, 2049 para etiquetas) y que el tamaño del
    archivo coincida con las dimensiones de su cabecera.
    """
    if len(raw) < 8:
        raise DataFormatError(f"{path}: el archivo es demasiado corto para ser un archivo IDX.")
    magic = int.from_bytes(raw[:4], "big")
    if magic not in (_IMAGES_MAGIC, _LABELS_MAGIC):
        raise DataFormatError(
            f"{path}: el número mágico es {magic} y debería ser {_IMAGES_MAGIC} (imágenes) o "
            f"{_LABELS_MAGIC} (etiquetas). ¿Es de verdad un archivo IDX de MNIST?"
        )
    ndim = 3 if magic == _IMAGES_MAGIC else 1
    header = 4 + 4 * ndim
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    expected = header + int(np.prod(dims, dtype=object))
    if len(raw) != expected:
        raise DataFormatError(
            f"{path}: la cabecera anuncia la forma {tuple(dims)} ({expected} bytes), pero el archivo "
            f"tiene {len(raw)} bytes. Probablemente la descarga quedó incompleta: vuelve a copiarlo."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def _validate(arrays: dict[str, np.ndarray], where: str) -> None:
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DataFormatError(f"{where}: x_{split} tiene forma {x.shape} y debería ser (n, 28, 28).")
        if y.ndim != 1:
            raise DataFormatError(f"{where}: y_{split} tiene forma {y.shape} y debería ser (n,).")
        if len(x) != len(y):
            raise DataFormatError(
                f"{where}: hay {len(x)} imágenes pero {len(y)} etiquetas en el conjunto de "
                f"{'entrenamiento' if split == 'train' else 'prueba'}; deben coincidir."
            )
        if len(y) and (int(y.min()) < 0 or int(y.max()) > 9):
            raise DataFormatError(f"{where}: las etiquetas de y_{split} deberían estar entre 0 y 9 (hay {int(y.max())}).")
        if x.dtype != np.uint8:
            raise DataFormatError(f"{where}: x_{split} es de tipo {x.dtype} y debería ser uint8 (0-255).")


def _load_idx_dir(folder: Path) -> tuple[dict[str, np.ndarray], str]:
    arrays, digests, missing, paths = {}, {}, [], {}
    for key, stem in _IDX_FILES.items():
        path = _find_file(folder, stem)
        if path is None:
            missing.append(stem)
            continue
        paths[key] = path
        raw = _read_bytes(path)
        digests[key] = hashlib.sha256(raw).hexdigest()
        arrays[key] = parse_idx(raw, path)
        expected_magic_ndim = 3 if key.startswith("x") else 1
        if arrays[key].ndim != expected_magic_ndim:
            raise DataFormatError(f"{path}: por su nombre debería contener {'imágenes' if key.startswith('x') else 'etiquetas'}, y contiene lo contrario.")
    if missing:
        raise FileNotFoundError(f"faltan {', '.join(m + '(.gz)' for m in missing)}")
    _validate(arrays, str(folder))
    return arrays, _check_known_sets(digests, paths, str(folder))


_SPLIT_WORD = {"train": "entrenamiento", "test": "prueba"}


def _check_known_sets(digests: dict, paths: dict, where: str) -> str:
    """«Verificado» si los cuatro archivos son de un conjunto conocido; rechaza alterados y mezclas."""
    for name, known in _KNOWN_SETS.items():
        if all(known[k] == digests[k] for k in _IDX_FILES):
            return f"Sumas SHA-256 verificadas: {name}."
    whole = {split: [n for n, known in _KNOWN_SETS.items()
                     if known[f"x_{split}"] == digests[f"x_{split}"] and known[f"y_{split}"] == digests[f"y_{split}"]]
             for split in ("train", "test")}
    for name, known in _KNOWN_SETS.items():
        for split in ("train", "test"):
            x, y = f"x_{split}", f"y_{split}"
            if not whole[split] and (known[x] == digests[x]) != (known[y] == digests[y]):
                bad = y if known[x] == digests[x] else x
                good = x if bad == y else y
                raise DataFormatError(f"La suma SHA-256 de {paths[bad]} no coincide con la de {name}, aunque {paths[good].name} "
                                      "sí es de ese conjunto: el archivo está alterado o dañado. Vuelve a copiarlo del original.")
    for split, other in (("train", "test"), ("test", "train")):
        if whole[split] and not set(whole[split]) & set(whole[other]):
            name = whole[split][0]
            raise DataFormatError(
                f"{where} mezcla conjuntos: los archivos de {_SPLIT_WORD[split]} son de {name}, pero las sumas SHA-256 "
                f"de los de {_SPLIT_WORD[other]} no coinciden con las de ese conjunto (son de otro, o están alterados). "
                "Los cuatro archivos deben ser del mismo conjunto: copia juntos los de entrenamiento y de prueba.")
    return ""


def _check_same_set(arrays: dict, where: str) -> None:
    """Rechaza entrenamiento y prueba de conjuntos distintos por la media de los píxeles."""
    if min(len(arrays["x_train"]), len(arrays["x_test"])) < _MIN_IMAGES_FOR_STATS:
        return
    means = {s: float(arrays[f"x_{s}"][:2000].mean()) for s in ("train", "test")}
    kinds = {s: "MNIST (dígitos)" if m < _MEAN_PIXEL_SPLIT else "Fashion-MNIST (ropa)" for s, m in means.items()}
    if kinds["train"] != kinds["test"] and abs(means["train"] - means["test"]) > 15:
        raise DataFormatError(
            f"{where} mezcla conjuntos: las imágenes de entrenamiento parecen de {kinds['train']} (píxel medio "
            f"{means['train']:.0f}) y las de prueba de {kinds['test']} (píxel medio {means['test']:.0f}). Los archivos "
            "de entrenamiento y de prueba deben ser del mismo conjunto: los cuatro de MNIST o los cuatro de Fashion-MNIST.")


def _load_npz(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [k for k in _NPZ_KEYS if k not in npz.files]
            if missing:
                raise DataFormatError(f"{path}: al archivo .npz le faltan las claves {', '.join(missing)}.")
            arrays = {k: np.asarray(npz[k]) for k in _NPZ_KEYS}
    except _READ_ERRORS as exc:
        if isinstance(exc, DataFormatError):
            raise
        raise DataFormatError(f"{path}: no es un archivo .npz válido o está dañado ({type(exc).__name__}). "
                              "Vuelve a copiarlo o a crearlo con np.savez.") from exc
    _validate(arrays, str(path))
    _check_same_set(arrays, str(path))
    return arrays


def _load_from_dir(folder: Path, npz_names: tuple[str, ...]) -> tuple[dict[str, np.ndarray], str, str]:
    if folder.is_file():
        if folder.suffix == ".npz":
            return _load_npz(folder), "", f"el archivo {folder}"
        raise FileNotFoundError(
            f"{folder} es un archivo, no una carpeta: indica la carpeta que contiene los cuatro archivos IDX "
            f"(quizá {folder.parent}) o un archivo .npz con x_train, y_train, x_test e y_test"
        )
    if not folder.is_dir():
        raise FileNotFoundError(f"la carpeta {folder} no existe")
    if any(_find_file(folder, stem) for stem in _IDX_FILES.values()):
        arrays, verified = _load_idx_dir(folder)
        if not verified:
            _check_same_set(arrays, str(folder))
        return arrays, verified, f"la carpeta {folder} (archivos IDX)"
    npz_files = [folder / n for n in npz_names if (folder / n).is_file()] or sorted(folder.glob("*.npz"))
    if len(npz_files) > 1:
        raise DataFormatError(f"en {folder} hay varios archivos .npz ({', '.join(p.name for p in npz_files)}); "
                              f"deja solo uno o llámalo {npz_names[0]}.")
    if npz_files:
        return _load_npz(npz_files[0]), "", f"el archivo {npz_files[0]}"
    raise FileNotFoundError(f"en {folder} no están los cuatro archivos IDX ({', '.join(_IDX_FILES.values())}) ni un archivo .npz")


def _check_args(loader: str, data_dir, verbose) -> None:
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"{loader}: data_dir debe ser la ruta de una carpeta, como texto ('datos/mnist') o como pathlib.Path, "
                        f"no {data_dir!r} (de tipo {type(data_dir).__name__}). Sin carpeta, no lo pases.")
    if isinstance(data_dir, str) and not data_dir.strip():
        raise ValueError(f"{loader}: data_dir es un texto vacío. Pon la ruta de la carpeta o no lo pases.")
    if not isinstance(verbose, (bool, np.bool_)):
        raise TypeError(f"{loader}: verbose debe ser True o False, no {verbose!r} (de tipo {type(verbose).__name__}).")


def _keras_home() -> Path:
    """La carpeta de la caché de Keras (``$KERAS_HOME`` o ``~/.keras``), la que usa Keras."""
    try:
        from keras.src.backend import config as keras_config

        return Path(keras_config.keras_home()).expanduser()
    except (ImportError, AttributeError):
        return Path(os.environ.get("KERAS_HOME", "~/.keras")).expanduser()


def _check_keras_cache(keras_loader: str) -> None:
    """Un ``mnist.npz`` con otra suma SHA-256: Keras lo borraría sin decirlo. Se dice, sin tocarlo."""
    for base in (_keras_home(), Path("/tmp/.keras")) if keras_loader == "mnist" else ():
        path = base / "datasets" / "mnist.npz"
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != _KERAS_MNIST_NPZ_SHA256:
            raise DataFormatError(
                f"la caché de Keras {path} existe, pero su suma SHA-256 no coincide con la del mnist.npz oficial: "
                "está incompleta, dañada o es otro archivo. No se ha llamado a Keras, que la borraría para volver a "
                "descargarla (y sin internet la perdería): si es tuya, muévela a otra carpeta y cárgala con "
                "data.load_mnist('ruta/mnist.npz'); si no, bórrala y Keras la descargará de nuevo con internet")


def _load(dataset: str, data_dir, env_var: str, keras_loader: str, npz_names, extra_dirs=(), verbose=True):
    tried: list[str] = []

    def done(arrays, verified, source):
        info = LoadInfo(dataset, source, len(arrays["y_train"]), len(arrays["y_test"]), verified, tried)
        last_load[dataset] = info
        if verbose:
            print(info.summary())
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])

    if data_dir is not None:
        folder = Path(data_dir).expanduser()
        try:
            return done(*_load_from_dir(folder, npz_names))
        except FileNotFoundError as exc:
            raise DataNotFoundError(
                f"No se ha podido cargar {dataset} desde la ruta que has indicado: {exc}.\n"
                + _how_to_get(dataset, env_var)
            ) from exc

    env_dir = os.environ.get(env_var, "").strip()
    if env_dir:
        folder = Path(env_dir).expanduser()
        try:
            return done(*_load_from_dir(folder, npz_names))
        except (FileNotFoundError, DataFormatError) as exc:
            tried.append(f"la carpeta de la variable de entorno {env_var} ({folder}): {exc}")
            warnings.warn(f"{env_var}={env_dir} no sirve ({exc}); se prueban otras fuentes.", stacklevel=3)

    for folder in extra_dirs:
        try:
            return done(*_load_from_dir(Path(folder), npz_names))
        except (FileNotFoundError, DataFormatError) as exc:
            tried.append(f"{folder}: {exc}")

    try:
        _check_keras_cache(keras_loader)
        import keras

        (x_train, y_train), (x_test, y_test) = getattr(keras.datasets, keras_loader).load_data()
        arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
        _validate(arrays, "keras.datasets")
        return done(arrays, "", f"Keras (caché ~/.keras/datasets o descarga)")
    except Exception as exc:  # noqa: BLE001 - sin internet Keras lanza Exception genérica
        reason = (str(exc).splitlines() or [""])[0][:200] if not isinstance(exc, DataFormatError) else str(exc)
        offline = "no hay conexión con el servidor de descarga (¿sin internet?); " if "URL fetch failure" in reason else ""
        tried.append(f"la caché o la descarga de Keras (keras.datasets.{keras_loader}): {offline}{type(exc).__name__}: {reason}")

    raise DataNotFoundError(
        f"No se ha podido cargar {dataset}. Se ha intentado:\n"
        + "\n".join(f"  {i}. {t}" for i, t in enumerate(tried, 1))
        + "\n" + _how_to_get(dataset, env_var)
    )


def _how_to_get(dataset: str, env_var: str) -> str:
    loader = "data.load_mnist" if dataset == "MNIST" else "data.load_fashion_mnist"
    text = (
        "Cómo tener los datos sin internet:\n"
        f"  - Copia los cuatro archivos IDX ({', '.join(s + '.gz' for s in _IDX_FILES.values())}) "
        f"a una carpeta y usa {loader}('carpeta') o define la variable de entorno {env_var}=carpeta.\n"
        "  - O, desde un ordenador con internet, ejecuta una vez keras.datasets."
        f"{'mnist' if dataset == 'MNIST' else 'fashion_mnist'}.load_data() y copia la carpeta "
        "~/.keras/datasets al ordenador sin conexión."
    )
    if dataset == "Fashion-MNIST":
        text += "\n  - En Debian o Ubuntu: sudo apt-get install dataset-fashion-mnist."
    return text


def load_mnist(data_dir: str | os.PathLike | None = None, *, verbose: bool = True):
    """Carga MNIST y devuelve ``(x_train, y_train), (x_test, y_test)`` como ``keras.datasets.mnist``.

    ``data_dir``: carpeta con los cuatro archivos IDX o un ``.npz``, o la ruta del ``.npz`` (opcional; también se
    puede usar la variable de entorno ``COURSE_MNIST_DIR``). Sin carpeta, Keras usa su caché
    o descarga el conjunto. Con ``verbose=True`` escribe una línea con la fuente usada.
    """
    _check_args("load_mnist", data_dir, verbose)
    return _load("MNIST", data_dir, MNIST_DIR_ENV, "mnist", ("mnist.npz",), verbose=verbose)


def load_fashion_mnist(data_dir: str | os.PathLike | None = None, *, verbose: bool = True):
    """Carga Fashion-MNIST y devuelve ``(x_train, y_train), (x_test, y_test)``.

    Como :func:`load_mnist`, con la variable ``COURSE_FASHION_MNIST_DIR``; antes de recurrir a
    Keras se usa el paquete de Debian/Ubuntu ``dataset-fashion-mnist`` si está instalado.
    Los nombres de las clases están en ``data.FASHION_MNIST_CLASSES``.
    """
    _check_args("load_fashion_mnist", data_dir, verbose)
    return _load(
        "Fashion-MNIST", data_dir, FASHION_MNIST_DIR_ENV, "fashion_mnist",
        ("fashion-mnist.npz", "fashion_mnist.npz"), extra_dirs=(DEBIAN_FASHION_MNIST_DIR,), verbose=verbose,
    )


# --------------------------------------------------------------------------- preprocesado


def normalize(images) -> np.ndarray:
    """Escala imágenes de píxeles 0-255 al intervalo [0, 1] y devuelve ``float32``.

    Se niega (``ValueError``) si las imágenes ya parecen normalizadas (todos los valores entre
    0 y 1 en un array de números reales): dividir dos veces entre 255 deja las imágenes casi
    negras y la red apenas aprende, sin ningún error visible.
    """
    x = checks.numeric_array(images, "Las imágenes", finite=True)
    if x.dtype == bool:
        raise ValueError("Las imágenes son de tipo bool (True/False), no píxeles 0-255: dividirlas entre 255 daría 0 y "
                         "0.004, casi negro. Si son máscaras, usa x.astype('float32') (ya valen 0 o 1); si no, las imágenes uint8.")
    lo, hi = float(x.min()), float(x.max())
    if lo < 0 or hi > 255:
        raise ValueError(
            f"Los píxeles deberían estar entre 0 y 255 y van de {lo:g} a {hi:g}. "
            "¿Has restado la media o las imágenes vienen de otra fuente? normalize() espera píxeles 0-255."
        )
    if np.issubdtype(x.dtype, np.floating) and hi <= 1.0:
        raise ValueError(
            f"Las imágenes ya parecen normalizadas (valores entre {lo:g} y {hi:g}). "
            "No las dividas otra vez entre 255: quedarían casi negras y la red apenas aprendería. "
            "Usa las imágenes originales (uint8, 0-255) o sáltate este paso."
        )
    return x.astype("float32") / 255.0


def flatten(images) -> np.ndarray:
    """Aplana cada imagen ``(alto, ancho[, canales])`` en un vector: ``(n, 28, 28) -> (n, 784)``.

    Devuelve un array **nuevo** (como ``reshape`` de NumPy): asígnalo, p. ej.
    ``x_train = data.flatten(x_train)``.
    """
    x = checks.numeric_array(images, "Las imágenes")
    if x.ndim == 2 and x.shape[0] == x.shape[1]:
        raise ValueError(f"Has pasado una sola imagen, de forma {x.shape}: flatten espera un lote (n, alto, ancho). Para "
                         f"aplanar una imagen, pásala como lote de una: data.flatten(x[None]) da forma (1, {x.size}).")
    if x.ndim == 2:
        raise ValueError(
            f"Las imágenes ya están aplanadas: forma {x.shape} (una fila por imagen). "
            "No hace falta aplanarlas otra vez."
        )
    if x.ndim not in (3, 4):
        raise ValueError(
            f"Se esperaban imágenes con forma (n, alto, ancho) o (n, alto, ancho, canales) y la forma es {x.shape}."
        )
    return x.reshape(len(x), -1)


def one_hot(labels, num_classes: int = 10) -> np.ndarray:
    """Codificación *one-hot*: la etiqueta 3 pasa a ser ``[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]``.

    Devuelve ``float32`` de forma ``(n, num_classes)``, lo que espera la pérdida
    ``categorical_crossentropy``. Rechaza etiquetas que ya están codificadas, que no son
    enteras o que se salen del rango ``0 .. num_classes - 1``.
    """
    num_classes = checks.integer(num_classes, "num_classes (el número de clases)", 2)
    raw = checks.numeric_array(labels, "Las etiquetas")
    if raw.dtype != bool and np.any(raw < 0):
        raise ValueError(f"Las etiquetas tienen valores negativos (hay un {np.min(raw):g}): las clases deben ir de 0 a "
                         f"num_classes - 1 (0..{num_classes - 1}). Una etiqueta negativa es un error en los datos, no se "
                         "arregla con num_classes: revisa de dónde salen las etiquetas.")
    y = checks.class_labels(
        labels, "Las etiquetas", allow_one_hot=False, num_classes=num_classes, allow_empty=False,
        one_hot_advice="No las codifiques dos veces: úsalas tal cual con categorical_crossentropy.",
    )
    return np.eye(num_classes, dtype="float32")[y]
