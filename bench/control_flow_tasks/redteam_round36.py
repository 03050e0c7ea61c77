"""Round 36 probes: two-sided in-head loops, plural counts, bounds and hidden conditions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


class Claim(BaseModel):
    id: str
    amount: float
    has_receipt: bool
    department: str


CL = {
    "e1": (120.0, True, "sales"),
    "e2": (800.0, True, "eng"),
    "e3": (450.0, True, "sales"),
    "e4": (500.0, True, "sales"),
    "e5": (499.0, True, "eng"),
    "e6": (200.0, False, "sales"),
    "e7": (90.0, True, "sales"),
    "e8": (9000.0, True, "eng"),
    "e9": (3000.0, True, "eng"),
    "e10": (501.0, True, "eng"),
    "e11": (300.0, True, "eng"),
    "e12": (900.0, True, "sales"),
    "f1": (120.0, True, "eng"),
    "f2": (800.0, True, "sales"),
    "f3": (450.0, True, "sales"),
}
BATCH = {
    "b1": ["e1", "e2", "e3"],
    "b2": ["e4", "e5"],
    "b3": ["e6", "e7"],
    "b4": ["e7", "e1"],
    "b5": ["e8", "e1"],
    "b6": ["e9", "e5"],
    "b7": ["e10", "e4"],
    "b8": ["e11", "e12"],
    "b9": ["e2", "e6", "e9"],
    "r2": ["f1", "f2", "f3"],
}


@action(read_only=True)
def list_claims(batch: str) -> list[str]:
    """Expense claim ids in a batch."""
    return list(BATCH[batch])


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """One expense claim: amount, whether a receipt is attached, and the department."""
    a, r, d = CL[claim_id]
    return Claim(id=claim_id, amount=a, has_receipt=r, department=d)


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim for payment."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def forward_claim(claim_id: str) -> str:
    """Forward a claim to the finance manager."""
    effect("forward_claim", claim_id)
    return "forwarded"


@action
def forward_claim_marked(claim_id: str, priority: str) -> str:
    """Forward a claim to the finance manager with a priority ('urgent' or 'normal')."""
    effect("forward_claim_marked", claim_id, priority)
    return "forwarded"


def _claims_answers(
    sides: dict[str, tuple[str, str]], finish: dict[str, Any], batch: str = "b1"
) -> list[Any]:
    ans = [say("I list the claims.", "list_claims", batch=ref("batch"))]
    for n, cid in enumerate(BATCH[batch]):
        ans.append(say(f"I look up {cid}.", "get_claim", claim_id=ref(f"list_claims_1.{n}")))
        why, act = sides[cid]
        ans.append(say(why, act, claim_id=ref(f"list_claims_1.{n}")))
    ans.append(say("Done.", "finish", **finish))
    return ans


def _make(
    name: str,
    words: str,
    rule: Any,
    held: list[HeldOut],
    sides: dict[str, tuple[str, str]],
    features: tuple[str, ...],
    batch: str = "b1",
) -> None:
    def reference(i: dict[str, Any]) -> Expected:
        eff: list[Any] = []
        a = f = 0
        for c in BATCH[i["batch"]]:
            side = rule(*CL[c])
            if side == "approve":
                eff.append(("approve_claim", c))
                a += 1
            elif side == "forward":
                eff.append(("forward_claim", c))
                f += 1
        return Expected(eff, {"approved": a, "forwarded": f})

    CASES.append(
        Case(
            task=Task(
                words,
                name=name,
                inputs={"batch": str},
                outputs={"approved": int, "forwarded": int},
                actions=[list_claims, get_claim, approve_claim, forward_claim],
            ),
            features=features,
            recorded={"batch": batch},
            answers=_claims_answers(sides, {"approved": 2, "forwarded": 1}, batch),
            reference=reference,
            held_out=held,
        )
    )


_STD = {
    "e1": ("120, approve.", "approve_claim"),
    "e2": ("800, forward.", "forward_claim"),
    "e3": ("450, approve.", "approve_claim"),
}

# 1 hidden second condition named in the words (receipt), alike in the recording
_make(
    "r36_receipt",
    "Approve every expense claim in the batch under 500 that has a receipt attached; forward "
    "the others to the finance manager. Report how many you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a < 500 and r else "forward",
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("ordinary 500/499", {"batch": "b2"}),
        HeldOut("adv 200 no receipt", {"batch": "b3"}),
        HeldOut("adv mix", {"batch": "b9"}),
    ],
    _STD,
    ("hidden rule", "second condition in words"),
)

# 2 inclusive bound at the edge ("up to 500")
_make(
    "r36_up_to",
    "Approve expense claims of up to 500 inclusive; anything above that goes to the finance "
    "manager. Report how many you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a <= 500 else "forward",
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("adv 500 exactly", {"batch": "b2"}),
        HeldOut("adv 501/500", {"batch": "b7"}),
    ],
    _STD,
    ("hidden rule", "edge bound"),
)

# 3 a third way unseen in the recording (over 5000: leave alone)
_make(
    "r36_third_way",
    "Approve expense claims under 500 and forward claims from 500 up to 5000 to the finance "
    "manager. Leave any claim over 5000 alone: the fraud team reviews those. Report how many "
    "you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a < 500 else ("forward" if a <= 5000 else "skip"),
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("ordinary 3000/499", {"batch": "b6"}),
        HeldOut("adv 9000", {"batch": "b5"}),
    ],
    _STD,
    ("hidden rule", "third way"),
)

# 4 two fields split the recording (amount and department); words name amount
_make(
    "r36_two_fields",
    "Approve every expense claim in the batch under 500; forward the others to the finance "
    "manager. Report how many you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a < 500 else "forward",
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("adv eng 300 / sales 900", {"batch": "b8"}),
        HeldOut("adv eng 499 / 3000", {"batch": "b6"}),
    ],
    _STD,
    ("hidden rule", "two fields split"),
)

# 5 the words name a field that splits the recording by coincidence: department
_make(
    "r36_dept_word",
    "Sales claims are pre-cleared, so approve expense claims from the sales department; forward "
    "the others to the finance manager. Report how many you approved and how many you forwarded.",
    lambda a, r, d: "approve" if d == "sales" else "forward",
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("adv eng 300 / sales 900", {"batch": "b8"}),
        HeldOut("adv 501/500", {"batch": "b7"}),
    ],
    _STD,
    ("hidden rule", "word names dept"),
)


# 6 per-item priority word on the forward side, chosen in the head
def _prio_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    a = f = 0
    for c in BATCH[i["batch"]]:
        amt = CL[c][0]
        if amt < 500:
            eff.append(("approve_claim", c))
            a += 1
        else:
            eff.append(("forward_claim_marked", c, "urgent" if amt > 2000 else "normal"))
            f += 1
    return Expected(eff, {"approved": a, "forwarded": f})


_p = [say("I list the claims.", "list_claims", batch=ref("batch"))]
for _n, _cid in enumerate(BATCH["b1"]):
    _p.append(say(f"I look up {_cid}.", "get_claim", claim_id=ref(f"list_claims_1.{_n}")))
    if _cid == "e2":
        _p.append(
            say(
                "800: forward, not over 2000 so normal.",
                "forward_claim_marked",
                claim_id=ref(f"list_claims_1.{_n}"),
                priority="normal",
            )
        )
    else:
        _p.append(say("Under 500, approve.", "approve_claim", claim_id=ref(f"list_claims_1.{_n}")))
_p.append(say("Done.", "finish", approved=2, forwarded=1))
CASES.append(
    Case(
        task=Task(
            "Approve expense claims under 500. Forward the others to the finance manager with "
            "priority urgent if the claim is over 2000, normal otherwise. Report how many you "
            "approved and how many you forwarded.",
            name="r36_priority",
            inputs={"batch": str},
            outputs={"approved": int, "forwarded": int},
            actions=[list_claims, get_claim, approve_claim, forward_claim_marked],
        ),
        features=("hidden rule", "per-item word on a side"),
        recorded={"batch": "b1"},
        answers=_p,
        reference=_prio_ref,
        held_out=[
            HeldOut("ordinary 90/120", {"batch": "b4"}),
            HeldOut("ordinary 500/499", {"batch": "b2"}),
            HeldOut("adv 3000 urgent", {"batch": "b6"}),
        ],
    )
)


# ------------------------------------------------ 7 plural count that names a list, not a side
class Order(BaseModel):
    id: str
    late: bool
    total: float


ORD = {
    "o1": (True, 40.0),
    "o2": (False, 55.0),
    "o3": (True, 20.0),
    "o4": (False, 10.0),
    "o5": (False, 70.0),
    "o6": (True, 15.0),
    "o7": (False, 30.0),
}
COMPLAINTS = {
    "mon": ["o1", "o2", "o3"],
    "tue": ["o4", "o5", "o6", "o7"],
    "wed": ["o6", "o3"],
    "thu": ["o2"],
}


@action(read_only=True)
def list_complaints(day: str) -> list[str]:
    """Order ids customers complained about on a day."""
    return list(COMPLAINTS[day])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: whether it was delivered late, and its total."""
    late, t = ORD[order_id]
    return Order(id=order_id, late=late, total=t)


@action
def refund_order(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund_order", order_id)
    return "refunded"


@action
def send_voucher(order_id: str) -> str:
    """Send the customer of an order a goodwill voucher."""
    effect("send_voucher", order_id)
    return "sent"


def _orders_ref(i: dict[str, Any]) -> Expected:
    eff = [("refund_order" if ORD[o][0] else "send_voucher", o) for o in COMPLAINTS[i["day"]]]
    r = sum(1 for e in eff if e[0] == "refund_order")
    return Expected(eff, {"orders": len(eff), "refunds": r})


_o = [say("Complaints today?", "list_complaints", day=ref("day"))]
for _n, _oid in enumerate(COMPLAINTS["mon"]):
    _o.append(say(f"Looking at {_oid}.", "get_order", order_id=ref(f"list_complaints_1.{_n}")))
    if ORD[_oid][0]:
        _o.append(say("Late, refund.", "refund_order", order_id=ref(f"list_complaints_1.{_n}")))
    else:
        _o.append(say("On time, voucher.", "send_voucher", order_id=ref(f"list_complaints_1.{_n}")))
_o.append(say("Three orders handled, two refunds.", "finish", orders=3, refunds=2))
CASES.append(
    Case(
        task=Task(
            "Go through the orders customers complained about on the day: refund the order if "
            "it was delivered late, otherwise send the customer a voucher. Report how many "
            "orders you went through and how many refunds you issued.",
            name="r36_orders_count",
            inputs={"day": str},
            outputs={"orders": int, "refunds": int},
            actions=[list_complaints, get_order, refund_order, send_voucher],
        ),
        features=("hidden rule", "plural count of the list"),
        recorded={"day": "mon"},
        answers=_o,
        reference=_orders_ref,
        held_out=[
            HeldOut("ordinary 2 late", {"day": "wed"}),
            HeldOut("adv 4 orders 1 late", {"day": "tue"}),
            HeldOut("adv 1 on time", {"day": "thu"}),
        ],
    )
)


_STD2 = {
    "f1": ("120, approve.", "approve_claim"),
    "f2": ("800, forward.", "forward_claim"),
    "f3": ("450, approve.", "approve_claim"),
}

# 1b receipt, recorded on a batch where department does not split the items
_make(
    "r36_receipt2",
    "Approve every expense claim in the batch under 500 that has a receipt attached; forward "
    "the others to the finance manager. Report how many you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a < 500 and r else "forward",
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("ordinary 500/499", {"batch": "b2"}),
        HeldOut("adv 200 no receipt", {"batch": "b3"}),
        HeldOut("adv mix", {"batch": "b9"}),
    ],
    _STD2,
    ("hidden rule", "second condition in words"),
    batch="r2",
)

# 3b third way, recorded on a batch where department does not split the items
_make(
    "r36_third_way2",
    "Approve expense claims under 500 and forward claims from 500 up to 5000 to the finance "
    "manager. Leave any claim over 5000 alone: the fraud team reviews those. Report how many "
    "you approved and how many you forwarded.",
    lambda a, r, d: "approve" if a < 500 else ("forward" if a <= 5000 else "skip"),
    [
        HeldOut("ordinary 90/120", {"batch": "b4"}),
        HeldOut("ordinary 3000/499", {"batch": "b6"}),
        HeldOut("ordinary 500/499", {"batch": "b2"}),
        HeldOut("adv 9000", {"batch": "b5"}),
    ],
    _STD2,
    ("hidden rule", "third way"),
    batch="r2",
)


# 6b priority word, recorded on r2 (department does not split)
_p2 = [say("I list the claims.", "list_claims", batch=ref("batch"))]
for _n, _cid in enumerate(BATCH["r2"]):
    _p2.append(say(f"I look up {_cid}.", "get_claim", claim_id=ref(f"list_claims_1.{_n}")))
    if _cid == "f2":
        _p2.append(
            say(
                "800: forward, not over 2000 so normal.",
                "forward_claim_marked",
                claim_id=ref(f"list_claims_1.{_n}"),
                priority="normal",
            )
        )
    else:
        _p2.append(say("Under 500, approve.", "approve_claim", claim_id=ref(f"list_claims_1.{_n}")))
_p2.append(say("Done.", "finish", approved=2, forwarded=1))
CASES.append(
    Case(
        task=Task(
            "Approve expense claims under 500. Forward the others to the finance manager with "
            "priority urgent if the claim is over 2000, normal otherwise. Report how many you "
            "approved and how many you forwarded.",
            name="r36_priority2",
            inputs={"batch": str},
            outputs={"approved": int, "forwarded": int},
            actions=[list_claims, get_claim, approve_claim, forward_claim_marked],
        ),
        features=("hidden rule", "per-item word on a side"),
        recorded={"batch": "r2"},
        answers=_p2,
        reference=_prio_ref,
        held_out=[
            HeldOut("ordinary 90/120", {"batch": "b4"}),
            HeldOut("ordinary 500/499", {"batch": "b2"}),
            HeldOut("adv 3000 urgent", {"batch": "b6"}),
        ],
    )
)


# 8 plural count that both sides' actions name ("claims"): the total the model went through
def _claims_total_ref(i: dict[str, Any]) -> Expected:
    eff = [("approve_claim" if CL[c][0] < 500 else "forward_claim", c) for c in BATCH[i["batch"]]]
    return Expected(
        eff, {"claims": len(eff), "approvals": sum(1 for e in eff if e[0] == "approve_claim")}
    )


CASES.append(
    Case(
        task=Task(
            "Approve every expense claim in the batch under 500; forward the others to the "
            "finance manager. Report how many claims you went through and how many approvals "
            "you gave.",
            name="r36_claims_total",
            inputs={"batch": str},
            outputs={"claims": int, "approvals": int},
            actions=[list_claims, get_claim, approve_claim, forward_claim],
        ),
        features=("hidden rule", "plural count both sides"),
        recorded={"batch": "r2"},
        answers=_claims_answers(_STD2, {"claims": 3, "approvals": 2}, "r2"),
        reference=_claims_total_ref,
        held_out=[
            HeldOut("ordinary 90/120", {"batch": "b4"}),
            HeldOut("adv 500/499", {"batch": "b2"}),
            HeldOut("adv 3 items 1 approve", {"batch": "b9"}),
        ],
    )
)


# 9 plural count naming the other side's object: approve_claim / forward_claim, "forwards"
# is not a name; use "receipts" = how many approved claims had receipts? Instead: two sides
# with distinct nouns, count named by the OTHER side's noun in a negated phrase.
@action
def issue_refund(order_id: str) -> str:
    """Refund an order."""
    effect("issue_refund", order_id)
    return "ok"


@action
def send_apology(order_id: str) -> str:
    """Email the customer an apology."""
    effect("send_apology", order_id)
    return "ok"


def _refund_less_ref(i: dict[str, Any]) -> Expected:
    eff = [("issue_refund" if ORD[o][0] else "send_apology", o) for o in COMPLAINTS[i["day"]]]
    r = sum(1 for e in eff if e[0] == "issue_refund")
    return Expected(eff, {"apologies": len(eff) - r, "orders_without_refunds": len(eff) - r})


_q = [say("Complaints today?", "list_complaints", day=ref("day"))]
for _n, _oid in enumerate(COMPLAINTS["mon"]):
    _q.append(say(f"Looking at {_oid}.", "get_order", order_id=ref(f"list_complaints_1.{_n}")))
    if ORD[_oid][0]:
        _q.append(say("Late, refund.", "issue_refund", order_id=ref(f"list_complaints_1.{_n}")))
    else:
        _q.append(say("On time, apology.", "send_apology", order_id=ref(f"list_complaints_1.{_n}")))
_q.append(
    say("One apology; one order got no refund.", "finish", apologies=1, orders_without_refunds=1)
)
CASES.append(
    Case(
        task=Task(
            "Go through the orders customers complained about on the day: issue a refund if "
            "the order was delivered late, otherwise send an apology. Report how many apologies "
            "you sent and how many orders went without refunds.",
            name="r36_without_refunds",
            inputs={"day": str},
            outputs={"apologies": int, "orders_without_refunds": int},
            actions=[list_complaints, get_order, issue_refund, send_apology],
        ),
        features=("hidden rule", "plural count negated other side"),
        recorded={"day": "mon"},
        answers=_q,
        reference=_refund_less_ref,
        held_out=[
            HeldOut("ordinary 2 late", {"day": "wed"}),
            HeldOut("adv 4 orders 1 late", {"day": "tue"}),
            HeldOut("adv 1 on time", {"day": "thu"}),
        ],
    )
)

CASES = at_least_three(CASES)
