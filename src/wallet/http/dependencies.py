"""Request-scoped dependencies: the database session, the caller, and idempotency.

The session dependency owns the request's one database transaction: it commits after the route
returns and before the response is sent (``scope="function"``), and rolls back on any error.
Repositories only flush.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any

import anyio
from anyio import CancelScope, CapacityLimiter
from anyio.lowlevel import RunVar
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from wallet.domain.errors import Conflict, DomainError, Forbidden, InvalidInput
from wallet.domain.principals import Principal, Role
from wallet.http.problems import OutcomeUnknown
from wallet.persistence.db import Database
from wallet.persistence.idempotency_repository import IdempotencyRepository, StoredResponse, lost_claim
from wallet.usecases.authenticate import authenticate, authenticate_with_stored_response

logger = logging.getLogger("wallet.http")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Marks a route that moves money in the OpenAPI document; a test checks each one demands an
# Idempotency-Key.
MOVES_MONEY = {"x-moves-money": True}
MAX_IDEMPOTENCY_KEY = 255


def database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def session_slots(request_threads: int, db: Database) -> anyio.Semaphore:
    """How many requests may hold a database session at once, in one serving process.

    A request on PostgreSQL takes its connection in one worker thread (the key's look-up) and
    gives it back in another (its route's, at commit), waiting for a free thread in between. With
    more requests in flight than the pool has connections, the worker threads could all be
    waiting for a connection while every connection waits for a thread: nothing moves until the
    pool's timeout, and then each of them fails. So no more requests hold a session than there
    are worker threads, nor than the pool can serve with a few connections to spare (webhooks,
    verify's extra connections); the rest wait here, on the event loop, holding neither."""
    pool = db.engine.pool
    capacity = pool.size() + max(0, getattr(pool, "_max_overflow", 0)) if hasattr(pool, "size") else request_threads
    return anyio.Semaphore(max(1, min(request_threads, capacity - CONNECTIONS_SPARED)))


# Connections a serving process keeps beyond its requests' sessions.
CONNECTIONS_SPARED = 4
# One gate an event loop, as anyio keeps its thread limiter: a semaphore's waiters belong to the
# loop they wait on (tests run several TestClients, each on a loop of its own, over one app).
SESSION_SLOTS: RunVar[anyio.Semaphore] = RunVar("wallet_session_slots")


async def _session(request: Request) -> AsyncIterator[Session]:
    # Waited for here, on the event loop, holding nothing (session_slots; set up by the app's
    # lifespan).
    slots = SESSION_SLOTS.get(None)
    if slots is not None:
        await slots.acquire()
    try:
        db = database(request)
        # Made on the event loop: a new session does no I/O (its first statement checks a connection
        # out). Its end, commit or rollback and close, is one thread-pool hop, where a sync generator
        # took two (one to enter, one to leave).
        session = (db.reader if request.method in SAFE_METHODS else db.writer)()
        # As FastAPI ends a sync generator: shielded from cancellation, so a client gone mid-request
        # still gets its transaction rolled back and its connection returned; and on a limiter of its
        # own, so ending never waits for a worker thread that is itself waiting for a connection.
        ending = CapacityLimiter(1)
        session.info[_COMMIT] = lambda: _commit(request, db, session)
        try:
            yield session
        except BaseException:
            with CancelScope(shield=True):
                await anyio.to_thread.run_sync(_roll_back, session, limiter=ending)
            raise
        if session.info.pop(_COMMIT, None) is None:
            return  # committed by the route, in its own thread (commit_now)
        with CancelScope(shield=True):
            await anyio.to_thread.run_sync(_commit, request, db, session, limiter=ending)
    finally:
        if slots is not None:
            slots.release()


# The dependency's own commit, for commit_now to run early.
_COMMIT = "wallet.request_commit"


def commit_now(session: Session) -> None:
    """End the request's transaction now, in the route's worker thread, exactly as the session
    dependency would after the route returns: the answer is ready, and this saves a hop to
    another thread (and its wait for the interpreter) on every write. The dependency still
    owns the commit: this runs its code, once; an error here is the request's error."""
    commit = session.info.pop(_COMMIT, None)
    if commit is not None:
        commit()


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


def _commit(request: Request, db: Database, session: Session) -> None:
    try:
        try:
            session.commit()
        except DBAPIError as error:
            if error.connection_invalidated:
                # Lost while committing: the server may have committed. Say so, never "nothing changed".
                raise OutcomeUnknown(str(error.orig)) from error
            raise
        _note_write(request, db)
    finally:
        session.close()


def _note_write(request: Request, db: Database) -> None:
    """With a read replica: remember where the primary's WAL stood after this caller's write, so
    its next reads wait for the standby to replay it (or read the primary)."""
    principal = getattr(request.state, "principal", None)
    if db.replica is None or principal is None or request.method in SAFE_METHODS:
        return
    try:
        db.replica.note_write(principal.organisation_id, db.engine)
    except DBAPIError as error:
        # The write has committed: its answer must not turn into an error. The primary has just
        # gone, so the caller's next request will not be reading the standby's stale copy quietly.
        logger.warning("could not read the primary's WAL position after a write: %s", type(error.orig).__name__)


SessionDep = Annotated[Session, Depends(_session, scope="function")]

@contextmanager
def read_session_for(request: Request, caller: str | None, primary: Session | None = None, *,
                     one_moment: bool = False) -> Iterator[Session]:
    """A read-only session for a read that need not see others' latest writes: on the hot standby
    when it holds `caller`'s (an organisation's) last write and is not lagging, else on the primary,
    in `primary` (the request's own session) when given, or in a read session of its own.
    With `one_moment`, every statement in it sees the same snapshot (REPEATABLE READ)."""
    replica = database(request).replica
    standby = replica.open_for(caller) if replica is not None else None
    if standby is None:
        if primary is not None:
            if one_moment and database(request).dialect == "postgresql":
                # The key was read at READ COMMITTED, and a transaction's isolation is set at its
                # start: end that read-only transaction (as for the standby, below) and begin
                # one at REPEATABLE READ, whose snapshot other connections can also share.
                primary.commit()
                primary.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield primary
            return
        with database(request).reader() as own:
            yield own
        return
    if primary is not None:
        # The key was checked on the primary; end that transaction now, so its connection goes
        # back to the pool while the standby does the long part.
        primary.commit()
    try:
        yield standby
        standby.commit()
    finally:
        standby.close()


_bearer = HTTPBearer(auto_error=False, description="an API key issued by `POST /v1/api-keys`")


def _principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return principal_for(request, session, credentials.credentials if credentials else None)


def principal_for(request: Request, session: Session, key: str | None, *, wallet_id: str | None = None) -> Principal:
    """The caller of ``key`` (the bearer token), who is then ``request.state.principal``.
    ``wallet_id``: the wallet the request is for, read in the same statement on PostgreSQL where
    the stored response is (the lean payment path)."""
    if database(request).dialect == "sqlite":
        # A short read of its own: on SQLite the request's writing session holds the one write
        # lock from its first statement, and a request must be refusable without queueing.
        with database(request).reader() as reader:
            principal = authenticate(reader, key)
    elif (idempotency_key := _idempotency_key_sent(request)) is not None:
        # The same statement reads the response stored for the request's Idempotency-Key (in its
        # own transaction too): one round trip for both; IdempotentRequest uses what it found.
        principal, stored = authenticate_with_stored_response(session, key, idempotency_key, wallet_id=wallet_id)
        request.state.stored_response = (principal.organisation_id, idempotency_key, stored)
    else:
        # In the request's own transaction: no second connection, BEGIN or COMMIT per request.
        # Each request reads the key afresh, so a revocation holds from the next request on.
        principal = authenticate(session, key)
    request.state.principal = principal
    return principal


def _idempotency_key_sent(request: Request) -> str | None:
    """The Idempotency-Key of a POST, when it is one the key dependencies would accept."""
    if request.method != "POST":
        return None
    key = request.headers.get("idempotency-key")
    return key if key and len(key) <= MAX_IDEMPOTENCY_KEY else None


CallerDep = Annotated[Principal, Depends(_principal)]


def _read_session(request: Request, session: SessionDep, principal: CallerDep) -> Iterator[Session]:
    with read_session_for(request, principal.organisation_id, session) as reader:
        yield reader


# Statements, exports, reports, verify and the event feed: what may be served from a hot standby
# (persistence/read_replica.py). The API key is still checked on the primary, so a revoked key is
# refused at once and a new one works at once.
ReadSessionDep = Annotated[Session, Depends(_read_session, scope="function")]


def _snapshot_session(request: Request, session: SessionDep, principal: CallerDep) -> Iterator[Session]:
    with read_session_for(request, principal.organisation_id, session, one_moment=True) as reader:
        yield reader


# As ReadSessionDep, for a read of many statements that must agree with each other (verify): one
# snapshot, which a long verification shares with the extra connections it checks chunks on.
SnapshotSessionDep = Annotated[Session, Depends(_snapshot_session, scope="function")]


def require(*roles: Role) -> Any:
    """A dependency that admits only the given roles."""
    allowed = frozenset(roles)

    async def check(principal: CallerDep) -> Principal:  # no I/O: kept off the threadpool
        return admitted(principal, allowed)

    return Depends(check)


def admitted(principal: Principal, allowed: frozenset[Role]) -> Principal:
    if principal.role not in allowed:
        raise Forbidden(f"a {principal.role.value} key may not do this",
                        allowed_roles=sorted(r.value for r in allowed))
    return principal


class IdempotencyKeyInFlight(Conflict):
    type = "idempotency-key-in-flight"
    title = "A request with this Idempotency-Key is still being processed"


class IdempotencyKeyReused(InvalidInput):
    type = "idempotency-key-reused"
    title = "This Idempotency-Key was used with a different request"


class InFlightKeys:
    """Keys whose first request is running in this process right now."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[tuple[str, str]] = set()

    def claim(self, scope: tuple[str, str]) -> bool:
        with self._lock:
            if scope in self._keys:
                return False
            self._keys.add(scope)
            return True

    def release(self, scope: tuple[str, str]) -> None:
        with self._lock:
            self._keys.discard(scope)


# Not read yet: IdempotentRequest looks the stored response up itself.
NOT_READ: Any = object()


class IdempotentRequest:
    def __init__(self, principal: Principal, key: str, fingerprint: str, stored: Any = NOT_READ) -> None:
        self.principal = principal
        self.key = key
        self.fingerprint = fingerprint
        # StoredResponse | None when the key's lookup already read it (dependencies._principal).
        self.stored = stored

    def respond(self, session: Session, status_code: int,
                produce: Callable[[], Any]) -> JSONResponse:
        return self.respond_with(session, produce, lambda _: status_code)

    def respond_with(self, session: Session, produce: Callable[[], Any],
                     status_of: Callable[[Any], int]) -> JSONResponse:
        """Replay the stored response for this key, or produce, store and return a new one.

        The stored response is written in the same database transaction as the change it
        describes: both land, or neither does. Refusals are not stored, so a request refused
        for want of funds may be retried with the same key once the money is there.
        """
        records = IdempotencyRepository(session)
        organisation_id = self.principal.organisation_id
        stored = records.find(organisation_id, self.key) if self.stored is NOT_READ else self.stored
        if stored is not None:
            if stored.fingerprint != self.fingerprint:
                raise IdempotencyKeyReused(
                    "this Idempotency-Key was first used with a different request; use a new key",
                    idempotency_key=self.key,
                )
            return JSONResponse(stored.body, status_code=stored.status,
                                headers={"Idempotent-Replayed": "true"})
        produced = produce()
        status_code = status_of(produced)
        body = _json_body(produced)
        # Another process ran the same key meanwhile and committed first: this request's own effect
        # is rolled back with the error, and a retry replays the first response. Found as the
        # response is saved, or (PostgreSQL: the save goes with the commit) as it commits.
        if not records.save(organisation_id, self.key, StoredResponse(self.fingerprint, status_code, body)):
            raise self._finished_meanwhile()
        response = JSONResponse(body, status_code=status_code)
        try:
            commit_now(session)
        except DBAPIError as error:
            if lost_claim(error):
                raise self._finished_meanwhile() from error
            raise
        return response

    def _finished_meanwhile(self) -> IdempotencyKeyInFlight:
        return IdempotencyKeyInFlight("another request with this key has just finished; retry to get its answer",
                                      idempotency_key=self.key)


def _json_body(produced: Any) -> Any:
    # A model dumps itself as jsonable_encoder would, many times faster (a bulk batch's answer
    # holds 10,000 items).
    if isinstance(produced, BaseModel):
        return produced.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(produced)


def idempotent(*roles: Role) -> Any:
    """For a route that changes something: the caller, who must hold one of ``roles``, and the
    request's Idempotency-Key, claimed in this process (IdempotentRequest). One dependency where
    ``require`` and ``IdempotencyDep`` would be two: FastAPI's solving costs by the dependency,
    and this is on every payment. The key is checked (401) and its role (403) before the header
    (422), as with the two."""
    allowed = frozenset(roles)

    def caller(request: Request, session: SessionDep,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
        return admitted(_principal(request, session, credentials), allowed)

    async def claimed(
        request: Request,
        idempotency_key: Annotated[str, Header(
            alias="Idempotency-Key", min_length=1, max_length=MAX_IDEMPOTENCY_KEY,
            description="a unique key per intended change; retries reuse it",
        )],
        principal: Principal = Depends(caller),
    ) -> AsyncIterator[IdempotentRequest]:
        async with _claimed_request(request, principal, idempotency_key) as request_for_key:
            yield request_for_key

    return Depends(claimed, scope="function")


@asynccontextmanager
async def _claimed_request(request: Request, principal: Principal,
                           idempotency_key: str) -> AsyncIterator[IdempotentRequest]:
    """Fingerprints the request and claims its key in this process, until the block ends."""
    fingerprint = request_fingerprint(request.method, request.url.path, request.url.query, await request.body())
    with claimed_key(request, principal, idempotency_key) as stored:
        yield IdempotentRequest(principal, idempotency_key, fingerprint, stored)


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """What a key's first request is told apart by: its method, path, query and JSON body (the
    body's keys sorted, so the same request sent with its keys in another order is the same)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")) if body else ""
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(f"{method} {path}?{query}\n{canonical}".encode()).hexdigest()


@contextmanager
def claimed_key(request: Request, principal: Principal, idempotency_key: str) -> Iterator[Any]:
    """The key claimed in this process until the block ends; refused while another request holds
    it. Yields the response stored for the key when the key's look-up read it (``principal_for``),
    else ``NOT_READ``."""
    in_flight: InFlightKeys = request.app.state.in_flight_keys
    scope = (principal.organisation_id, idempotency_key)
    if not in_flight.claim(scope):
        raise IdempotencyKeyInFlight("the first request with this key has not finished yet",
                                     idempotency_key=idempotency_key)
    try:
        read = getattr(request.state, "stored_response", None)
        yield read[2] if read is not None and read[:2] == scope else NOT_READ
    finally:
        in_flight.release(scope)


class WithoutIdempotencyKey:
    """Stands in for IdempotentRequest when an optional key was not sent: nothing is stored."""

    def respond(self, session: Session, status_code: int, produce: Callable[[], Any]) -> JSONResponse:
        return self.respond_with(session, produce, lambda _: status_code)

    def respond_with(self, session: Session, produce: Callable[[], Any],
                     status_of: Callable[[Any], int]) -> JSONResponse:
        produced = produce()
        response = JSONResponse(jsonable_encoder(produced), status_code=status_of(produced))
        commit_now(session)
        return response


async def _optional_idempotency(
    request: Request,
    principal: CallerDep,
    idempotency_key: Annotated[str | None, Header(
        alias="Idempotency-Key", min_length=1, max_length=MAX_IDEMPOTENCY_KEY,
        description="optional: a retry that reuses it is answered with the first response",
    )] = None,
) -> Any:
    if idempotency_key is None:
        yield WithoutIdempotencyKey()
        return
    async with _claimed_request(request, principal, idempotency_key) as request_for_key:
        yield request_for_key


# For changes a retry cannot duplicate (acknowledging, revoking): the key is accepted, not required.
OptionalIdempotencyDep = Annotated[IdempotentRequest | WithoutIdempotencyKey,
                                   Depends(_optional_idempotency, scope="function")]

__all__ = ["CallerDep", "DomainError", "IdempotentRequest", "OptionalIdempotencyDep", "ReadSessionDep", "SessionDep",
           "SnapshotSessionDep", "idempotent", "read_session_for", "require"]
