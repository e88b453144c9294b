"""Every use case checks who may call it, whoever calls it: a route, the command line, the demo or a
batch job. Like the route × role × tenant matrix, this test finds the use cases by itself, so one
added without a say on who may call it fails here the day it is written."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import wallet.usecases
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.usecases.authorisation import RoleNotAllowed

ALL = frozenset(Role)
A, F, H, AU, P = Role.ADMIN, Role.FUNDER, Role.HOLDER, Role.AUDITOR, Role.PERSON

# Who may call each use case. A new use case must be added here, with its roles, on purpose.
EXPECTED: dict[str, frozenset[Role]] = {
    "account_mapping.get_account_mapping": frozenset({A, H}),
    "after_end.confirm_no_more_invoices": frozenset({F}),
    "account_mapping.replace_account_mapping": frozenset({A, H}),
    "accounting_export.accounting_export": frozenset({A, H}),
    "accredit_holder.accredit_holder": frozenset({F}),
    "accredit_holder.list_accreditations": frozenset({F}),
    "alerts.acknowledge_alert": frozenset({F, H}),
    "alerts.list_alerts": frozenset({F, H}),
    "approvals.decide_any_approval": frozenset({F}),
    "audit_grants.create_grant": frozenset({F}),
    "audit_grants.list_grants": frozenset({F, AU}),
    "audit_grants.revoke_grant": frozenset({F}),
    "audit_trail.list_audit_log": frozenset({A, F, AU}),
    "confirm_close.confirm_close": frozenset({F}),
    "confirm_close.load_close": frozenset({F}),
    "confirm_close.view_close": frozenset({F}),
    "create_api_key.create_api_key": frozenset({A, F}),
    "create_organisation.create_organisation": frozenset({A}),
    "decide_approval.decide_approval": frozenset({F}),
    "end_wallet.end_wallet": frozenset({F}),
    "suspend_wallet.list_suspensions": ALL,
    "suspend_wallet.resume_wallet": frozenset({F}),
    "suspend_wallet.suspend_wallet": frozenset({F}),
    "events.list_events": frozenset({F, H}),
    "funding_run.contribution_schedules_to_run": frozenset({F}),
    "funding_run.run_contributions_for_schedule": frozenset({F}),
    "funding_run.run_funding": frozenset({F}),
    "funding_run.run_funding_for_schedule": frozenset({F}),
    "funding_run.run_funding_for_schedules": frozenset({F}),
    "funding_run.schedules_to_run": frozenset({F}),
    "get_transaction.get_transaction": ALL,
    "holds.capture_hold": frozenset({H}),
    "holds.place_hold": frozenset({H}),
    "holds.release_hold": frozenset({H}),
    "journal_export.journal_view": frozenset({A, H, F, AU}),
    "journal_integrity.journal_head": ALL,
    "journal_integrity.verify_journal": ALL,
    "list_wallet_transactions.list_wallet_transactions": ALL,
    "make_payment.make_payment": frozenset({H}),
    "manage_policies.create_policy": frozenset({F}),
    "manage_policies.get_policy": frozenset({F}),
    "manage_policies.list_policies": frozenset({F}),
    "manage_policies.revise_policy": frozenset({F}),
    "manage_schedules.change_schedule_amount": frozenset({F}),
    "manage_schedules.create_schedule": frozenset({F}),
    "manage_schedules.end_schedule": frozenset({F}),
    "manage_schedules.list_schedules": ALL,
    "move_wallet.move_holder": frozenset({F}),
    "move_wallet.move_wallet": frozenset({F}),
    "open_wallet.open_wallet": frozenset({F}),
    "payment_batch.run_payment_batch": frozenset({H}),
    "person_links.end_person_session": frozenset({P}),
    "person_links.issue_person_link": frozenset({F, H}),
    "person_links.renew_person_link": frozenset({F, H}),
    "pay_timesheet.pay_timesheet": frozenset({H}),
    "person_page.person_page": frozenset({P}),
    "planned_budgets.list_planned_budgets": ALL,
    "planned_budgets.set_planned_budget": frozenset({F}),
    "propose_close.propose_close": frozenset({F}),
    "record_funding.record_funding": frozenset({F}),
    "reports.reconciliation": frozenset({A, H, F, AU}),
    "reports.trial_balance": frozenset({A, AU}),
    "reverse_transaction.reverse_transaction": frozenset({A, F, H}),
    "support_plans.add_planned_service": frozenset({F}),
    "support_plans.view_support_plan": ALL,
    "view_wallet.list_wallets": ALL,
    "view_wallet.view_wallet": ALL,
    "view_wallet.view_wallet_as_of": ALL,
    "view_wallet.view_wallet_on": ALL,
    "wallet_batch.run_wallet_batch": frozenset({F}),
    "wallet_statement.wallet_statement": ALL,
    "webhook_endpoints.delete_endpoint": frozenset({F, H}),
    "webhook_endpoints.disable_endpoint": frozenset({F, H}),
    "webhook_endpoints.enable_endpoint": frozenset({F, H}),
    "webhook_endpoints.list_deliveries": frozenset({F, H}),
    "webhook_endpoints.list_endpoints": frozenset({F, H}),
    "webhook_endpoints.redeliver": frozenset({F, H}),
    "webhook_endpoints.register_endpoint": frozenset({F, H}),
    "webhook_endpoints.view_endpoint": frozenset({F, H}),
    "pools.contribute.contribute": frozenset({H}),
    "pools.contribution_schedules.create_contribution_schedule": frozenset({H}),
    "pools.contribution_schedules.end_contribution_schedule": frozenset({H}),
    "pools.contribution_schedules.list_contribution_schedules": ALL,
    "pools.create_pool.create_pool": frozenset({H}),
    "pools.create_pool.join_pool": frozenset({H}),
    "pools.decide_pool_approval.decide_pool_approval": frozenset({F}),
    "pools.membership.close_pool": frozenset({H}),
    "pools.membership.leave_pool": frozenset({H}),
    "pools.pay_from_pool.pay_from_pool": frozenset({H}),
    "pools.scheduled_contributions.run_contribution_schedule": frozenset({F}),
    "pools.view_pool.list_pools": ALL,
    "pools.view_pool.view_pool": ALL,
}

# Functions that take a principal but are steps inside use cases, never called on their own by a
# route, the command line or the demo; the use case that calls them has already been gated.
STEPS: dict[str, str] = {
    "authorisation.check_role": "the gate itself",
    "audit_grants.check_auditor_key": "inside create_api_key",
    "audit_grants.scope_auditor_key": "inside create_api_key",
    "audit_trail.audit_entry": "the row record_change writes, for a use case that writes many at once",
    "audit_trail.record_change": "writes the audit entry of the use case that calls it",
    "decide_approval.load_approval": "finds an approval for decide_approval",
    "get_transaction.load_transaction": "finds a transaction the caller may see, for get_transaction",
    "pools.context.can_see_pool": "visibility",
    "pools.context.load_pool": "visibility",
    "pools.context.pool_context": "loads what a gated pool use case needs",
    "pools.context.settlement_context": "loads what decide_pool_approval needs",
    "pools.context.visible_member_ids": "visibility",
    "pools.decide_pool_approval.find_pool_approval": "inside decide_any_approval",
    "pools.exit_pools.exit_pools": "inside period closes and moves",
    "pools.scheduled_contributions.lock_owed": "inside the funding run",
    "pools.scheduled_contributions.make_contributions": "inside the funding run",
    "reports.wallets_at_holder": "the wallets a gated report may read",
    "reverse_transaction.may_reverse": "the finer rule inside reverse_transaction",
    "visibility.load_wallet": "visibility",
    "visibility.load_wallet_with_policy": "visibility",
    "visibility.redact_all": "visibility",
    "visibility.redact_for": "visibility",
    "visibility.transaction_visible": "visibility",
    "visibility.wallet_visible": "visibility",
    "wallet_context.wallet_context": "loads what a gated wallet use case needs",
}


def _functions_taking_a_principal() -> Iterator[tuple[str, Callable[..., Any]]]:
    for module_info in pkgutil.walk_packages(wallet.usecases.__path__, "wallet.usecases."):
        module = importlib.import_module(module_info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            if "principal" in inspect.signature(function).parameters:
                yield f"{module.__name__.removeprefix('wallet.usecases.')}.{name}", function


FOUND = dict(_functions_taking_a_principal())
USE_CASES = sorted(name for name in FOUND if name not in STEPS)


def principal(role: Role) -> Principal:
    kind = {A: OrganisationKind.OPERATOR, F: OrganisationKind.FUNDER, H: OrganisationKind.HOLDER,
            AU: OrganisationKind.AUDITOR, P: OrganisationKind.FUNDER}[role]
    return Principal("key", "org", kind, role, wallet_id="w" if role is P else None)


def test_every_use_case_is_described() -> None:
    undescribed = [name for name in USE_CASES if name not in EXPECTED]
    assert not undescribed, f"use cases nobody said who may call: {undescribed} (add them to EXPECTED)"
    gone = sorted(set(EXPECTED) - set(USE_CASES))
    assert not gone, f"EXPECTED names use cases that no longer exist: {gone}"
    ungated = [name for name in USE_CASES if not hasattr(FOUND[name], "allowed_roles")]
    assert not ungated, f"use cases without @allowed(...): {ungated}"
    assert set(STEPS) <= set(FOUND), f"STEPS names functions that no longer exist: {set(STEPS) - set(FOUND)}"


@pytest.mark.parametrize("name", USE_CASES)
def test_each_use_case_admits_exactly_its_roles(name: str) -> None:
    use_case = FOUND[name]
    assert use_case.allowed_roles == EXPECTED[name]  # type: ignore[attr-defined]
    parameters = inspect.signature(use_case).parameters
    for role in Role:
        # Nothing but the caller is real: a use case refuses a wrong role before it reads anything.
        arguments = {p: None for p, spec in parameters.items() if spec.default is inspect.Parameter.empty}
        arguments["principal"] = principal(role)
        if role in EXPECTED[name]:
            try:
                use_case(**arguments)
            except RoleNotAllowed:  # pragma: no cover - the failure this test exists for
                pytest.fail(f"{name} refused a {role.value} key it should admit")
            except Exception:  # noqa: BLE001 - past the gate, the missing session stops it
                pass
        else:
            with pytest.raises(RoleNotAllowed) as refused:
                use_case(**arguments)
            assert refused.value.type == "forbidden"
            assert refused.value.extensions["allowed_roles"] == sorted(r.value for r in EXPECTED[name])


def test_a_holder_called_directly_cannot_make_a_policy_or_accredit(database) -> None:  # type: ignore[no-untyped-def]
    """The defect: only the route checked the role, so the CLI or a batch job could do this."""
    from tests.support import make_world
    from wallet.persistence.organisation_repository import OrganisationRepository
    from wallet.usecases.accredit_holder import accredit_holder
    from wallet.usecases.manage_policies import create_policy, list_policies
    from wallet.usecases.open_wallet import open_wallet

    world = make_world(database, {})
    with database.writer.begin() as session:
        other = OrganisationRepository(session).add("Another provider", OrganisationKind.HOLDER)
    calls = [
        lambda session: create_policy(session, world.holder, name="mine", rules={}),
        lambda session: accredit_holder(session, world.holder, holder_id=other.id, status="accredited"),
        lambda session: open_wallet(session, world.holder, person_ref="P-1", holder_id=world.holder.organisation_id,
                                    arrangement="isf", policy_id=world.policy_id, opened_on=None),
    ]
    for call in calls:
        with database.writer.begin() as session, pytest.raises(RoleNotAllowed):
            call(session)
    with database.reader() as session:
        assert len(list_policies(session, world.funder, after_id=None, limit=10)) == 1
