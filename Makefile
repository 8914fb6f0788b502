# Curso interactivo de aprendizaje profundo: órdenes habituales.
#   make lab      prepara el entorno (.venv) y abre TU copia del curso (mi-curso/, sin soluciones)
#   make lab-profesor  abre notebooks/, la versión con las soluciones (para preparar la clase)
#   make test     prepara el entorno y ejecuta todas las pruebas (modo rápido), también en el navegador
#   make test-oldest  lo mismo (sin navegador) con las versiones mínimas declaradas (constraints-oldest.txt)
#   make student  genera la edición del estudiante (sin soluciones) en build/alumno
#   make strip    borra las salidas de los notebooks (salvo las celdas contrato)
#   make web      la web del curso en build/web/ (notebooks ejecutados en modo completo, sin internet);
#                 make web COURSE_QUICK=1 en modo rápido (lo avisa en cada página); REEJECUTAR=1 sin caché
#   make diapositivas  una presentación por notebook en build/diapositivas/NN_tema.html (reveal.js local)
#   make test-web la web y las diapositivas en modo rápido, probadas en Chromium (parte de make test)
#   make calificar ENTREGAS=carpeta  ejecuta cada entrega y escribe calificaciones.csv (TIEMPO=900 s por
#                 notebook, MODO=rapido|completo, SALIDA=archivo.csv)

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

# La web y las diapositivas: Sphinx + MyST-NB (requirements-web.txt) y reveal.js + MathJax de npm
# (web/package.json), servidos en local. make test-web las construye aparte, en build/prueba/.
WEB_OUT      ?= build/web
DECKS_OUT    ?= build/diapositivas
WEB_STAMP    := $(VENV)/.web-installed
NPM_STAMP    := web/node_modules/.course-installed
TEST_WEB_DIR := build/prueba

.PHONY: install lab lab-profesor test test-oldest test-unit test-notebooks test-browser student strip clean \
	web-install web diapositivas test-web calificar test-grading

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

test: install test-unit test-notebooks test-grading test-browser test-web

test-unit: install
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/grading

# make calificar: entregas generadas (correcta, con errores, sin fin, hostil, rota) y las dos
# ediciones del curso, ejecutadas por tools/grade.py en núcleos nuevos (modo rápido).
test-grading: install
	@start=$$(date +%s); \
	$(BIN)/python -m pytest tests/grading; \
	status=$$?; \
	echo "Tiempo del bloque de calificación: $$(( $$(date +%s) - start )) s"; \
	exit $$status

TIEMPO ?= 900
MODO   ?= rapido
calificar: install
	@test -n "$(ENTREGAS)" || { echo "Indica la carpeta de las entregas: make calificar ENTREGAS=carpeta"; exit 2; }
	$(BIN)/python tools/grade.py "$(ENTREGAS)" --tiempo $(TIEMPO) --modo $(MODO) $(if $(SALIDA),--salida "$(SALIDA)")

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
	$(BIN)/python -m pytest tests/browser --ignore=tests/browser/test_web.py; \
	status=$$?; \
	echo "Tiempo del bloque del navegador: $$(( $$(date +%s) - start )) s (capturas en artifacts/screenshots/)"; \
	exit $$status

$(WEB_STAMP): requirements-web.txt $(STAMP)
	$(BIN)/python -m pip install -r requirements-web.txt
	@touch $(WEB_STAMP)

$(NPM_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Falta npm (instala reveal.js y MathJax en local): apt-get install nodejs npm"; exit 1; }
	cd web && npm ci --no-audit --no-fund
	@touch $(NPM_STAMP)

web-install: install $(WEB_STAMP) $(NPM_STAMP)

web: web-install
	@start=$$(date +%s); \
	$(BIN)/python tools/web.py site --out $(WEB_OUT) $(if $(REEJECUTAR),--fresh,); \
	status=$$?; \
	echo "Tiempo de la web: $$(( $$(date +%s) - start )) s ($$(du -sh $(WEB_OUT) | cut -f1) en $(WEB_OUT)/)"; \
	exit $$status

diapositivas: web
	$(BIN)/python tools/web.py decks --out $(DECKS_OUT)

# La web y las diapositivas en modo rápido (en build/prueba/, sin pisar make web) y, en Chromium:
# cada página sin errores, figuras y fórmulas, enlaces internos, flechas en las diapositivas,
# ninguna petición fuera de 127.0.0.1/file://; capturas en artifacts/screenshots/web/.
test-web: web-install
	@$(MAKE) --no-print-directory diapositivas COURSE_QUICK=1 WEB_OUT=$(TEST_WEB_DIR)/web DECKS_OUT=$(TEST_WEB_DIR)/diapositivas
	COURSE_WEB_DIR=$(TEST_WEB_DIR)/web COURSE_DECKS_DIR=$(TEST_WEB_DIR)/diapositivas \
		$(BIN)/python -m pytest tests/browser/test_web.py

$(OLDEST_STAMP): requirements.txt constraints-oldest.txt pyproject.toml
	@test -x $(OLDEST_VENV)/bin/python || $(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/python -m pip install -r requirements.txt -c constraints-oldest.txt
	$(OLDEST_VENV)/bin/python -m pip install --no-deps -e .
	@touch $(OLDEST_STAMP)

# Pruebas de course_lib y notebooks en modo rápido con las versiones mínimas (sin navegador).
test-oldest: $(OLDEST_STAMP)
	@$(OLDEST_VENV)/bin/python -c "import tensorflow as tf, keras, numpy; print('Versiones mínimas: TensorFlow', tf.__version__, '· Keras', keras.__version__, '· NumPy', numpy.__version__)" 2>/dev/null
	$(OLDEST_VENV)/bin/python -m pytest tests --ignore=tests/browser --ignore=tests/grading
	COURSE_QUICK=1 $(OLDEST_VENV)/bin/python -m pytest $(NBVAL_ARGS) notebooks

student: install
	$(BIN)/python tools/nbtool.py student notebooks build/alumno

strip: install
	$(BIN)/python tools/nbtool.py strip notebooks/*.ipynb

clean:
	rm -rf build .pytest_cache
