#!/usr/bin/env python3
"""Writes the scenario files (DESIGN "Scenario files") from one description per scenario of spec §8 and the
worked example of §6.7. Run `python3 scenarios/generate.py` after editing; the JSON files are what the tests read.

Placeholders: "$call1".. are call ids the server generates (bound from a response's `callId` where a step says
`bind`, else from the first event that carries them); "$serial" is a fresh serial; "$time" an eventTime."""
import json, os

DOMAIN = "demo.cc"
AGENTS = {
    "A": {"agentId": "5001@demo.cc", "extension": "8001@demo.cc", "password": "123456"},
    "B": {"agentId": "5002@demo.cc", "extension": "8002@demo.cc", "password": "123456"},
}
CUSTOMER = "13912345678"          # inbound caller
CUSTOMER_SHOWN = "1391234****"
DIALLED = "913800138000"          # outbound dial string (prefix 9)
DIALLED_SHOWN = "91380013****"


def dev(n):
    return n if "@" in n else f"{n}@{DOMAIN}"


def ext(a):
    return AGENTS[a]["extension"]


def head(name, me, kind="csta"):
    return {"eventName": name, "eventSrc": ext(me), "eventTime": "$time", "eventType": kind, "serial": "$serial",
            "namespace": DOMAIN, "srcDeviceId": ext(me)}


def agent_ev(me, name, mode, reason=None):
    e = head(name, me, "agent")
    del e["eventSrc"]
    e.update({"deviceId": ext(me), "agentId": AGENTS[me]["agentId"], "agentMode": mode})
    if reason is not None:
        e["reason"] = reason
    e["devices"] = {"Voice": ext(me)}
    return e


def call_ev(me, name, call, device, local, **fields):
    e = head(name, me)
    e.update({"callId": call, "deviceId": dev(device), "localState": local, "connectionId": f"{ext(me)}|{call}"})
    for k, v in fields.items():
        e[k] = v
    return e


def service_initiated(me, call):
    return call_ev(me, "serviceInitiated", call, ext(me), "Initiate", cause="NORMAL", initiatedDevice=ext(me))


def originated(me, call, called):
    return call_ev(me, "originated", call, ext(me), "Initiate", cause="NEWCALL", callingDevice=ext(me), calledDevice=dev(called))


def delivered(me, call, calling, called, alerting=None, **extra):
    alerting = dev(alerting or called)
    return call_ev(me, "delivered", call, alerting, "Alerting", alertingDevice=alerting,
                   callingDevice=dev(calling), calledDevice=dev(called), **extra)


def established(me, call, calling, called, answering=None):
    answering = dev(answering or called)
    return call_ev(me, "established", call, answering, "Connect", answeringDevice=answering,
                   callingDevice=dev(calling), calledDevice=dev(called))


def cleared(me, call, releasing, hangup=None, cause="NORMAL_CLEARING"):
    return call_ev(me, "connectionCleared", call, releasing, "Idle", cause=cause, releasingDevice=dev(releasing),
                   hangupDevice=dev(hangup or releasing))


def held(me, call, holder):
    return call_ev(me, "held", call, holder, "Hold", holdingDevice=dev(holder))


def retrieved(me, call, retriever):
    return call_ev(me, "retrieved", call, retriever, "Connect", retrievingDevice=dev(retriever))


def inbound_user_data(call, extra):
    data = {"originalANI": dev(CUSTOMER), "originalDNIS": ext("A"), "originalCallId": call}
    data.update(extra)
    return {"data": data}


def rest(agent, method, path, body=None, bind=None):
    t = {"rest": {"agent": agent, "method": method, "path": path}}
    if body is not None:
        t["rest"]["body"] = body
    if bind:
        t["rest"]["bind"] = bind
    return t


def sim(method, path, body=None, bind=None):
    t = {"sim": {"method": method, "path": path}}
    if body is not None:
        t["sim"]["body"] = body
    if bind:
        t["sim"]["bind"] = bind
    return t


def conn(agent, call):
    return f"/api/csta/callControl/calls/{call}/connections/{ext(agent)}%7C{call}"


def state_req(agent, mode, reason=""):
    return rest(agent, "POST", "/api/csta/agent/state", {"func": "SetState", "device": ext(agent), "agentMode": mode,
                "namespace": DOMAIN, "reason": reason, "agentId": AGENTS[agent]["agentId"]})


def login_req(agent, mode):
    a = AGENTS[agent]
    return rest(agent, "POST", "/api/csta/agent/state", {"loginId": a["agentId"], "device": a["extension"],
                "password": a["password"], "agentMode": mode, "func": "Login", "sessionId": "$session"})


def step(name, trigger, events, expect):
    return {"name": name, "trigger": trigger, "events": events, "expect": expect}


def call(cid, state, **kw):
    c = {"call_id": cid, "state": state}
    c.update(kw)
    return c


def on(mode="ready", allowed=None, **kw):
    a = {"status": "logged_on", "mode": mode}
    if allowed is not None:
        a["allowed"] = allowed
    a.update(kw)
    return a


IDLE_READY = ["make_call", "not_ready", "logout"]
IN_CALL_READY = ["not_ready"]
TALKING = ["hang_up", "hold", "consult", "single_step_transfer", "single_step_conference"]

# Reusable step sequences -------------------------------------------------------------------------------------


def inbound_rings(c="$call1", data=None):
    data = data or {"customerName": "张三", "orderId": "A-1001"}
    return step("a customer calls extension 8001",
                sim("POST", "/sim/calls", {"from": CUSTOMER, "to": "8001", "userData": data}, bind={"callId": c}),
                {"A": [delivered("A", c, CUSTOMER, ext("A"), callType="Inbound", userData=inbound_user_data(c, data))]},
                {"A": {"agent": on(allowed=IN_CALL_READY), "calls": [call(c, "ringing", direction="inbound",
                       display_number=CUSTOMER_SHOWN, allowed=["answer", "hang_up"], me_is_caller=False)]}})


def inbound_answered(c="$call1"):
    return step("agent A answers", rest("A", "POST", conn("A", c) + "/answer"),
                {"A": [established("A", c, CUSTOMER, ext("A"))]},
                {"A": {"calls": [call(c, "connected", allowed=TALKING)]}})


def consult_to_b(c1="$call1", c2="$call2"):
    return [
        step("agent A consults extension 8002", rest("A", "POST", conn("A", c1) + "/consult", {"consultationParticipant": "8002"}),
             {"A": [held("A", c1, ext("A")), service_initiated("A", c2), originated("A", c2, "8002"),
                    delivered("A", c2, ext("A"), ext("B"))],
              "B": [delivered("B", c2, ext("A"), ext("B"))]},
             {"A": {"calls": [call(c1, "held", allowed=["cancel_consult"]),
                              call(c2, "ringback", consult_of=c1, direction="internal", display_number="8002",
                                   allowed=["hang_up", "cancel_consult"])]},
              "B": {"calls": [call(c2, "ringing", direction="internal", display_number="8001", allowed=["answer", "hang_up"])]}}),
        step("agent B answers the consult call", rest("B", "POST", conn("B", c2) + "/answer"),
             {"A": [established("A", c2, ext("A"), ext("B"))], "B": [established("B", c2, ext("A"), ext("B"))]},
             {"A": {"calls": [call(c1, "held", allowed=["cancel_consult", "transfer", "conference"]),
                              call(c2, "connected", consult_of=c1, allowed=["hang_up", "cancel_consult", "transfer", "conference"])]},
              "B": {"calls": [call(c2, "connected", allowed=TALKING)]}}),
    ]


SCENARIOS = {}

SCENARIOS["08-01-login"] = {
    "name": "Login: agentLoggedOn then the requested mode", "spec": "§8.1", "login": {},
    "steps": [
        step("agent A logs in NotReady", login_req("A", "NotReady"),
             {"A": [agent_ev("A", "agentLoggedOn", "NotReady"), agent_ev("A", "agentNotReady", "NotReady")]},
             {"A": {"agent": on("not_ready", ["make_call", "ready", "not_ready", "logout"], agent_id="5001@demo.cc",
                                extension="8001@demo.cc"), "calls": []}}),
        step("agent B logs in Ready", login_req("B", "Ready"),
             {"B": [agent_ev("B", "agentLoggedOn", "Ready"), agent_ev("B", "agentReady", "Ready")]},
             {"B": {"agent": on("ready", IDLE_READY), "calls": []}}),
    ]}

SCENARIOS["08-02-manual-outbound"] = {
    "name": "Manual outbound call with destForDisplay, answered, the customer hangs up first", "spec": "§8.2",
    "login": {"A": "Ready"},
    "steps": [
        step("agent A dials 9 + 13800138000 showing 客户A", rest("A", "POST", "/api/csta/callControl/calls",
             {"from": ext("A"), "to": DIALLED, "destForDisplay": "客户A"}, bind={"callId": "$call1"}),
             {"A": [service_initiated("A", "$call1"), originated("A", "$call1", DIALLED),
                    delivered("A", "$call1", ext("A"), DIALLED, userData={"data": {"originalANI": ext("A"),
                              "originalDNIS": dev(DIALLED), "originalCallId": "$call1"}}, callType="Outbound")]},
             {"A": {"agent": on(allowed=IN_CALL_READY), "calls": [call("$call1", "ringback", direction="outbound",
                    display_number="客户A", me_is_caller=True, allowed=["hang_up"],
                    user_data={"data": {"originalDNIS": "客户A@demo.cc"}})]}}),
        step("the customer answers", sim("POST", "/sim/calls/$call1/answer"),
             {"A": [established("A", "$call1", ext("A"), DIALLED)]},
             {"A": {"calls": [call("$call1", "connected", display_number="客户A", allowed=TALKING)]}}),
        step("the customer hangs up", sim("POST", "/sim/calls/$call1/hangup"),
             {"A": [cleared("A", "$call1", DIALLED), cleared("A", "$call1", ext("A"), DIALLED)]},
             {"A": {"agent": on(allowed=IDLE_READY), "calls": []}}),
    ]}

SCENARIOS["08-03-inbound"] = {
    "name": "Inbound call with userData, answered, the agent hangs up", "spec": "§8.3", "login": {"A": "Ready"},
    "steps": [
        inbound_rings(),
        inbound_answered(),
        step("agent A hangs up", rest("A", "DELETE", conn("A", "$call1")),
             {"A": [cleared("A", "$call1", ext("A")), cleared("A", "$call1", CUSTOMER, ext("A"))]},
             {"A": {"agent": on(allowed=IDLE_READY), "calls": []}}),
    ]}

SCENARIOS["08-04-unanswered"] = {
    "name": "Unanswered calls: an outbound CPA failure (busy) and an inbound call the customer abandons",
    "spec": "§8.4", "login": {"A": "Ready"},
    "steps": [
        step("agent A dials with call-progress analysis", rest("A", "POST", "/api/csta/callControl/calls",
             {"from": ext("A"), "to": DIALLED, "cpa": "1"}, bind={"callId": "$call1"}),
             {"A": [service_initiated("A", "$call1"), originated("A", "$call1", DIALLED),
                    delivered("A", "$call1", ext("A"), DIALLED)]},
             {"A": {"calls": [call("$call1", "ringback", display_number=DIALLED_SHOWN)]}}),
        step("the far end is busy", sim("POST", "/sim/calls/$call1/fail", {"failedCode": "1"}),
             {"A": [call_ev("A", "failed", "$call1", dev(DIALLED), "Fail", cause="Failed", calledDevice=dev(DIALLED),
                            failedCode="1", failedMsg="busy now"),
                    cleared("A", "$call1", DIALLED, cause="USER_BUSY"),
                    cleared("A", "$call1", ext("A"), DIALLED, cause="USER_BUSY")]},
             {"A": {"calls": []}}),
        inbound_rings("$call2", {"queue": "VIP"}),
        step("the customer hangs up before an answer", sim("POST", "/sim/calls/$call2/hangup"),
             {"A": [cleared("A", "$call2", CUSTOMER), cleared("A", "$call2", ext("A"), CUSTOMER)]},
             {"A": {"agent": on(allowed=IDLE_READY), "calls": []}}),
    ]}

CAMPAIGN_DATA = {"data": {"origin_dnis": "7022", "id": "$campaign1", "selectAgent": "5001@demo.cc",
                          "originalANI": dev("13600136000"), "originalDNIS": ext("A"), "originalCallId": "$call1",
                          "prdType": "E", "callType": "PREOCCUPIED", "产品": "信用卡"}}

SCENARIOS["08-05-campaign"] = {
    "name": "Automatic outbound: the agent is pre-occupied, the customer's call rings PREOCCUPIED", "spec": "§8.5",
    "login": {"A": "Ready"},
    "steps": [
        step("the campaign dials a customer for agent A", sim("POST", "/sim/campaign",
             {"to": "8001", "from": "13600136000", "userData": {"产品": "信用卡"}}, bind={"callId": "$call1"}),
             {"A": [agent_ev("A", "agentAllocated", "Allocated"),
                    delivered("A", "$call1", "13600136000", ext("A"), cause="PREOCCUPIED", callType="PreOccupied",
                              userData=CAMPAIGN_DATA, split="7022@demo.cc")]},
             {"A": {"agent": on("allocated", []), "calls": [call("$call1", "ringing", direction="campaign_preoccupied",
                    display_number="1360013****", allowed=["answer", "hang_up"])]}}),
        step("agent A answers", rest("A", "POST", conn("A", "$call1") + "/answer"),
             {"A": [established("A", "$call1", "13600136000", ext("A"))]},
             {"A": {"calls": [call("$call1", "connected")]}}),
        step("the customer hangs up; the server releases the agent", sim("POST", "/sim/calls/$call1/hangup"),
             {"A": [cleared("A", "$call1", "13600136000"), cleared("A", "$call1", ext("A"), "13600136000"),
                    agent_ev("A", "agentReady", "Ready")]},
             {"A": {"agent": on("ready", IDLE_READY), "calls": []}}),
    ]}

SCENARIOS["08-06-agent-state-logout"] = {
    "name": "State changes, own logout, and a forced logout by the server", "spec": "§8.6", "login": {"A": "Ready"},
    "steps": [
        step("agent A goes NotReady (busy)", state_req("A", "NotReady", "1"),
             {"A": [agent_ev("A", "agentNotReady", "NotReady", reason="1")]},
             {"A": {"agent": on("not_ready", ["make_call", "ready", "not_ready", "logout"], reason="1")}}),
        step("agent A goes Ready", state_req("A", "Ready"), {"A": [agent_ev("A", "agentReady", "Ready")]},
             {"A": {"agent": on("ready", IDLE_READY, reason=None)}}),
        step("agent A logs out", rest("A", "POST", "/api/csta/agent/state", {"func": "Logout", "agentId": "5001@demo.cc"}),
             {"A": [agent_ev("A", "agentLoggedOff", "Logout")]},
             {"A": {"agent": {"status": "logged_off", "logged_off_cause": "own_logout", "mode": None, "allowed": []}}}),
        step("agent A logs in again", login_req("A", "Ready"),
             {"A": [agent_ev("A", "agentLoggedOn", "Ready"), agent_ev("A", "agentReady", "Ready")]},
             {"A": {"agent": on("ready", IDLE_READY, logged_off_cause=None)}}),
        step("a supervisor forces agent A out", sim("POST", "/sim/agents/5001@demo.cc/logout"),
             {"A": [agent_ev("A", "agentLoggedOff", "Logout")]},
             {"A": {"agent": {"status": "logged_off", "logged_off_cause": "server"}}}),
    ]}

SCENARIOS["08-07-hold-retrieve"] = {
    "name": "Hold and retrieve an answered inbound call", "spec": "§8.7", "login": {"A": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(),
        step("agent A holds", rest("A", "POST", conn("A", "$call1") + "/hold"), {"A": [held("A", "$call1", ext("A"))]},
             {"A": {"calls": [call("$call1", "held", allowed=["retrieve", "hang_up"])]}}),
        step("agent A retrieves", rest("A", "POST", conn("A", "$call1") + "/retrieve"),
             {"A": [retrieved("A", "$call1", ext("A"))]},
             {"A": {"calls": [call("$call1", "connected", allowed=TALKING)]}}),
        step("the customer hangs up", sim("POST", "/sim/calls/$call1/hangup"),
             {"A": [cleared("A", "$call1", CUSTOMER), cleared("A", "$call1", ext("A"), CUSTOMER)]},
             {"A": {"calls": []}}),
    ]}

SCENARIOS["08-08-consult-cancel"] = {
    "name": "Consult another agent, then cancel the consultation", "spec": "§8.8",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(), *consult_to_b(),
        step("agent A cancels the consultation", rest("A", "POST", conn("A", "$call1") + "/cancelConsult",
             {"consultCallId": "$call2"}),
             {"A": [cleared("A", "$call2", ext("A")), cleared("A", "$call2", ext("B"), ext("A")),
                    retrieved("A", "$call1", ext("A"))],
              "B": [cleared("B", "$call2", ext("A")), cleared("B", "$call2", ext("B"), ext("A"))]},
             {"A": {"calls": [call("$call1", "connected", allowed=TALKING)]}, "B": {"calls": []}}),
    ]}

ORIGIN = {"callId": "$call1", "callingDevice": dev(CUSTOMER), "calledDevice": ext("A")}

SCENARIOS["08-09-consult-transfer"] = {
    "name": "Consult another agent, then transfer the customer to them", "spec": "§8.9",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(), *consult_to_b(),
        step("agent A transfers", rest("A", "POST", conn("A", "$call1") + "/transfer", {"consultCallId": "$call2"}),
             {"A": [call_ev("A", "transferred", "$call1", ext("A"), "Connect", cause="TRANSFER", primaryOldCall="$call1",
                            secondaryOldCall="$call2", transferringDevice=ext("A"), transferredToDevice=ext("B"),
                            newCall="$call1", originCallInfo=ORIGIN),
                    cleared("A", "$call1", ext("A")), cleared("A", "$call2", ext("A"))],
              "B": [call_ev("B", "transferred", "$call1", ext("B"), "Connect", cause="TRANSFER", primaryOldCall="$call1",
                            secondaryOldCall="$call2", transferringDevice=ext("A"), transferredToDevice=ext("B"),
                            newCall="$call1", originCallInfo=ORIGIN),
                    cleared("B", "$call1", ext("A")), cleared("B", "$call1", ext("A"))]},
             {"A": {"agent": on(allowed=IDLE_READY), "calls": []},
              "B": {"calls": [call("$call1", "connected", display_number=CUSTOMER_SHOWN, allowed=TALKING)]}}),
        step("the customer hangs up", sim("POST", "/sim/calls/$call1/hangup"),
             {"B": [cleared("B", "$call1", CUSTOMER), cleared("B", "$call1", ext("B"), CUSTOMER)]},
             {"B": {"calls": []}}),
    ]}

SCENARIOS["08-10-single-step-transfer"] = {
    "name": "Single-step (blind) transfer of a customer to another agent", "spec": "§8.10",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(),
        step("agent A transfers the call to 8002 in one step", rest("A", "POST", conn("A", "$call1") + "/singleStepTransfer",
             {"transferTo": "8002"}),
             {"A": [delivered("A", "$call1", CUSTOMER, ext("B")),
                    call_ev("A", "transferred", "$call1", ext("B"), "Connect", cause="SINGLESTEPTRANSFER",
                            primaryOldCall="$call1", secondaryOldCall="$call1", transferringDevice=ext("A"),
                            transferredToDevice=ext("B"), newCall="$call1"),
                    cleared("A", "$call1", ext("A"))],
              "B": [delivered("B", "$call1", CUSTOMER, ext("B")),
                    call_ev("B", "transferred", "$call1", ext("B"), "Connect", cause="SINGLESTEPTRANSFER",
                            primaryOldCall="$call1", secondaryOldCall="$call1", transferringDevice=ext("A"),
                            transferredToDevice=ext("B"), newCall="$call1"),
                    cleared("B", "$call1", ext("A"))]},
             {"A": {"calls": []},
              "B": {"calls": [call("$call1", "ringing", display_number=CUSTOMER_SHOWN, direction="inbound",
                                   allowed=["answer", "hang_up"])]}}),
        step("agent B answers", rest("B", "POST", conn("B", "$call1") + "/answer"),
             {"B": [established("B", "$call1", CUSTOMER, ext("B"))]},
             {"B": {"calls": [call("$call1", "connected", display_number=CUSTOMER_SHOWN, allowed=TALKING)]}}),
    ]}

SCENARIOS["08-11-conference"] = {
    "name": "Conferences: consult then conference (the initiator leaves), and a single-step conference",
    "spec": "§8.11",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(), *consult_to_b(),
        step("agent A conferences", rest("A", "POST", conn("A", "$call1") + "/conference", {"consultCallId": "$call2"}),
             {"A": [call_ev("A", "conferenced", "$call1", ext("B"), "Connect", primaryOldCall="$call1",
                            secondaryOldCall="$call2", conferencingDevice=ext("A"), addedParty=ext("B"), newCall="$call1")],
              "B": [call_ev("B", "conferenced", "$call1", ext("B"), "Connect", primaryOldCall="$call1",
                            secondaryOldCall="$call2", conferencingDevice=ext("A"), addedParty=ext("B"), newCall="$call1")]},
             {"A": {"calls": [call("$call1", "connected", conferenced=True, display_number=CUSTOMER_SHOWN + ", 8002",
                                   allowed=["hang_up", "hold", "single_step_conference"])]},
              "B": {"calls": [call("$call1", "connected", conferenced=True)]}}),
        step("agent A leaves the conference", rest("A", "DELETE", conn("A", "$call1")),
             {"A": [cleared("A", "$call1", ext("A"))],
              "B": [cleared("B", "$call1", ext("A")), cleared("B", "$call1", CUSTOMER, ext("A")),
                    cleared("B", "$call1", ext("B"), ext("A"))]},
             {"A": {"calls": []}, "B": {"calls": []}}),
        # Single-step conference: every device gets delivered and established, then conferenced.
        inbound_rings("$call3"), inbound_answered("$call3"),
        step("agent A invites 8002 into the call", rest("A", "POST", conn("A", "$call3") + "/singleStepConference",
             {"conferenceParticipant": "8002", "participationType": "Active"}),
             {"A": [delivered("A", "$call3", CUSTOMER, ext("B"))], "B": [delivered("B", "$call3", CUSTOMER, ext("B"))]},
             {"A": {"calls": [call("$call3", "connected", display_number=CUSTOMER_SHOWN + ", 8002")]},
              "B": {"calls": [call("$call3", "ringing", display_number=CUSTOMER_SHOWN, allowed=["answer", "hang_up"])]}}),
        step("agent B answers and the conference forms", rest("B", "POST", conn("B", "$call3") + "/answer"),
             {"A": [established("A", "$call3", CUSTOMER, ext("B")),
                    call_ev("A", "conferenced", "$call3", ext("B"), "Connect", primaryOldCall="0",
                            secondaryOldCall="$call3", conferencingDevice=ext("A"), addedParty=ext("B"), newCall="$call3")],
              "B": [established("B", "$call3", CUSTOMER, ext("B")),
                    call_ev("B", "conferenced", "$call3", ext("B"), "Connect", primaryOldCall="0",
                            secondaryOldCall="$call3", conferencingDevice=ext("A"), addedParty=ext("B"), newCall="$call3")]},
             {"A": {"calls": [call("$call3", "connected", conferenced=True, display_number=CUSTOMER_SHOWN + ", 8002",
                                   allowed=["hang_up", "hold", "single_step_conference"])]},
              "B": {"calls": [call("$call3", "connected", conferenced=True, display_number=CUSTOMER_SHOWN + ", 8001")]}}),
        step("the customer leaves; the two agents stay connected", sim("POST", "/sim/calls/$call3/hangup"),
             {"A": [cleared("A", "$call3", CUSTOMER)], "B": [cleared("B", "$call3", CUSTOMER)]},
             {"A": {"calls": [call("$call3", "connected", display_number="8002", ended_at_ms=None)]},
              "B": {"calls": [call("$call3", "connected", display_number="8001")]}}),
        step("agent A hangs up; B is left alone and cleared", rest("A", "DELETE", conn("A", "$call3")),
             {"A": [cleared("A", "$call3", ext("A")), cleared("A", "$call3", ext("B"), ext("A"))],
              "B": [cleared("B", "$call3", ext("A")), cleared("B", "$call3", ext("B"), ext("A"))]},
             {"A": {"calls": []}, "B": {"calls": []}}),
    ]}

SCENARIOS["08-12-transfer-and-wait"] = {
    "name": "Transfer-and-wait: the consulted agent talks to the customer, then the customer returns", "spec": "§8.12",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(), *consult_to_b(),
        step("agent A hands the customer to B and waits", rest("A", "POST", conn("A", "$call1") + "/transferAndWait",
             {"consultCallId": "$call2"}),
             {"A": [cleared("A", "$call2", ext("A"))],
              "B": [call_ev("B", "transferred", "$call2", ext("B"), "Connect", cause="TRANSFER", primaryOldCall="$call1",
                            secondaryOldCall="$call2", transferringDevice=ext("A"), transferredToDevice=ext("B"),
                            newCall="$call2", originCallInfo=ORIGIN),
                    cleared("B", "$call2", ext("A"))]},
             {"A": {"calls": [call("$call1", "held")]},
              "B": {"calls": [call("$call2", "connected", display_number=CUSTOMER_SHOWN, allowed=TALKING)]}}),
        step("agent B finishes; the customer returns to A", rest("B", "DELETE", conn("B", "$call2")),
             {"B": [cleared("B", "$call2", ext("B"))], "A": [retrieved("A", "$call1", ext("A"))]},
             {"A": {"calls": [call("$call1", "connected", display_number=CUSTOMER_SHOWN, allowed=TALKING)]},
              "B": {"calls": []}}),
    ]}

SCENARIOS["08-13-recording"] = {
    "name": "Recording stopped and started during a call", "spec": "§8.13", "login": {"A": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(),
        step("agent A stops recording", rest("A", "POST", "/api/csta/callControl/recording/Stop?extension=8001@demo.cc"),
             {"A": [{**head("recordStopped", "A"), "recordId": "$record1", "isSuccess": True}]},
             {"A": {"calls": [call("$call1", "connected", recording=False)]}}),
        step("agent A starts recording", rest("A", "POST", "/api/csta/callControl/recording/Start?extension=8001@demo.cc"),
             {"A": [{**head("recordStarted", "A"), "recordId": "$record2", "callId": "$call1", "deviceId": ext("A"),
                     "fileName": "/recordings/demo.cc/8001@demo.cc/$call1.wav", "isSuccess": True}]},
             {"A": {"calls": [call("$call1", "connected", recording=True)]}}),
    ]}

SCENARIOS["06-07-worked-example"] = {
    "name": "Worked example: agent 8001 consults 8002, who hangs up; 8001 takes the customer back", "spec": "§6.7",
    "login": {"A": "Ready", "B": "Ready"},
    "steps": [
        inbound_rings(), inbound_answered(), *consult_to_b(),
        step("the consulted agent hangs up", rest("B", "DELETE", conn("B", "$call2")),
             {"B": [cleared("B", "$call2", ext("B")), cleared("B", "$call2", ext("A"), ext("B"))],
              "A": [cleared("A", "$call2", ext("B")), cleared("A", "$call2", ext("A"), ext("B"))]},
             {"A": {"calls": [call("$call1", "held", allowed=["retrieve", "hang_up"])]}, "B": {"calls": []}}),
        step("agent A retrieves the customer", rest("A", "POST", conn("A", "$call1") + "/retrieve"),
             {"A": [retrieved("A", "$call1", ext("A"))]},
             {"A": {"calls": [call("$call1", "connected", allowed=TALKING)]}}),
    ]}


def main():
    import sys
    check = "--check" in sys.argv
    here = os.path.dirname(os.path.abspath(__file__))
    stale = []
    for name, sc in SCENARIOS.items():
        doc = {"name": sc["name"], "spec": sc["spec"], "domain": DOMAIN,
               "agents": {k: AGENTS[k] for k in sorted({*sc["login"], *[a for s in sc["steps"] for a in s["events"]]})},
               "login": sc["login"], "steps": sc["steps"]}
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        path = os.path.join(here, name + ".json")
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    if check:
        if stale:
            sys.exit("scenario files differ from scenarios/generate.py: " + ", ".join(stale)
                     + " (run python3 scenarios/generate.py)")
        print(f"{len(SCENARIOS)} scenario files match scenarios/generate.py")
    else:
        print(f"wrote {len(SCENARIOS)} scenarios")


if __name__ == "__main__":
    main()
