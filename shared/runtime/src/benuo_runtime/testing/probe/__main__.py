from pathlib import Path

from benuo_runtime.serve import service_main
from benuo_runtime.testing.probe.app import ProbeSettings, create_app

if __name__ == "__main__":
    service_main(
        settings=ProbeSettings,
        app=create_app,
        migrations=Path(__file__).parent / "migrations",
    )
