"""Demo data: the four joint-funding case studies (shared/seeds/joint-funding-case-studies.txt) as
two councils, two holders, ten wallets and four pools, with a few weeks of activity.

Everything goes through the use cases with real principals holding real keys, so every rule of
the money applies (accreditation, policies, fees, blocked categories, approval thresholds, exact
pool splits); nothing here writes a posting itself.

The whole load is one database transaction: it lands whole or leaves nothing, so a failed load
can simply be run again. On a database that already holds data, an earlier demo included, it adds
a second, separate set with new organisations ("(demo 2)", ...) and its own keys; nothing already
there is changed, and the new keys (except the admin key) see only the new set.

Dates: wallets open on the Monday five weeks before ``as_of`` (35 to 41 days before). Six weekly
periods are funded in advance and six weekly pool contributions made, each on its Monday; pool
sessions and ordinary payments fall in the five full weeks before ``as_of``'s week, so what is
loaded does not depend on the weekday ``as_of`` falls on. The hold is placed and captured on the
day the demo runs, because the service dates holds itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wallet.domain.planned_budgets import BudgetEvery
from wallet.domain.pools import Split
from wallet.domain.principals import OrganisationKind, Principal, Role
from wallet.domain.schedules import Every
from wallet.domain.wallets import Arrangement, Source, format_pounds
from wallet.persistence.db import Database
from wallet.persistence.tables import organisations
from wallet.persistence.types import utc_now
from wallet.usecases.accredit_holder import accredit_holder
from wallet.usecases.create_api_key import bootstrap_admin_key, create_api_key
from wallet.usecases.create_organisation import create_organisation
from wallet.usecases.funding_run import run_funding
from wallet.usecases.holds import capture_hold, place_hold
from wallet.usecases.make_payment import PaymentOutcome, make_payment
from wallet.usecases.manage_policies import create_policy
from wallet.usecases.manage_schedules import create_schedule
from wallet.usecases.open_wallet import open_wallet
from wallet.usecases.person_links import issue_person_link
from wallet.usecases.pools.contribute import contribute
from wallet.usecases.pools.create_pool import MemberTerms, create_pool
from wallet.usecases.pools.pay_from_pool import pay_from_pool

WEEKS_FUNDED = 6  # periods paid in advance, the last one in as_of's own week
FULL_WEEKS = 5    # weeks wholly before as_of's week, in which sessions and payments fall

# The two councils and their rules. Different on purpose: a pool that mixes them applies each
# member's own council's rules to that member's part.
FUNDERS: dict[str, tuple[str, dict[str, Any], str]] = {
    "northshire": ("Northshire County Council", {
        "management_fee": {"percent_bp": 500, "annual_cap": 30000},
        "blocked_categories": ["alcohol", "gambling", "tobacco"],
        "approval_threshold": 25000,
        "hourly_rate": 2000,
        "contingency_weeks": 4,
        "surplus_action": "recover",
    }, "5% management fee (at most £300 a year), approval above £250, shown as hours at £20"),
    "southvale": ("Southvale City Council", {
        "management_fee": {"fixed_per_period": 500},
        "blocked_categories": ["alcohol", "gambling", "residential_care", "tobacco"],
        "approval_threshold": 15000,
        "hourly_rate": 1500,
        "contingency_weeks": 8,
    }, "£5 a week management fee, approval above £150, shown as hours at £15"),
}
HOLDERS = {"brightways": "Brightways Support", "open_door": "Open Door ISF Services"}
PERSON = "Lauren"  # the pool member given a person key: her pool view shows only her own share


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    id: str
    name: str
    key: str
    about: str


@dataclass(frozen=True, slots=True)
class DemoPool:
    id: str
    name: str
    holder: str           # key into DemoResult.holders
    members: tuple[str, ...]  # first names, keys into DemoResult.wallets
    terms: str


@dataclass(frozen=True, slots=True)
class DemoWallet:
    id: str
    person_ref: str
    funder: str
    holder: str
    weekly: int


@dataclass(frozen=True, slots=True)
class DemoResult:
    set_number: int
    opened_on: date
    as_of: date
    admin_key: str
    funders: dict[str, DemoOrganisation]
    holders: dict[str, DemoOrganisation]
    wallets: dict[str, DemoWallet]
    pools: dict[str, DemoPool]  # by case study: shared_driver, shared_personal_assistant, ...
    person_name: str      # the pool member the person key belongs to
    person_key: str
    person_link_token: str  # a one-time sign-in link to the person's own page (/me/sign-in/<token>)
    approval_id: str      # a payment still waiting for its funder's decision
    hold_id: str          # a hold captured in part


@dataclass
class _Org:
    organisation: DemoOrganisation
    principal: Principal


@dataclass(frozen=True, slots=True)
class _Case:
    """A case study's pool and its weekly rhythm: a contribution every Monday (``None`` for a
    fixed pool: each member's agreed amount), then the sessions paid from the pool."""

    pool: DemoPool
    contribution: int | None
    sessions: tuple[tuple[int, int], ...]  # (days after Monday, amount)
    category: str
    payee: str


@dataclass
class _Demo:
    session: Session
    set_number: int
    opened_on: date
    funders: dict[str, _Org]
    holders: dict[str, _Org]
    policies: dict[str, str]
    wallets: dict[str, DemoWallet] = field(default_factory=dict)

    def wallet(self, name: str, funder: str, holder: str, arrangement: Arrangement, weekly: int) -> str:
        """Open a person's wallet, funded weekly in advance from the day it opens."""
        prefix = "DEMO" if self.set_number == 1 else f"DEMO{self.set_number}"
        principal = self.funders[funder].principal
        wallet = open_wallet(self.session, principal, person_ref=f"{prefix}-{name.upper()}",
                             holder_id=self.holders[holder].organisation.id, arrangement=arrangement,
                             policy_id=self.policies[funder], opened_on=self.opened_on,
                             # The support plan's budget, recorded as such: contingency and hours
                             # follow the plan, whatever one-off fundings come on top.
                             planned_budget=(weekly, BudgetEvery.WEEK))
        create_schedule(self.session, principal, wallet.id, amount=weekly, source=Source.FUNDER, every=Every.WEEK,
                        in_advance=True, starts_on=self.opened_on, ends_on=None, opening_float=None)
        self.wallets[name] = DemoWallet(wallet.id, wallet.person_ref, funder, holder, weekly)
        return wallet.id

    def pool(self, holder: str, name: str, split: Split, members: dict[str, int | None], terms: str) -> DemoPool:
        record = create_pool(
            self.session, self.holders[holder].principal, name=name, split=split, joined_on=self.opened_on,
            members=[MemberTerms(self.wallets[n].id, amount=amount) for n, amount in members.items()],
        )
        return DemoPool(record.id, name, holder, tuple(members), terms)


# --- the four case studies -------------------------------------------------------------------


def shared_driver(demo: _Demo) -> _Case:
    """David and Richard pay £40 a week each for a driver, six hours over three days. Their
    councils differ, so this is the pool that mixes funders."""
    demo.wallet("David", "northshire", "brightways", Arrangement.MANAGED_DP, 18000)
    demo.wallet("Richard", "southvale", "brightways", Arrangement.MANAGED_DP, 16000)
    pool = demo.pool("brightways", "Shared driver, 6 hours a week", Split.FIXED,
                     {"David": 4000, "Richard": 4000}, "£40 a week each; the driver is paid £80 each Friday")
    return _Case(pool, None, ((4, 8000),), "transport", "driver-01")


def shared_personal_assistant(demo: _Demo) -> _Case:
    """Lauren and Priya share a personal assistant for 8 hours a week (alone, 3 hours each)."""
    demo.wallet("Lauren", "southvale", "open_door", Arrangement.ISF, 15000)
    demo.wallet("Priya", "southvale", "open_door", Arrangement.ISF, 15000)
    pool = demo.pool("open_door", "Shared personal assistant, 8 hours a week", Split.EQUAL,
                     {"Lauren": None, "Priya": None}, "8 hours at £15 = £120 a week, split equally")
    return _Case(pool, 12000, ((4, 12000),), "personal_assistant", "pa-01")


def cooking_sessions(demo: _Demo) -> _Case:
    """Andrew and Mark pay £25 each for a £50 cooking session, twice a week."""
    demo.wallet("Andrew", "northshire", "brightways", Arrangement.MANAGED_DP, 12000)
    demo.wallet("Mark", "northshire", "brightways", Arrangement.MANAGED_DP, 12000)
    pool = demo.pool("brightways", "Cooking sessions, twice a week", Split.FIXED,
                     {"Andrew": 5000, "Mark": 5000}, "£25 each for a £50 session, Wednesdays and Fridays")
    return _Case(pool, None, ((2, 5000), (4, 5000)), "cooking_support", "cooking-assistant-01")


def personal_trainer(demo: _Demo) -> _Case:
    """Ben, Maria, Lucy and Kai pay £30 each for a £120 trainer session, twice a week (alone it
    was £40 each). Two members are Northshire's and two Southvale's."""
    for name, funder in (("Ben", "northshire"), ("Maria", "northshire"),
                         ("Lucy", "southvale"), ("Kai", "southvale")):
        demo.wallet(name, funder, "open_door", Arrangement.MANAGED_DP, 10000)
    pool = demo.pool("open_door", "Personal trainer, twice a week", Split.EQUAL,
                     {"Ben": None, "Maria": None, "Lucy": None, "Kai": None},
                     "£30 each for a £120 session, Tuesdays and Thursdays")
    return _Case(pool, 24000, ((1, 12000), (3, 12000)), "fitness", "trainer-01")


CASE_STUDIES: tuple[Callable[[_Demo], _Case], ...] = (
    shared_driver, shared_personal_assistant, cooking_sessions, personal_trainer,
)


# --- loading ---------------------------------------------------------------------------------


def load_demo(database: Database, as_of: date, *, person_link_minutes: int = 15) -> DemoResult:
    """Load one demo set dated up to ``as_of``, in one database transaction."""
    with database.writer.begin() as session:
        return _load(session, as_of, timedelta(minutes=person_link_minutes))


def _load(session: Session, as_of: date, person_link_lifetime: timedelta) -> DemoResult:
    set_number = _next_set_number(session)
    admin_key, funders, holders = _organisations(session, set_number)
    policies = _accredit_and_set_rules(session, funders, holders)
    opened_on = as_of - timedelta(weeks=FULL_WEEKS)
    demo = _Demo(session, set_number, opened_on - timedelta(days=opened_on.weekday()), funders, holders, policies)
    cases = {case.__name__: case(demo) for case in CASE_STUDIES}
    approval_id = _weeks_of_activity(demo, list(cases.values()))
    hold_id = _hold_captured_in_part(demo, as_of)
    return DemoResult(
        set_number=set_number, opened_on=demo.opened_on, as_of=as_of, admin_key=admin_key,
        funders={k: o.organisation for k, o in funders.items()},
        holders={k: replace(o.organisation, about="holds " + ", ".join(
            n for n, w in demo.wallets.items() if w.holder == k)) for k, o in holders.items()},
        wallets=dict(demo.wallets), pools={name: case.pool for name, case in cases.items()},
        person_name=PERSON, person_key=_person_key(demo, PERSON), approval_id=approval_id, hold_id=hold_id,
        person_link_token=_person_link(demo, PERSON, person_link_lifetime),
    )


def _organisations(session: Session, set_number: int) -> tuple[str, dict[str, _Org], dict[str, _Org]]:
    """An admin key (for the operator already there, or a new one), then the councils and holders
    with a key each."""
    admin = bootstrap_admin_key(session)
    principal = _principal(admin.record.id, admin.record.organisation_id, OrganisationKind.OPERATOR, Role.ADMIN)
    suffix = " (demo)" if set_number == 1 else f" (demo {set_number})"
    funders = {k: _organisation(session, principal, name + suffix, OrganisationKind.FUNDER, about)
               for k, (name, _, about) in FUNDERS.items()}
    holders = {k: _organisation(session, principal, name + suffix, OrganisationKind.HOLDER, "")
               for k, name in HOLDERS.items()}
    return admin.secret, funders, holders


def _accredit_and_set_rules(session: Session, funders: dict[str, _Org], holders: dict[str, _Org]) -> dict[str, str]:
    """Each council accredits both holders and sets its policy; returns the policy ids."""
    policies = {}
    for key, funder in funders.items():
        for holder in holders.values():
            accredit_holder(session, funder.principal, holder_id=holder.organisation.id, status="accredited")
        name, rules, _ = FUNDERS[key]
        policies[key] = create_policy(session, funder.principal, name=f"{name} personal budgets",
                                      rules=rules).policy_id
    return policies


def _person_key(demo: _Demo, name: str) -> str:
    """The person's key is their funder's to issue, bound to their one wallet."""
    wallet = demo.wallets[name]
    funder = demo.funders[wallet.funder]
    return create_api_key(demo.session, funder.principal, organisation_id=funder.organisation.id,
                          role=Role.PERSON, wallet_id=wallet.id).secret


def _person_link(demo: _Demo, name: str, lifetime: timedelta) -> str:
    """A sign-in link to the person's own page, issued by their funder as a council would."""
    wallet = demo.wallets[name]
    return issue_person_link(demo.session, demo.funders[wallet.funder].principal, wallet.id, lifetime=lifetime).token


def _weeks_of_activity(demo: _Demo, cases: list[_Case]) -> str:
    """Each Monday every council's funding run pays the week in advance and every pool takes its
    contributions; in full weeks the sessions are paid, and a few ordinary payments are made.
    Returns the id of the payment left waiting for approval."""
    session, wallets = demo.session, demo.wallets
    brightways, open_door = demo.holders["brightways"].principal, demo.holders["open_door"].principal
    approval_id = ""
    for week in range(WEEKS_FUNDED):
        monday = demo.opened_on + timedelta(weeks=week)
        for funder in demo.funders.values():
            run_funding(session, funder.principal, monday)
        for case in cases:
            holder = demo.holders[case.pool.holder].principal
            contribute(session, holder, case.pool.id, wallet_id=None, amount=case.contribution,
                       effective_date=monday, reference=f"week of {monday}")
            if week >= FULL_WEEKS:
                continue
            for day, amount in case.sessions:
                pay_from_pool(session, holder, case.pool.id, amount=amount, category=case.category,
                              payee=case.payee, effective_date=monday + timedelta(days=day),
                              reference=f"{case.payee} {monday + timedelta(days=day)}", description=case.pool.name)
        if week == 1:
            _pay(session, brightways, wallets["David"].id, 1850, "transport", "town-cabs", monday + timedelta(days=5),
                 "taxi home from the Saturday market")
        if week == 2:
            _pay(session, open_door, wallets["Priya"].id, 3500, "activities", "community-arts",
                 monday + timedelta(days=1), "pottery class")
        if week == 3:
            # Above Southvale's £150 threshold: it waits, reserved, for the council's decision.
            outcome = _pay(session, open_door, wallets["Lauren"].id, 18000, "day_trip", "coastal-coaches",
                           monday + timedelta(days=5), "day trip to the coast with a support worker")
            if outcome.approval is None:
                raise RuntimeError("the day trip should have waited for Southvale's approval")
            approval_id = outcome.approval.id
    return approval_id


def _hold_captured_in_part(demo: _Demo, as_of: date) -> str:
    """Andrew's holder reserves £60 for kitchen equipment; the invoice comes to £47.99 and the
    rest goes back to what he has available."""
    holder = demo.holders["brightways"].principal
    today = utc_now().date()
    hold, placed = place_hold(demo.session, holder, demo.wallets["Andrew"].id, amount=6000,
                              category="kitchen_equipment", payee="kitchen-supplies", reference="quote Q-118",
                              description="pans and a slow cooker", expires_on=max(as_of, today) + timedelta(weeks=4))
    capture_hold(demo.session, holder, hold.id, amount=4799, effective_date=max(as_of, placed.effective_date),
                 reference="invoice 5531")
    return hold.id


def _pay(session: Session, holder: Principal, wallet_id: str, amount: int, category: str, payee: str,
         on: date, description: str) -> PaymentOutcome:
    return make_payment(session, holder, wallet_id, amount=amount, category=category, payee=payee,
                        effective_date=on, reference=None, description=description)


def _next_set_number(session: Session) -> int:
    """1 on a database with no demo yet; one more than the sets already loaded otherwise. Only
    read, to name the new organisations apart from the old ones."""
    first_funder = FUNDERS["northshire"][0]
    earlier = session.execute(select(func.count()).select_from(organisations).where(
        organisations.c.kind == OrganisationKind.FUNDER.value,
        organisations.c.name.like(f"{first_funder} (demo%"),
    )).scalar_one()
    return int(earlier) + 1


def _principal(key_id: str, organisation_id: str, kind: OrganisationKind, role: Role) -> Principal:
    return Principal(key_id=key_id, organisation_id=organisation_id, organisation_kind=kind, role=role)


def _organisation(session: Session, admin: Principal, name: str, kind: OrganisationKind, about: str) -> _Org:
    """Register an organisation and issue its key; the use cases then act as that key."""
    organisation = create_organisation(session, admin, name=name, kind=kind)
    role = Role.FUNDER if kind is OrganisationKind.FUNDER else Role.HOLDER
    issued = create_api_key(session, admin, organisation_id=organisation.id, role=role)
    return _Org(DemoOrganisation(organisation.id, name, issued.secret, about),
                _principal(issued.record.id, organisation.id, kind, role))


# --- what `wallet demo` prints ---------------------------------------------------------------


def format_demo(result: DemoResult, base_url: str) -> str:
    lauren, orgs = result.wallets[result.person_name], {**result.funders, **result.holders}
    pools = list(result.pools.values())
    driver, pa = result.pools["shared_driver"], result.pools["shared_personal_assistant"]
    lines = [
        f"Loaded demo set {result.set_number}: the four joint-funding case studies, "
        f"{result.opened_on} to {result.as_of}.",
        "",
        "Organisations:",
        *(f"  {o.id}  {o.name}: {o.about}" for o in orgs.values()),
        "",
        "Pools (members' funders in brackets):",
        *(f"  {p.id}  {p.name}\n      {', '.join(f'{m} ({_short(result, m)})' for m in p.members)}: {p.terms}"
          for p in pools),
        "",
        "Wallets (funded weekly in advance):",
        *(f"  {w.id}  {w.person_ref:<14} {format_pounds(w.weekly)} a week from {result.funders[w.funder].name}, "
          f"held by {result.holders[w.holder].name}" for w in result.wallets.values()),
        "",
        f"Lauren's {format_pounds(18000)} day trip waits for Southvale's approval: POST "
        f"/v1/approvals/{result.approval_id}/approve",
        "  with Southvale's key, an Idempotency-Key header and a body like {\"reason\": \"agreed\"}.",
        f"Andrew's {format_pounds(6000)} hold for kitchen equipment was captured in part, {format_pounds(4799)} "
        f"(hold {result.hold_id}).",
        "",
        "API keys (shown once; each sees only what its organisation may see):",
        f"  admin   {result.admin_key}",
        *(f"  {'funder' if k in result.funders else 'holder'}  {o.key}  {o.name}" for k, o in orgs.items()),
        f"  person  {result.person_key}  {result.person_name} ({lauren.person_ref}), issued by "
        f"{result.funders[lauren.funder].name}",
        "",
        "Look around (serve this database first: `make run`, or `wallet serve` with the same WALLET_DATABASE_URL):",
        f"  curl -s -H 'Authorization: Bearer {result.holders['open_door'].key}' {base_url}/v1/wallets",
        f"  curl -s -H 'Authorization: Bearer {result.holders['brightways'].key}' {base_url}/v1/pools/{driver.id}",
        f"  curl -s -H 'Authorization: Bearer {result.holders['open_door'].key}' "
        f"'{base_url}/v1/wallets/{lauren.id}/statement?from={result.opened_on}&to={result.as_of}'",
        f"  curl -s -H 'Authorization: Bearer {result.person_key}' {base_url}/v1/wallets/{lauren.id}",
        f"With the person key, {base_url}/v1/pools/{pa.id} shows {result.person_name}'s own share and the "
        "pool's totals, and no other member.",
        "",
        f"{result.person_name}'s own page, in a browser (the link works once, and only for a few minutes):",
        f"person page: {base_url}/me/sign-in/{result.person_link_token}",
    ]
    return "\n".join(lines)


def _short(result: DemoResult, first_name: str) -> str:
    return result.funders[result.wallets[first_name].funder].name.split()[0]
