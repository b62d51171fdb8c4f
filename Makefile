# Tabhouse: one entry point. `make serve` to use it, `make test` to check it.
SHELL := bash
TOOLS_DIR ?= $(HOME)/.cache/tabhouse-tools
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# The sub-path GitHub Pages serves a project site under; the browser tests use it too.
PUBLIC_URL ?= /tabhouse/

.PHONY: serve test test-native test-browser build tools tools-test bench clean

## Build the app and serve it on http://127.0.0.1:8080 (installs missing tools).
serve: tools
	trunk serve --release

## Run every test: native cargo tests, then the release bundle in headless Chromium.
test: tools-test test-native build test-browser

test-native:
	cargo test --all-targets

## The release bundle, as GitHub Pages serves it.
build: tools
	trunk build --release --public-url $(PUBLIC_URL)

test-browser:
	cd tests/e2e && TABHOUSE_BASE_PATH=$(PUBLIC_URL) node --test --test-concurrency=1

## Speed and size figures: the engine and charts natively (release), then the built page in Chromium.
bench: tools-test build
	cargo bench --bench engine
	cargo bench --bench charts
	node tests/e2e/bench.mjs

## The lessons, parsed, as the course bundle the page fetches (run by Trunk's pre_build hook).
target/lessons/course.bin: $(shell find lessons -type f) $(wildcard src/lessons/*.rs)
	cargo run --quiet --bin tabhouse -- lessons-bundle --out $@

tools:
	.ci/install-tools

tools-test:
	.ci/install-tools --test

clean:
	cargo clean
	rm -rf dist
