"""The Python client against a real hub (started by test/node/python-client.test.ts).

Run alone: start a hub (`npm run hub -- --port 5000`), then from clients/python:
POS_DISPLAY_HUB_URL=http://127.0.0.1:5000 python3 -m unittest discover -s tests -t . -v
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
import unittest
import uuid
from decimal import Decimal
from typing import Any, Callable, Dict, List, Tuple

from pos_customer_display import Delivery, Display, PromptOutcome, Result

from .hub_support import HUB_URL, TOKEN, TOKEN_HUB_URL, DisplayStream, SilentHub, bill, dead_hub_url, needs_hub, needs_token_hub, new_lane, post


class LogCapture(logging.Handler):
    """Everything the client logs, at every level: what must (and must never) be there."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: List[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(record.getMessage() for record in self.records)

    def at(self, level: int) -> List[str]:
        return [record.getMessage() for record in self.records if record.levelno == level]


class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.logs = LogCapture()
        self.logger = logging.getLogger("pos_customer_display")
        self.logger.addHandler(self.logs)
        self.previous_level = self.logger.level
        self.logger.setLevel(logging.DEBUG)
        self.displays: List[Display] = []
        self.streams: List[DisplayStream] = []

    def tearDown(self) -> None:
        for display in self.displays:
            display.close(timeout=2)
        for stream in self.streams:
            stream.close()
        self.logger.removeHandler(self.logs)
        self.logger.setLevel(self.previous_level)

    def display(self, hub_url: str, **options: Any) -> Display:
        display = Display(hub_url, **options)
        self.displays.append(display)
        return display

    def stream(self, hub_url: str, lane: str) -> DisplayStream:
        stream = DisplayStream(hub_url, lane)
        self.streams.append(stream)
        return stream


@needs_hub
class PublishTest(ClientTest):
    def test_a_bill_reaches_the_display_stream_with_django_types_exact(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        bill_id = uuid.uuid4()
        items = [{"id": 7, "name": "Kopi", "quantity": Decimal("2"), "unit_price": Decimal("12.34"), "subtotal": Decimal("24.68")}]
        result = display.update_bill(bill(total=Decimal("27.39"), bill_id=bill_id, items=items, subtotal=Decimal("24.68"), tax=Decimal("2.71"))).wait(5)
        self.assertEqual(result, Result(True, 200))
        screen.wait_for(lambda events: any(name == "bill-update" for name, _ in events), "the bill")
        shown = screen.named("bill-update")[-1]
        self.assertEqual(shown["bill_id"], str(bill_id))
        self.assertEqual(shown["total"], 27.39)
        self.assertEqual(shown["items"][0]["unit_price"], 12.34)
        self.assertEqual(shown["items"][0]["quantity"], 2)

    def test_a_sale_reaches_the_display_step_by_step(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        steps: List[Callable[[], Delivery]] = [
            lambda: display.update_bill(bill()),
            lambda: display.show_modal("payment", html="<div><h2>Pembayaran</h2></div>", data={"total": 27750}),
            lambda: display.payment({"bill_id": "B-1001", "amount_due": 27750, "method": "cash", "status": "approved", "tendered": 30000, "change": 2250}),
            lambda: display.hide_modal("payment"),
            lambda: display.thank_you(),
        ]
        for step in steps:  # a cashier's steps are seconds apart: each is sent on its own
            self.assertTrue(step().wait(5).ok)
        screen.wait_for(lambda events: any(name == "clear" for name, _ in events), "the clear")
        names = [name for name, _ in screen.events if name not in ("connected", "ping")]
        self.assertEqual(names, ["bill-update", "modal-show", "payment-update", "modal-hide", "clear"])
        self.assertEqual(screen.named("modal-show")[-1]["data"], {"total": 27750})
        self.assertEqual(screen.named("payment-update")[-1]["change"], 2250)
        self.assertEqual(screen.named("clear")[-1], {"reason": "payment_success"})

    def test_latest_wins_100_rapid_bills_cost_a_few_requests_and_the_last_is_shown(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        deliveries = [display.update_bill(bill(total=n)) for n in range(100)]
        self.assertTrue(display.flush(5))
        screen.wait_for(lambda events: any(data.get("total") == 99 for name, data in events if name == "bill-update"), "the last bill")
        shown = screen.named("bill-update")
        self.assertEqual(shown[-1]["total"], 99)
        self.assertLessEqual(display.requests_sent, 5, "latest wins: a burst is one request in flight plus the newest")
        self.assertEqual(len(shown), display.requests_sent, "every request the client sent reached the screen, and nothing else")
        results = [delivery.wait(1) for delivery in deliveries]
        self.assertTrue(all(result.ok for result in results))
        self.assertGreaterEqual(sum(result.coalesced for result in results), 95)
        self.assertFalse(results[-1].coalesced)

    def test_a_clear_is_never_overtaken_by_an_older_bill(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        for n in range(20):
            display.update_bill(bill(total=n))
        display.clear("void")
        self.assertTrue(display.flush(5))
        screen.wait_for(lambda events: any(name == "clear" for name, _ in events), "the clear")
        time.sleep(0.1)
        self.assertEqual([name for name, _ in screen.events if name not in ("connected", "ping")][-1], "clear")

    def test_the_change_reaches_the_thank_you_when_the_till_publishes_at_once(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        # A pay view publishes these within microseconds: the clear must not make the
        # approved payment moot, or the thank-you shows no change.
        display.update_bill(bill())
        display.payment({"bill_id": "B-1001", "amount_due": 27750, "method": "cash", "status": "approved", "tendered": 30000, "change": 2250})
        display.thank_you()
        self.assertTrue(display.flush(5))
        screen.wait_for(lambda events: any(name == "clear" for name, _ in events), "the clear")
        names = [name for name, _ in screen.events if name not in ("connected", "ping", "bill-update")]
        self.assertEqual(names, ["payment-update", "clear"])
        self.assertEqual(screen.named("payment-update")[-1]["change"], 2250)

    def test_a_script_that_ends_at_once_still_delivers_what_it_queued(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        script = (
            "from pos_customer_display import Display\n"
            f"display = Display({HUB_URL!r}, lane={lane!r})\n"
            "display.update_bill({'bill_id': 'B-1', 'items': [], 'total': 55500})\n"
            "display.payment({'bill_id': 'B-1', 'amount_due': 55500, 'method': 'cash', 'status': 'approved', 'tendered': 60000, 'change': 4500})\n"
            "display.thank_you()\n"
        )
        client_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        ran = subprocess.run([sys.executable, "-c", script], cwd=client_dir, timeout=10, capture_output=True, text=True)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        screen.wait_for(lambda events: any(name == "clear" for name, _ in events), "the thank-you")
        self.assertEqual([name for name, _ in screen.events if name != "ping"], ["connected", "bill-update", "payment-update", "clear"])

    @unittest.skipUnless(hasattr(os, "fork"), "needs fork")
    def test_a_forked_worker_process_sends_with_a_thread_of_its_own(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        self.assertTrue(display.update_bill(bill(total=1)).wait(5).ok)  # the parent's thread runs
        child = os.fork()
        if child == 0:  # gunicorn --preload: the worker inherits the Display, not its thread
            ok = display.update_bill(bill(total=2)).wait(5).ok
            os._exit(0 if ok else 1)
        _, status = os.waitpid(child, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8, 0)
        screen.wait_for(lambda events: any(data.get("total") == 2 for name, data in events if name == "bill-update"), "the child's bill")

    def test_the_state_is_taken_when_called_not_when_sent(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        body = bill(total=100)
        delivery = display.update_bill(body)
        body["total"] = 999999  # the till reuses its dict: the shopper must see what was published
        self.assertTrue(delivery.wait(5).ok)
        screen.wait_for(lambda events: any(name == "bill-update" for name, _ in events), "the bill")
        self.assertEqual(screen.named("bill-update")[-1]["total"], 100)

    def test_lanes_keep_tills_apart(self) -> None:
        lane_a, lane_b = new_lane("till-a"), new_lane("till-b")
        screen_a, screen_b = self.stream(HUB_URL, lane_a), self.stream(HUB_URL, lane_b)
        till_a = self.display(HUB_URL, lane=lane_a)
        till_b = self.display(HUB_URL, lane=lane_b)
        self.assertTrue(till_a.update_bill(bill(total=111, bill_id="A")).wait(5).ok)
        self.assertTrue(till_b.update_bill(bill(total=222, bill_id="B")).wait(5).ok)
        screen_a.wait_for(lambda events: any(name == "bill-update" for name, _ in events), "lane a's bill")
        screen_b.wait_for(lambda events: any(name == "bill-update" for name, _ in events), "lane b's bill")
        time.sleep(0.1)
        self.assertEqual([data["bill_id"] for data in screen_a.named("bill-update")], ["A"])
        self.assertEqual([data["bill_id"] for data in screen_b.named("bill-update")], ["B"])

    def test_the_hubs_refusal_names_the_field_and_is_logged_once_as_a_warning(self) -> None:
        display = self.display(HUB_URL, lane=new_lane())
        result = display.update_bill(bill(items=[{"name": 5, "quantity": 1, "subtotal": 1}])).wait(5)
        self.assertEqual((result.ok, result.status), (False, 400))
        self.assertIn("items.0.name", result.error or "")
        self.assertEqual(len(self.logs.at(logging.WARNING)), 1)


class InvalidInputTest(ClientTest):
    """Bad input at call time: logged and dropped, never raised into the sale."""

    def test_bad_bodies_return_a_failed_result_at_once_and_raise_nothing(self) -> None:
        display = self.display(dead_hub_url())
        cases = {
            "not a dict": "nope",
            "no bill_id": {"items": [], "total": 1},
            "items not a list": {"bill_id": 1, "items": "x", "total": 1},
            "negative total": bill(total=-1),
            "NaN": bill(total=float("nan")),
            "NaN in a line": bill(items=[{"name": "x", "quantity": 1, "subtotal": float("inf")}]),
            "a Decimal JSON cannot keep exactly": bill(total=Decimal("0.12345678901234567890")),
            "not JSON": bill(extra=object()),
        }
        for case, body in cases.items():
            with self.subTest(case):
                result = display.update_bill(body).wait(0)  # type: ignore[arg-type]
                self.assertFalse(result.ok)
                self.assertEqual(result.status, 0)
                self.assertIn("invalid update-bill body", result.error or "")
        self.assertEqual(display.requests_sent, 0)
        self.assertFalse(display.payment({"bill_id": 1, "amount_due": 5, "method": "cash", "status": "paid"}).wait(0).ok)
        self.assertFalse(display.clear("").wait(0).ok)

    def test_the_constructor_says_what_is_wrong_with_the_configuration(self) -> None:
        cases: List[Tuple[str, Dict[str, Any], str]] = [
            ("127.0.0.1:5000", {}, "http:// or https://"),
            ("ftp://hub", {}, "http:// or https://"),
            ("http://hub:99999", {}, "invalid port"),
            ("http://hub?lane=x", {}, "query"),
            ("http://hub", {"lane": "till 1"}, "lane"),
            ("http://hub", {"token": "a\r\nX-Evil: 1"}, "token"),
            ("http://hub", {"timeout": 0}, "timeout"),
            ("http://hub", {"timeout": float("inf")}, "timeout"),
        ]
        for hub_url, options, message in cases:
            with self.subTest(hub_url=hub_url, options=options):
                with self.assertRaisesRegex(ValueError, message):
                    Display(hub_url, **options)

    def test_a_closed_display_refuses_quietly(self) -> None:
        display = Display(dead_hub_url())
        display.close()
        self.assertEqual(display.update_bill(bill()).wait(0).error, "the display was closed")


class UnreachableHubTest(ClientTest):
    def test_a_hub_that_is_down_costs_the_sale_nothing(self) -> None:
        display = self.display(dead_hub_url(), lane="till-1")
        started = time.monotonic()
        deliveries = [display.update_bill(bill(total=n)) for n in range(50)]
        display.clear()
        queued_in = time.monotonic() - started
        self.assertLess(queued_in, 0.5, "publishing never waits on the network")
        result = deliveries[-1].wait()
        self.assertEqual((result.ok, result.status), (False, 0))
        self.assertIn("connection refused", result.error or "")
        self.assertTrue(display.flush(3))
        # One warning for the outage, the repeats at debug: a hub down all day is one line.
        self.assertEqual(len(self.logs.at(logging.WARNING)), 1, self.logs.text())
        self.assertEqual(display.ask({"kind": "confirm"}, timeout=1), None)

    def test_a_hub_that_never_answers_is_bounded_by_the_timeout(self) -> None:
        hub = SilentHub()
        self.addCleanup(hub.close)
        display = self.display(hub.url, timeout=0.5)
        started = time.monotonic()
        delivery = display.update_bill(bill())
        self.assertLess(time.monotonic() - started, 0.2, "the call returns at once")
        result = delivery.wait()  # waits until the call's deadline, no longer
        waited = time.monotonic() - started
        self.assertEqual(result, Result(False, 0, "no answer from the hub within 0.5 s"))
        self.assertLess(waited, 1.0)
        self.assertTrue(display.flush(2), "the request itself gave up after its timeout")
        self.assertLess(time.monotonic() - started, 1.5)
        asked = time.monotonic()
        self.assertEqual(display.ask_outcome({"kind": "confirm"}, timeout=5).status, "cancelled")
        self.assertLess(time.monotonic() - asked, 1.5, "ask() gives up on a hub that does not answer its stream")

    def test_on_error_hears_each_failure_and_a_broken_handler_breaks_nothing(self) -> None:
        heard: List[str] = []

        def on_error(command: str, result: Result) -> None:
            heard.append(command)
            raise RuntimeError("handler bug")

        display = self.display(dead_hub_url(), on_error=on_error)
        self.assertFalse(display.update_bill(bill()).wait(3).ok)
        self.assertEqual(heard, ["update-bill"])


@needs_token_hub
class TokenTest(ClientTest):
    def test_401_without_the_token_and_ok_with_it_and_the_token_is_never_logged(self) -> None:
        lane = new_lane()
        without = self.display(TOKEN_HUB_URL, lane=lane).update_bill(bill()).wait(5)
        self.assertEqual((without.ok, without.status), (False, 401))
        wrong = self.display(TOKEN_HUB_URL, lane=lane, token="not-the-token").update_bill(bill()).wait(5)
        self.assertEqual(wrong.status, 401)
        display = self.display(TOKEN_HUB_URL, lane=lane, token=TOKEN)
        self.assertEqual(display.update_bill(bill()).wait(5), Result(True, 200))
        self.assertNotIn(TOKEN, repr(display))
        self.assertNotIn(TOKEN, self.logs.text())

    def test_ask_needs_the_token_too(self) -> None:
        lane = new_lane()
        refused = self.display(TOKEN_HUB_URL, lane=lane).ask_outcome({"kind": "confirm"}, timeout=1)
        self.assertEqual(refused.status, "cancelled")
        self.assertIn("refused", refused.reason or "")
        display = self.display(TOKEN_HUB_URL, lane=lane, token=TOKEN)
        screen = self.stream(TOKEN_HUB_URL, lane)
        answer_when_shown(screen, TOKEN_HUB_URL, lane, False)
        self.assertIs(display.ask({"kind": "confirm", "title": "Member?"}, timeout=5), False)


def answer_when_shown(screen: DisplayStream, hub_url: str, lane: str, value: Any) -> threading.Thread:
    """What a shopper does: the prompt appears on the screen, a tap posts the answer."""

    def tap() -> None:
        screen.wait_for(lambda events: any(name == "prompt-show" for name, _ in events), "the prompt on screen")
        prompt_id = screen.named("prompt-show")[-1]["prompt_id"]
        status, reply = post(hub_url, "respond", lane, {"prompt_id": prompt_id, "value": value})
        assert status == 200, (status, reply)

    thread = threading.Thread(target=tap, daemon=True)
    thread.start()
    return thread


@needs_hub
class AskTest(ClientTest):
    def test_ask_returns_the_shoppers_answer_after_the_bill_and_never_logs_it(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        display.update_bill(bill())
        email = "shopper.private@example.com"
        tapped = answer_when_shown(screen, HUB_URL, lane, {"channel": "email", "email": email})
        outcome = display.ask_outcome({"kind": "receipt", "channels": ["print", "email", "none"]}, timeout=5)
        tapped.join(1)
        self.assertEqual(outcome, PromptOutcome("answered", {"channel": "email", "email": email}))
        self.assertEqual(outcome.value["email"], email)
        self.assertNotIn(email, repr(outcome))
        self.assertNotIn(email, self.logs.text())
        names = [name for name, _ in screen.events]
        self.assertLess(names.index("bill-update"), names.index("prompt-show"), "the prompt follows its bill")

    def test_a_tip_answer_is_the_amount(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        answer_when_shown(screen, HUB_URL, lane, 2775)
        tip = display.ask({"prompt_id": "tip-1001", "kind": "tip", "amount_base": 27750, "presets": [{"percent": 10}, {"percent": 15}]}, timeout=5)
        self.assertEqual(tip, 2775)

    def test_ask_times_out_with_none_and_the_screen_drops_the_question(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)
        started = time.monotonic()
        outcome = display.ask_outcome({"kind": "rating"}, timeout=1)
        waited = time.monotonic() - started
        self.assertEqual(outcome, PromptOutcome("timeout"))
        self.assertGreaterEqual(waited, 0.9)
        self.assertLess(waited, 4.0)
        self.assertEqual(screen.named("prompt-show")[-1]["timeout_s"], 1, "the till's timeout is the screen's")
        screen.wait_for(lambda events: any(name == "prompt-close" for name, _ in events), "the prompt closed on screen")
        self.assertIsNone(display.ask({"kind": "rating"}, timeout=1))

    def test_cancel_prompt_ends_a_waiting_ask(self) -> None:
        lane = new_lane()
        screen = self.stream(HUB_URL, lane)
        display = self.display(HUB_URL, lane=lane)

        def cancel_when_shown() -> None:
            screen.wait_for(lambda events: any(name == "prompt-show" for name, _ in events), "the prompt on screen")
            display.cancel_prompt("member-1")

        threading.Thread(target=cancel_when_shown, daemon=True).start()
        outcome = display.ask_outcome({"prompt_id": "member-1", "kind": "confirm"}, timeout=10)
        self.assertEqual(outcome.status, "cancelled")

    def test_an_invalid_prompt_is_refused_without_raising(self) -> None:
        display = self.display(HUB_URL, lane=new_lane())
        self.assertEqual(display.ask_outcome({"kind": "lottery"}).status, "cancelled")
        self.assertIsNone(display.ask("tip"))  # type: ignore[arg-type]
        refused = display.ask_outcome({"kind": "choice", "options": []}, timeout=1)
        self.assertEqual(refused.status, "cancelled")
        self.assertIn("options", refused.reason or "")


if __name__ == "__main__":
    unittest.main()
