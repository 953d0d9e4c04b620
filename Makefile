# Benuo: `make run` starts the whole platform, `make test` runs every test.
# Needs only Python 3.11+ and make: uv (pinned) is bootstrapped into .tools/,
# then every dependency comes from uv.lock into .venv/.

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PROJECT_ENVIRONMENT := .venv
# Service processes started by tests and by `make run` import a lot; let them cache bytecode.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint types sync bench contract clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --all-packages
	@touch $@

sync: .venv/.synced

run: sync
	$(UV) run --frozen --no-sync benuo up

lint: sync
	$(UV) run --frozen --no-sync ruff check .
	$(UV) run --frozen --no-sync ruff format --check .

types: sync
	$(UV) run --frozen --no-sync mypy -p benuo_contract -p benuo_runtime
	$(UV) run --frozen --no-sync mypy -p benuo_governance -p benuo_economy -p benuo_living -p benuo_gateway -p benuo_cli

test: lint types
	$(UV) run --frozen --no-sync pytest $(PYTEST_ARGS)

contract: sync
	$(UV) run --frozen --no-sync benuo-contract write

bench: sync
	$(UV) run --frozen --no-sync python -m bench

clean:
	rm -rf .venv .tools .benuo
