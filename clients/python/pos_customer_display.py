"""Python client for the pos-customer-display hub: what the shopper's screen shows.

For Django and any Python till. Standard library only, Python >= 3.9.

    from pos_customer_display import Display

    display = Display("http://127.0.0.1:5000", lane="till-1")
    display.update_bill({"bill_id": "B-1", "items": [], "total": 0})  # returns at once
    display.clear()  # thank-you, then the idle slideshow

Built so that a slow or dead display can never slow or fail a sale, like the JavaScript
publisher (``src/publisher``):

- publishing never raises and never waits on the network: a call checks and encodes its
  body, queues it and returns a :class:`Delivery` at once; a background thread sends it;
- latest wins: one request at a time per :class:`Display` (one lane), and a newer call of
  the same kind replaces the queued one, so a burst of 100 bill updates costs a few
  requests and the last bill is the one shown; order across kinds is kept, and a ``clear``
  makes the bill and dialog queued before it moot (never a payment: the thank-you shows
  its change);
- every request is bounded by ``timeout`` (default 1 s) for connecting and for each read;
- failures are logged (logger ``pos_customer_display``, warning, once per new error) and
  reported in the :class:`Result`; bodies, tokens and the shopper's answers never are.

The constructor is the only thing that raises (``ValueError`` for a malformed hub URL, lane,
token or timeout): build the :class:`Display` once, at start-up, not during a sale.
"""
from __future__ import annotations

import atexit
import datetime
import http.client
import json
import logging
import math
import os
import re
import socket
import ssl
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import quote, urlsplit

__all__ = ["Display", "Delivery", "Result", "PromptOutcome", "API_BASE_PATH", "PROMPT_KINDS"]
__version__ = "0.1.0"

API_BASE_PATH = "/api/customer-display"
#: The prompt kinds the hub shows (README, "The shopper answers").
PROMPT_KINDS = ("tip", "receipt", "phone", "confirm", "rating", "choice")
PAYMENT_STATUSES = ("pending", "approved", "declined", "cancelled")

_LANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_PROMPT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
_DECIMAL_STRING = re.compile(r"^-?\d+(\.\d+)?$")
#: A publish reply is one short line of JSON; more than this is not read.
_MAX_REPLY_BYTES = 64 * 1024
#: A prompt without ``timeout_s`` and an ``ask()`` without ``timeout`` wait this long.
_DEFAULT_ASK_SECONDS = 60.0
#: The hub times a prompt out itself and says so; ``ask()`` waits this much longer for that.
_ASK_GRACE_SECONDS = 2.0
#: A dropped answers stream is opened again after this pause, while the question waits.
_REOPEN_SECONDS = 0.5
#: Calls of one kind replace each other while queued; ``modal`` covers show and hide.
_KIND = {"update-bill": "bill", "show-modal": "modal", "hide-modal": "modal", "clear": "clear", "payment": "payment"}

log = logging.getLogger("pos_customer_display")


@dataclass(frozen=True)
class Result:
    """What became of one publishing call."""

    #: The hub accepted the state this call asked for.
    ok: bool
    #: HTTP status; 0 when no reply came (hub down, timeout, invalid input, closed display).
    status: int
    #: Why it failed (never contains the body or the token).
    error: Optional[str] = None
    #: This call's state was carried by a later call of the same kind (latest wins).
    coalesced: bool = False


@dataclass(frozen=True)
class PromptOutcome:
    """How a question ended: ``answered`` (with ``value``), ``timeout`` or ``cancelled`` (with ``reason``)."""

    status: str
    #: The shopper's answer: personal data (an email, a phone number), kept out of ``repr``.
    value: Any = field(default=None, repr=False)
    reason: Optional[str] = None


class Delivery:
    """A queued call. Nothing waits on it unless you call :meth:`wait`."""

    def __init__(self, deadline: float, timeout: float, result: Optional[Result] = None) -> None:
        self._deadline = deadline
        self._timeout = timeout
        self._done = threading.Event()
        self._result = result
        self.coalesced = False
        if result is not None:
            self._done.set()

    def done(self) -> bool:
        """The hub answered (or the call failed)."""
        return self._done.is_set()

    def wait(self, timeout: Optional[float] = None) -> Result:
        """
        Blocks until this call's request got its answer, at most ``timeout`` seconds (default:
        until the call's deadline, the display's ``timeout`` after the call). Never raises;
        a call still unanswered then gives ``Result(ok=False, status=0, error=...)`` (its
        state is still delivered if the request gets through later).
        """
        remaining = self._deadline - time.monotonic() if timeout is None else timeout
        if self._done.wait(max(0.0, remaining)) and self._result is not None:
            return self._result
        return Result(False, 0, _no_answer(self._timeout))

    def _settle(self, result: Result) -> None:
        if self._done.is_set():
            return
        self._result = Result(result.ok, result.status, result.error, True) if self.coalesced else result
        self._done.set()


@dataclass
class _Operation:
    """One request to send; ``deliveries`` are the calls it answers (all but the last coalesced)."""

    command: str
    body: bytes
    deliveries: List[Delivery]


def _no_answer(timeout: float) -> str:
    return f"no answer from the hub within {timeout:g} s"


class _Hub:
    """Where the hub is and how to reach it: one HTTP exchange at a time, never raising."""

    def __init__(self, hub_url: str, lane: Optional[str], token: Optional[str], timeout: float, ssl_context: Optional[ssl.SSLContext]) -> None:
        parts = urlsplit(hub_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"hub_url must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:5000 (got {hub_url!r})")
        if parts.query or parts.fragment:
            raise ValueError("hub_url must not have a query or a fragment: give the lane as lane=")
        try:
            port = parts.port
        except ValueError as error:
            raise ValueError(f"hub_url has an invalid port: {error}") from None
        if lane is not None and not _LANE_ID.match(lane):
            raise ValueError(f"lane must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (got {lane!r})")
        if token is not None and (not isinstance(token, str) or not token or any(c in token for c in "\r\n\0")):
            raise ValueError("token must be a non-empty string on one line")
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not math.isfinite(timeout) or timeout <= 0:
            raise ValueError(f"timeout must be a number of seconds > 0 (got {timeout!r})")
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = port
        self.prefix = parts.path.rstrip("/") + API_BASE_PATH
        self.lane_query = f"?lane={quote(lane)}" if lane else ""
        self.token = token
        self.timeout = float(timeout)
        self.ssl_context = ssl_context

    def path(self, endpoint: str) -> str:
        return f"{self.prefix}/{endpoint}{self.lane_query}"

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        if self.https:
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=self.ssl_context)
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def headers(self, accept: str, json_body: bool) -> Dict[str, str]:
        headers = {"Accept": accept, "User-Agent": f"pos-customer-display-python/{__version__}"}
        if json_body:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def post(self, endpoint: str, body: bytes, timeout: Optional[float] = None) -> Result:
        """POSTs ``body``; connecting and each read bounded by ``timeout``. Never raises."""
        limit = self.timeout if timeout is None else timeout
        connection = self.connect(limit)
        try:
            connection.request("POST", self.path(endpoint), body=body, headers=self.headers("application/json", True))
            response = connection.getresponse()
            reply = response.read(_MAX_REPLY_BYTES)
            if 200 <= response.status < 300:
                return Result(True, response.status)
            return Result(False, response.status, _hub_message(reply) or f"HTTP {response.status}")
        except Exception as error:  # noqa: BLE001 - nothing may reach the sale
            return Result(False, 0, self.describe(error, limit))
        finally:
            connection.close()

    def describe(self, error: BaseException, timeout: float) -> str:
        """A network error in words, naming the hub (never the token)."""
        if isinstance(error, socket.timeout):
            return _no_answer(timeout)
        if isinstance(error, ConnectionRefusedError):
            return f"cannot reach the hub at {self.url}: connection refused (is it running?)"
        if isinstance(error, socket.gaierror):
            return f"cannot resolve the hub's host {self.host!r}"
        if isinstance(error, ssl.SSLError):
            return f"TLS error with the hub at {self.url}: {error}"
        if isinstance(error, (OSError, http.client.HTTPException)):
            return f"cannot talk to the hub at {self.url}: {type(error).__name__}: {error}"
        return f"unexpected error talking to the hub: {type(error).__name__}: {error}"


def _hub_message(reply: bytes) -> Optional[str]:
    """The hub's JSON error reply says what was wrong in ``message``."""
    try:
        message = json.loads(reply.decode("utf-8")).get("message")
    except Exception:  # noqa: BLE001 - not the hub's JSON: say the status instead
        return None
    return message if isinstance(message, str) and message else None


def _json_default(value: Any) -> Any:
    """Django's types: ``Decimal`` money (as an exact JSON number), ``UUID`` ids, dates."""
    if isinstance(value, Decimal):
        return _decimal_number(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _decimal_number(value: Decimal) -> Any:
    """An int when whole, else a float whose JSON text is exactly the decimal: the shopper never sees a rounded amount."""
    if not value.is_finite():
        raise ValueError(f"amount {value} is not a finite number")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"amount {value} has more digits than a JSON number keeps exactly")
    return number


def _encode(body: Any) -> bytes:
    return json.dumps(body, default=_json_default, allow_nan=False, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _is_amount(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, Decimal)):
        return not isinstance(value, Decimal) or value.is_finite()
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and bool(_DECIMAL_STRING.match(value))


def _amount_at_least_zero(value: Any) -> bool:
    return _is_amount(value) and Decimal(str(value)) >= 0


def _is_id(value: Any) -> bool:
    return (isinstance(value, str) and value != "") or isinstance(value, uuid.UUID) or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool))


def _check(command: str, body: Any) -> Optional[str]:
    """The wire's rules a developer most often breaks, said before anything is sent; the hub checks the rest (its 400 names the field)."""
    if not isinstance(body, Mapping):
        return f"expected a dict, got {type(body).__name__}"
    if command == "update-bill":
        if not _is_id(body.get("bill_id")):
            return "bill_id: expected a non-empty string or a number"
        if not isinstance(body.get("items"), (list, tuple)):
            return "items: expected a list"
        if not _amount_at_least_zero(body.get("total")):
            return "total: expected a finite number >= 0 (int, float, Decimal or a decimal string)"
    elif command == "payment":
        if not _is_id(body.get("bill_id")):
            return "bill_id: expected a non-empty string or a number"
        if not _amount_at_least_zero(body.get("amount_due")):
            return "amount_due: expected a finite number >= 0"
        if not isinstance(body.get("method"), str):
            return "method: expected a string, e.g. 'cash' or 'qris'"
        if body.get("status") not in PAYMENT_STATUSES:
            return f"status: expected one of {', '.join(PAYMENT_STATUSES)}"
    elif command == "clear":
        reason = body.get("reason")
        if not isinstance(reason, str) or not 1 <= len(reason) <= 64:
            return "reason: expected a string of 1-64 characters"
    return None


class Display:
    """
    One lane (till) of a hub. Thread-safe: share one per lane across request threads.

    :param hub_url: the hub, e.g. ``http://127.0.0.1:5000`` (a path prefix is kept, for a hub
        behind a reverse proxy).
    :param lane: the till's lane id (``?lane=``); the hub's default lane when ``None``.
    :param token: the bearer token, when the hub was started with ``--token`` or ``--lane-tokens``.
    :param timeout: seconds a request may take to connect and for each read (default 1).
    :param on_error: ``on_error(command, result)`` for each failed call (besides the log),
        e.g. ``("update-bill", Result(ok=False, status=0, ...))``; if it raises, that is
        logged and ignored.
    :param ssl_context: for an ``https://`` hub with a self-signed certificate.
    """

    def __init__(
        self,
        hub_url: str,
        lane: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = 1.0,
        on_error: Optional[Callable[[str, Result], None]] = None,
        ssl_context: Optional[ssl.SSLContext] = None,
    ) -> None:
        self._hub = _Hub(hub_url, lane, token, timeout, ssl_context)
        self.lane = lane
        self.timeout = self._hub.timeout
        self._on_error = on_error
        self._sent = 0
        self._closed = False
        self._last_error: Optional[str] = None
        self._asking: Dict[str, "_Question"] = {}
        self._reset_threads()
        _open_displays.add(self)

    def __repr__(self) -> str:
        return f"Display({self._hub.url!r}, lane={self.lane!r})"  # never the token

    # -- publishing ------------------------------------------------------------------------

    def update_bill(self, bill: Mapping[str, Any]) -> Delivery:
        """The bill as the wire has it: ``{bill_id, bill_number, items: [{id, name, quantity, unit_price, subtotal, notes?}], subtotal, tax, discount, total}``."""
        return self._publish("update-bill", bill)

    def show_modal(self, modal_type: Optional[str] = None, html: Optional[str] = None, data: Optional[Mapping[str, Any]] = None) -> Delivery:
        """A dialog on the shopper's screen: the cashier's modal ``html`` (shown read-only) and its ``data`` (e.g. ``{"total": 61050, "tendered": 70000, "change": 8950}``)."""
        body: Dict[str, Any] = {"modal_type": modal_type}
        if html is not None:
            body["html"] = html
        if data is not None:
            body["data"] = data
        return self._publish("show-modal", body)

    def hide_modal(self, modal_type: Optional[str] = None) -> Delivery:
        return self._publish("hide-modal", {"modal_type": modal_type})

    def payment(self, payment: Mapping[str, Any]) -> Delivery:
        """``{bill_id, amount_due, method, status: pending|approved|declined|cancelled, tendered?, change?, qr?: {payload, label?, expires_at?}, message?}``."""
        return self._publish("payment", payment)

    def clear(self, reason: str = "payment_success") -> Delivery:
        """Ends the sale on screen: ``payment_success`` (default) shows the thank-you, then idle; any other reason (``"void"``) goes straight to idle."""
        return self._publish("clear", {"reason": reason})

    def thank_you(self) -> Delivery:
        """The same as :meth:`clear` with its default: "Terima kasih!" with the change due, then the idle slideshow."""
        return self.clear("payment_success")

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything queued was sent (at most ``timeout`` s; default: forever). True when nothing is left."""
        self._forked()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._queue or self._in_flight:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._idle.wait(remaining)
            return True

    def close(self, timeout: Optional[float] = None) -> bool:
        """
        Sends what is queued (at most ``timeout`` s, default the display's timeout per kind
        queued), stops the sending thread and cancels pending questions. Later calls return
        a failed :class:`Result`. True when everything queued was sent.
        """
        self._forked()
        with self._lock:
            pending = len(self._queue) + (1 if self._in_flight else 0)
        flushed = self.flush(self.timeout * max(1, pending) + 0.1 if timeout is None else timeout)
        with self._lock:
            self._closed = True
            worker = self._worker
            self._wake.notify_all()
        for question in list(self._asking.values()):
            question.stop("closed")
        if worker is not None and worker is not threading.current_thread():
            worker.join(self.timeout + 0.5)
        _open_displays.discard(self)
        return flushed

    def __enter__(self) -> "Display":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def requests_sent(self) -> int:
        """Requests sent so far (latest-wins makes this smaller than the calls)."""
        return self._sent

    # -- the shopper answers ---------------------------------------------------------------

    def ask(self, prompt: Mapping[str, Any], timeout: Optional[float] = None) -> Any:
        """
        Shows ``prompt`` on the lane's screens and blocks until the shopper answers: returns
        the answer (a tip amount, ``{"channel": "email", "email": ...}``, digits, ``True``/
        ``False``, stars, an option's value), or ``None`` on timeout or cancellation. Never
        raises. See :meth:`ask_outcome` for why it ended.
        """
        outcome = self.ask_outcome(prompt, timeout)
        return outcome.value if outcome.status == "answered" else None

    def ask_outcome(self, prompt: Mapping[str, Any], timeout: Optional[float] = None) -> PromptOutcome:
        """
        :meth:`ask`, with how it ended. ``prompt`` is the wire's: ``{kind, prompt_id?, title?,
        message?, timeout_s?, ...}`` (README, "The shopper answers"); ``prompt_id`` is made up
        when absent. ``timeout`` (seconds; default the prompt's ``timeout_s``, else 60) is also
        sent as ``timeout_s`` when the prompt has none, so the screen drops the question when
        the till stops waiting. Sent after what was published before it (a tip follows its bill).
        """
        try:
            checked = self._prepare_prompt(prompt, timeout)
        except Exception as error:  # noqa: BLE001 - an odd mapping must not reach the sale
            checked = PromptOutcome("cancelled", reason=f"invalid prompt: {type(error).__name__}")
        if isinstance(checked, PromptOutcome):
            log.warning("customer display: lane %s: prompt not asked: %s", self._lane_name, checked.reason)
            return checked
        body, prompt_id, wait = checked
        if self._closed:
            return PromptOutcome("cancelled", reason="display closed")
        question = _Question(self._hub, prompt_id)
        with self._lock:
            if prompt_id in self._asking:
                return PromptOutcome("cancelled", reason=f"prompt {prompt_id} is already being asked")
            self._asking[prompt_id] = question
        try:
            outcome = question.ask(body, wait, before=lambda: self.flush(self.timeout * 4))
        except Exception as error:  # noqa: BLE001 - a bug here must not reach the sale either
            outcome = PromptOutcome("cancelled", reason=f"unexpected error: {type(error).__name__}")
        finally:
            with self._lock:
                self._asking.pop(prompt_id, None)
        # The status only: the value is the shopper's (an email, a phone number).
        log.info("customer display: lane %s: prompt %s %s%s", self._lane_name, prompt_id, outcome.status, f" ({outcome.reason})" if outcome.reason else "")
        return outcome

    def cancel_prompt(self, prompt_id: str) -> bool:
        """Takes a question back: its :meth:`ask` returns ``None`` (unless the shopper was quicker). True when the hub closed it."""
        if not isinstance(prompt_id, str) or not _PROMPT_ID.match(prompt_id):
            return False
        result = self._hub.post("cancel-prompt", _encode({"prompt_id": prompt_id}))
        question = self._asking.get(prompt_id)
        if question is not None and result.status == 0:
            question.stop("cashier")  # no reply at all: the hub may be gone; stop waiting
        return result.ok

    # -- internals -------------------------------------------------------------------------

    @property
    def _lane_name(self) -> str:
        return self.lane or "default"

    def _forked(self) -> None:
        """In a child process after ``fork``: start afresh (the parent keeps and sends its own queue)."""
        if self._pid != os.getpid():
            self._reset_threads()

    def _reset_threads(self) -> None:
        """Fresh locks and no thread: at start, and in a child after ``fork`` (gunicorn ``--preload``), where the parent's thread does not exist."""
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)
        self._queue: List[_Operation] = []
        self._in_flight: Optional[_Operation] = None
        self._worker: Optional[threading.Thread] = None

    def _publish(self, command: str, body: Any) -> Delivery:
        try:
            now = time.monotonic()
            problem = _check(command, body)
            if problem is not None:
                return self._refuse(command, f"invalid {command} body: {problem}")
            try:
                # Encoded now: a dict the caller changes afterwards does not change what is sent.
                encoded = _encode(body)
            except (TypeError, ValueError) as error:
                return self._refuse(command, f"invalid {command} body: {error}")
            self._forked()
            delivery = Delivery(now + self.timeout, self.timeout)
            with self._lock:
                if self._closed:
                    return self._refuse(command, "the display was closed", quiet=True)
                self._merge(_Operation(command, encoded, [delivery]))
                self._pump()
                self._start_worker()
            return delivery
        except Exception as error:  # noqa: BLE001 - never into the sale
            return self._refuse(command, f"unexpected error: {type(error).__name__}: {error}")

    def _merge(self, operation: _Operation) -> None:
        """
        Latest wins (caller holds the lock): a call replaces the queued call of its kind in
        place. A clear makes the queued bill and dialog moot, but not a queued payment: its
        change is what the thank-you shows.
        """
        if operation.command == "clear":
            moot = [older for older in self._queue if older.command != "payment"]
            self._queue[:] = [older for older in self._queue if older.command == "payment"]
            for older in moot:
                older.deliveries[-1].coalesced = True
            operation.deliveries = [d for older in moot for d in older.deliveries] + operation.deliveries
            self._queue.append(operation)
            return
        kind = _KIND[operation.command]
        for older in self._queue:
            if _KIND[older.command] == kind:
                older.deliveries[-1].coalesced = True
                older.command, older.body = operation.command, operation.body
                older.deliveries.extend(operation.deliveries)
                return
        self._queue.append(operation)

    def _pump(self) -> None:
        """
        Hands the oldest queued call to the thread when nothing is in flight (caller holds the
        lock). Done by the caller too, as the JavaScript publisher does, so a call made while
        the line is free is sent as is and a call right after it cannot make it moot.
        """
        if self._in_flight is None and self._queue:
            self._in_flight = self._queue.pop(0)
            self._wake.notify()

    def _start_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._run, name=f"customer-display-{self._lane_name}", daemon=True)
            self._worker.start()

    def _run(self) -> None:
        """The sending thread: one request at a time, the oldest kind first."""
        while True:
            with self._lock:
                while self._in_flight is None and not self._closed:
                    self._wake.wait()
                operation = self._in_flight
                if operation is None:
                    self._idle.notify_all()
                    return
            result = self._send(operation)
            with self._lock:
                self._in_flight = None
                self._pump()
                if self._in_flight is None:
                    self._idle.notify_all()
            for delivery in operation.deliveries:
                delivery._settle(result)

    def _send(self, operation: _Operation) -> Result:
        self._sent += 1
        try:
            result = self._hub.post(operation.command, operation.body)
        except Exception as error:  # noqa: BLE001 - the thread must outlive any bug
            result = Result(False, 0, f"unexpected error: {type(error).__name__}: {error}")
        if result.ok:
            if self._last_error is not None:
                log.info("customer display: lane %s: publishing works again", self._lane_name)
                self._last_error = None
        else:
            self._report(operation.command, result)
        return result

    def _refuse(self, command: str, error: str, quiet: bool = False) -> Delivery:
        result = Result(False, 0, error)
        if not quiet:
            self._report(command, result)
        return Delivery(time.monotonic(), self.timeout, result)

    def _report(self, command: str, result: Result) -> None:
        """Logs a failure: at warning when it is new, at debug while the same error repeats (a hub down all day writes one warning)."""
        level = logging.DEBUG if result.error == self._last_error else logging.WARNING
        self._last_error = result.error
        log.log(level, "customer display: lane %s: %s failed: %s", self._lane_name, command, result.error)
        if self._on_error is not None:
            try:
                self._on_error(command, result)
            except Exception:  # noqa: BLE001 - a broken handler must not break the sale
                log.exception("customer display: the on_error handler raised")

    def _prepare_prompt(self, prompt: Any, timeout: Optional[float]) -> "PromptOutcome | Tuple[bytes, str, float]":
        if not isinstance(prompt, Mapping):
            return PromptOutcome("cancelled", reason=f"invalid prompt: expected a dict, got {type(prompt).__name__}")
        body = dict(prompt)
        if body.get("kind") not in PROMPT_KINDS:
            return PromptOutcome("cancelled", reason=f"invalid prompt: kind: expected one of {', '.join(PROMPT_KINDS)}")
        prompt_id = body.setdefault("prompt_id", f"py-{uuid.uuid4().hex[:20]}")
        if not isinstance(prompt_id, str) or not _PROMPT_ID.match(prompt_id):
            return PromptOutcome("cancelled", reason="invalid prompt: prompt_id: expected 1-64 letters, digits, '.', '_', ':' or '-'")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0):
            return PromptOutcome("cancelled", reason="invalid timeout: expected seconds > 0")
        given = body.get("timeout_s")
        if given is None:
            wait = float(timeout) if timeout is not None else _DEFAULT_ASK_SECONDS
            body["timeout_s"] = min(600, max(1, math.ceil(wait)))
        elif isinstance(given, int) and not isinstance(given, bool):
            wait = float(timeout) if timeout is not None else float(given)
        else:
            return PromptOutcome("cancelled", reason="invalid prompt: timeout_s: expected a whole number of seconds (1-600)")
        try:
            return _encode(body), prompt_id, wait
        except (TypeError, ValueError) as error:
            return PromptOutcome("cancelled", reason=f"invalid prompt: {error}")


class _Question:
    """One ``ask()``: the answers stream opened first (no answer can come before anyone listens), then the prompt posted."""

    def __init__(self, hub: _Hub, prompt_id: str) -> None:
        self._hub = hub
        self._prompt_id = prompt_id
        self._stopped: Optional[str] = None
        self._socket: Optional[socket.socket] = None
        self._guard = threading.Lock()

    def stop(self, reason: str) -> None:
        """From another thread: stop waiting (``cancel_prompt`` with the hub gone, ``close()``)."""
        with self._guard:
            self._stopped = reason
            sock = self._socket
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def ask(self, body: bytes, wait: float, before: Callable[[], bool]) -> PromptOutcome:
        deadline = time.monotonic() + wait + _ASK_GRACE_SECONDS
        stream = self._open()
        if isinstance(stream, str):
            return PromptOutcome("cancelled", reason=stream)
        before()
        posted = self._hub.post("prompt", body)
        if not posted.ok:
            stream.close()
            return PromptOutcome("cancelled", reason=posted.error)
        while True:
            outcome = self._read(stream, deadline)
            stream.close()
            if outcome is not None:
                return outcome
            if self._stopped is not None:
                return PromptOutcome("cancelled", reason=self._stopped)
            if time.monotonic() >= deadline:
                break
            # The stream dropped (the hub restarted?): it keeps an answer 30 s for the next listener.
            time.sleep(_REOPEN_SECONDS)
            reopened = self._open()
            if isinstance(reopened, str):
                continue
            stream = reopened
        # The hub said nothing in time: take the question off the screen, best effort.
        self._hub.post("cancel-prompt", _encode({"prompt_id": self._prompt_id}))
        return PromptOutcome("timeout")

    def _open(self) -> "_EventStream | str":
        """``GET /responses``, once its ``connected`` greeting arrived; or why not."""
        connection = self._hub.connect(self._hub.timeout)
        try:
            connection.connect()
            with self._guard:
                if self._stopped is not None:
                    connection.close()
                    return self._stopped
                self._socket = connection.sock
            sock = connection.sock
            connection.request("GET", self._hub.path("responses"), headers=self._hub.headers("text/event-stream", False))
            # The hub answers a stream with `Connection: close`: http.client then hands the
            # socket to the response and forgets it, so keep it to bound each read.
            response = connection.getresponse()
            if response.status != 200:
                message = _hub_message(response.read(_MAX_REPLY_BYTES)) or f"HTTP {response.status}"
                connection.close()
                return f"the hub refused the answers stream: {message}"
            stream = _EventStream(connection, sock, response)
            greeting = stream.next_event(time.monotonic() + self._hub.timeout)
            if greeting is None or greeting[0] != "connected":
                stream.close()
                return "the hub did not greet on the answers stream"
            return stream
        except Exception as error:  # noqa: BLE001
            connection.close()
            return self._hub.describe(error, self._hub.timeout)

    def _read(self, stream: "_EventStream", deadline: float) -> Optional[PromptOutcome]:
        """This question's ``prompt-response``; None when the stream ended or the deadline passed."""
        while time.monotonic() < deadline and self._stopped is None:
            event = stream.next_event(deadline)
            if event is None:
                return None
            name, data = event
            if name != "prompt-response":
                continue
            try:
                response = json.loads(data)
            except ValueError:
                continue
            if not isinstance(response, dict) or response.get("prompt_id") != self._prompt_id:
                continue
            status = response.get("status")
            if status == "answered":
                return PromptOutcome("answered", value=response.get("value"))
            if status == "timeout":
                return PromptOutcome("timeout")
            return PromptOutcome("cancelled", reason=str(response.get("reason") or "cancelled"))
        return None


class _EventStream:
    """Server-sent events read line by line, each read bounded by the question's deadline."""

    def __init__(self, connection: http.client.HTTPConnection, sock: Optional[socket.socket], response: http.client.HTTPResponse) -> None:
        self._connection = connection
        self._socket = sock
        self._response = response

    def next_event(self, deadline: float) -> Optional[Tuple[str, str]]:
        """The next ``(event, data)``; None at the end of the stream or the deadline."""
        name = "message"
        data: List[str] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._socket is None:
                return None
            try:
                self._socket.settimeout(remaining)
                raw = self._response.readline()
            except Exception:  # noqa: BLE001 - a timeout or a dropped line: both end this read
                return None
            if not raw:
                return None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line == "":
                if data:
                    return name, "\n".join(data)
                name = "message"
                continue
            if line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if key == "event":
                name = value
            elif key == "data":
                data.append(value)

    def close(self) -> None:
        self._socket = None
        try:
            self._response.close()
        finally:
            self._connection.close()


#: Displays with a sending thread to drain at exit: a script that publishes and ends at
#: once still gets its last state to the screen (each bounded by its timeout).
_open_displays: "weakref.WeakSet[Display]" = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    for display in list(_open_displays):
        try:
            display.flush(display.timeout * 2)
        except Exception:  # noqa: BLE001 - exiting anyway
            pass
