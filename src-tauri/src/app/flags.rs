//! Command-line flags (DESIGN "App flags").

use clap::Parser;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "well-softphone",
    version,
    about = "Well Softphone: the agent bar for the wellClient CTI platform"
)]
pub struct Flags {
    /// CTI server base URL (optionally with a path prefix), for this run only; without it and without a server
    /// profile in the settings the app runs against its built-in simulator (demo mode).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// TPI login URL: absolute, or a path relative to the server (default /api/security/login).
    #[arg(long, value_name = "URL")]
    pub tpi_url: Option<String>,
    /// Tenant domain for --server (default: the active profile's, else demo.cc).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Where settings, logs, the saved session and the keyring namespace live.
    #[arg(long, value_name = "DIR")]
    pub profile_dir: Option<PathBuf>,
    /// Demo mode: log the demo agent in at start.
    #[arg(long)]
    pub demo_autologin: bool,
    /// A `tel:` or `callto:` link to open in the dial pad, ready to call.
    #[arg(value_name = "tel:NUMBER")]
    pub link: Option<String>,
    /// Demo mode: a customer calls every N ms, or every MIN-MAX ms (default 15000-45000).
    #[arg(long, value_name = "N|MIN-MAX", value_parser = parse_interval)]
    pub demo_interval_ms: Option<(u64, u64)>,
    /// The CRM bridge's loopback port for this run (0 turns it off; default from the settings, 5129).
    #[arg(long, value_name = "PORT")]
    pub integration_port: Option<u16>,
    /// An origin allowed to use the CRM bridge in this run (repeatable), e.g. https://crm.example.com.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub allow_origin: Vec<well_bridge::Origin>,
    /// A fleet policy file for a machine that has none at its system path (README "Deploying to a fleet");
    /// an installed one always wins.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Check a fleet policy file and exit: 0 and a summary when it is usable, 2 and the reason when not (for
    /// installers and administrators; needs no display).
    #[arg(long, value_name = "FILE")]
    pub check_policy: Option<PathBuf>,
}

/// `scheme://host[:port]`, as a browser sends it.
pub fn parse_origin(s: &str) -> Result<well_bridge::Origin, String> {
    well_bridge::Origin::parse(s).map_err(|e| e.to_string())
}

/// `N` or `MIN-MAX`, in milliseconds, at least 100.
pub fn parse_interval(s: &str) -> Result<(u64, u64), String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("'{t}' is not a number of milliseconds"))
    };
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => {
            let n = num(s)?;
            (n, n)
        }
    };
    if lo < 100 || hi < lo {
        return Err(format!(
            "'{s}': give N or MIN-MAX with 100 <= MIN <= MAX (milliseconds)"
        ));
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_one_number_or_a_range_and_nonsense_is_refused() {
        assert_eq!(parse_interval("2000"), Ok((2000, 2000)));
        assert_eq!(parse_interval("1000-3000"), Ok((1000, 3000)));
        assert!(parse_interval("3000-1000").is_err());
        assert!(parse_interval("5").is_err());
        assert!(parse_interval("fast").is_err());
    }

    #[test]
    fn every_flag_of_the_design_parses() {
        let f = Flags::try_parse_from([
            "well-softphone",
            "--server",
            "https://cti.example:5088/sdk",
            "--tpi-url",
            "/loginTrusted",
            "--profile-dir",
            "/tmp/p",
            "--demo-autologin",
            "--demo-interval-ms",
            "500-900",
            "--integration-port",
            "0",
            "--allow-origin",
            "https://crm.example.com",
            "--allow-origin",
            "http://127.0.0.1:8080",
            "--policy",
            "/tmp/policy.json",
        ])
        .unwrap();
        assert_eq!(f.server.as_deref(), Some("https://cti.example:5088/sdk"));
        assert_eq!(f.demo_interval_ms, Some((500, 900)));
        assert!(f.demo_autologin);
        assert_eq!(f.integration_port, Some(0));
        assert_eq!(f.allow_origin.len(), 2);
        assert_eq!(
            f.policy.as_deref(),
            Some(std::path::Path::new("/tmp/policy.json"))
        );
        assert!(
            Flags::try_parse_from(["well-softphone", "--allow-origin", "crm.example.com"]).is_err()
        );
    }
}
