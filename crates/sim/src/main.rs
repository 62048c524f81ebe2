//! `well-sim`: the simulated CTI server as a program.

use clap::Parser;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use well_sim::demo::DemoConfig;
use well_sim::{Directory, Sim, SimConfig};

/// A simulated wellClient CTI server (REST + STOMP over WebSocket) for demos and tests.
#[derive(Parser, Debug)]
#[command(name = "well-sim", version)]
struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 5088)]
    port: u16,
    /// Address to listen on. The simulator has no authentication worth the name: keep it on loopback.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Tenants, agents and extensions from a .toml or .json file.
    #[arg(long, conflicts_with = "agents")]
    directory: Option<PathBuf>,
    /// Generate N agents (5001…) and N extensions (8001…) in demo.cc, password 123456.
    #[arg(long)]
    agents: Option<usize>,
    /// Log an agent off after this long without a REST heartbeat.
    #[arg(long, default_value_t = 180_000)]
    heartbeat_timeout_ms: u64,
    /// After-call work after every call for this long (0: none).
    #[arg(long, default_value_t = 0)]
    acw_after_call_ms: u64,
    /// Demo traffic: customers call Ready agents, far ends answer, customers hang up.
    #[arg(long)]
    demo: bool,
    /// With --demo: a new inbound call every MIN-MAX ms (or exactly N ms).
    #[arg(long, default_value = "15000-45000", value_parser = parse_range)]
    demo_interval_ms: (u64, u64),
    /// With --demo: the far end of an agent's own call answers after this long.
    #[arg(long, default_value_t = 3000)]
    answer_after_ms: u64,
    /// Do not serve the /sim control API.
    #[arg(long)]
    no_control: bool,
}

fn parse_range(s: &str) -> Result<(u64, u64), String> {
    let parse = |p: &str| {
        p.trim()
            .parse::<u64>()
            .map_err(|_| format!("{p:?} is not a number of milliseconds"))
    };
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            if a > b {
                return Err(format!("{a} is more than {b}"));
            }
            Ok((a, b))
        }
        None => parse(s).map(|n| (n, n)),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let (directory, who) = match (&args.directory, args.agents) {
        (Some(path), _) => match Directory::from_file(path) {
            Ok(d) => (d, format!("directory from {}", path.display())),
            Err(e) => {
                eprintln!("well-sim: {e}");
                return ExitCode::from(2);
            }
        },
        (None, Some(n)) => (
            Directory::generated(n),
            format!("{n} generated agents from 5001@demo.cc, extensions from 8001, password 123456"),
        ),
        (None, None) => (
            Directory::demo(),
            "demo agents 5001-5010@demo.cc, password 123456, extensions 8001-8010 (8099 unregistered)".to_owned(),
        ),
    };
    let demo = args.demo.then(|| DemoConfig {
        interval_ms: args.demo_interval_ms,
        answer_after_ms: args.answer_after_ms,
        ..DemoConfig::default()
    });
    let cfg = SimConfig {
        addr: SocketAddr::new(args.host, args.port),
        directory,
        heartbeat_timeout: Duration::from_millis(args.heartbeat_timeout_ms),
        acw_after_call_ms: args.acw_after_call_ms,
        demo,
        control: !args.no_control,
        ..SimConfig::default()
    };
    let sim = match Sim::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("well-sim: {e}");
            return ExitCode::from(1);
        }
    };
    // Written so that a closed stdout (a parent that stopped reading) never stops the server.
    let out = |line: String| {
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    out("well-sim listening".into());
    out(format!("  REST base:  {}", sim.base_url()));
    out(format!(
        "  TPI login:  {}/api/security/login",
        sim.base_url()
    ));
    out(format!("  WebSocket:  {}", sim.ws_url()));
    out(format!("  {who}"));
    if args.demo {
        out(format!(
            "  demo traffic: a customer calls a free Ready agent every {}-{} ms",
            args.demo_interval_ms.0, args.demo_interval_ms.1
        ));
    }
    if !args.no_control {
        out(format!(
            "  control API: {}/sim/state, /sim/calls, /sim/faults/...",
            sim.base_url()
        ));
    }
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    ExitCode::SUCCESS
}
