//! Start-up and the process: flags, the profile folder, logs, the display check, demo mode, quit, the
//! configuration compiled into the binary (and the icons its bundlers need), the diagnostics export, the
//! benchmark's page marks, the settings a run starts with (under the fleet policy).

pub(crate) mod built_config;
pub(crate) mod bundle_icons;
pub(crate) mod demo;
pub(crate) mod diagnostics;
pub(crate) mod display;
pub(crate) mod flags;
pub mod logs;
pub(crate) mod profile_dir;
pub(crate) mod quit;
pub(crate) mod start_settings;
pub(crate) mod started;
pub(crate) mod ui_marks;
