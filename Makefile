# Lineport: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run

BUILD_DIR       ?= build
ASAN_BUILD_DIR  ?= build-asan
DATA_DIR        ?= $(CURDIR)/lineport-data
DB_URL          ?= sqlite://$(DATA_DIR)/lineport.db
LISTEN          ?= 127.0.0.1:8080
DEMO_PASSWORD   ?= Lineport-demo-2026

.PHONY: run test deps build build-server build-web build-asan bench format tidy lint-web format-web clean

deps:
	@bash scripts/install-deps.sh

build: deps build-server build-web

build-server:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD_DIR)

build-web:
	@bash scripts/build-web.sh

build-asan:
	@cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLINEPORT_SANITIZE=ON >/dev/null
	@ninja -C $(ASAN_BUILD_DIR)

# Installs what is missing, builds, loads the demo on first use and serves http://$(LISTEN).
run: build
	@if [ ! -f "$(DATA_DIR)/lineport.db" ]; then \
	  $(BUILD_DIR)/lineport demo --db "$(DB_URL)" --admin-password "$(DEMO_PASSWORD)" >/dev/null; fi
	@echo
	@echo "  Lineport is starting on http://$(LISTEN)"
	@echo "  Sign in with password $(DEMO_PASSWORD) as"
	@echo "    admin@abc-banking.example  ABC Banking Corporation's administrator (the customer)"
	@echo "    admin@carrier.example      Carrier Org's administrator (the service provider, at the root)"
	@echo "  Outgoing mail is written to $(DATA_DIR)/mail (one .eml file per message)"
	@echo "  Stop with Ctrl+C. Start over with: rm -rf $(DATA_DIR)"
	@echo
	@$(BUILD_DIR)/lineport serve --db "$(DB_URL)" --listen "$(LISTEN)" --mail-spool "$(DATA_DIR)/mail"

# Every test: unit, storage (SQLite and PostgreSQL), whole-server HTTP, mail, browser; plus the
# unit, storage and HTTP suites again under AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	@bash scripts/test.sh

bench: deps
	@bash bench/run.sh

# The C++ layout of .clang-format (make test checks it).
format: deps
	@bash scripts/format.sh

# clang-tidy's checks (.clang-tidy) on src/ (make test runs them too); clean files are remembered.
tidy: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@python3 scripts/tidy.py $(BUILD_DIR)

# The portal's ESLint and Prettier check (part of `make test`), and Prettier's rewrite.
lint-web: deps
	@bash scripts/build-web.sh --install-only
	@cd web && npm run --silent lint

format-web: deps
	@bash scripts/build-web.sh --install-only
	@cd web && npm run --silent format

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) web/dist test-artifacts
