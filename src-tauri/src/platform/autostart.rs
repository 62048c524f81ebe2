//! "Start with the system": the OS's login items (XDG autostart on Linux, a launch agent on macOS, the
//! registry's Run key on Windows), through tauri-plugin-autostart.

use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;
use well_codes::Code;

use crate::ipc::error::{IpcError, IpcResult};

pub fn apply(app: &AppHandle, on: bool) -> IpcResult<()> {
    let manager = app.autolaunch();
    let done = if on {
        manager.enable()
    } else {
        manager.disable()
    };
    done.map_err(|e| {
        IpcError::new(
            Code::SettingsAutostartFailed,
            format!("starting with the system could not be changed: {e}"),
        )
    })?;
    tracing::info!(on, "start with the system");
    Ok(())
}
