from benuo_economy.models import TABLES
from benuo_runtime.migrations import run_env

run_env(TABLES)
