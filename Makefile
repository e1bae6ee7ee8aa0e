# The course's verbs. `make book` and `make test` set everything up on a fresh machine
# (Python 3.11, make and git are all they need) and then do their job.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
# nbgrader shells out to alembic, and notebooks start the `python3` kernel through PATH:
# both must find the virtual environment first.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

A      ?= 00_rnn_basics
FILES  ?=
JOBS   ?= 2

.PHONY: help setup book test check-book browser lint format release validate grade export bench wheel serve clean

help:  ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)
	@($(REGISTER)) || echo "warning: assignments not recorded in the gradebook; plain nbgrader needs them: make setup" >&2

setup: $(STAMP)  ## create .venv with the pinned packages and record the assignments in the gradebook
	@$(REGISTER)

# Plain nbgrader (`.venv/bin/nbgrader autograde 00_rnn_basics`, README) needs each assignment
# and its graded cells in the gradebook: generate_assignment records them. Its student copy
# goes to the grading folder, so exercises/ is left alone.
ASSIGNMENTS := $(notdir $(wildcard solutions/[0-9][0-9]_*))
REGISTER = for a in $(ASSIGNMENTS); do \
	  $(BIN)/nbgrader generate_assignment $$a --force --log-level=ERROR \
	    --CourseDirectory.release_directory=$(or $(SEQGEN_GRADING_DIR),.grading)/release \
	    || exit 1; done

book: $(STAMP)  ## execute the notebooks (cached) and build the HTML book into _build/html
	SEQGEN_PROGRESS=text $(BIN)/jupyter-book build . --warningiserror --keep-going
	@echo "The book is ready: open file://$(abspath _build/html/index.html) (or run: make serve)"

# The solutions notebooks run without xdist: nbval runs a notebook's cells in one kernel, so
# they must stay on one worker, and loadgroup split them (cells ran in fresh kernels).
test: $(STAMP)  ## lint, unit tests, notebook execution (nbval), release and grading checks
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup tests
	$(BIN)/python -m pytest -p no:xdist solutions

check-book: book browser  ## open every page of the built book in headless Chromium, offline
	$(BIN)/python -m pytest -m browser tests/browser
	@echo "Screenshots: $(abspath _build/screenshots)"

# Debian's Chromium and its driver (never a downloaded browser), a CJK font so the Chinese
# terms render in screenshots, and npm, which fetches the pinned axe-core (and the widget
# manager the keyboard test uses) from the npm registry at test set-up. Installs them when
# run as root.
BROWSER_DEBS := chromium chromium-driver fonts-wqy-microhei $(if $(shell command -v npm),,npm)
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list | grep -qi wenquanyi \
	  && command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(BROWSER_DEBS) >/dev/null; \
	else echo "check-book needs: sudo apt-get install $(BROWSER_DEBS)" >&2; exit 1; fi

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)  ## format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

release: $(STAMP)  ## validate assignment A, then write its student version into exercises/
	$(BIN)/autograder release $(A)

validate: $(STAMP)  ## check A: reference full marks, stubs zero, every known-wrong variant loses points
	$(BIN)/autograder validate $(A)

grade: $(STAMP)  ## grade FILES (notebooks or folders) for assignment A
	$(BIN)/autograder grade $(A) $(FILES)

export: $(STAMP)  ## write the gradebook to grades.csv
	$(BIN)/autograder export

bench: $(STAMP)  ## run every book and solutions notebook, write benchmarks/REPORT.md
	$(BIN)/python -m benchmarks.run

# Hours of CPU, never part of `make test`: QUICK=1 is a smoke test of seconds that writes
# into a temporary folder, not over the committed results.
.PHONY: bench-long
bench-long: $(STAMP)  ## long runs for targets beyond a notebook's minute (benchmarks/long, hours; QUICK=1 smoke test)
	$(BIN)/python -m benchmarks.long $(if $(QUICK),--quick)

wheel: $(STAMP)  ## build the light seqgen wheel (what notebooks install outside the repo) into dist/
	rm -rf packaging/seqgen/build
	$(BIN)/python -m pip wheel ./packaging/seqgen --no-deps --no-build-isolation --quiet -w dist
	rm -rf packaging/seqgen/build
	@ls dist/seqgen-*.whl

# One process: the built book at /, the submission app at /submit/ and /instructor/, grading
# workers, SQLite in the grading folder (autograder serve --help; instructor guide).
# HOST=0.0.0.0 serves a classroom network (default: this machine only).
PORT   ?= 8000
HOST   ?=
serve: book  ## build the book, then serve it and the submission app on http://localhost:$(PORT)
	$(BIN)/autograder serve --port $(PORT)$(if $(HOST), --host $(HOST))

clean:  ## remove build outputs (keeps .venv and the grading state)
	rm -rf _build
