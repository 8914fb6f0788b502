"""Las versiones declaradas son coherentes: requirements.txt, constraints-oldest.txt y environment.yml.

``make test-oldest`` instala exactamente los mínimos de requirements.txt (constraints-oldest.txt)
y ejecuta las pruebas y los notebooks con ellos; esta prueba evita que los dos archivos se
separen (subir un mínimo en uno y olvidarlo en el otro).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)>=([^,\s]+),<([^\s#]+)")


def _lines(name):
    return [line.strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def floors():
    out = {}
    for line in _lines("requirements.txt"):
        match = REQUIREMENT.match(line)
        assert match, f"requirements.txt: «{line}» debe tener la forma paquete>=mínimo,<máximo"
        out[_canon(match.group(1))] = match.group(2)
    return out


def test_constraints_pin_exactly_the_declared_floors():
    pins = {}
    for line in _lines("constraints-oldest.txt"):
        name, _, version = line.partition("==")
        assert version, f"constraints-oldest.txt: «{line}» debe ser paquete==versión"
        pins[_canon(name)] = version
    declared = floors()
    assert set(pins) == set(declared), (set(pins) ^ set(declared))
    for name, floor in declared.items():
        pinned = pins[name]
        # tensorflow>=2.16 se prueba con la primera publicación 2.16.x que existe (2.16.1).
        assert pinned == floor or pinned.startswith(floor + ".") or pinned.startswith(floor), (name, floor, pinned)


def test_keras_floor_is_the_measured_one():
    # Por debajo de 3.8 fallan capas de aumento (get_random_transformation, RandomContrast(value_range=))
    # y float(optimizer.learning_rate): medido con make test-oldest.
    major, minor = (int(p) for p in floors()["keras"].split(".")[:2])
    assert (major, minor) >= (3, 8)


def test_python_range_matches_environment_yml_and_readme():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    low, high = re.search(r"python>=(3\.\d+),<(3\.\d+)", env).groups()
    last = f"3.{int(high.split('.')[1]) - 1}"
    assert f"Python {low}–{last}" in readme, f"README debe decir «Python {low}–{last}»"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'requires-python = ">={low}' in pyproject


def test_web_requirements_are_ranges_and_installed_by_environment_yml():
    # La web (make web) tiene su archivo: requirements-web.txt, con rangos como requirements.txt;
    # environment.yml instala los dos, y los recursos de npm están fijados (package-lock.json).
    for line in _lines("requirements-web.txt"):
        assert REQUIREMENT.match(line), f"requirements-web.txt: «{line}» debe tener la forma paquete>=mínimo,<máximo"
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "-r requirements.txt" in env and "-r requirements-web.txt" in env
    assert (ROOT / "web" / "package-lock.json").is_file()
