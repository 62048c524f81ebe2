//! End-to-end tests of the desktop app in its real window (WebKitGTK under Xvfb), one at a time: each starts
//! its own simulator and a fresh profile. Run by the test command as
//! `cargo test -p well-softphone --test e2e -- --ignored --test-threads=1` inside Xvfb and a D-Bus session.

mod access;
mod call_data;
mod calls;
mod clocks;
mod ergonomics;
mod faults;
mod harness;
mod history;
mod installed;
mod integration;
mod keyboard;
mod login;
mod missed;
// The notification server on the session bus is Linux's (D-Bus); Windows and macOS have their own centres.
#[cfg(target_os = "linux")]
mod notification;
#[cfg(target_os = "linux")]
mod notify_server;
mod policy;
mod recovery;
mod security;
mod shell;
mod shots;
