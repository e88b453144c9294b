"""Who may call a use case, declared on the use case itself.

Every use case that acts for a caller carries ``@allowed(...)`` with the roles that may call it,
and the check runs before anything else, whoever the caller is: the HTTP routes (whose
``require`` stays as the outer gate), the command line, the demo, or a batch job. Finer rules
(which wallet, which funder) stay inside the use case.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from wallet.domain.errors import Forbidden
from wallet.domain.principals import Principal, Role

F = TypeVar("F", bound=Callable[..., Any])

EVERY_ROLE: tuple[Role, ...] = tuple(Role)


class RoleNotAllowed(Forbidden):
    """Raised by the gate itself, so a test can tell it from a use case's finer refusals."""


def check_role(principal: Principal, roles: frozenset[Role], action: str) -> None:
    if principal.role not in roles:
        raise RoleNotAllowed(f"a {principal.role.value} key may not {action}",
                             allowed_roles=sorted(r.value for r in roles))


def allowed(*roles: Role) -> Callable[[F], F]:
    """Admit only these roles to the decorated use case (its ``principal`` parameter says who)."""
    permitted = frozenset(roles)

    def decorate(use_case: F) -> F:
        position = list(inspect.signature(use_case).parameters).index("principal")
        action = use_case.__name__.replace("_", " ")

        @functools.wraps(use_case)
        def gate(*args: Any, **kwargs: Any) -> Any:
            principal = kwargs["principal"] if "principal" in kwargs else args[position]
            check_role(principal, permitted, action)
            return use_case(*args, **kwargs)

        gate.allowed_roles = permitted  # type: ignore[attr-defined]
        return gate  # type: ignore[return-value]

    return decorate
