//! What the tray shows for a snapshot: the icon, the status line (state and the current call's masked
//! number), which menu items are enabled and the missed calls' count (set from the history). Pure, so it is tested without a tray.

use well_callmodel::contract::{Connection, Snapshot};
use well_callmodel::{focus, AgentAction, AgentStatus, CallAction, CallState, Mode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayIconKind {
    LoggedOut,
    Ready,
    NotReady,
    AfterCallWork,
    Ringing,
    Talking,
    Reconnecting,
}

impl TrayIconKind {
    /// The key of the state's label in the UI's text table (`native.state.*`).
    pub fn text_key(self) -> &'static str {
        match self {
            TrayIconKind::LoggedOut => "native.state.logged_out",
            TrayIconKind::Ready => "native.state.ready",
            TrayIconKind::NotReady => "native.state.not_ready",
            TrayIconKind::AfterCallWork => "native.state.after_call_work",
            TrayIconKind::Ringing => "native.state.ringing",
            TrayIconKind::Talking => "native.state.talking",
            TrayIconKind::Reconnecting => "native.state.reconnecting",
        }
    }

    pub fn png(self) -> &'static [u8] {
        match self {
            TrayIconKind::LoggedOut => include_bytes!("../../../icons/tray/logged_out.png"),
            TrayIconKind::Ready => include_bytes!("../../../icons/tray/ready.png"),
            TrayIconKind::NotReady => include_bytes!("../../../icons/tray/not_ready.png"),
            TrayIconKind::AfterCallWork => {
                include_bytes!("../../../icons/tray/after_call_work.png")
            }
            TrayIconKind::Ringing => include_bytes!("../../../icons/tray/ringing.png"),
            TrayIconKind::Talking => include_bytes!("../../../icons/tray/talking.png"),
            TrayIconKind::Reconnecting => include_bytes!("../../../icons/tray/reconnecting.png"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayView {
    pub icon: TrayIconKind,
    /// The current call's display form (never the raw number).
    pub number: Option<String>,
    pub can_answer: bool,
    pub can_hang_up: bool,
    pub can_ready: bool,
    pub can_not_ready: bool,
    /// Missed calls the agent has not seen (the history's count; the snapshot does not carry it).
    pub missed: usize,
}

pub fn view(s: &Snapshot) -> TrayView {
    let on = s.agent.status == AgentStatus::LoggedOn;
    let current = focus::current_call(&s.calls);
    let icon = match (&s.connection, current.map(|c| c.state)) {
        (Connection::Reconnecting { .. } | Connection::Connecting, _) if on => {
            TrayIconKind::Reconnecting
        }
        _ if !on => TrayIconKind::LoggedOut,
        (_, Some(CallState::Ringing)) => TrayIconKind::Ringing,
        (_, Some(_)) => TrayIconKind::Talking,
        _ => match &s.agent.mode {
            Some(Mode::Ready) => TrayIconKind::Ready,
            Some(Mode::WorkNotReady) => TrayIconKind::AfterCallWork,
            _ => TrayIconKind::NotReady,
        },
    };
    TrayView {
        icon,
        number: current.map(|c| c.display_number.clone()),
        can_answer: focus::call_to_answer(&s.calls).is_some(),
        can_hang_up: focus::call_to_hang_up(&s.calls)
            .is_some_and(|c| c.allowed.contains(&CallAction::HangUp)),
        can_ready: s.agent.allowed.contains(&AgentAction::Ready),
        can_not_ready: s.agent.allowed.contains(&AgentAction::NotReady),
        missed: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use well_callmodel::{Agent, Call};

    fn snapshot(mode: Option<Mode>, calls: Vec<Call>, connection: Connection) -> Snapshot {
        let mut agent = Agent::logged_out();
        if mode.is_some() {
            agent.status = AgentStatus::LoggedOn;
            agent.allowed = vec![AgentAction::NotReady];
        }
        agent.mode = mode;
        Snapshot {
            seq: 1,
            now_ms: 0,
            agent,
            calls,
            connection,
            notices: Vec::new(),
            pending_question: None,
        }
    }

    fn call(state: CallState, allowed: &[CallAction]) -> Call {
        well_callmodel::testing::call("c1", state, allowed)
    }

    #[test]
    fn the_icon_follows_session_mode_and_call() {
        let c = Connection::Connected;
        assert_eq!(
            view(&snapshot(None, vec![], Connection::Offline)).icon,
            TrayIconKind::LoggedOut
        );
        assert_eq!(
            view(&snapshot(Some(Mode::Ready), vec![], c.clone())).icon,
            TrayIconKind::Ready
        );
        assert_eq!(
            view(&snapshot(Some(Mode::NotReady), vec![], c.clone())).icon,
            TrayIconKind::NotReady
        );
        assert_eq!(
            view(&snapshot(Some(Mode::WorkNotReady), vec![], c.clone())).icon,
            TrayIconKind::AfterCallWork
        );
        let ringing = call(
            CallState::Ringing,
            &[CallAction::Answer, CallAction::HangUp],
        );
        let v = view(&snapshot(Some(Mode::Ready), vec![ringing], c.clone()));
        assert_eq!(v.icon, TrayIconKind::Ringing);
        assert_eq!(v.number.as_deref(), Some("1391234****"));
        assert!(v.can_answer && v.can_hang_up && !v.can_ready && v.can_not_ready);
        let talking = call(
            CallState::Connected,
            &[CallAction::HangUp, CallAction::Hold],
        );
        let v = view(&snapshot(Some(Mode::Ready), vec![talking], c));
        assert_eq!(v.icon, TrayIconKind::Talking);
        assert!(!v.can_answer && v.can_hang_up);
        let lost = Connection::Reconnecting {
            attempt: 2,
            next_try_ms: 500,
        };
        assert_eq!(
            view(&snapshot(Some(Mode::Ready), vec![], lost)).icon,
            TrayIconKind::Reconnecting
        );
    }

    #[test]
    fn a_held_call_alone_offers_no_hang_up() {
        let held = call(CallState::Held, &[CallAction::Retrieve, CallAction::HangUp]);
        let v = view(&snapshot(
            Some(Mode::Ready),
            vec![held],
            Connection::Connected,
        ));
        assert_eq!(v.icon, TrayIconKind::Talking);
        assert!(!v.can_hang_up);
    }
}
