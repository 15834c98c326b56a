# Two commands for a newcomer (README): `make demo` and `make test`.
# Both install what is missing (GSL through apt) before building.

SWIFT ?= swift
SCENARIO ?= scenarios/beilun.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps build release clean slurm-test

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

## test: build and run every test, then the doc test.
test: deps
	$(SWIFT) test
	$(MAKE) doctest

## doctest: check README.md and docs/ against the debug build
## (scripts/doctest.py; docs/contributing-docs.md).
.PHONY: doctest
doctest: deps
	$(SWIFT) build --product muster
	python3 scripts/doctest.py --binary .build/debug/muster

## schema-check: regenerate nothing; check schemas/*.schema.json with python
## jsonschema: shipped scenarios and sweep files must validate, broken ones
## must not (scripts/schema-check.py; installs jsonschema/PyYAML in a venv).
.PHONY: schema-check
schema-check:
	python3 scripts/schema-check.py

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
	  --budget-seconds $(FUZZ_BUDGET) --mem-gib 4 --classes set:4,mutate:2,csv,options,sweep,check,plot,structure
