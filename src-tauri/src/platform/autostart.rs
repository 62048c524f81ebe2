//! "Start with the system": the OS's login item — an XDG autostart entry on Linux, a launch agent on macOS, the
//! current user's Run key on Windows — written by the auto-launch crate, with the command line quoted here for
//! each OS first. auto-launch (and tauri-plugin-autostart around it) joins the program and its arguments with
//! spaces, so `…\Programs\Well Softphone\well-softphone.exe` or a profile under `C:\Users\Jane Doe` would be cut
//! at the first space when the system starts it.

use auto_launch::{AutoLaunch, AutoLaunchBuilder};
use std::path::Path;
use tauri::{AppHandle, Manager};
use well_codes::Code;

use crate::ipc::error::{IpcError, IpcResult};

/// The login item's name: the Run value and launch agent on Windows and macOS, the `.desktop` file on Linux.
#[cfg(any(windows, target_os = "macos"))]
pub const NAME: &str = "Well Softphone";
#[cfg(not(any(windows, target_os = "macos")))]
pub const NAME: &str = "well-softphone";

/// The login item of this app for one profile (started with the system, it opens that same profile).
pub struct LoginItem(AutoLaunch);

impl LoginItem {
    pub fn new(exe: &Path, profile: &Path) -> Result<LoginItem, String> {
        LoginItem::named(NAME, exe, profile)
    }

    pub(crate) fn named(name: &str, exe: &Path, profile: &Path) -> Result<LoginItem, String> {
        let quote = quoting::for_this_os;
        let args = [
            quote("--profile-dir"),
            quote(&profile.display().to_string()),
        ];
        let mut b = AutoLaunchBuilder::new();
        b.set_app_name(name)
            .set_app_path(&quote(&exe.display().to_string()))
            .set_args(&args);
        #[cfg(windows)]
        b.set_windows_enable_mode(auto_launch::WindowsEnableMode::CurrentUser);
        #[cfg(not(any(windows, target_os = "macos")))]
        b.set_linux_launch_mode(auto_launch::LinuxLaunchMode::XdgAutostart);
        b.build()
            .map(LoginItem)
            .map_err(|e| format!("the login item cannot be made: {e}"))
    }

    /// Add (`on`) or remove the login item.
    pub fn apply(&self, on: bool) -> IpcResult<()> {
        let done = if on {
            self.0.enable()
        } else if self.0.is_enabled().unwrap_or(true) {
            self.0.disable()
        } else {
            Ok(())
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
}

/// Make this profile's login item and keep it in the app's state (started with the system, the app opens the
/// same profile). `enforce` (a fleet policy's lock) puts it right at once: the agent may have removed it by hand.
pub fn manage(app: &AppHandle, profile: &Path, enforce: Option<bool>) {
    let item = std::env::current_exe()
        .map_err(|e| format!("the app's own path is unknown: {e}"))
        .and_then(|exe| LoginItem::new(&exe, profile));
    match item {
        Ok(item) => {
            if let Some(on) = enforce {
                if let Err(e) = item.apply(on) {
                    tracing::warn!(error = %e.message, "start with the system not applied as the policy says");
                }
            }
            app.manage(item);
        }
        Err(e) => {
            tracing::warn!(error = %e, "no login item: starting with the system cannot be set")
        }
    }
}

/// The settings' "start with the system" turned on or off.
pub fn apply(app: &AppHandle, on: bool) -> IpcResult<()> {
    let item = app.try_state::<LoginItem>().ok_or_else(|| {
        IpcError::new(
            Code::SettingsAutostartFailed,
            "starting with the system is not available: the app's own path is unknown",
        )
    })?;
    item.apply(on)
}

/// One argument of a login item's command line, quoted for the program that will split it.
pub mod quoting {
    /// The quoting of the OS this runs on.
    pub fn for_this_os(arg: &str) -> String {
        #[cfg(windows)]
        return windows(arg);
        #[cfg(target_os = "macos")]
        return plist_string(arg);
        #[cfg(not(any(windows, target_os = "macos")))]
        return desktop_exec(arg);
    }

    /// As `CommandLineToArgvW` (and the Rust and C runtimes) split a command line: quoted when it holds a space,
    /// a tab or a quote (or is empty), backslashes doubled only where they come before a quote.
    #[cfg(any(windows, test))]
    pub fn windows(arg: &str) -> String {
        if !arg.is_empty() && !arg.contains([' ', '\t', '\n', '"']) {
            return arg.to_owned();
        }
        let mut out = String::from('"');
        let mut backslashes = 0;
        for c in arg.chars() {
            if c == '\\' {
                backslashes += 1;
                out.push(c);
                continue;
            }
            if c == '"' {
                // The n backslashes already written are doubled, and one more escapes the quote.
                out.extend(std::iter::repeat_n('\\', backslashes + 1));
            }
            backslashes = 0;
            out.push(c);
        }
        // Before the closing quote, too: doubled.
        out.extend(std::iter::repeat_n('\\', backslashes));
        out.push('"');
        out
    }

    /// An argument of a desktop entry's `Exec` (freedesktop.org Desktop Entry Specification, "The Exec key"):
    /// quoted when it holds a reserved character, `"` `` ` `` `$` `\` escaped inside the quotes, then the
    /// string-value escape of every backslash, and `%` doubled (it would start a field code).
    #[cfg(any(not(any(windows, target_os = "macos")), test))]
    pub fn desktop_exec(arg: &str) -> String {
        const RESERVED: &[char] = &[
            ' ', '\t', '\n', '"', '\'', '\\', '>', '<', '~', '|', '&', ';', '$', '*', '?', '#',
            '(', ')', '`',
        ];
        let quoted = if arg.is_empty() || arg.contains(RESERVED) {
            let mut q = String::from('"');
            for c in arg.chars() {
                if matches!(c, '"' | '`' | '$' | '\\') {
                    q.push('\\');
                }
                q.push(c);
            }
            q.push('"');
            q
        } else {
            arg.to_owned()
        };
        quoted.replace('\\', "\\\\").replace('%', "%%")
    }

    /// A launch agent's `<string>` (auto-launch writes the plist by hand, unescaped).
    #[cfg(any(target_os = "macos", test))]
    pub fn plist_string(arg: &str) -> String {
        arg.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
}

#[cfg(test)]
mod tests {
    use super::quoting::*;

    #[test]
    fn windows_arguments_split_back_as_they_were() {
        assert_eq!(windows("--profile-dir"), "--profile-dir");
        assert_eq!(
            windows(r"C:\Users\Jane Doe\AppData\Roaming\well-softphone\default"),
            r#""C:\Users\Jane Doe\AppData\Roaming\well-softphone\default""#
        );
        assert_eq!(windows(r"C:\dir with space\"), r#""C:\dir with space\\""#);
        assert_eq!(windows(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(windows(r#"a\"b c"#), r#""a\\\"b c""#);
        assert_eq!(windows(""), r#""""#);
    }

    #[test]
    fn desktop_exec_arguments_are_quoted_and_escaped_twice() {
        assert_eq!(
            desktop_exec("/usr/bin/well-softphone"),
            "/usr/bin/well-softphone"
        );
        assert_eq!(
            desktop_exec("/home/jane/my profiles/default"),
            r#""/home/jane/my profiles/default""#
        );
        assert_eq!(desktop_exec("/tmp/a$b"), r#""/tmp/a\\$b""#);
        assert_eq!(desktop_exec(r"/tmp/back\slash"), r#""/tmp/back\\\\slash""#);
        assert_eq!(desktop_exec("/tmp/100%"), "/tmp/100%%");
    }

    #[test]
    fn plist_strings_are_escaped() {
        assert_eq!(plist_string("/Users/a&b/<p>"), "/Users/a&amp;b/&lt;p&gt;");
    }

    /// Under Wine (the Windows check): the Run key written and read back with `reg query`, the program and the
    /// profile quoted, and removed again.
    #[cfg(windows)]
    #[test]
    fn the_run_key_holds_the_quoted_command_and_goes_when_turned_off() {
        let name = format!("Well Softphone test {}", std::process::id());
        let exe = std::path::Path::new(r"C:\Program Files\Well Softphone\well-softphone.exe");
        let profile =
            std::path::Path::new(r"C:\Users\Jane Doe\AppData\Roaming\well-softphone\default");
        let item = super::LoginItem::named(&name, exe, profile).unwrap();
        let query = || {
            std::process::Command::new("reg")
                .args([
                    "query",
                    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run",
                    "/v",
                    &name,
                ])
                .output()
                .unwrap()
        };
        item.apply(true).unwrap();
        assert!(item.0.is_enabled().unwrap());
        let out = query();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(r#""C:\Program Files\Well Softphone\well-softphone.exe" --profile-dir "C:\Users\Jane Doe\AppData\Roaming\well-softphone\default""#),
            "{text}"
        );
        item.apply(false).unwrap();
        assert!(!item.0.is_enabled().unwrap());
        assert!(!query().status.success(), "the Run value is gone");
    }
}
