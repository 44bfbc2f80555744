"""``cloud.alibaba.billing``: what nodes cost, what renewing a subscription group costs, and
renewing it (GetResourcePrice, GetResourceRenewPrice, RenewAppInstanceGroup)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import ExtensionContext
from streamkit.operations import Operation
from streamkit.providers.alibaba.operations import PRODUCT
from streamkit.providers.alibaba.translate import check_group_id
from streamkit.retry import CallKind
from streamkit.specs import SUBSCRIPTION_PERIODS
from streamkit.validation import check_bool, check_instance_type, check_int, check_optional_str

__all__ = ["OPERATIONS", "Billing", "Money", "Period", "Price", "PriceRule", "Promotion",
           "Renewal"]


@attrs.frozen
class Period:
    """A subscription's length: ``Period(1, "Week")``, ``Period(1|2|3|6, "Month")`` or
    ``Period(1|2|3, "Year")`` (the lengths the API sells)."""

    amount: int
    unit: Literal["Week", "Month", "Year"] = "Month"

    def __attrs_post_init__(self) -> None:
        allowed = SUBSCRIPTION_PERIODS.get(self.unit) if isinstance(self.unit, str) else None
        if allowed is None:
            raise ValidationError("period.unit", "must be 'Week', 'Month' or 'Year'", self.unit)
        if type(self.amount) is not int or self.amount not in allowed:
            raise ValidationError("period.amount", f"must be one of {allowed} with unit "
                                  f"{self.unit!r}", self.amount)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@attrs.frozen
class Money:
    """An amount of a currency, exact (``Decimal("10.00")``, ``"CNY"``)."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


@attrs.frozen(kw_only=True)
class Promotion:
    """A coupon the cloud offers with a price; ``selected`` when the price applies it."""

    id: str
    name: str | None = None
    description: str | None = None
    option_code: str | None = None
    selected: bool = False


@attrs.frozen(kw_only=True)
class PriceRule:
    """A rule the price was worked out by (a discount's reason)."""

    id: str
    description: str | None = None


@attrs.frozen(kw_only=True)
class Price:
    """What something costs: ``trade`` (what is paid) is ``original`` less ``discount``.

    ``period`` is the length priced (None: pay as you go, priced per hour); ``kind`` tells
    session prices apart (``"Connected"``, ``"Standby"``), None for nodes.
    """

    original: Money
    discount: Money
    trade: Money
    period: Period | None = None
    kind: str | None = None
    promotions: tuple[Promotion, ...] = ()
    rules: tuple[PriceRule, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class Renewal:
    """A renewal order: ``paid`` when it was paid at once (``auto_pay``); otherwise it waits
    for payment in the console and the group's expiry has not moved yet."""

    order_id: str
    group_id: str
    period: Period
    paid: bool


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{field} is not a number: {value!r}") from None


def _text(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return str(value) if value not in (None, "") else None


def price(d: Mapping[str, Any], period: Period | None, kind: str | None = None) -> Price:
    """A ``{Price: {...}, Rules: [...]}`` answer as a :class:`Price`."""
    p = d["Price"]
    currency = str(p.get("Currency") or "CNY")

    def money(key: str) -> Money:
        return Money(_decimal(p.get(key) or 0, key), currency)

    return Price(
        original=money("OriginalPrice"), discount=money("DiscountPrice"),
        trade=money("TradePrice"), period=period, kind=kind,
        promotions=tuple(Promotion(id=str(x.get("PromotionId")),
                                   name=_text(x, "PromotionName"),
                                   description=_text(x, "PromotionDesc"),
                                   option_code=_text(x, "OptionCode"),
                                   selected=x.get("Selected") is True)
                         for x in p.get("Promotions") or ()),
        rules=tuple(PriceRule(id=str(r.get("RuleId")), description=_text(r, "Description"))
                    for r in d.get("Rules") or ()),
        raw=d)


def _period_params(period: Period) -> dict[str, Any]:
    return {"Period": period.amount, "PeriodUnit": period.unit}


def price_request(region: str, instance_type: str, amount: int, charge_type: str,
                  period: Period) -> dict[str, Any]:
    return {"ProductType": PRODUCT, "BizRegionId": region, "NodeInstanceType": instance_type,
            "Amount": amount, "ChargeType": charge_type, **_period_params(period)}


def renew_price_request(group_id: str, period: Period) -> dict[str, Any]:
    return {"ProductType": PRODUCT, "AppInstanceGroupId": group_id, **_period_params(period)}


def renew_request(group_id: str, period: Period, auto_pay: bool,
                  promotion_id: str | None = None) -> dict[str, Any]:
    return {**renew_price_request(group_id, period), "AutoPay": auto_pay,
            **({"PromotionId": promotion_id} if promotion_id else {})}


def _node_price(body: Mapping[str, Any], _region: str) -> Mapping[str, Any]:
    found: Mapping[str, Any] = body["PriceModel"]
    return found


def _renew_price(body: Mapping[str, Any], _region: str) -> Mapping[str, Any]:
    found: Mapping[str, Any] = body["Data"]
    return found


def _order(body: Mapping[str, Any], _region: str) -> str:
    return str(body["OrderId"])


_PRICE: Operation[Mapping[str, Any]] = Operation(
    name="GetResourcePrice", request=price_request, answer=_node_price,
    used_by=("alibaba.billing.price",))
_RENEW_PRICE: Operation[Mapping[str, Any]] = Operation(
    name="GetResourceRenewPrice", request=renew_price_request, answer=_renew_price,
    used_by=("alibaba.billing.renewal_price",))
# a renewal creates an order: after a lost answer it is never sent again (it would buy twice)
_RENEW: Operation[str] = Operation(
    name="RenewAppInstanceGroup", request=renew_request, answer=_order, kind=CallKind.CREATE,
    used_by=("alibaba.billing.renew",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (_PRICE, _RENEW_PRICE, _RENEW)}


def _check_period(value: object) -> Period:
    if not isinstance(value, Period):
        raise ValidationError("period", "must be a streamkit.alibaba.Period", value)
    return value


class Billing:
    """Prices and renewals of subscription (PrePaid) delivery groups."""

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls
        self._region = context.calls.region

    def price(self, instance_type: str, period: Period, *, amount: int = 1,
              charge_type: Literal["PrePaid", "PostPaid"] = "PrePaid") -> Price:
        """What ``amount`` nodes of ``instance_type`` cost in this region: for ``period``
        (subscription), or per hour (``charge_type="PostPaid"``)."""
        check_instance_type("instance_type", instance_type)
        period = _check_period(period)
        check_int("amount", amount, minimum=1, maximum=1000)
        if charge_type not in ("PrePaid", "PostPaid"):
            raise ValidationError("charge_type", "must be 'PrePaid' or 'PostPaid'", charge_type)
        found = self._calls.run(_PRICE, self._region, instance_type, amount, charge_type, period)
        return price(found, period if charge_type == "PrePaid" else None)

    def renewal_price(self, group_id: str, period: Period) -> Price:
        """What renewing a subscription delivery group for ``period`` costs."""
        check_group_id("group_id", group_id)
        period = _check_period(period)
        return price(self._calls.run(_RENEW_PRICE, group_id, period), period)

    def renew(self, group_id: str, period: Period, *, auto_pay: bool = False,
              promotion_id: str | None = None) -> Renewal:
        """Renew a subscription delivery group for ``period``: an order, paid at once with
        ``auto_pay`` (else it waits for payment in the console). Never sent twice: after a
        lost answer it raises with ``maybe_applied=True``."""
        check_group_id("group_id", group_id)
        period = _check_period(period)
        check_bool("auto_pay", auto_pay)
        check_optional_str("promotion_id", promotion_id, max_len=64)
        order = self._calls.run(_RENEW, group_id, period, auto_pay, promotion_id)
        return Renewal(order_id=order, group_id=group_id, period=period, paid=auto_pay)

    def __repr__(self) -> str:
        return "streamkit.alibaba.Billing()"
