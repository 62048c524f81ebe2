//! Which OS notification stands for which ringing call (sans-IO): a number for each notification shown, the
//! call an action on it is meant for, and the notifications to withdraw once their call no longer rings.

use std::collections::HashMap;

use well_callmodel::{Call, CallState};
use well_protocol::ids::CallId;

/// What an agent did with an incoming-call notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationAction {
    Answer(CallId),
    Reject(CallId),
    /// A click on the notification itself: bring the window forward.
    Show,
}

/// The action identifiers of the notification's buttons.
pub const ANSWER: &str = "answer";
pub const REJECT: &str = "reject";

#[derive(Debug, Default)]
pub struct NotifiedCalls {
    next: i32,
    shown: HashMap<i32, CallId>,
}

impl NotifiedCalls {
    /// The identifier of a new notification for `call`.
    pub fn note(&mut self, call: &CallId) -> i32 {
        // Positive and never reused within a day of calls; wraps after two thousand million.
        self.next = self.next.checked_add(1).unwrap_or(1);
        self.shown.insert(self.next, call.clone());
        self.next
    }

    /// The action the notification server reported (`tap` is a click on the notification itself). An action
    /// on a notification we no longer track, or one we never offered, does nothing.
    pub fn action(&self, notification: Option<i32>, action: &str) -> Option<NotificationAction> {
        if action == "tap" {
            return Some(NotificationAction::Show);
        }
        let call = self.shown.get(&notification?)?.clone();
        match action {
            ANSWER => Some(NotificationAction::Answer(call)),
            REJECT => Some(NotificationAction::Reject(call)),
            _ => None,
        }
    }

    /// The notifications whose call no longer rings among `calls` (answered, rejected, given up, gone): they
    /// are forgotten here and should be withdrawn.
    pub fn stale(&mut self, calls: &[Call]) -> Vec<i32> {
        let ringing = |id: &CallId| {
            calls
                .iter()
                .any(|c| &c.call_id == id && c.state == CallState::Ringing)
        };
        let mut gone: Vec<i32> = self
            .shown
            .iter()
            .filter(|(_, call)| !ringing(call))
            .map(|(n, _)| *n)
            .collect();
        gone.sort_unstable();
        for n in &gone {
            self.shown.remove(n);
        }
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use well_callmodel::testing::call;

    #[test]
    fn an_action_names_the_call_its_notification_was_shown_for() {
        let mut n = NotifiedCalls::default();
        let a = n.note(&CallId::new("c1"));
        let b = n.note(&CallId::new("c2"));
        assert_ne!(a, b);
        assert_eq!(
            n.action(Some(a), ANSWER),
            Some(NotificationAction::Answer(CallId::new("c1")))
        );
        assert_eq!(
            n.action(Some(b), REJECT),
            Some(NotificationAction::Reject(CallId::new("c2")))
        );
        assert_eq!(n.action(None, "tap"), Some(NotificationAction::Show));
        assert_eq!(n.action(Some(a), "snooze"), None, "never offered");
        assert_eq!(n.action(Some(99), ANSWER), None, "not ours");
        assert_eq!(n.action(None, ANSWER), None);
    }

    #[test]
    fn a_notification_is_withdrawn_once_its_call_stops_ringing_and_forgotten_then() {
        let mut n = NotifiedCalls::default();
        let a = n.note(&CallId::new("c1"));
        let b = n.note(&CallId::new("c2"));
        let calls = [
            call("c1", CallState::Ringing, &[]),
            call("c2", CallState::Connected, &[]),
        ];
        assert_eq!(n.stale(&calls), vec![b], "answered: withdrawn");
        assert_eq!(n.action(Some(b), ANSWER), None, "forgotten");
        assert!(n.stale(&calls).is_empty(), "withdrawn once");
        assert_eq!(n.stale(&[]), vec![a], "gone: withdrawn");
    }
}
