"""``python -m benuo_governance [serve|migrate]``"""

from pathlib import Path

from benuo_governance.app import create_app
from benuo_governance.settings import Settings
from benuo_runtime.serve import service_main

MIGRATIONS = Path(__file__).parent / "migrations"


def main() -> None:
    service_main(settings=Settings, app=create_app, migrations=MIGRATIONS)


if __name__ == "__main__":
    main()
