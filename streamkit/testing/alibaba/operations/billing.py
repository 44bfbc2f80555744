"""Prices and renewals: GetResourcePrice, GetResourceRenewPrice, RenewAppInstanceGroup.

The simulation keeps its own list prices (no real tariff): a node costs a monthly price set by
its vCPUs and GPU memory; a week is a quarter of a month, a year twelve months less 15%. A
pay-as-you-go price is one hour of it. Amounts are decimal strings in CNY, as the API sends.
"""

from __future__ import annotations

import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from streamkit.testing.alibaba.catalog import NODE_INSTANCE_TYPES, REGIONS
from streamkit.testing.alibaba.errors import ApiError, invalid, missing
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body
from streamkit.testing.alibaba.protocol import Params
from streamkit.testing.alibaba.state import Group, GroupStatus

__all__ = ["PERIODS", "get_resource_price", "get_resource_renew_price",
           "renew_app_instance_group"]

CURRENCY: Final = "CNY"
#: the Period values each PeriodUnit takes (other pairs are refused when the order is placed)
PERIODS: Final = {"Week": (1,), "Month": (1, 2, 3, 6), "Year": (1, 2, 3)}
PERIOD_DAYS: Final = {"Week": 7, "Month": 30, "Year": 365}
YEAR_DISCOUNT: Final = Decimal("0.15")
HOURS_A_MONTH: Final = 720
#: the session types GetResourcePrice prices by AppInstanceType (per month, Connected/Standby)
SESSION_PRICES: Final = {"appstreaming.general": (Decimal("399"), Decimal("99")),
                         "appstreaming.vgpu": (Decimal("899"), Decimal("199"))}
_CENT: Final = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def monthly_price(instance_type: str) -> Decimal:
    """The simulation's list price of one node of ``instance_type`` for a month."""
    spec = NODE_INSTANCE_TYPES[instance_type]
    return Decimal(spec.cpu * 60) + Decimal(spec.gpu_memory) / 1024 * 150


def _months(period: int, unit: str) -> Decimal:
    return {"Week": Decimal("0.25"), "Month": Decimal(1), "Year": Decimal(12)}[unit] * period


def _price(original: Decimal, unit: str | None) -> dict[str, Any]:
    discount = original * YEAR_DISCOUNT if unit == "Year" else Decimal(0)
    rules = [{"RuleId": 1_020_021_003_930_001, "Description": "Yearly subscription: 15% off"}] \
        if discount else []
    return {"Price": {"OriginalPrice": _money(original), "DiscountPrice": _money(discount),
                      "TradePrice": _money(original - discount), "Currency": CURRENCY,
                      "Promotions": []},
            "Rules": rules}


def _period(p: Params, *, order: bool) -> tuple[int, str]:
    """``Period``/``PeriodUnit``; an order (``order``) refuses pairs the API does not sell."""
    unit = p.choice("PeriodUnit", tuple(PERIODS), required=True)
    period = p.integer("Period", required=True, minimum=1)
    assert unit is not None and period is not None
    if order and period not in PERIODS[unit]:
        raise invalid("Period", f"with PeriodUnit {unit} use one of {PERIODS[unit]}")
    return period, unit


def _subscription(call: AlibabaCall, group_id: str) -> Group:
    group = call.state.group(group_id)
    if group.charge_type != "PrePaid":
        raise invalid("AppInstanceGroupId", f"the delivery group {group_id} is pay-as-you-go "
                                            "(PostPaid): only subscriptions are renewed")
    return group


@OPERATIONS("GetResourcePrice")
def get_resource_price(call: AlibabaCall) -> Body:
    """GetResourcePrice: nodes (NodeInstanceType: PriceModel) or sessions (AppInstanceType:
    PriceList of Connected and Standby); NodeInstanceType wins when both are given."""
    p = call.params
    p.product_type()
    region = p.text("BizRegionId", required=True)
    if region not in REGIONS:
        raise invalid("BizRegionId", f"unknown region {region!r}")
    charge_type = p.choice("ChargeType", ("PostPaid", "PrePaid"), required=True)
    period, unit = _period(p, order=False)
    amount = p.integer("Amount", required=True, minimum=1)
    assert amount is not None
    node_type, session_type = p.text("NodeInstanceType"), p.text("AppInstanceType")
    hours = charge_type == "PostPaid"
    if node_type:
        if node_type not in NODE_INSTANCE_TYPES:
            raise invalid("NodeInstanceType", f"unknown instance type {node_type!r}")
        monthly = monthly_price(node_type) * amount
        original = monthly / HOURS_A_MONTH if hours else monthly * _months(period, unit)
        return {"PriceModel": _price(original, None if hours else unit)}
    if session_type:
        prices = SESSION_PRICES.get(session_type)
        if prices is None:
            raise invalid("AppInstanceType", f"unknown session type {session_type!r}")
        return {"PriceList": [
            {"PriceType": kind, **_price(
                price * amount / HOURS_A_MONTH if hours
                else price * amount * _months(period, unit), None if hours else unit)}
            for kind, price in zip(("Connected", "Standby"), prices, strict=True)]}
    raise missing("NodeInstanceType")


@OPERATIONS("GetResourceRenewPrice")
def get_resource_renew_price(call: AlibabaCall) -> Body:
    """GetResourceRenewPrice: what renewing a subscription group's nodes for a period costs."""
    p = call.params
    p.product_type()
    period, unit = _period(p, order=False)
    group = _subscription(call, p.required("AppInstanceGroupId"))
    pool = group.node_pool
    original = monthly_price(pool.instance_type) * pool.node_amount * _months(period, unit)
    return {"Data": _price(original, unit)}


@OPERATIONS("RenewAppInstanceGroup")
def renew_app_instance_group(call: AlibabaCall) -> Body:
    """RenewAppInstanceGroup: an order for a period; paid at once with ``AutoPay`` (the group
    then expires that much later, and an EXPIRED group serves again), else it waits for
    payment and changes nothing."""
    p = call.params
    p.product_type()
    period, unit = _period(p, order=True)
    auto_pay = p.boolean("AutoPay", default=False)
    p.text("PromotionId")
    group = _subscription(call, p.required("AppInstanceGroupId"))
    if group.status in (GroupStatus.DEPLOYING, "CEASED", "EXPIRED_RECYCLING"):
        raise ApiError("IncorrectAppInstanceGroupStatus",
                       f"The delivery group {group.group_id} is {group.status}; renewing is not "
                       "allowed in this status.")
    if auto_pay:
        group.renewed_days += PERIOD_DAYS[unit] * period
        if group.status == "EXPIRED":
            group.status, group.resource_status = GroupStatus.PUBLISHED, "AVAILABLE"
        group.modified = call.now
    return {"OrderId": str(secrets.randbelow(9 * 10**14) + 10**14)}
