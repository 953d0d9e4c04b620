"""What the Kubernetes API says about a Benuo release: deployments, pods and hook Jobs.

Reads only (list calls in one namespace, by the chart's labels); judges each object with
plain functions so the rules are easy to follow and to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubernetes import client

CRASH_REASONS = frozenset({"CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "Error"})


@dataclass(frozen=True)
class Check:
    """One line of the report: what was looked at, whether it is fine, and the detail."""

    kind: str
    name: str
    ok: bool
    detail: str


def release_selector(release: str) -> str:
    return f"app.kubernetes.io/instance={release},app.kubernetes.io/part-of=benuo"


def judge_deployment(deployment: Any) -> Check:
    name = deployment.metadata.name
    wanted = deployment.spec.replicas if deployment.spec.replicas is not None else 1
    status = deployment.status
    ready = (status.ready_replicas or 0) if status else 0
    updated = (status.updated_replicas or 0) if status else 0
    ok = ready >= wanted and updated >= wanted
    detail = f"{ready}/{wanted} ready"
    if updated < wanted:
        detail += f", {updated}/{wanted} on the current version"
    return Check("deployment", name, ok, detail)


def judge_pod(pod: Any, max_restarts: int) -> Check:
    statuses = (pod.status.container_statuses or []) if pod.status else []
    restarts = sum(status.restart_count for status in statuses)
    waiting = [
        status.state.waiting.reason
        for status in statuses
        if status.state and status.state.waiting and status.state.waiting.reason in CRASH_REASONS
    ]
    ok = restarts < max_restarts and not waiting
    detail = f"{restarts} restarts" + (f", {', '.join(waiting)}" if waiting else "")
    return Check("pod", pod.metadata.name, ok, detail)


def judge_job(job: Any) -> Check:
    conditions = (job.status.conditions or []) if job.status else []
    failed = [c for c in conditions if c.type == "Failed" and c.status == "True"]
    if failed:
        reason = failed[0].reason or "failed"
        message = f": {failed[0].message}" if failed[0].message else ""
        return Check("job", job.metadata.name, False, f"failed ({reason}{message})")
    done = any(c.type == "Complete" and c.status == "True" for c in conditions)
    return Check("job", job.metadata.name, True, "complete" if done else "running")


def check_release(
    api: client.ApiClient, namespace: str, release: str, *, max_restarts: int
) -> list[Check]:
    """Every deployment, pod and Job of the release, judged; empty means nothing found."""
    selector = release_selector(release)
    deployments = client.AppsV1Api(api).list_namespaced_deployment(
        namespace, label_selector=selector
    )
    pods = client.CoreV1Api(api).list_namespaced_pod(namespace, label_selector=selector)
    jobs = client.BatchV1Api(api).list_namespaced_job(namespace, label_selector=selector)
    return [
        *(judge_deployment(item) for item in deployments.items),
        *(judge_pod(item, max_restarts) for item in pods.items),
        *(judge_job(item) for item in jobs.items),
    ]
