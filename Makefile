# Balatkop — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser test-all lint format check venv venv-dev demo bench bench-check vendor clean

# A virtual environment, reinstalled only when the requirements change.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

## run: set up, migrate, load regions and demo data, print demo logins, serve on 127.0.0.1:8000
run: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py muat_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## demo: (re)load the demo data only
demo: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py muat_demo

## test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL points at one)
test: venv-dev
	$(PY) -m pytest

## test-browser: the browser journeys in headless Chromium (Debian's /usr/bin/chromium)
test-browser: venv-dev
	@command -v chromium >/dev/null || test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || \
		{ echo "Chromium tidak ada: jalankan 'apt-get install -y chromium' (sebagai root)."; exit 1; }
	$(PY) -m pytest -m browser

## lint: formatting and lint checks, Django system checks, missing migrations
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: venv-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: the performance table (see README, Performance)
bench: $(VENV)/.installed-bench
	$(PY) bench/run

## bench-check: the benchmark scripts still run (tiny data on a scratch SQLite file; figures not judged)
bench-check: venv-dev
	rm -f bench/out/check.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/bench/out/check.sqlite3 $(PY) bench/run --check \
		--nominations 300 --runs 1 --excel-runs 1 --import-runs 1 --historical-rows 500 \
		--only web --only excel --only impor-usulan --only impor-historis --only presensi \
		--no-browser --only nasional --alone-url sqlite:///$(CURDIR)/bench/out/check.sqlite3

## vendor: refresh static/vendor from npm (Bootstrap, htmx) and the region data
vendor:
	npm install --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	sed -i '/sourceMappingURL/d' static/vendor/bootstrap/*.min.* static/vendor/htmx/htmx.min.js
	cp node_modules/idn-area-data/data/provinces.csv node_modules/idn-area-data/data/regencies.csv balatkop/data/

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
