"""``cloud.alibaba.billing`` and ``cloud.alibaba.tenant`` through the real Tea SDK over HTTP
against the emulator: typed prices, renewal orders that move a subscription's expiry only
when paid, the account's settings, and their refusals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

import streamkit
from streamkit.alibaba import Money, Period, Price, TenantConfig
from streamkit.providers.alibaba import translate
from streamkit.testing import Emulator
from tests.harness import AlibabaHarness

INSTANCE_TYPE = "appstreaming.general.4c8g"


def _subscription_group(ali: AlibabaHarness, period: int = 1, unit: str = "Month") -> str:
    """A PrePaid delivery group, made through cloud.call (deploy makes PostPaid ones)."""
    made = ali.cloud.call("CreateAppInstanceGroup", {
        "ProductType": "CloudApp", "BizRegionId": ali.cloud.region,
        "AppCenterImageId": ali.base_image, "AppInstanceGroupName": "sub",
        "ChargeType": "PrePaid", "ChargeResourceMode": "Node", "Period": period,
        "PeriodUnit": unit, "AutoPay": True, "SessionTimeout": 15,
        "NodePool": {"NodeInstanceType": INSTANCE_TYPE, "NodeAmount": 2,
                     "StrategyType": "NODE_FIXED"}})
    group_id: str = made["AppInstanceGroupModel"]["AppInstanceGroupId"]
    ali.advance(ali.fleet_start_seconds)
    return group_id


def _expiry(ali: AlibabaHarness, group_id: str) -> object:
    group = ali.cloud.call("GetAppInstanceGroup", {"AppInstanceGroupId": group_id,
                                                   "ProductType": "CloudApp"})
    return translate.parse_time(group["AppInstanceGroupModels"]["ExpiredTime"])


def test_prices_are_exact_money_for_the_period(ali: AlibabaHarness) -> None:
    month = ali.cloud.alibaba.billing.price(INSTANCE_TYPE, Period(1, "Month"), amount=2)
    assert isinstance(month, Price) and month.period == Period(1, "Month")
    assert month.trade == Money(Decimal("480.00"), "CNY")
    assert month.original.amount - month.discount.amount == month.trade.amount
    year = ali.cloud.alibaba.billing.price(INSTANCE_TYPE, Period(1, "Year"), amount=2)
    assert year.discount.amount > 0 and year.trade.amount < 12 * month.trade.amount
    assert year.rules and year.rules[0].description
    hourly = ali.cloud.alibaba.billing.price(INSTANCE_TYPE, Period(1, "Month"),
                                             charge_type="PostPaid")
    assert hourly.period is None and hourly.trade.amount < month.trade.amount


def test_renewal_price_and_a_paid_renewal_moves_the_expiry(ali: AlibabaHarness) -> None:
    group_id = _subscription_group(ali)
    quote = ali.cloud.alibaba.billing.renewal_price(group_id, Period(3, "Month"))
    assert quote.trade == Money(Decimal("1440.00"), "CNY")  # 2 nodes x 3 months
    before = _expiry(ali, group_id)
    unpaid = ali.cloud.alibaba.billing.renew(group_id, Period(1, "Week"))
    assert unpaid.order_id and not unpaid.paid
    assert _expiry(ali, group_id) == before  # an order waiting for payment changes nothing
    paid = ali.cloud.alibaba.billing.renew(group_id, Period(1, "Week"), auto_pay=True)
    assert paid.paid and paid.period == Period(1, "Week") and paid.order_id != unpaid.order_id
    assert _expiry(ali, group_id) == before + timedelta(days=7)  # type: ignore[operator]


def test_an_expired_subscription_serves_again_once_renewed(ali: AlibabaHarness) -> None:
    group_id = _subscription_group(ali)
    ali.emulator.alibaba.set_group_status(group_id, "EXPIRED")
    ali.cloud.alibaba.billing.renew(group_id, Period(1, "Month"), auto_pay=True)
    assert ali.emulator.alibaba.describe_group(group_id)["status"] == "PUBLISHED"


def test_billing_refusals(ali: AlibabaHarness) -> None:
    billing = ali.cloud.alibaba.billing
    with pytest.raises(streamkit.ValidationError, match=r"period\.amount"):
        Period(2, "Week")
    with pytest.raises(streamkit.ValidationError, match=r"period\.unit"):
        Period(1, "Day")  # type: ignore[arg-type]
    with pytest.raises(streamkit.ValidationError, match="period"):
        billing.price(INSTANCE_TYPE, (1, "Month"))  # type: ignore[arg-type]
    with pytest.raises(streamkit.ValidationError, match="amount"):
        billing.price(INSTANCE_TYPE, Period(1), amount=0)
    with pytest.raises(streamkit.ValidationError, match="group_id"):
        billing.renew("not-a-group", Period(1))
    with pytest.raises(streamkit.InvalidRequest, match="NodeInstanceType"):
        billing.price("appstreaming.nope.1c1g", Period(1))
    with pytest.raises(streamkit.NotFound):
        billing.renewal_price("aig-doesnotexist0000", Period(1))
    postpaid = ali.cloud.deploy(ali.deployment_spec("payg")).stack.id
    with pytest.raises(streamkit.InvalidRequest, match="pay-as-you-go"):
        billing.renew(postpaid, Period(1), auto_pay=True)


def test_a_lost_renewal_answer_is_never_sent_again(ali: AlibabaHarness,
                                                   emulator: Emulator) -> None:
    group_id = _subscription_group(ali)
    before = _expiry(ali, group_id)
    records: list[streamkit.CallRecord] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=records.append))
    emulator.faults.add("drop_after", provider="alibaba", operation="RenewAppInstanceGroup",
                        count=1)
    with pytest.raises(streamkit.ProviderError) as lost:
        cloud.alibaba.billing.renew(group_id, Period(1, "Month"), auto_pay=True)
    assert lost.value.maybe_applied
    assert [r.operation for r in records] == ["RenewAppInstanceGroup"]  # bought once
    assert _expiry(ali, group_id) == before + timedelta(days=30)  # type: ignore[operator]


def test_tenant_settings_switch_and_read_back(ali: AlibabaHarness) -> None:
    tenant = ali.cloud.alibaba.tenant
    config = tenant.get()
    assert isinstance(config, TenantConfig) and config.expiry_reminder is True
    assert ali.cloud.region in config.multi_session_regions
    assert tenant.update(expiry_reminder=False).expiry_reminder is False
    assert tenant.get().expiry_reminder is False
    with pytest.raises(streamkit.ValidationError, match="expiry_reminder"):
        tenant.update(expiry_reminder="no")  # type: ignore[arg-type]


def test_a_lost_tenant_switch_is_read_back_not_failed(ali: AlibabaHarness,
                                                      emulator: Emulator) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=records.append))
    emulator.faults.add("drop_after", provider="alibaba", operation="ModifyTenantConfig",
                        count=1)
    assert cloud.alibaba.tenant.update(expiry_reminder=False).expiry_reminder is False
    assert [r.operation for r in records] == [
        "ModifyTenantConfig", "ListTenantConfig", "ListTenantConfig"]  # read back, not resent


def test_the_areas_are_alibaba_capabilities(ali: AlibabaHarness, emulator: Emulator) -> None:
    areas = {streamkit.Capability.ALIBABA_BILLING, streamkit.Capability.ALIBABA_TENANT,
             streamkit.Capability.ALIBABA_POLICIES, streamkit.Capability.ALIBABA_OTA}
    assert areas <= ali.cloud.capabilities
    aws = streamkit.connect("aws", **emulator.connect_args("aws"))
    assert not areas & aws.capabilities
    with pytest.raises(streamkit.UnsupportedOperation):
        aws.alibaba.billing  # noqa: B018
