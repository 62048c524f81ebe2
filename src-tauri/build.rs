//! The config lives at the repository root (the product card asks for it there); the app's own commands are
//! declared here so that the capabilities can allow them per window (TOOLING: capabilities alone do not).

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(well_softphone_commands::ALL);
    let attrs = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attrs) {
        panic!("tauri build step failed: {e:#}");
    }
}

/// Kept in one place with `src/ipc/commands/mod.rs` (a test there checks that both lists agree).
mod well_softphone_commands {
    include!("src/ipc/command_names.rs");
}
