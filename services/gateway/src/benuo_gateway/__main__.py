"""``python -m benuo_gateway [serve|migrate]``"""

from pathlib import Path

from benuo_gateway.app import create_app
from benuo_gateway.settings import Settings
from benuo_runtime.serve import service_main

MIGRATIONS = Path(__file__).parent / "migrations"


def main() -> None:
    service_main(settings=Settings, app=create_app, migrations=MIGRATIONS)


if __name__ == "__main__":
    main()
