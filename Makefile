# Curso interactivo de aprendizaje profundo: órdenes habituales.
#   make lab      prepara el entorno (.venv) y abre TU copia del curso (mi-curso/, sin soluciones)
#   make lab-profesor  abre notebooks/, la versión con las soluciones (para preparar la clase)
#   make test     prepara el entorno y ejecuta todas las pruebas (modo rápido), también en el navegador
#   make test-oldest  lo mismo (sin navegador) con las versiones mínimas declaradas (constraints-oldest.txt)
#   make student  genera la edición del estudiante (sin soluciones) en build/alumno
#   make strip    borra las salidas de los notebooks (salvo las celdas contrato)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.course-installed
PORT   ?= 8888
# Ajustes por defecto de JupyterLab para este entorno (interfaz en español); el estudiante
# puede cambiar de idioma en Configuración → Idioma.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
# JupyterLab se niega a arrancar como root sin este permiso explícito (contenedores, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)

# Copia de trabajo del estudiante: la edición sin soluciones; make lab nunca pisa lo que ya hay.
STUDENT_DIR ?= mi-curso

# Segundo entorno con las versiones más bajas que promete requirements.txt.
OLDEST_VENV  ?= .venv-oldest
OLDEST_STAMP := $(OLDEST_VENV)/.course-installed
NBVAL_ARGS   := --nbval --nbval-current-env --nbval-cell-timeout=600

.PHONY: install lab lab-profesor test test-oldest test-unit test-notebooks test-browser student strip clean

install: $(STAMP) $(LAB_OVERRIDES)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	@touch $(STAMP)

$(LAB_OVERRIDES): lab-settings/overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp lab-settings/overrides.json $@

lab: install
	@$(BIN)/python tools/nbtool.py student notebooks $(STUDENT_DIR) --keep-existing
	@echo "Tus notebooks (sin soluciones) están en $(STUDENT_DIR)/; tus cambios se conservan entre sesiones."
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=$(STUDENT_DIR) $(ROOT_FLAG)

lab-profesor: install
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=notebooks $(ROOT_FLAG)

test: install test-unit test-notebooks test-browser

test-unit: install
	$(BIN)/python -m pytest tests --ignore=tests/browser

test-notebooks: install
	@start=$$(date +%s); \
	COURSE_QUICK=1 $(BIN)/python -m pytest $(NBVAL_ARGS) notebooks; \
	status=$$?; \
	echo "Tiempo del bloque de notebooks (modo rápido): $$(( $$(date +%s) - start )) s"; \
	exit $$status

# JupyterLab + Chromium sin pantalla: cada notebook ejecutado en el navegador, sus exploradores
# movidos con el teclado y una captura por notebook en artifacts/screenshots/.
test-browser: install
	@start=$$(date +%s); \
	$(BIN)/python -m pytest tests/browser; \
	status=$$?; \
	echo "Tiempo del bloque del navegador: $$(( $$(date +%s) - start )) s (capturas en artifacts/screenshots/)"; \
	exit $$status

$(OLDEST_STAMP): requirements.txt constraints-oldest.txt pyproject.toml
	@test -x $(OLDEST_VENV)/bin/python || $(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/python -m pip install -r requirements.txt -c constraints-oldest.txt
	$(OLDEST_VENV)/bin/python -m pip install --no-deps -e .
	@touch $(OLDEST_STAMP)

# Pruebas de course_lib y notebooks en modo rápido con las versiones mínimas (sin navegador).
test-oldest: $(OLDEST_STAMP)
	@$(OLDEST_VENV)/bin/python -c "import tensorflow as tf, keras, numpy; print('Versiones mínimas: TensorFlow', tf.__version__, '· Keras', keras.__version__, '· NumPy', numpy.__version__)" 2>/dev/null
	$(OLDEST_VENV)/bin/python -m pytest tests --ignore=tests/browser
	COURSE_QUICK=1 $(OLDEST_VENV)/bin/python -m pytest $(NBVAL_ARGS) notebooks

student: install
	$(BIN)/python tools/nbtool.py student notebooks build/alumno

strip: install
	$(BIN)/python tools/nbtool.py strip notebooks/*.ipynb

clean:
	rm -rf build .pytest_cache
