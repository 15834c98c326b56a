# Two commands for a newcomer (README): `make demo` and `make test`.
# Both install what is missing (GSL through apt) before building.

SWIFT ?= swift
SCENARIO ?= scenarios/beilun.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps build release clean slurm-test serve browser-test

## deps: install GSL (libgsl-dev) and pkg-config when they are missing.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
	  echo "Installing GSL (libgsl-dev) and pkg-config with apt-get..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi
	@if ! pkg-config --exists sqlite3 2>/dev/null; then \
	  echo "Installing SQLite (libsqlite3-dev) for the sweep results store with apt-get..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libsqlite3-dev; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/"; exit 1; }

## release: build the optimised `muster` binary into .build/release/.
release: deps
	$(SWIFT) build -c release --product muster

## demo: run the default scenario (Beilun, both modes, 200 replications).
demo: release
	.build/release/muster run $(SCENARIO)

## serve: the planner's workbench at http://127.0.0.1:8080/ (Ctrl-C stops it;
## docs/how-to/workbench.md). PORT=9000 for another port.
PORT ?= 8080
serve: release
	.build/release/muster serve --port $(PORT) --scenarios scenarios

## browser-test: the workbench in Debian's chromium driven by Selenium
## (scripts/browser-test.py; installs chromium, chromium-driver and
## python3-venv with apt-get when missing; selenium and axe-core, as the
## PyPI package axe-playwright-python ships it, into .build/browser-venv:
## PyPI and Debian are the registries CI reaches). Safety, downloads,
## the planner's form, an axe-core audit and Ctrl-C mid-run.
## Screenshots: .build-browser-artifacts/. Needs the release build.
browser-test: release
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! python3 -c 'import ensurepip' 2>/dev/null; then \
	  echo "Installing chromium, chromium-driver and python3-venv with apt-get..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver python3-venv fonts-dejavu-core; \
	fi
	python3 scripts/browser-test.py --binary .build/release/muster

## test: check that every target declares exactly what it imports
## (scripts/check-imports.py; SwiftPM's own import check fails the build on
## an import outside a target's dependencies), build and run every test,
## then the doc test.
test: deps
	python3 scripts/check-imports.py
	$(SWIFT) test --explicit-target-dependency-import-check error
	$(MAKE) doctest

## docs: the DocC catalogues of the library products (MusterEngine,
## MusterModel, MusterIncidents) with swiftlang/swift-docc-plugin, in one
## call (one symbol-graph build), into .build/docs/<Module>.doccarchive;
## a warning (a broken symbol link, an undocumented parameter) fails it.
DOC_TARGETS = MusterEngine MusterModel MusterIncidents
.PHONY: docs
docs: deps
	rm -rf .build/docs && mkdir -p .build/docs
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation \
	  $(foreach t,$(DOC_TARGETS),--target $(t)) --output-path .build/docs --warnings-as-errors --disable-indexing

## doctest: check README.md and docs/ against the debug build
## (scripts/doctest.py; docs/contributing-docs.md).
.PHONY: doctest
doctest: deps
	$(SWIFT) build --product muster
	python3 scripts/doctest.py --binary .build/debug/muster

## schema-check: regenerate nothing; check schemas/*.schema.json with python
## jsonschema: shipped scenarios and sweep files must validate, broken ones
## must not (scripts/schema-check.py; installs jsonschema/PyYAML in a venv);
## and the scenario schema's descriptions, defaults, bounds and words must
## agree with docs/reference/scenario.md (scripts/check-schema-docs.py).
.PHONY: schema-check
schema-check:
	python3 scripts/check-schema-docs.py
	python3 scripts/schema-check.py

## analysis-example: a small run and sweep into .build/analysis, then
## Examples/analysis.py reads them with pandas and recomputes two of the
## reported numbers (installs pandas into a venv; skips if pip cannot).
.PHONY: analysis-example
analysis-example: release
	rm -rf .build/analysis && mkdir -p .build/analysis
	.build/release/muster run scenarios/beilun.yaml --replications 20 --out .build/analysis/run --quiet
	.build/release/muster sweep Examples/analysis-sweep.yaml --out .build/analysis/sweep --quiet
	python3 Examples/analysis.py .build/analysis/run .build/analysis/sweep

## slurm-test: sweep shards as a Slurm job array on a private single-node
## cluster (installs slurm-wlm and munge; needs root), merged and compared
## with a single-machine run. Uses the debug build that `make test` made.
slurm-test: deps
	$(SWIFT) build --product muster
	bash scripts/slurm/test-slurm.sh

clean:
	rm -rf .build

## gate: check the shipped scenarios against results/baselines/ (docs/tutorials/ci-first-gate.md).
.PHONY: gate
gate: deps
	scripts/gate.sh

## fuzz: the CI fuzz step: 2,000 generated hostile inputs (mutated scenarios,
## sweep files, layout CSVs, deep and aliased YAML, numeric extremes) against
## the release build, each under a 4 GiB memory limit; any exit other than
## 0/1/2/3 fails and prints the input. FUZZ_COUNT/FUZZ_SEED/FUZZ_BUDGET to vary.
FUZZ_COUNT ?= 2000
FUZZ_SEED ?= 1
FUZZ_BUDGET ?= 120
.PHONY: fuzz
fuzz: release
	python3 scripts/fuzz/fuzz.py --binary .build/release/muster --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) \
	  --budget-seconds $(FUZZ_BUDGET) --mem-gib 4 --classes set:4,mutate:2,csv,options,sweep,check,plot,structure,drill,question

## install: the release binary, man pages (one per subcommand), bash/zsh/fish
## completions and the shipped scenarios under $(PREFIX) (DESTDIR honoured);
## docs/how-to/install.md. Builds only what is missing or out of date: the
## binary when there is none (`make release` rebuilds it), the
## man pages and completions when the binary is newer than them
## (`make install-build && sudo make install`).
## uninstall: removes exactly those files.
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
SHAREDIR = $(DESTDIR)$(PREFIX)/share/muster
BINARY = .build/release/muster
GENDIR = .build/install
# One page per command; `make install` fails when the generated pages differ.
MAN_PAGES = muster muster-run muster-validate muster-bench muster-plot muster-compare \
  muster-check muster-sweep muster-merge muster-gate-trials muster-schema muster-optimize muster-select muster-serve muster-drill muster-calibrate muster-help
# Every shipped scenario, sweep file and question, subfolders included
# (queues/ holds `muster bench`'s incident cases); docs/how-to/install.md.
SCENARIO_FILES = $(sort $(shell find scenarios -name '*.yaml' -type f))
SCENARIO_DIRS = $(sort $(patsubst %/,%,$(dir $(SCENARIO_FILES))))

.PHONY: install install-build uninstall install-test
$(BINARY):
	$(MAKE) release

## install-build: build (as yourself) all that `make install` copies, so a
## following `sudo make install` builds nothing.
install-build: release
	$(MAKE) $(GENDIR)/man.stamp $(GENDIR)/completions.stamp

# Man pages from the binary's own help (`muster --experimental-dump-help`)
# by scripts/man-pages.py: one page per command, titled MUSTER-RUN(1) and
# named muster-run.1 so `man muster-run` finds it, every non-ASCII character
# kept as a groff escape. `make install-test` checks them against `muster help`.
$(GENDIR)/man.stamp: $(BINARY) scripts/man-pages.py
	rm -rf $(GENDIR)/man && mkdir -p $(GENDIR)/man
	python3 scripts/man-pages.py --binary $(BINARY) --out $(GENDIR)/man
	@got=$$(cd $(GENDIR)/man && ls *.1 | sed 's/\.1$$//' | sort | tr '\n' ' '); \
	  want=$$(echo $(MAN_PAGES) | tr ' ' '\n' | sort | tr '\n' ' '); \
	  [ "$$got" = "$$want" ] || { echo "install: generated man pages ($$got) differ from MAN_PAGES ($$want) in the Makefile"; exit 1; }
	touch $@

$(GENDIR)/completions.stamp: $(BINARY)
	mkdir -p $(GENDIR)/completions
	$(BINARY) --generate-completion-script bash > $(GENDIR)/completions/muster.bash
	$(BINARY) --generate-completion-script zsh > $(GENDIR)/completions/_muster
	$(BINARY) --generate-completion-script fish > $(GENDIR)/completions/muster.fish
	touch $@

install: $(BINARY) $(GENDIR)/man.stamp $(GENDIR)/completions.stamp
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR) $(addprefix $(SHAREDIR)/,$(SCENARIO_DIRS))
	install -m 755 $(BINARY) $(BINDIR)/muster
	for p in $(MAN_PAGES); do install -m 644 $(GENDIR)/man/$$p.1 $(MANDIR)/$$p.1; done
	install -m 644 $(GENDIR)/completions/muster.bash $(BASHDIR)/muster
	install -m 644 $(GENDIR)/completions/_muster $(ZSHDIR)/_muster
	install -m 644 $(GENDIR)/completions/muster.fish $(FISHDIR)/muster.fish
	for f in $(SCENARIO_FILES); do install -m 644 $$f $(SHAREDIR)/$$f; done

uninstall:
	rm -f $(BINDIR)/muster $(BASHDIR)/muster $(ZSHDIR)/_muster $(FISHDIR)/muster.fish
	for p in $(MAN_PAGES); do rm -f $(MANDIR)/$$p.1; done
	for f in $(SCENARIO_FILES); do rm -f $(SHAREDIR)/$$f; done
	@# the share/muster folders only when nothing else is left in them
	rmdir $(addprefix $(SHAREDIR)/,$(filter-out scenarios,$(SCENARIO_DIRS))) $(SHAREDIR)/scenarios $(SHAREDIR) 2>/dev/null || true

## install-test: install into a temporary prefix, run the installed binary
## from another folder, uninstall (scripts/install-test.sh). Needs the release build.
install-test:
	scripts/install-test.sh
