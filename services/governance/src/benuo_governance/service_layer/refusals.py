"""A move the workflow table does not allow, as the 409 the caller sees."""

from __future__ import annotations

from benuo_governance.domain.permits import PermitTransitionRefused
from benuo_governance.domain.workflow import TransitionRefused
from benuo_runtime.problems import ProblemError


def transition_refused(refused: TransitionRefused | PermitTransitionRefused) -> ProblemError:
    """Names the current status and the allowed ones, so the caller knows what to do."""
    return ProblemError(
        409,
        str(refused),
        kind="transition-refused",
        current_status=refused.current,
        allowed=refused.allowed,
    )
