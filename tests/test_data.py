"""Pruebas de course_lib.data con datos IDX sintéticos (no necesitan internet ni ../shared)."""

import gzip
import hashlib
import warnings

import numpy as np
import pytest

import course_lib  # noqa: F401
from course_lib import data

STEMS = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def idx_bytes(array: np.ndarray) -> bytes:
    magic = 2051 if array.ndim == 3 else 2049
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def make_arrays(n_train=30, n_test=10, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


def write_idx_dir(folder, arrays, gz=True, override=None):
    folder.mkdir(parents=True, exist_ok=True)
    for key, stem in STEMS.items():
        raw = (override or {}).get(key, idx_bytes(arrays[key]))
        if gz:
            (folder / (stem + ".gz")).write_bytes(gzip.compress(raw))
        else:
            (folder / stem).write_bytes(raw)
    return folder


@pytest.fixture(autouse=True)
def no_network_no_env(offline_data):
    """Ninguna prueba toca internet ni depende de variables de entorno del usuario (conftest)."""


@pytest.mark.parametrize("gz", [True, False])
def test_load_idx_dir_returns_keras_layout(tmp_path, gz):
    arrays = make_arrays()
    folder = write_idx_dir(tmp_path / "mnist", arrays, gz=gz)
    (x_train, y_train), (x_test, y_test) = data.load_mnist(folder, verbose=False)
    assert x_train.shape == (30, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (30,) and y_train.dtype == np.uint8
    assert x_test.shape == (10, 28, 28) and y_test.shape == (10,)
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    info = data.last_load["MNIST"]
    assert (info.n_train, info.n_test) == (30, 10)
    assert not info.complete and "Atención" in info.summary()


def test_verbose_prints_source_in_spanish(tmp_path, capsys):
    folder = write_idx_dir(tmp_path / "m", make_arrays())
    data.load_mnist(folder)
    out = capsys.readouterr().out
    assert "MNIST cargado desde la carpeta" in out and "30 imágenes de entrenamiento" in out


def test_known_checksums_are_reported(tmp_path, monkeypatch):
    arrays = make_arrays()
    folder = write_idx_dir(tmp_path / "m", arrays)
    digests = {k: hashlib.sha256(idx_bytes(a)).hexdigest() for k, a in arrays.items()}
    monkeypatch.setattr(data, "_KNOWN_SETS", {"conjunto de prueba": digests})
    data.load_mnist(folder, verbose=False)
    assert data.last_load["MNIST"].verified == "Sumas SHA-256 verificadas: conjunto de prueba."
    digests["y_test"] = "0" * 64
    with pytest.raises(data.DataFormatError, match=r"La suma SHA-256 de .*t10k-labels.* no coincide con la de "
                       r"conjunto de prueba.*alterado o dañado.*Vuelve a copiarlo"):
        data.load_mnist(folder, verbose=False)
    # Ningún archivo de un conjunto conocido (datos propios): se carga, sin «verificado».
    monkeypatch.setattr(data, "_KNOWN_SETS", {"otro": {k: "0" * 64 for k in digests}})
    data.load_mnist(folder, verbose=False)
    assert data.last_load["MNIST"].verified == ""


def test_npz_directory(tmp_path):
    arrays = make_arrays()
    np.savez(tmp_path / "mnist.npz", **arrays)
    (x_train, y_train), _ = data.load_mnist(tmp_path, verbose=False)
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert "mnist.npz" in data.last_load["MNIST"].source


def test_npz_missing_keys_and_pickles_are_refused(tmp_path):
    arrays = make_arrays()
    bad = tmp_path / "bad"
    bad.mkdir()
    np.savez(bad / "mnist.npz", x_train=arrays["x_train"], y_train=arrays["y_train"])
    with pytest.raises(data.DataFormatError, match="le faltan las claves x_test, y_test"):
        data.load_mnist(bad, verbose=False)
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    np.savez(pickled / "mnist.npz", x_train=np.array([{"a": 1}], dtype=object), y_train=arrays["y_train"],
             x_test=arrays["x_test"], y_test=arrays["y_test"])
    with pytest.raises(data.DataFormatError, match="no es un archivo .npz válido"):
        data.load_mnist(pickled, verbose=False)


def test_bad_magic_number(tmp_path):
    arrays = make_arrays()
    raw = bytearray(idx_bytes(arrays["x_train"]))
    raw[3] = 0x99
    folder = write_idx_dir(tmp_path / "m", arrays, override={"x_train": bytes(raw)})
    with pytest.raises(data.DataFormatError, match="número mágico"):
        data.load_mnist(folder, verbose=False)


def test_truncated_file(tmp_path):
    arrays = make_arrays()
    raw = idx_bytes(arrays["x_train"])[:-100]
    folder = write_idx_dir(tmp_path / "m", arrays, override={"x_train": raw})
    with pytest.raises(data.DataFormatError, match="descarga quedó incompleta"):
        data.load_mnist(folder, verbose=False)


def test_corrupt_gzip(tmp_path):
    folder = write_idx_dir(tmp_path / "m", make_arrays())
    path = folder / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(data.DataFormatError, match="dañado o incompleto"):
        data.load_mnist(folder, verbose=False)


def test_image_label_count_mismatch(tmp_path):
    arrays = make_arrays()
    arrays_short = dict(arrays, y_train=arrays["y_train"][:-1])
    folder = write_idx_dir(tmp_path / "m", arrays_short)
    with pytest.raises(data.DataFormatError, match="30 imágenes pero 29 etiquetas"):
        data.load_mnist(folder, verbose=False)


def test_label_out_of_range(tmp_path):
    arrays = make_arrays()
    arrays["y_test"] = arrays["y_test"].copy()
    arrays["y_test"][0] = 12
    folder = write_idx_dir(tmp_path / "m", arrays)
    with pytest.raises(data.DataFormatError, match="entre 0 y 9"):
        data.load_mnist(folder, verbose=False)


def test_swapped_files_detected(tmp_path):
    arrays = make_arrays()
    folder = write_idx_dir(tmp_path / "m", arrays, override={"x_test": idx_bytes(arrays["y_test"])})
    with pytest.raises(data.DataFormatError, match="debería contener imágenes"):
        data.load_mnist(folder, verbose=False)


def test_explicit_dir_missing_files(tmp_path):
    with pytest.raises(data.DataNotFoundError, match="no están los cuatro archivos IDX") as err:
        data.load_mnist(tmp_path, verbose=False)
    assert "COURSE_MNIST_DIR" in str(err.value)
    with pytest.raises(data.DataNotFoundError, match="no existe"):
        data.load_mnist(tmp_path / "no-existe", verbose=False)


def test_incomplete_idx_dir_lists_missing_files(tmp_path):
    folder = write_idx_dir(tmp_path / "m", make_arrays())
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DataNotFoundError, match="faltan t10k-labels-idx1-ubyte"):
        data.load_mnist(folder, verbose=False)


def test_env_var_is_used(tmp_path, monkeypatch):
    folder = write_idx_dir(tmp_path / "env", make_arrays(n_train=20))
    monkeypatch.setenv(data.MNIST_DIR_ENV, str(folder))
    (x_train, _), _ = data.load_mnist(verbose=False)
    assert len(x_train) == 20


def test_broken_env_var_warns_and_falls_back_to_keras(tmp_path, monkeypatch):
    import keras

    arrays = make_arrays(n_train=12)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (
        (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])))
    monkeypatch.setenv(data.MNIST_DIR_ENV, str(tmp_path / "no-existe"))
    with pytest.warns(UserWarning, match="COURSE_MNIST_DIR=.* no sirve"):
        (x_train, _), _ = data.load_mnist(verbose=False)
    assert len(x_train) == 12
    info = data.last_load["MNIST"]
    assert "Keras" in info.source and "COURSE_MNIST_DIR" in info.tried[0]


def test_nothing_works_lists_every_attempt(tmp_path, monkeypatch):
    monkeypatch.setenv(data.MNIST_DIR_ENV, str(tmp_path / "vacía"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(data.DataNotFoundError) as err:
            data.load_mnist(verbose=False)
    msg = str(err.value)
    assert "No se ha podido cargar MNIST. Se ha intentado:" in msg
    assert "1. la carpeta de la variable de entorno COURSE_MNIST_DIR" in msg
    assert "2. la caché o la descarga de Keras" in msg and "sin conexión (simulado)" in msg
    assert "no hay conexión con el servidor de descarga" in msg
    assert "Cómo tener los datos sin internet" in msg


def test_fashion_falls_back_to_debian_dir(tmp_path, monkeypatch):
    folder = write_idx_dir(tmp_path / "debian", make_arrays(n_train=40))
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", folder)
    (x_train, _), _ = data.load_fashion_mnist(verbose=False)
    assert len(x_train) == 40
    assert str(folder) in data.last_load["Fashion-MNIST"].source


def test_fashion_nothing_works_mentions_debian_package(tmp_path):
    with pytest.raises(data.DataNotFoundError, match="apt-get install dataset-fashion-mnist"):
        data.load_fashion_mnist(verbose=False)


def test_fashion_class_names():
    assert len(data.FASHION_MNIST_CLASSES) == 10 and data.FASHION_MNIST_CLASSES[9] == "botín"


# ------------------------------------------------------------------ preprocesado


def test_normalize_scales_to_unit_interval():
    x = np.array([[[0, 51], [255, 102]]], dtype=np.uint8)
    out = data.normalize(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[[0.0, 0.2], [1.0, 0.4]]], rtol=1e-6)


def test_normalize_refuses_already_normalized():
    x = np.random.default_rng(0).random((2, 28, 28)).astype("float32")
    with pytest.raises(ValueError, match="ya parecen normalizadas"):
        data.normalize(x)


def test_normalize_accepts_float_pixels_0_255():
    out = data.normalize(np.array([0.0, 127.5, 255.0]))
    np.testing.assert_allclose(out, [0, 0.5, 1])


@pytest.mark.parametrize("bad, match", [
    (np.array([-1.0, 3.0]), "entre 0 y 255"),
    (np.array([0, 300]), "entre 0 y 255"),
    (np.array([], dtype=np.uint8), "Las imágenes son un array vacío"),
    (np.array(["a", "b"]), "Las imágenes deben ser un array numérico"),
    ([[0, 1], [2]], "filas tienen longitudes distintas"),
    (np.array([0.0, np.nan, 255.0]), "1 valor no finito"),
])
def test_normalize_bad_input(bad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        data.normalize(bad)


def test_flatten_shapes():
    assert data.flatten(np.zeros((5, 28, 28), np.uint8)).shape == (5, 784)
    assert data.flatten(np.zeros((5, 28, 28, 1), np.uint8)).shape == (5, 784)
    assert data.flatten(np.zeros((2, 32, 32, 3))).shape == (2, 3072)


def test_flatten_refuses_flat_or_odd_shapes():
    with pytest.raises(ValueError, match="ya están aplanadas"):
        data.flatten(np.zeros((5, 784)))
    with pytest.raises(ValueError, match=r"forma es \(784,\)"):
        data.flatten(np.zeros(784))


def test_one_hot_basic():
    out = data.one_hot(np.array([3, 0, 9], dtype=np.uint8))
    assert out.shape == (3, 10) and out.dtype == np.float32
    assert out[0, 3] == 1 and out[0].sum() == 1 and out[2, 9] == 1
    assert data.one_hot(np.array([[1], [0]]), num_classes=2).tolist() == [[0, 1], [1, 0]]


def test_one_hot_refuses_already_encoded():
    with pytest.raises(ValueError, match="ya están en codificación one-hot"):
        data.one_hot(np.eye(10)[[1, 2, 3]])


def test_one_hot_refuses_out_of_range_and_suggests_num_classes():
    with pytest.raises(ValueError, match=r"fuera del rango 0..9: 10, 11.*num_classes=12"):
        data.one_hot(np.array([1, 10, 11]))
    with pytest.raises(ValueError, match="valores negativos"):
        data.one_hot(np.array([-1, 2]))


def test_one_hot_refuses_probabilities_and_bad_num_classes():
    with pytest.raises(ValueError, match="predicciones"):
        data.one_hot(np.array([0.2, 0.8]))
    with pytest.raises(ValueError, match=r"num_classes \(el número de clases\) debe ser un entero"):
        data.one_hot(np.array([0, 1]), num_classes=1)
    with pytest.raises(ValueError, match=r"forma \(n,\)"):
        data.one_hot(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"forma \(n,\)"):
        data.one_hot(np.array([[0.2, 0.3], [0.4, 0.1]]))  # una matriz que no es one-hot
    with pytest.raises(ValueError, match="Las etiquetas son un array vacío"):
        data.one_hot(np.array([], dtype=int))
    with pytest.raises(TypeError, match="Las etiquetas deben ser un array numérico"):
        data.one_hot(["tres", "cero"])


def test_fashion_prefers_installed_debian_package_over_keras_download(tmp_path, monkeypatch):
    import keras

    folder = write_idx_dir(tmp_path / "debian", make_arrays(n_train=40))
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", folder)

    def must_not_download():
        raise AssertionError("no debería intentar Keras con el paquete de Debian instalado")

    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", must_not_download)
    (x_train, _), _ = data.load_fashion_mnist(verbose=False)
    assert len(x_train) == 40 and data.last_load["Fashion-MNIST"].tried == []


# ------------------------------------------------------------------ integridad (issue 9)


def digests_of(arrays):
    return {k: hashlib.sha256(idx_bytes(a)).hexdigest() for k, a in arrays.items()}


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_damaged_gzip_stream_is_a_spanish_data_format_error(tmp_path, damage):
    folder = write_idx_dir(tmp_path / "m", make_arrays())
    path = folder / "train-images-idx3-ubyte.gz"
    raw = bytearray(path.read_bytes())
    if damage == "flip":  # bytes cambiados dentro del flujo comprimido: zlib.error o CRC
        for i in range(30, 60):
            raw[i] ^= 0xFF
    elif damage == "truncate":  # EOFError
        raw = raw[: len(raw) // 2]
    else:  # cabecera gzip y después basura: BadGzipFile / zlib.error
        raw = raw[:10] + bytes(range(256)) * 4
    path.write_bytes(bytes(raw))
    with pytest.raises(data.DataFormatError, match=r"No se puede leer .*train-images-idx3-ubyte.gz: el archivo "
                       r"está dañado o incompleto.*Vuelve a copiarlo"):
        data.load_mnist(folder, verbose=False)


def test_damaged_file_in_env_dir_falls_back_to_next_source(tmp_path, monkeypatch):
    import keras

    folder = write_idx_dir(tmp_path / "env", make_arrays())
    path = folder / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(path.read_bytes())
    for i in range(12, len(raw) - 8):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    monkeypatch.setenv(data.MNIST_DIR_ENV, str(folder))
    with pytest.warns(UserWarning, match="no sirve"), pytest.raises(data.DataNotFoundError) as err:
        data.load_mnist(verbose=False)
    msg = str(err.value)
    assert "1. la carpeta de la variable de entorno COURSE_MNIST_DIR" in msg
    assert "t10k-labels-idx1-ubyte.gz: el archivo está dañado" in msg and "2. la caché o la descarga de Keras" in msg
    arrays = make_arrays(n_train=12)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (
        (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])))
    with pytest.warns(UserWarning, match="dañado o incompleto"):
        (x_train, _), _ = data.load_mnist(verbose=False)
    assert len(x_train) == 12 and "Keras" in data.last_load["MNIST"].source


def test_damaged_npz_is_a_spanish_data_format_error(tmp_path):
    np.savez_compressed(tmp_path / "mnist.npz", **make_arrays())
    raw = bytearray((tmp_path / "mnist.npz").read_bytes())
    for i in range(100, 400):
        raw[i] ^= 0xFF
    (tmp_path / "mnist.npz").write_bytes(bytes(raw))
    with pytest.raises(data.DataFormatError, match=r"mnist.npz: no es un archivo .npz válido o está dañado"):
        data.load_mnist(tmp_path, verbose=False)
    (tmp_path / "mnist.npz").write_bytes(b"PK\x03\x04 esto no es un zip")
    with pytest.raises(data.DataFormatError, match="Vuelve a copiarlo o a crearlo con np.savez"):
        data.load_mnist(tmp_path, verbose=False)


def test_altered_file_of_known_set_is_refused_and_env_falls_back(tmp_path, monkeypatch):
    arrays = make_arrays()
    monkeypatch.setattr(data, "_KNOWN_SETS", {"MNIST de prueba": digests_of(arrays)})
    altered = dict(arrays, x_train=arrays["x_train"].copy())
    altered["x_train"][0, 0, 0] ^= 1  # un solo píxel cambiado
    folder = write_idx_dir(tmp_path / "m", altered)
    with pytest.raises(data.DataFormatError, match=r"La suma SHA-256 de .*train-images-idx3-ubyte.gz no coincide "
                       r"con la de MNIST de prueba"):
        data.load_mnist(folder, verbose=False)
    monkeypatch.setenv(data.MNIST_DIR_ENV, str(folder))
    with pytest.warns(UserWarning, match="no coincide"), pytest.raises(data.DataNotFoundError, match="no coincide"):
        data.load_mnist(verbose=False)


def test_mixed_known_sets_are_refused(tmp_path, monkeypatch):
    a, b = make_arrays(seed=1), make_arrays(seed=2)
    monkeypatch.setattr(data, "_KNOWN_SETS", {"MNIST A": digests_of(a), "Fashion B": digests_of(b)})
    folder = write_idx_dir(tmp_path / "m", {"x_train": a["x_train"], "y_train": a["y_train"],
                                            "x_test": b["x_test"], "y_test": b["y_test"]})
    with pytest.raises(data.DataFormatError, match=r"mezcla conjuntos: los archivos de entrenamiento son de MNIST A.*"
                       r"deben ser del mismo conjunto"):
        data.load_mnist(folder, verbose=False)


def _digits_like(n, rng):  # fondo negro y un trazo: píxel medio ≈ 33, como MNIST
    x = np.zeros((n, 28, 28), np.uint8)
    x[:, 8:20, 12:16] = rng.integers(200, 256, (n, 12, 4))
    return x


def _clothes_like(n, rng):  # prenda grande y gris: píxel medio ≈ 73, como Fashion-MNIST
    x = np.zeros((n, 28, 28), np.uint8)
    x[:, 3:25, 4:24] = rng.integers(110, 170, (n, 22, 20))
    return x


@pytest.mark.parametrize("npz", [False, True])
def test_mnist_train_with_fashion_test_is_refused_by_pixel_statistics(tmp_path, npz):
    rng = np.random.default_rng(0)
    arrays = {"x_train": _digits_like(300, rng), "y_train": (np.arange(300) % 10).astype(np.uint8),
              "x_test": _clothes_like(200, rng), "y_test": (np.arange(200) % 10).astype(np.uint8)}
    assert arrays["x_train"].mean() < 40 < 60 < arrays["x_test"].mean()
    if npz:
        np.savez(tmp_path / "mnist.npz", **arrays)
        folder = tmp_path
    else:
        folder = write_idx_dir(tmp_path / "m", arrays)
    with pytest.raises(data.DataFormatError, match=r"mezcla conjuntos: las imágenes de entrenamiento parecen de "
                       r"MNIST \(dígitos.*las de prueba de Fashion-MNIST \(ropa.*deben ser del mismo conjunto"):
        data.load_mnist(folder, verbose=False)
    same = dict(arrays, x_test=_digits_like(200, rng))
    (x_train, _), _ = data.load_mnist(write_idx_dir(tmp_path / "ok", same), verbose=False)
    assert len(x_train) == 300


def test_path_to_a_file_says_it_is_a_file(tmp_path):
    folder = write_idx_dir(tmp_path / "m", make_arrays())
    with pytest.raises(data.DataNotFoundError, match=r"train-images-idx3-ubyte.gz es un archivo, no una carpeta: "
                       r"indica la carpeta que contiene los cuatro archivos IDX") as err:
        data.load_mnist(folder / "train-images-idx3-ubyte.gz", verbose=False)
    assert str(folder) in str(err.value) and "no existe" not in str(err.value)


def test_path_to_an_npz_file_loads_it(tmp_path):
    arrays = make_arrays(n_train=17)
    np.savez(tmp_path / "mis_datos.npz", **arrays)
    (x_train, _), _ = data.load_mnist(tmp_path / "mis_datos.npz", verbose=False)
    assert len(x_train) == 17 and "mis_datos.npz" in data.last_load["MNIST"].source


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"data_dir": 123}, TypeError, r"data_dir debe ser la ruta de una carpeta.*pathlib.Path, no 123 \(de tipo int\)"),
    ({"data_dir": ["datos"]}, TypeError, r"data_dir debe ser la ruta de una carpeta"),
    ({"data_dir": "  "}, ValueError, r"data_dir es un texto vacío"),
    ({"verbose": "no"}, TypeError, r"verbose debe ser True o False, no 'no'"),
    ({"verbose": 1}, TypeError, r"verbose debe ser True o False"),
])
@pytest.mark.parametrize("loader", ["load_mnist", "load_fashion_mnist"])
def test_wrong_argument_types_are_spanish(loader, kwargs, exc, match):
    with pytest.raises(exc, match=f"{loader}: {match}"):
        getattr(data, loader)(**kwargs)


def test_bad_keras_cache_is_reported_and_not_deleted(tmp_path, monkeypatch):
    import keras

    cache = tmp_path / "datasets" / "mnist.npz"
    cache.parent.mkdir()
    cache.write_bytes(b"media descarga")
    monkeypatch.setattr(data, "_keras_home", lambda: tmp_path)

    def keras_would_delete(*args, **kwargs):
        cache.unlink()
        raise AssertionError("no se debe llamar a Keras con una caché dañada")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", keras_would_delete)
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_mnist(verbose=False)
    msg = str(err.value)
    assert f"la caché de Keras {cache} existe, pero su suma SHA-256 no coincide" in msg
    assert "No se ha llamado a Keras, que la borraría" in msg and "bórrala" in msg
    assert cache.read_bytes() == b"media descarga"


def test_good_keras_cache_calls_keras(tmp_path, monkeypatch):
    import keras

    arrays = make_arrays(n_train=11)
    cache = tmp_path / "datasets" / "mnist.npz"
    cache.parent.mkdir()
    cache.write_bytes(b"x")
    monkeypatch.setattr(data, "_keras_home", lambda: tmp_path)
    monkeypatch.setattr(data, "_KERAS_MNIST_NPZ_SHA256", hashlib.sha256(b"x").hexdigest())
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (
        (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])))
    (x_train, _), _ = data.load_mnist(verbose=False)
    assert len(x_train) == 11


def test_keras_home_follows_keras():
    from keras.src.backend import config as keras_config

    assert data._keras_home() == data.Path(keras_config.keras_home()).expanduser()


def test_normalize_refuses_booleans_and_nan():
    with pytest.raises(ValueError, match=r"son de tipo bool.*x.astype\('float32'\)"):
        data.normalize(np.zeros((2, 28, 28), bool))
    with pytest.raises(ValueError, match="no finito"):
        data.normalize(np.array([[0.0, np.nan], [3.0, 255.0]]))


def test_flatten_of_one_image_suggests_x_none():
    with pytest.raises(ValueError, match=r"una sola imagen, de forma \(28, 28\).*data.flatten\(x\[None\]\) da forma "
                       r"\(1, 784\)") as err:
        data.flatten(np.zeros((28, 28), np.uint8))
    assert "ya están aplanadas" not in str(err.value)
    assert data.flatten(np.zeros((28, 28), np.uint8)[None]).shape == (1, 784)


@pytest.mark.parametrize("labels, num_classes", [([-1, 3], 10), ([-1, 12], 10), ([-1, 9], 5)])
def test_negative_label_is_a_data_error_not_num_classes(labels, num_classes):
    with pytest.raises(ValueError, match=r"valores negativos.*las clases deben ir de 0 a num_classes - 1.*"
                       r"negativa es un error en los datos") as err:
        data.one_hot(np.array(labels), num_classes=num_classes)
    assert "usa num_classes" not in str(err.value)


def test_idx_header_with_absurd_dimensions_is_a_spanish_error():
    raw = (2051).to_bytes(4, "big") + (2**32 - 1).to_bytes(4, "big") * 3 + b"\x00" * 100
    with pytest.raises(data.DataFormatError, match=r"la cabecera anuncia la forma \(4294967295, 4294967295, "
                       r"4294967295\).*vuelve a copiarlo"):
        data.parse_idx(raw, "imagenes.idx")
