"""``benuo status``: is a Benuo release healthy? Exit 0 when it is, 1 when it is not.

Looks at the release's deployments (ready replicas), pods (restarts, crash loops) and hook
Jobs (failed migrations or stream provisioning) through the Kubernetes API, and at every
durable consumer's lag through NATS. Exit 2 when the cluster cannot be asked at all.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from typing import Annotated

import typer
from kubernetes import client, config
from kubernetes.config.config_exception import ConfigException
from urllib3.exceptions import HTTPError

from benuo_cli.consumer_lag import check_consumers
from benuo_cli.nats_access import NatsAccess
from benuo_cli.release_health import Check, check_release

UNHEALTHY, UNREACHABLE = 1, 2


def kubernetes_client(kubeconfig: str | None, context: str | None) -> client.ApiClient:
    """The operator's kubeconfig (or KUBECONFIG, ~/.kube/config); in a pod, its account."""
    # The kubernetes package leaves its config loaders unannotated.
    try:
        api: client.ApiClient = config.new_client_from_config(  # type: ignore[no-untyped-call]
            config_file=kubeconfig, context=context
        )
    except (ConfigException, FileNotFoundError):
        if kubeconfig or context:
            raise
        config.load_incluster_config()  # type: ignore[no-untyped-call]
        api = client.ApiClient()
    return api


def status(
    release: Annotated[str, typer.Option(help="Helm release name")] = "benuo",
    namespace: Annotated[str, typer.Option("--namespace", "-n", help="its namespace")] = "default",
    kubeconfig: Annotated[str | None, typer.Option(help="kubeconfig file")] = None,
    context: Annotated[str | None, typer.Option(help="kubeconfig context")] = None,
    nats_url: Annotated[
        str | None, typer.Option(envvar="NATS_URL", help="NATS, for consumer lag")
    ] = None,
    nats_user: Annotated[str | None, typer.Option(envvar="NATS_USER")] = None,
    nats_password: Annotated[str | None, typer.Option(envvar="NATS_PASSWORD")] = None,
    creds: Annotated[
        str | None, typer.Option(envvar="NATS_CREDS_FILE", help="NATS credentials file")
    ] = None,
    max_restarts: Annotated[int, typer.Option(help="restarts that make a pod unhealthy")] = 3,
    max_lag: Annotated[int, typer.Option(help="pending events a consumer may lag")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON document")] = False,
) -> None:
    """Deployments ready, pods not restarting, hook Jobs not failed, consumers keeping up."""
    try:
        with kubernetes_client(kubeconfig, context) as api:
            checks = check_release(api, namespace, release, max_restarts=max_restarts)
    except (ConfigException, HTTPError, client.ApiException) as error:
        typer.echo(f"cannot read release {release} in {namespace}: {error}", err=True)
        raise typer.Exit(UNREACHABLE) from error
    if not checks:
        checks = [Check("release", release, False, f"nothing labelled with it in {namespace}")]
    if nats_url:
        access = NatsAccess(nats_url, nats_user, nats_password, creds)
        try:
            checks += asyncio.run(check_consumers(access, max_lag=max_lag))
        except Exception as error:
            checks.append(Check("nats", nats_url, False, f"cannot read consumers: {error!r}"))
    healthy = all(check.ok for check in checks)
    _report(checks, healthy=healthy, as_json=as_json, lag_skipped=not nats_url)
    if not healthy:
        raise typer.Exit(UNHEALTHY)


def _report(checks: list[Check], *, healthy: bool, as_json: bool, lag_skipped: bool) -> None:
    if as_json:
        document = {"healthy": healthy, "checks": [asdict(check) for check in checks]}
        typer.echo(json.dumps(document, indent=2))
        return
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        typer.echo(f"{mark} {check.kind:<12} {check.name:<40} {check.detail}")
    if lag_skipped:
        typer.echo("consumer lag not checked: give --nats-url (or NATS_URL)")
    typer.echo("healthy" if healthy else "UNHEALTHY")


def register(app: typer.Typer) -> None:
    """Add ``benuo status`` to the ``benuo`` command."""
    app.command("status")(status)
