"""
The till's customer display: one `Display` per till, opened at start-up, shared by every
request thread. Views call `show_bill`, `show_payment` and `thank_you`; none of them waits on
the network or raises: the sale goes on whatever the display does.
"""
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from django.conf import settings
from django.db import transaction

from pos_customer_display import Display

_displays: Dict[str, Display] = {}


def open_displays() -> None:
    """Called from `AppConfig.ready()`. Raises `ValueError` for a bad setting: at start-up, not at the till."""
    config = settings.CUSTOMER_DISPLAY
    for display in _displays.values():
        display.close(timeout=0)
    _displays.clear()
    for till in config["TILLS"]:
        _displays[till] = Display(config["HUB_URL"], lane=till, token=config.get("TOKEN"), timeout=config.get("TIMEOUT", 1.0))


def display_for(till: str) -> Optional[Display]:
    """The till's display; None for a till that has no screen (nothing is shown)."""
    return _displays.get(till)


def bill_payload(bill: Mapping[str, Any]) -> Dict[str, Any]:
    """The wire's bill from the till's own (Decimal money and UUIDs are fine: the client encodes them exactly)."""
    return {
        "bill_id": bill["id"],
        "bill_number": bill["number"],
        "items": [
            {"id": line["id"], "name": line["name"], "quantity": line["quantity"], "unit_price": line["unit_price"], "subtotal": line["subtotal"], "notes": line.get("notes")}
            for line in bill["lines"]
        ],
        "subtotal": bill["subtotal"],
        "tax": bill["tax"],
        "discount": bill["discount"],
        "total": bill["total"],
    }


def show_bill(till: str, bill: Mapping[str, Any]) -> None:
    """
    Publishes the bill once the sale's transaction commits: the shopper never sees a line
    that was rolled back. The payload is built now, from the state this request saved.
    """
    display = display_for(till)
    if display is not None:
        payload = bill_payload(bill)
        transaction.on_commit(lambda: display.update_bill(payload))


def show_payment(till: str, bill: Mapping[str, Any], method: str, tendered: Decimal, change: Decimal) -> None:
    display = display_for(till)
    if display is not None:
        payment = {"bill_id": bill["id"], "amount_due": bill["total"], "method": method, "status": "approved", "tendered": tendered, "change": change}
        transaction.on_commit(lambda: display.payment(payment))


def thank_you(till: str) -> None:
    """The thank-you (with the change), then the idle slideshow."""
    display = display_for(till)
    if display is not None:
        transaction.on_commit(display.thank_you)
