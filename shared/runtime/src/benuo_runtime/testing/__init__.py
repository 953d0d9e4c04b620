"""Test support for Benuo services: real servers on free ports, tokens, waiting helpers.

The pytest plugin (``benuo_runtime.testing.plugin``) provides the fixtures; the helpers here
are plain functions any test can import, without importing pytest.
"""

from benuo_runtime.testing.helpers import (
    ServiceProcess,
    read_stream,
    wait_until,
    wait_until_async,
)

__all__ = ["ServiceProcess", "read_stream", "wait_until", "wait_until_async"]
