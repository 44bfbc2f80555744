"""Workstations (WuyingServer) through ``cloud.alibaba.workstations``: the real Tea SDK over
HTTP against the emulator, on its clock; and the raw SDK client reading the emulator's
answers with the SDK's own models."""

from __future__ import annotations

import inspect
import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from alibabacloud_appstream_center20210901 import models as m

import streamkit
import streamkit.alibaba
from streamkit.alibaba import (
    Workstation,
    WorkstationDisk,
    WorkstationSpec,
    WorkstationState,
)
from streamkit.cli import cli
from streamkit.cli.output import ExitCode
from streamkit.providers.alibaba.extensions import WAITS as ALIBABA_WAITS
from streamkit.providers.alibaba.extensions.workstations import workstation
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES
from streamkit.testing.alibaba.workstations import WORKSTATION_TYPES
from tests.alibaba.conftest import sdk
from tests.harness import AlibabaHarness
from tests.test_cli import ENV, Cli

TYPE = next(iter(WORKSTATION_TYPES))
IMAGE = SYSTEM_IMAGES[0].image_id
OFFICE = "cn-shanghai+dir-0001"


def _spec(name: str = "ws", **kwargs: object) -> WorkstationSpec:
    return WorkstationSpec(name=name, image_id=IMAGE, instance_type=TYPE,
                           office_site_id=OFFICE, **kwargs)  # type: ignore[arg-type]


def _running(ali: AlibabaHarness, name: str = "ws", **kwargs: object) -> Workstation:
    order = ali.cloud.alibaba.workstations.create(_spec(name, **kwargs))
    return ali.cloud.alibaba.wait_until_workstation_running(order.workstation_ids[0])


def _timings(ali: AlibabaHarness) -> streamkit.testing.alibaba.settings.AlibabaTimings:
    return ali.emulator.alibaba.timings


def test_a_workstation_is_created_listed_described_stopped_started_and_deleted(
        ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    order = area.create(_spec("desk", data_disks=[WorkstationDisk(category="cloud_essd",
                                                                  size_gib=40)]))
    assert order.order_id and len(order.workstation_ids) == 1
    ws_id = order.workstation_ids[0]
    assert ws_id.startswith("ws-")
    created = area.get(ws_id)
    assert created.state is WorkstationState.CREATING and created.raw_state == "CREATING"
    assert created.image_id == IMAGE and created.office_site_id == OFFICE
    assert created.created_at is not None and created.created_at.tzinfo is not None
    seen: list[str] = []
    running = ali.cloud.alibaba.wait_until_workstation_running(
        ws_id, on_progress=lambda o: seen.append(o.state_name))
    assert running.state is WorkstationState.RUNNING and seen[0] == "CREATING"
    assert seen[-1] == "RUNNING"
    listed = list(area.list())
    assert [w.id for w in listed] == [ws_id]
    assert listed[0].instance_type == TYPE and listed[0].private_ip == running.private_ip
    # ISO with milliseconds in the list, US English to the second in describe
    assert listed[0].created_at is not None and running.created_at is not None
    assert listed[0].created_at.replace(microsecond=0) == running.created_at
    area.stop(ws_id)
    assert area.get(ws_id).state is WorkstationState.STOPPING
    stopped = ali.cloud.alibaba.wait_until_workstation_stopped(ws_id)
    assert stopped.state is WorkstationState.STOPPED
    area.start(ws_id)
    assert area.get(ws_id).state is WorkstationState.STARTING
    ali.cloud.alibaba.wait_until_workstation_running(ws_id)
    area.delete(ws_id)
    assert area.get(ws_id).state is WorkstationState.DELETING
    ali.advance(_timings(ali).workstation_delete)
    with pytest.raises(streamkit.NotFound) as gone:
        area.get(ws_id)
    assert gone.value.code == "WuyingServerError.NotFound"
    assert list(area.list()) == []


def test_the_listing_pages_with_cursors_and_filters(ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    order = area.create(_spec("team", amount=5))
    ids = list(order.workstation_ids)
    assert len(ids) == 5
    other = area.create(_spec("solo")).workstation_ids[0]
    first = area.list_page(page_size=2)
    assert [w.id for w in first.items] == ids[:2] and first.next_cursor
    second = area.list_page(page_size=2, cursor=first.next_cursor)
    assert [w.id for w in second.items] == ids[2:4]
    rest = area.list_page(page_size=100, cursor=second.next_cursor)
    assert [w.id for w in rest.items] == [ids[4], other] and rest.next_cursor is None
    assert [w.id for w in area.list(name_or_id="solo")] == [other]
    assert [w.id for w in area.list(name_or_id=ids[3])] == [ids[3]]
    ali.advance(_timings(ali).workstation_create)
    area.stop(other)
    assert [w.id for w in area.list(state=WorkstationState.STOPPING)] == [other]
    with pytest.raises(streamkit.ValidationError, match="cursor"):
        ali.cloud.stacks.list_page(cursor=first.next_cursor)
    with pytest.raises(streamkit.ValidationError, match="state"):
        area.list(state=WorkstationState.UNKNOWN)


def test_waiters_fail_at_once_on_a_failed_workstation_and_time_out_on_the_clock(
        ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    ws_id = area.create(_spec()).workstation_ids[0]
    ali.emulator.alibaba.fail_workstation(ws_id, immediately=True)
    with pytest.raises(streamkit.WaiterFailed) as failed:
        ali.cloud.alibaba.wait_until_workstation_running(ws_id)
    assert failed.value.resource.state is WorkstationState.FAILED
    assert [e.code for e in failed.value.errors] == ["FAILED"]
    other = _running(ali, "slow")
    with pytest.raises(streamkit.WaiterTimeout):
        ali.cloud.alibaba.wait_until_workstation_stopped(other.id, timeout=30, grace=600)
    with pytest.raises(streamkit.WaiterFailed):  # never stopped: RUNNING past the grace
        ali.cloud.alibaba.wait_until_workstation_stopped(other.id, grace=10)
    with pytest.raises(streamkit.NotFound):  # as the neutral waiters: the read's NotFound
        ali.cloud.alibaba.wait_until_workstation_running("ws-nosuchworkstation")


def test_wrong_states_unknown_ids_and_bad_input_are_refused(ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    ws_id = area.create(_spec()).workstation_ids[0]
    with pytest.raises(streamkit.Conflict) as creating:
        area.stop(ws_id)
    assert creating.value.code == "IncorrectWuyingServerStatus"
    with pytest.raises(streamkit.NotFound):
        area.start("ws-unknown")
    with pytest.raises(streamkit.ValidationError, match="period"):
        _spec(charge_type="PrePaid")
    with pytest.raises(streamkit.ValidationError, match="bandwidth"):
        _spec(bandwidth=10)
    with pytest.raises(streamkit.ValidationError, match="workstation_id"):
        area.get("")
    with pytest.raises(streamkit.ValidationError, match="spec"):
        area.create("desk")  # type: ignore[arg-type]
    with pytest.raises(streamkit.InvalidRequest) as bad_type:
        area.create(WorkstationSpec(name="x", image_id=IMAGE, instance_type="no.such.type",
                                    office_site_id=OFFICE))
    assert bad_type.value.code == "InvalidParameter.ServerInstanceType"


def test_passwords_are_secrets(ali: AlibabaHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    spec = _spec(password="Sup3r-secret-pw")
    assert "Sup3r" not in repr(spec)
    with pytest.raises(streamkit.ValidationError) as short:
        _spec(password="short")
    assert "short" not in str(short.value)
    ws = _running(ali, password="Sup3r-secret-pw")
    ali.cloud.alibaba.workstations.modify(ws.id, name="renamed", password="An0ther-secret")
    assert ali.cloud.alibaba.workstations.get(ws.id).name == "renamed"
    server = ali.emulator.alibaba.state.workstations.get(ws.id)
    assert server.password == "An0ther-secret"  # it arrived, and shows nowhere else
    assert "Sup3r" not in caplog.text and "An0ther" not in caplog.text


def test_the_raw_sdk_reads_the_emulators_answers_with_its_own_models(
        emulator: Emulator) -> None:
    client = sdk(emulator)
    created = client.create_wuying_server(m.CreateWuyingServerRequest(
        biz_region_id="cn-shanghai", image_id=IMAGE, server_instance_type=TYPE,
        office_site_id=OFFICE, wuying_server_name="raw", amount=2, charge_type="PrePaid",
        period=1, period_unit="Month", auto_pay=True, idempotence_token="t-1",
        data_disk=[m.CreateWuyingServerRequestDataDisk(data_disk_category="cloud_essd",
                                                       data_disk_size=50)],
        network_strategy_type="DirectIp", bandwidth=10)).body
    ids = created.data.wuying_server_id_list
    assert len(ids) == 2 and created.data.order_id
    again = client.create_wuying_server(m.CreateWuyingServerRequest(
        image_id=IMAGE, server_instance_type=TYPE, office_site_id=OFFICE,
        idempotence_token="t-1")).body
    assert again.data.wuying_server_id_list == ids  # the same order, not a new one
    listed = client.list_wuying_server(m.ListWuyingServerRequest(
        page_number=1, page_size=1, biz_region_id="cn-shanghai")).body
    assert listed.total_count == 2 and listed.page_size == 1
    item = listed.wuying_server_list[0]
    assert item.wuying_server_id == ids[0] and item.status == "CREATING"
    assert item.server_instance_type_info.server_instance_type == TYPE
    assert item.data_disk[0].data_disk_size == 50 and item.private_ip_sets[0].primary
    assert item.expired_time and item.instance_info_list[0].network_interface_id
    described = client.describe_wuying_server(
        m.DescribeWuyingServerRequest(wuying_server_id=ids[1])).body.data
    assert described.wuying_server_name == "raw002" and described.bandwidth == 10
    eip = client.describe_wuying_server_eip_info(
        m.DescribeWuyingServerEipInfoRequest(wuying_server_id=ids[1])).body.eip_info_model
    assert eip.ip_address and eip.server_port_range == "6606/6607"
    emulator.clock.advance(emulator.alibaba.timings.workstation_create)
    client.stop_wuying_server(m.StopWuyingServerRequest(
        wuying_server_id_list=ids, product_type="WuyingServer", force=True))
    listed = client.list_wuying_server(m.ListWuyingServerRequest(status="STOPPING")).body
    assert [w.wuying_server_id for w in listed.wuying_server_list] == ids


def test_each_wait_of_the_area_is_a_waiter_of_the_namespace() -> None:
    for spec in ALIBABA_WAITS:
        assert spec.namespace == "alibaba"
        method = getattr(streamkit.alibaba.AlibabaExtension, spec.method)
        params = inspect.signature(method).parameters
        assert list(params)[1] == spec.id_name and params["grace"].default == spec.grace_seconds
        assert f"default timeout {spec.timeout / 60:g} min" in (method.__doc__ or "")


def test_the_command_line_drives_workstations(ali: AlibabaHarness) -> None:
    run = Cli(ali)
    ordered = run.runner.invoke(cli, [
        *run.base, "alibaba", "workstations", "create", "cli-desk", "--image", IMAGE,
        "--instance-type", TYPE, "--office-site", OFFICE, "--amount", "2",
        "--password-stdin", "-o", "json"], input="Pa55-word-cli\n", env=ENV)
    assert ordered.exit_code == 0, ordered.output
    ids = json.loads(ordered.stdout)["workstation_ids"]
    assert len(ids) == 2 and "Pa55" not in ordered.output
    page = run.json("alibaba", "workstations", "list", "--page-size", "1")
    assert [w["id"] for w in page["items"]] == ids[:1] and page["next_cursor"]
    ali.advance(_timings(ali).workstation_create)  # the command line sleeps on real time
    waited = run.json("wait", "workstation-running", ids[0])
    assert waited["state"] == "RUNNING"
    assert run.json("alibaba", "workstations", "stop", ids[0], "--force")["id"] == ids[0]
    stopping = run.json("alibaba", "workstations", "list", "--state", "STOPPING")
    assert [w["id"] for w in stopping] == ids[:1]
    ali.advance(_timings(ali).workstation_stop)
    run("wait", "workstation-stopped", ids[0])
    assert "STOPPED" in run("alibaba", "workstations", "get", ids[0]).stdout
    run("alibaba", "workstations", "start", "ws-unknown", code=ExitCode.NOT_FOUND)


def test_restart_image_update_and_private_ips(ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    ws = _running(ali)
    area.restart(ws.id)
    assert area.get(ws.id).state is WorkstationState.RESTARTING
    ali.cloud.alibaba.wait_until_workstation_running(ws.id)
    other_image = SYSTEM_IMAGES[1].image_id
    task = area.update_image(ws.id, other_image)
    assert task and task.startswith("ota-")
    assert area.get(ws.id).state is WorkstationState.UPDATING
    updated = ali.cloud.alibaba.wait_until_workstation_running(ws.id)
    assert updated.image_id == other_image
    added = area.assign_private_ips(ws.id, 2)
    assert len(added) == 2 and ws.private_ip not in added
    assert area.get(ws.id).private_ips == (ws.private_ip, *added)  # the primary first
    area.unassign_private_ips(ws.id, [added[0]])
    assert area.get(ws.id).private_ips == (ws.private_ip, added[1])
    with pytest.raises(streamkit.InvalidRequest) as full:
        area.assign_private_ips(ws.id, 9)  # ten private IPs per network interface
    assert full.value.code == "InvalidParameter.SecondaryPrivateIpAddressCount"
    with pytest.raises(streamkit.InvalidRequest):
        area.unassign_private_ips(ws.id, [ws.private_ip])  # never the primary
    with pytest.raises(streamkit.ValidationError, match="count"):
        area.assign_private_ips(ws.id, 0)
    with pytest.raises(streamkit.ValidationError, match="addresses"):
        area.unassign_private_ips(ws.id, [])
    area.stop(ws.id)
    with pytest.raises(streamkit.Conflict):  # a workstation on its way refuses another image
        area.update_image(ws.id, IMAGE)


def test_eip_of_a_direct_ip_workstation(ali: AlibabaHarness) -> None:
    area = ali.cloud.alibaba.workstations
    direct = area.create(_spec("public", network_strategy_type="DirectIp", bandwidth=20))
    eip = area.eip(direct.workstation_ids[0], isp="ChinaTelecom")
    assert eip.ip_address and eip.port_range == "6606/6607" and eip.network_interface_id
    private = area.create(_spec("private")).workstation_ids[0]
    assert area.eip(private).ip_address is None
    with pytest.raises(streamkit.ValidationError, match="isp"):
        area.eip(private, isp="Mars")


def test_renewal_extends_a_paid_subscription_and_is_never_sent_twice(
        ali: AlibabaHarness, emulator: Emulator) -> None:
    area = ali.cloud.alibaba.workstations
    paid = _running(ali, "sub", charge_type="PrePaid", period=1, period_unit="Month")
    assert paid.charge_type == "PrePaid"
    listed = next(area.list(name_or_id=paid.id))
    assert listed.expires_at is not None
    order_id = area.renew(paid.id, 2)
    assert order_id
    renewed = next(area.list(name_or_id=paid.id)).expires_at
    assert renewed == listed.expires_at + timedelta(days=60)
    records: list[streamkit.CallRecord] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=records.append))
    emulator.faults.add("drop_after", provider="alibaba", operation="RenewWuyingServer",
                        count=1)
    with pytest.raises(streamkit.ProviderError) as lost:
        cloud.alibaba.workstations.renew(paid.id, 1, "Year")
    assert lost.value.maybe_applied
    assert [r.operation for r in records] == ["RenewWuyingServer"]  # paid once
    unpaid = area.create(_spec("unpaid", charge_type="PrePaid", period=1, auto_pay=False))
    with pytest.raises(streamkit.NotFound) as not_paid:  # the SDK documents this code
        area.renew(unpaid.workstation_ids[0], 1)
    assert not_paid.value.code == "WuyingServerError.NotFound"
    postpaid = area.create(_spec("hourly")).workstation_ids[0]
    with pytest.raises(streamkit.InvalidRequest):
        area.renew(postpaid, 1)
    with pytest.raises(streamkit.ValidationError, match="period_unit"):
        area.renew(postpaid, 1, "Week")


def test_lost_answers_are_resent_only_where_safe(ali: AlibabaHarness,
                                                 emulator: Emulator) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=records.append))
    area = cloud.alibaba.workstations
    emulator.faults.add("drop_after", provider="alibaba", operation="CreateWuyingServer",
                        count=1)
    order = area.create(_spec("once"))  # resent with its idempotence token: one order
    assert [r.operation for r in records] == ["CreateWuyingServer"] * 2
    assert [w.id for w in area.list()] == list(order.workstation_ids)
    ali.advance(_timings(ali).workstation_create)
    emulator.faults.add("drop_after", provider="alibaba", operation="StopWuyingServer",
                        count=1)
    records.clear()
    area.stop(order.workstation_ids[0])  # it looks before sending again: already STOPPING
    assert [r.operation for r in records] == ["StopWuyingServer", "DescribeWuyingServer"]
    assert area.get(order.workstation_ids[0]).state is WorkstationState.STOPPING


def test_a_status_streamkit_does_not_know_is_unknown_with_the_raw_value_kept() -> None:
    found = workstation({"WuyingServerId": "ws-1", "Status": "Hibernated",
                         "CreateTime": "12/1/2026, 1:05:09 PM"}, "cn-shanghai")
    assert found is not None and found.state is WorkstationState.UNKNOWN
    assert found.raw_state == "Hibernated" and found.errors == ()
    assert found.created_at == datetime(2026, 12, 1, 13, 5, 9, tzinfo=timezone.utc)
    expired = workstation({"WuyingServerId": "ws-2", "Status": "expired"}, "cn-shanghai")
    assert expired is not None and expired.state is WorkstationState.EXPIRED
    assert [e.code for e in expired.errors] == ["expired"]
    assert workstation({"Status": "RUNNING"}, "cn-shanghai") is None
