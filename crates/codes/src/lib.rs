//! Every stable code the softphone answers with, declared once: the errors of every crate (client, CRM
//! bridge, shell), the HTTP statuses of the platform (spec §3.5) and the notices the agent sees. A code is a
//! word that never changes meaning; the texts it stands for live in the UI (`ui/js/texts.js`, zh-CN and
//! English), and `tests/texts.rs` of the shell checks that every [`Audience::Window`] code has both texts and
//! that no text is left without a code or a use.
//!
//! Code is added here first, then used as `Code::Name`; nothing else writes a code's string.

use std::fmt;

/// Who reads a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The agent, in the window or a native surface: it has a text in both languages.
    Window,
    /// A CRM page, in the SDK-shaped reply of the local bridge: the page's own code decides what to show.
    Crm,
    /// Logs and diagnostics only (what failed on the event link; the window says "unreachable").
    Log,
}

macro_rules! codes {
    ($($name:ident = $text:literal, $audience:ident;)*) => {
        /// A stable code (see the crate's documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($name,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as it goes over IPC, to a CRM page and into a log line.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }

            pub const fn audience(self) -> Audience {
                match self {
                    $(Code::$name => Audience::$audience,)*
                }
            }
        }
    };
}

codes! {
    ActionNotNow = "action.not_now", Window;

    AgentAllocationFailed = "agent.allocation_failed", Window;
    AgentAlreadyLoggedOut = "agent.already_logged_out", Window;
    AgentAutoOutboundQuota = "agent.auto_outbound_quota", Window;
    AgentBusyInCall = "agent.busy_in_call", Window;
    AgentLogoutNotAllowed = "agent.logout_not_allowed", Window;
    AgentModeNotAllowed = "agent.mode_not_allowed", Window;
    AgentStateIllegal = "agent.state_illegal", Window;

    BridgeBadArguments = "bridge.bad_arguments", Crm;
    BridgeBadOrigin = "bridge.bad_origin", Window;
    BridgeClosed = "bridge.closed", Crm;
    BridgeInternal = "bridge.internal", Crm;
    BridgeListenFailed = "bridge.listen_failed", Window;
    BridgeMalformed = "bridge.malformed", Crm;
    BridgeNoCall = "bridge.no_call", Crm;
    BridgeNotSupported = "bridge.not_supported", Crm;
    BridgeOriginPending = "bridge.origin_pending", Crm;
    BridgePortTaken = "bridge.port_taken", Window;
    BridgeRateLimited = "bridge.rate_limited", Crm;
    BridgeTooLarge = "bridge.too_large", Crm;
    BridgeUnknownMethod = "bridge.unknown_method", Crm;

    CallActionNotAllowed = "call.action_not_allowed", Window;
    CallBadAction = "call.bad_action", Window;
    CallBadData = "call.bad_data", Window;
    CallDialNotAllowed = "call.dial_not_allowed", Window;
    CallDialTooSoon = "call.dial_too_soon", Window;
    CallInvalidNumber = "call.invalid_number", Window;
    CallNoNumber = "call.no_number", Window;
    CallUnknown = "call.unknown", Window;

    ConnectionOutage = "connection.outage", Window;

    DemoStart = "demo.start", Window;

    DiagnosticsWrite = "diagnostics.write", Window;

    DialNothingPending = "dial.nothing_pending", Window;

    HistoryUnknown = "history.unknown", Window;

    HttpUnexpectedStatus = "http.unexpected_status", Window;

    KeyringUnavailable = "keyring.unavailable", Window;

    LinkClosed = "link.closed", Log;
    LinkConnectTimeout = "link.connect_timeout", Log;
    LinkDead = "link.dead", Log;
    LinkOpenFailed = "link.open_failed", Log;
    LinkRefused = "link.refused", Log;
    LinkServerError = "link.server_error", Log;
    LinkSocketError = "link.socket_error", Log;

    LoginAgentInvalid = "login.agent_invalid", Window;
    LoginAlreadyOnOtherExtension = "login.already_on_other_extension", Window;
    LoginAlreadyOnThisExtension = "login.already_on_this_extension", Window;
    LoginBadMode = "login.bad_mode", Window;
    LoginDeclined = "login.declined", Window;
    LoginExtensionInUse = "login.extension_in_use", Window;
    LoginExtensionInvalid = "login.extension_invalid", Window;
    LoginExtensionNotAuthorised = "login.extension_not_authorised", Window;
    LoginExtensionStateIllegal = "login.extension_state_illegal", Window;
    LoginExtensionUnregistered = "login.extension_unregistered", Window;
    LoginIncomplete = "login.incomplete", Window;
    LoginLicenceLimit = "login.licence_limit", Window;
    LoginNoQuestion = "login.no_question", Window;
    LoginPasswordMismatch = "login.password_mismatch", Window;

    NetBadResponse = "net.bad_response", Window;
    NetTimeout = "net.timeout", Window;
    NetUnreachable = "net.unreachable", Window;

    ProfileBadCa = "profile.bad_ca", Window;
    ProfileBadServerUrl = "profile.bad_server_url", Window;
    ProfileBadTpiUrl = "profile.bad_tpi_url", Window;
    ProfileNoDomain = "profile.no_domain", Window;

    RecordingDisabled = "recording.disabled", Window;
    RecordingNoCall = "recording.no_call", Window;

    RecoverIdentityMismatch = "recover.identity_mismatch", Window;
    RecoverLoggedOut = "recover.logged_out", Window;
    RecoverNoSavedSession = "recover.no_saved_session", Window;
    RecoverRecovered = "recover.recovered", Window;
    RecoverServerUnreachable = "recover.server_unreachable", Window;
    RecoverSessionExpired = "recover.session_expired", Window;

    PolicyFlagIgnored = "policy.flag_ignored", Window;
    PolicyInvalid = "policy.invalid", Window;
    PolicyLocked = "policy.locked", Window;

    RequestInvalidId = "request.invalid_id", Window;

    ScreenPopHookFailed = "screen_pop.hook_failed", Window;
    ScreenPopOpenFailed = "screen_pop.open_failed", Window;

    ServerError = "server.error", Window;

    SessionAlreadyLoggedIn = "session.already_logged_in", Window;
    SessionBusy = "session.busy", Window;
    SessionExpired = "session.expired", Window;
    SessionLost = "session.lost", Window;
    SessionNotLoggedIn = "session.not_logged_in", Window;

    SettingsAutostartFailed = "settings.autostart_failed", Window;
    SettingsBadActiveProfile = "settings.bad_active_profile", Window;
    SettingsBadAutoAnswer = "settings.bad_auto_answer", Window;
    SettingsBadAutoReady = "settings.bad_auto_ready", Window;
    SettingsBadCallData = "settings.bad_call_data", Window;
    SettingsBadHotkey = "settings.bad_hotkey", Window;
    SettingsBadIntegrationPort = "settings.bad_integration_port", Window;
    SettingsBadLanguage = "settings.bad_language", Window;
    SettingsBadMasking = "settings.bad_masking", Window;
    SettingsBadOrigin = "settings.bad_origin", Window;
    SettingsBadProfileName = "settings.bad_profile_name", Window;
    SettingsBadProfileUrl = "settings.bad_profile_url", Window;
    SettingsBadProgramHook = "settings.bad_program_hook", Window;
    SettingsBadReason = "settings.bad_reason", Window;
    SettingsBadScreenPop = "settings.bad_screen_pop", Window;
    SettingsCorrupt = "settings.corrupt", Window;
    SettingsWrite = "settings.write", Window;

    TaskNotAssigned = "task.not_assigned", Window;
}

impl Code {
    /// The code with this string, if it is one.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_well_formed_and_parse_back() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} declared twice");
            let (area, word) = s.split_once('.').expect("area.word");
            let ok =
                |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            assert!(ok(area) && ok(word), "{s}: lower-case area.word");
            assert_eq!(Code::parse(s), Some(*c));
        }
        assert_eq!(Code::parse("call.nonsense"), None);
        assert_eq!(
            serde_json::to_string(&Code::CallUnknown).unwrap(),
            r#""call.unknown""#
        );
    }
}
