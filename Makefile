# Siyalalela: the documented entry points are `make run`, `make test` and `make bench`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_DEBUG ?= true
# Links in e-mails (deadline warnings) point at the server `make run` starts.
export SIYALALELA_SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast bench lint check venv install install-dev browser mailserver clean-db help install-whisper-openai bench-transcribe

help:
	@echo "make run    - set up (venv, deps, database, demo data) and serve http://$(HOST):$(PORT)"
	@echo "make test   - install dev deps and run the whole test suite (browser tests included)"
	@echo "make bench  - run the benchmarks in bench/ and print their figures"
	@echo "make test-fast - the suite without browser and slow (real-engine) tests"
	@echo "make lint   - ruff check, ruff format --check, the import layers, the migrations check"

$(PY):
	@set -e; PYEXE=$$(scripts/find-python.sh); echo "Using $$PYEXE"; "$$PYEXE" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

# The lock file pins every package to the versions tested; requirements/*.in list what we ask for.
install: $(PY)
	$(PIP) install --quiet -r requirements/base.lock
	@# The speaker model's weights only (its PyTorch is not needed): requirements/voice.in.
	$(PIP) install --quiet --no-deps -r requirements/voice.lock

install-dev: install
	$(PIP) install --quiet -r requirements/dev.lock

# Debian's Chromium for the browser tests (Playwright's own browser download can't work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	  else echo "Browser tests need Chromium: install your distribution's 'chromium' package"; exit 1; fi; }

# Debian's Dovecot: the tests start a real IMAP server (TLS) for the monitored-mailbox reader.
mailserver:
	@command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's dovecot-imapd for the IMAP tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-imapd >/dev/null || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-imapd >/dev/null; }; \
	  else echo "The IMAP tests need Dovecot: install your distribution's 'dovecot-imapd' (they are skipped without it)"; fi; }

# `make run` is the embedded development set-up: DEBUG on (static files straight from static/,
# no collectstatic). A deployment runs with DEBUG off and collectstatic (docs/operations.md).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site --demo
	@# Transcription: the sample calls; a rerun recognises them and stores nothing. They
	@# are transcribed and auto-scored here, before the server starts (the immediate task backend,
	@# about half a minute), so that the demo QA sample below can be drawn from them and a new
	@# user finds transcripts, suggestions and a filled QA queue at once.
	@echo "Transcribing and auto-scoring the sample calls (about half a minute)"
	SIYALALELA_TASK_BACKEND=immediate $(PY) manage.py ingest_calls fixtures/recordings --metadata fixtures/recordings-metadata.csv --no-progress
	@# Demo data that needs transcribed calls: the QA sample of the sample calls' week.
	$(PY) manage.py setup_site --demo-data
	@# Investigations: record due deadline warnings now and queue the periodic check.
	$(PY) manage.py check_case_deadlines --schedule
	@# The audit chain head anchored outside the database now and then every hour.
	$(PY) manage.py audit_checkpoint --schedule
	@# Orphan upload temp files and media files: swept now and every few hours.
	$(PY) manage.py sweep_orphans --schedule
	@# E-mail intake: the monitored mailbox / Maildir (when configured) read now and every few minutes.
	$(PY) manage.py fetch_mail --schedule
	@# Crash safety: take back calls whose transcription worker died, now and every half minute.
	$(PY) manage.py reclaim_transcriptions --schedule
	@echo "Starting the background worker and the web server on http://$(HOST):$(PORT) (Ctrl-C stops both); the demo logins are listed above"
	@exec scripts/serve.sh $(PY) $(HOST) $(PORT)

# The optional openai-whisper engine, so that its tests and benchmark
# row run on real (converted) weights instead of being skipped. About a minute from the mirror.
install-whisper-openai: install
	$(PIP) install --quiet -r requirements/whisper-openai.lock

test: install-dev browser mailserver install-whisper-openai
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev install-whisper-openai
	@mkdir -p bench/results
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# No browser, no real Whisper or training: the loop to run while working.
test-fast: install-dev mailserver
	$(PY) -m pytest -q -m "not e2e and not slow" $(PYTEST_ARGS)

# The same checks .ci/run makes. lint-imports checks the layers in pyproject.toml
# ([tool.importlinter]; docs/architecture.md explains them).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

check: lint test

# Only the transcription benchmark (also run by `make bench`).
bench-transcribe: install-dev install-whisper-openai
	@mkdir -p bench/results
	$(PY) bench/transcribe.py
