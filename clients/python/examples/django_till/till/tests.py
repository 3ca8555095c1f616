"""
The Django example against a real hub (test/node/python-client.test.ts starts one and sets
CUSTOMER_DISPLAY_HUB_URL): a sale reaches the till's screen, and a hub that never answers
costs the sale nothing.
"""
import json
import time
from typing import Any, Dict

from django.conf import settings
from django.db import transaction
from django.test import TransactionTestCase, override_settings

from tests.hub_support import DisplayStream, SilentHub

from . import customer_display

TILL = "till-1"


class SaleTest(TransactionTestCase):
    """Real commits (TransactionTestCase): the display is told after each one."""

    def setUp(self) -> None:
        customer_display.open_displays()
        self.screen = DisplayStream(settings.CUSTOMER_DISPLAY["HUB_URL"], TILL)
        self.addCleanup(self.screen.close)

    def post(self, path: str, body: Dict[str, Any]) -> Any:
        response = self.client.post(path, data=json.dumps(body), content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_a_sale_reaches_the_tills_screen(self) -> None:
        self.post(f"/till/{TILL}/items", {"name": "Nasi Goreng", "quantity": 2, "unit_price": "25000"})
        bill = self.post(f"/till/{TILL}/items", {"name": "Es Teh Manis", "quantity": 1, "unit_price": "5000", "notes": "less sugar"})
        self.assertEqual(bill["total"], "61050")
        self.screen.wait_for(lambda events: any(name == "bill-update" and data["total"] == 61050 for name, data in events), "the bill with both lines")
        shown = self.screen.named("bill-update")[-1]
        self.assertEqual([item["name"] for item in shown["items"]], ["Nasi Goreng", "Es Teh Manis"])
        self.assertEqual((shown["subtotal"], shown["tax"]), (55000, 6050))

        paid = self.post(f"/till/{TILL}/pay", {"tendered": 70000})
        self.assertEqual(paid["change"], "8950")
        self.screen.wait_for(lambda events: any(name == "clear" for name, _ in events), "the thank-you")
        self.assertEqual(self.screen.named("payment-update")[-1]["change"], 8950)
        self.assertEqual(self.screen.named("clear")[-1]["reason"], "payment_success")

    def test_a_rolled_back_sale_never_reaches_the_screen(self) -> None:
        bill = {"id": "B-rolled-back", "number": "INV-0", "lines": [], "subtotal": 0, "tax": 0, "discount": 0, "total": 0}
        with self.assertRaises(RuntimeError):
            with transaction.atomic():
                customer_display.show_bill(TILL, bill)
                raise RuntimeError("the sale failed after the bill was built")
        display = customer_display.display_for(TILL)
        assert display is not None
        self.assertTrue(display.flush(2))
        self.assertEqual(display.requests_sent, 0)

    def test_a_hub_that_never_answers_costs_the_sale_nothing(self) -> None:
        hub = SilentHub()
        self.addCleanup(hub.close)
        with override_settings(CUSTOMER_DISPLAY={**settings.CUSTOMER_DISPLAY, "HUB_URL": hub.url, "TIMEOUT": 1.0}):
            customer_display.open_displays()
            started = time.monotonic()
            self.post(f"/till/{TILL}/items", {"name": "Kopi", "quantity": 1, "unit_price": "18000"})
            self.post(f"/till/{TILL}/pay", {"tendered": 20000})
            took = time.monotonic() - started
            # The hub's 1 s timeout is the display thread's business; the sale did not wait for it.
            self.assertLess(took, 0.5)
            display = customer_display.display_for(TILL)
            assert display is not None
            self.assertFalse(display.flush(0), "the display's thread is still waiting for the hub")
        customer_display.open_displays()
