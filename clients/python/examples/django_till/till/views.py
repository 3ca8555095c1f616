"""
A till's two moments, as JSON views: add a line, take the payment. The open bills live in a
dict to keep the example model-free; in your project they are models saved in the same
transaction, and `customer_display.show_bill` is called the same way.
"""
import json
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import customer_display

TAX_RATE = Decimal("0.11")  # PPN 11 %, as the original till computes it
OPEN_BILLS: Dict[str, Dict[str, Any]] = {}


def _rupiah(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _totals(bill: Dict[str, Any]) -> None:
    bill["subtotal"] = sum((line["subtotal"] for line in bill["lines"]), Decimal(0))
    bill["tax"] = _rupiah(bill["subtotal"] * TAX_RATE)
    bill["total"] = bill["subtotal"] + bill["tax"] - bill["discount"]


def _json(bill: Dict[str, Any]) -> JsonResponse:
    return JsonResponse(customer_display.bill_payload(bill), json_dumps_params={"default": str})


@csrf_exempt  # the example's till UI posts JSON from its own pages; keep CSRF in yours
@require_POST
@transaction.atomic
def add_item(request: HttpRequest, till: str) -> JsonResponse:
    line = json.loads(request.body)
    bill = OPEN_BILLS.setdefault(till, {"id": str(uuid.uuid4()), "number": f"INV-{len(OPEN_BILLS) + 1001}", "lines": [], "discount": Decimal(0)})
    quantity, unit_price = Decimal(str(line["quantity"])), Decimal(str(line["unit_price"]))
    bill["lines"].append({"id": len(bill["lines"]) + 1, "name": line["name"], "quantity": quantity, "unit_price": unit_price, "subtotal": quantity * unit_price, "notes": line.get("notes")})
    _totals(bill)
    customer_display.show_bill(till, bill)  # sent after the commit, off this thread
    return _json(bill)


@csrf_exempt
@require_POST
@transaction.atomic
def pay(request: HttpRequest, till: str) -> JsonResponse:
    tendered = Decimal(str(json.loads(request.body)["tendered"]))
    bill = OPEN_BILLS.pop(till)
    change = tendered - bill["total"]
    if change < 0:
        OPEN_BILLS[till] = bill
        return JsonResponse({"error": "underpaid", "short": str(-change)}, status=400)
    customer_display.show_payment(till, bill, "cash", tendered, change)
    customer_display.thank_you(till)
    return JsonResponse({"bill_id": bill["id"], "change": str(change)})
