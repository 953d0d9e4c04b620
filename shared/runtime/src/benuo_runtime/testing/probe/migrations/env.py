from benuo_runtime.migrations import run_env
from benuo_runtime.testing.probe.models import PROBE_TABLES

run_env(PROBE_TABLES)
