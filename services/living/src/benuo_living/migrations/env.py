from benuo_living.models import TABLES
from benuo_runtime.migrations import run_env

run_env(TABLES)
