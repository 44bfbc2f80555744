"""Subscription (PrePaid) delivery groups: deployed through ``FleetSpec(alibaba=...)``, grown
with ModifyNodePoolAmount, refused what the cloud refuses them."""

from __future__ import annotations

import pytest
from alibabacloud_appstream_center20210901 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

import streamkit
from streamkit import AlibabaFleetOptions, DeploymentSpec, FleetSpec, FleetState
from streamkit.providers.alibaba import translate
from streamkit.testing import Emulator
from tests.alibaba.conftest import sdk
from tests.harness import AlibabaHarness

YEARLY = AlibabaFleetOptions(charge_type="PrePaid", period=1, period_unit="Year",
                             auto_renew=True)




def _subscription(ali: AlibabaHarness, name: str, desired: int = 2) -> streamkit.Fleet:
    spec = ali.deployment_spec(name, desired=desired)
    fleet = FleetSpec(name=spec.fleet.name, instance_type=ali.instance_type,
                      image_id=ali.base_image, desired_capacity=desired, alibaba=YEARLY)
    deployment = ali.cloud.deploy(DeploymentSpec(stack=spec.stack, fleet=fleet))
    return ali.cloud.wait_until_fleet_running(deployment.fleet.id)


def test_deploy_buys_a_subscription_group(ali: AlibabaHarness) -> None:
    fleet = _subscription(ali, "bought")
    assert fleet.raw["ChargeType"] == "PrePaid" and fleet.raw.get("ExpiredTime")
    assert fleet.capacity.desired == 2


def test_scale_grows_a_subscription_with_modify_node_pool_amount(ali: AlibabaHarness) -> None:
    sent: list[str] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=lambda r: sent.append(r.operation)))
    fleet = _subscription(ali, "grow")
    scaled = cloud.fleets.scale(fleet.id, 4)
    assert "ModifyNodePoolAmount" in sent and "ModifyNodePoolAttribute" not in sent
    assert scaled.state is FleetState.UPDATING and scaled.capacity.desired == 4
    assert cloud.wait_until_fleet_running(fleet.id).capacity.desired == 4
    sent.clear()
    assert cloud.fleets.scale(fleet.id, 4).capacity.desired == 4  # already so: nothing sent
    assert not [op for op in sent if op.startswith("ModifyNodePool")]
    with pytest.raises(streamkit.ValidationError, match=r"desired.*only grows"):
        cloud.fleets.scale(fleet.id, 3)
    assert not [op for op in sent if op.startswith("ModifyNodePool")]


def test_a_subscription_group_cannot_be_deleted(ali: AlibabaHarness) -> None:
    fleet = _subscription(ali, "kept")
    with pytest.raises(streamkit.InvalidRequest) as err:
        ali.cloud.stacks.delete(fleet.stack_id or "")
    assert err.value.code == "InvalidParameter.ChargeType"
    assert ali.cloud.stacks.get(fleet.stack_id or "").id == fleet.stack_id


def test_the_emulator_refuses_what_the_cloud_refuses_a_subscription(
        ali: AlibabaHarness, emulator: Emulator) -> None:
    fleet = _subscription(ali, "raw")
    group_id, pool = fleet.stack_id or "", translate.node_pool(fleet.raw)
    client = sdk(emulator)
    with pytest.raises(ClientException) as refused:  # NodeAmount is not changed this way
        client.modify_node_pool_attribute(m.ModifyNodePoolAttributeRequest(
            pool_id=pool["NodePoolId"], product_type="CloudApp", biz_region_id="cn-shanghai",
            node_pool_strategy=m.ModifyNodePoolAttributeRequestNodePoolStrategy(
                node_amount=5, strategy_type="NODE_FIXED")))
    assert refused.value.code == "InvalidParameter.NodePoolStrategy.NodeAmount"
    with pytest.raises(ClientException) as shrink:
        client.modify_node_pool_amount(m.ModifyNodePoolAmountRequest(
            app_instance_group_id=group_id, product_type="CloudApp",
            node_pool=m.ModifyNodePoolAmountRequestNodePool(node_amount=2)))
    assert shrink.value.code == "InvalidAmount.UnIncrease"
    grown = client.modify_node_pool_amount(m.ModifyNodePoolAmountRequest(
        app_instance_group_id=group_id, product_type="CloudApp",
        node_pool=m.ModifyNodePoolAmountRequestNodePool(node_amount=3)))
    assert grown.body.data.order_id


def test_a_pay_as_you_go_group_is_not_grown_with_modify_node_pool_amount(
        ali: AlibabaHarness, emulator: Emulator) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("payg"))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    with pytest.raises(ClientException) as refused:
        sdk(emulator).modify_node_pool_amount(m.ModifyNodePoolAmountRequest(
            app_instance_group_id=deployment.stack.id, product_type="CloudApp",
            node_pool=m.ModifyNodePoolAmountRequestNodePool(node_amount=3)))
    assert refused.value.code == "InvalidParameter.ChargeType"


@pytest.mark.parametrize(("options", "field"), [
    ({"charge_type": "Monthly"}, "alibaba.charge_type"),
    ({"charge_type": "PrePaid", "period": 4}, "alibaba.period"),
    ({"charge_type": "PrePaid", "period": 2, "period_unit": "Week"}, "alibaba.period"),
    ({"charge_type": "PrePaid", "period_unit": "Day"}, "alibaba.period_unit"),
    ({"charge_type": "PrePaid", "auto_renew": "yes"}, "alibaba.auto_renew"),
    ({"period": 3}, "alibaba.charge_type"),  # pay as you go has no period
])
def test_options_are_checked_when_made(options: dict[str, object], field: str) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        AlibabaFleetOptions(**options)  # type: ignore[arg-type]
    assert err.value.field == field


def test_a_grow_whose_answer_was_lost_is_not_sent_again(ali: AlibabaHarness) -> None:
    # sent again, ModifyNodePoolAmount would be refused (MAINTAINING, then UnIncrease)
    fleet = _subscription(ali, "lost")
    faults = ali.emulator.faults
    faults.counting = True
    faults.add("drop_after", provider="alibaba", operation="ModifyNodePoolAmount", count=1)
    assert ali.cloud.fleets.scale(fleet.id, 3).capacity.desired == 3
    assert faults.seen("alibaba", "ModifyNodePoolAmount") == 1
