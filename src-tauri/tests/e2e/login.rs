//! Every login failure the simulator can produce shows its own message, in zh-CN and in English.

use crate::harness::*;
use well_client::session::{self, LoginMode, LoginRequest, SessionConfig};
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_sim::directory::{AgentEntry, Directory, ExtensionEntry, Tenant};
use well_sim::{Sim, SimConfig, SimHandle};

/// Agents 5001–5006 (5006 disabled), extensions 8001–8006 and 8099 (unregistered); at most 3 agents online.
async fn strict_sim() -> SimHandle {
    let agents = (5001..=5006)
        .map(|n| AgentEntry {
            job: n.to_string(),
            password: "123456".into(),
            name: format!("Agent {n}"),
            enabled: n != 5006,
        })
        .collect();
    let mut extensions: Vec<ExtensionEntry> = (8001..=8006)
        .map(|n| ExtensionEntry {
            number: n.to_string(),
            registered: true,
        })
        .collect();
    extensions.push(ExtensionEntry {
        number: "8099".into(),
        registered: false,
    });
    let cfg = SimConfig {
        directory: Directory::from_tenants(vec![Tenant {
            domain: "demo.cc".into(),
            agents,
            extensions,
        }]),
        max_agents_online: Some(3),
        ..SimConfig::default()
    };
    Sim::start(cfg).await.expect("simulator starts")
}

/// Another agent's session, logged in outside the app (kept alive by its handle).
async fn elsewhere(sim: &SimHandle, job: &str, ext: &str) -> well_client::session::Handle {
    let profile = ServerProfile::new(&sim.base_url(), None, "demo.cc").unwrap();
    let (h, _saved) = session::spawn(SessionConfig::new(profile)).unwrap();
    h.login(LoginRequest {
        job_number: job.into(),
        password: Secret::new("123456"),
        extension: ext.into(),
        mode: LoginMode::Force,
        agent_mode: AgentMode::Ready,
    })
    .await
    .unwrap();
    h
}

struct Case {
    agent: &'static str,
    extension: &'static str,
    password: &'static str,
    mode: &'static str,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
}

const CASES: &[Case] = &[
    Case {
        agent: "5001",
        extension: "8001",
        password: "wrong",
        mode: "force",
        code: "login.password_mismatch",
        zh: "密码错误",
        en: "Wrong password",
    },
    Case {
        agent: "5006",
        extension: "8003",
        password: "123456",
        mode: "force",
        code: "agent.state_illegal",
        zh: "停用",
        en: "disabled",
    },
    Case {
        agent: "5003",
        extension: "7777",
        password: "123456",
        mode: "force",
        code: "login.extension_invalid",
        zh: "分机号无效",
        en: "extension number is not valid",
    },
    Case {
        agent: "5003",
        extension: "8099",
        password: "123456",
        mode: "force",
        code: "login.extension_unregistered",
        zh: "分机未注册",
        en: "not registered",
    },
    Case {
        agent: "5004",
        extension: "8004",
        password: "123456",
        mode: "stop",
        code: "login.already_on_this_extension",
        zh: "已在此分机登录",
        en: "already logged in on this extension",
    },
    Case {
        agent: "5004",
        extension: "8005",
        password: "123456",
        mode: "stop",
        code: "login.already_on_other_extension",
        zh: "其他分机（8004）",
        en: "another extension (8004)",
    },
    Case {
        agent: "5003",
        extension: "8002",
        password: "123456",
        mode: "force",
        code: "login.extension_in_use",
        zh: "坐席 5002",
        en: "Agent 5002",
    },
    Case {
        agent: "5003",
        extension: "8006",
        password: "123456",
        mode: "force",
        code: "agent.busy_in_call",
        zh: "通话中",
        en: "in a call",
    },
];

/// Needs a third agent online first.
const LICENCE: Case = Case {
    agent: "5003",
    extension: "8003",
    password: "123456",
    mode: "force",
    code: "login.licence_limit",
    zh: "许可上限",
    en: "licence limit",
};

async fn check(app: &App, c: &Case, english: bool) {
    app.login(c.agent, c.extension, c.password, c.mode).await;
    app.until(
        c.code,
        &format!("document.getElementById('login-error').dataset.code === '{}' && !document.getElementById('login-submit').disabled", c.code),
    )
    .await;
    let text = app.text("#login-error").await;
    let want = if english { c.en } else { c.zh };
    assert!(text.contains(want), "{}: {text:?} lacks {want:?}", c.code);
    // The next attempt starts from a clean box, so a stale message cannot pass for the next one.
    app.js("document.getElementById('login-error').dataset.code = ''; return true")
        .await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn every_login_failure_the_simulator_can_produce_shows_its_specific_message_in_both_languages(
) {
    let sim = strict_sim().await;
    let _b = elsewhere(&sim, "5002", "8002").await;
    let _d = elsewhere(&sim, "5004", "8004").await;
    sim.ring("13700001111", "8006", serde_json::json!({}))
        .await
        .unwrap();
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    assert_eq!(
        app.js("return document.documentElement.lang").await,
        "zh-CN"
    );
    for c in CASES {
        check(&app, c, false).await;
    }
    app.click("#lang-toggle").await;
    app.until("English", "document.documentElement.lang === 'en'")
        .await;
    for c in CASES {
        check(&app, c, true).await;
    }
    let _third = elsewhere(&sim, "5001", "8001").await;
    check(&app, &LICENCE, true).await;
    app.click("#lang-toggle").await;
    app.until("Chinese", "document.documentElement.lang === 'zh-CN'")
        .await;
    check(&app, &LICENCE, false).await;
    // Nothing of it logged the app's agent in.
    assert!(!sim.state()["agents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["agentId"] == "5003@demo.cc" && a["loggedIn"] == true));
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn logged_in_elsewhere_asks_the_agent_and_a_no_leaves_the_other_session_alone() {
    let sim = sim().await;
    let _other = elsewhere(&sim, "5001", "8002").await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    app.login("5001", "8001", "123456", "ask").await;
    app.until(
        "the question",
        "!document.getElementById('question').hidden",
    )
    .await;
    let q = app.text("#question-text").await;
    assert!(
        q.contains("8002"),
        "the question names the other extension: {q}"
    );
    app.click("#question-cancel").await;
    app.until(
        "the refusal",
        "document.getElementById('login-error').dataset.code === 'login.declined' && document.getElementById('question').hidden",
    )
    .await;
    let still = sim.state()["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["agentId"] == "5001@demo.cc").cloned())
        .unwrap_or_default();
    assert_eq!(
        still["extensionId"], "8002@demo.cc",
        "the other session kept"
    );

    app.login("5001", "8001", "123456", "ask").await;
    app.until(
        "the question again",
        "!document.getElementById('question').hidden",
    )
    .await;
    app.click("#question-force").await;
    app.until("logged on", "!document.getElementById('agent-bar').hidden")
        .await;
    app.close().await;
}
