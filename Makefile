# Two commands do all set-up on a fresh Debian machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# System packages (Debian). `make run` and `make test` ask dpkg-query whether each is installed and
# call apt-get only when one is missing. WeasyPrint draws the PDFs with Pango and embeds font subsets
# with HarfBuzz's subsetter (libharfbuzz-subset0); the fonts give Times-metric serifs; gettext rebuilds
# the Vietnamese catalogue.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
  fonts-liberation2 fonts-croscore fonts-dejavu-core gettext
# The tests also read PDFs back (poppler-utils) and drive Debian's Chromium (the browser tests).
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium
# Seconds apt-get waits for another install (unattended-upgrades, a second `make`) to release its lock.
APT_LOCK_TIMEOUT ?= 600

# $(call ensure_packages,PACKAGES,IF_IMPOSSIBLE): install the missing PACKAGES with apt-get (as root, or
# through sudo). apt-get install waits for the dpkg lock (DPkg::Lock::Timeout); apt-get update ignores
# that option and fails at once on the lists lock, so it is retried until APT_LOCK_TIMEOUT. When the
# packages cannot be installed, IF_IMPOSSIBLE is `fail` (make test: browser and PDF tests would skip or
# fail) or `warn` (make run goes on: missing fonts only spoil the PDFs; without Pango, WeasyPrint
# cannot load and Django stops with its message).
define ensure_packages
@missing=""; for p in $(1); do \
  [ "$$(dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null)" = installed ] || missing="$$missing $$p"; \
done; missing="$${missing# }"; \
[ -z "$$missing" ] && exit 0; \
give_up() { \
  echo "Thiếu gói hệ thống: $$missing" >&2; \
  echo "$$1 Hãy cài rồi chạy lại: sudo apt-get install -y $$missing (không có sudo thì với quyền root: apt-get install -y $$missing)" >&2; \
  if [ "$(2)" = fail ]; then exit 1; fi; \
  echo "Cảnh báo: vẫn chạy tiếp, nhưng PDF sẽ sai phông chữ hoặc không tạo được cho đến khi cài các gói trên." >&2; \
  exit 0; \
}; \
if [ "$$(id -u)" = 0 ]; then SUDO=""; \
elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
else give_up "Không có quyền root và không có sudo để tự cài."; fi; \
apt_get() { $$SUDO env LC_ALL=C DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=$(APT_LOCK_TIMEOUT) "$$@"; }; \
echo "Cài gói hệ thống: $$missing"; \
deadline=$$(( $$(date +%s) + $(APT_LOCK_TIMEOUT) )); \
until out=$$(apt_get update 2>&1); do \
  case "$$out" in *"Could not get lock"*) ;; *) printf '%s\n' "$$out" >&2; give_up "apt-get update thất bại.";; esac; \
  if [ "$$(date +%s)" -ge "$$deadline" ]; then \
    printf '%s\n' "$$out" >&2; give_up "apt-get update: đã chờ khóa quá $(APT_LOCK_TIMEOUT) giây."; fi; \
  echo "Một tiến trình khác đang giữ khóa của apt; chờ..."; sleep 5; \
done; \
apt_get install -y $$missing || give_up "apt-get install thất bại."
endef

.PHONY: run test system-deps test-deps install migrate seed messages lint check-deploy clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# For make run: what the portal needs (a warning if it cannot be installed).
system-deps:
	$(call ensure_packages,$(RUN_PACKAGES),warn)

# For make test: what the tests need, Chromium included (fails if it cannot be installed).
test-deps:
	$(call ensure_packages,$(TEST_PACKAGES),fail)

migrate: install
	$(PY) manage.py migrate --noinput

# The demo certificates after the demo data: make_demo_ca makes one per agency that exists.
seed: migrate
	$(PY) manage.py seed_demo_all
	$(PY) manage.py make_demo_ca

run: system-deps install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo_all
	$(PY) manage.py make_demo_ca
	@echo "Cổng thi đua đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	@# The queue's worker (mail, reminders, print runs) beside the server, stopped with it.
	@$(PY) manage.py run_worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on PYTEST_WORKERS processes (pytest-xdist; `auto`: one per core), each module whole on one
# worker with its own test database; PYTEST_WORKERS=0 runs it in this process.
PYTEST_WORKERS ?= auto
test: test-deps install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages -l vi --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
