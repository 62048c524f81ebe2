//! The numbered update stream of the DESIGN contract "Backend → UI": one `seq` for the model's changes, the
//! connection state, notices and the login-mode question; never reset while the app runs. Subscribers that fall
//! behind are told to take a snapshot — never a silent loss — and never slow the publisher.
//!
//! The snapshot at the latest `seq` is kept beside the stream, so that reading it or subscribing never waits
//! for the session actor (which may be in the middle of a slow request: a recovery, a login, a call command).

use std::collections::VecDeque;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;
use well_callmodel::contract::{
    Change, Connection, Notice, NoticeLevel, Question, Snapshot, Update,
};
use well_callmodel::ModelSnapshot;
use well_codes::Code;

/// Notices kept for the snapshot; older ones are dismissed.
pub const MAX_NOTICES: usize = 20;

pub struct Sequencer {
    seq: u64,
    tx: broadcast::Sender<Update>,
    connection: Connection,
    notices: VecDeque<Notice>,
    next_notice: u64,
    question: Option<Question>,
    model: ModelSnapshot,
    latest: watch::Sender<Snapshot>,
    epoch: Instant,
}

/// Reads the snapshot and subscribes to the updates without the session actor (any number of clones).
#[derive(Clone)]
pub struct Published {
    tx: broadcast::Sender<Update>,
    latest: watch::Receiver<Snapshot>,
    epoch: Instant,
}

impl Published {
    /// The snapshot at the latest published `seq`, `now_ms` read now; `None` once the session is gone.
    pub fn snapshot(&self) -> Option<Snapshot> {
        self.latest.has_changed().ok()?;
        let mut s = self.latest.borrow().clone();
        s.now_ms = self.epoch.elapsed().as_millis() as u64;
        Some(s)
    }

    pub fn subscribe(&self) -> Updates {
        Updates(self.tx.subscribe())
    }
}

/// What a subscriber reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    Update(Update),
    /// Updates were missed: take a snapshot, then go on with updates after its `seq`.
    Lagged,
    /// The session is gone (the app is shutting down).
    Closed,
}

/// A subscription to the updates.
pub struct Updates(broadcast::Receiver<Update>);

impl Updates {
    pub async fn recv(&mut self) -> Received {
        match self.0.recv().await {
            Ok(u) => Received::Update(u),
            Err(broadcast::error::RecvError::Lagged(_)) => Received::Lagged,
            Err(broadcast::error::RecvError::Closed) => Received::Closed,
        }
    }
}

impl Sequencer {
    /// `capacity` updates are buffered per subscriber before it lags; `model` is the model's state before its
    /// first change and `epoch` the zero of every `*_ms` time.
    pub fn new(capacity: usize, model: ModelSnapshot, epoch: Instant) -> Self {
        let (tx, _) = broadcast::channel(capacity.max(1));
        let first = Snapshot {
            seq: 0,
            now_ms: 0,
            agent: model.agent.clone(),
            calls: model.calls.clone(),
            connection: Connection::Offline,
            notices: Vec::new(),
            pending_question: None,
        };
        Sequencer {
            seq: 0,
            tx,
            connection: Connection::Offline,
            notices: VecDeque::new(),
            next_notice: 0,
            question: None,
            model,
            latest: watch::Sender::new(first),
            epoch,
        }
    }

    pub fn published(&self) -> Published {
        Published {
            tx: self.tx.clone(),
            latest: self.latest.subscribe(),
            epoch: self.epoch,
        }
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Number and send these changes (nothing for none). Sending never waits: a slow subscriber lags.
    pub fn publish(&mut self, changes: Vec<Change>) -> Option<u64> {
        if changes.is_empty() {
            return None;
        }
        self.seq += 1;
        // The snapshot first: whoever subscribes after the send reads a snapshot that already has it.
        self.latest.send_replace(self.current());
        let _ = self.tx.send(Update {
            seq: self.seq,
            changes,
        });
        Some(self.seq)
    }

    /// Publish the model's changes; `model` is its state after them (read only when there are changes).
    pub fn publish_model(
        &mut self,
        changes: Vec<Change>,
        model: impl FnOnce() -> ModelSnapshot,
    ) -> Option<u64> {
        if changes.is_empty() {
            return None;
        }
        self.model = model();
        self.publish(changes)
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    pub fn set_connection(&mut self, c: Connection) {
        if self.connection != c {
            self.connection = c.clone();
            self.publish(vec![Change::Connection(c)]);
        }
    }

    /// Show a notice; the oldest goes when there are more than [`MAX_NOTICES`].
    pub fn notice(&mut self, level: NoticeLevel, code: Code, message: &str, at_ms: u64) -> u64 {
        self.next_notice += 1;
        let n = Notice {
            id: self.next_notice,
            level,
            code: code.as_str().to_owned(),
            message: message.to_owned(),
            at_ms,
        };
        let mut changes = vec![Change::Notice(n.clone())];
        self.notices.push_back(n);
        while self.notices.len() > MAX_NOTICES {
            if let Some(old) = self.notices.pop_front() {
                changes.push(Change::NoticeDismissed { id: old.id });
            }
        }
        self.publish(changes);
        self.next_notice
    }

    pub fn dismiss(&mut self, id: u64) {
        let before = self.notices.len();
        self.notices.retain(|n| n.id != id);
        if self.notices.len() != before {
            self.publish(vec![Change::NoticeDismissed { id }]);
        }
    }

    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    pub fn set_question(&mut self, q: Option<Question>) {
        if self.question != q {
            self.question = q.clone();
            self.publish(vec![Change::Question(q)]);
        }
    }

    /// Everything the UI needs, at the current `seq` (`now_ms` is filled in when it is read).
    fn current(&self) -> Snapshot {
        Snapshot {
            seq: self.seq,
            now_ms: 0,
            agent: self.model.agent.clone(),
            calls: self.model.calls.clone(),
            connection: self.connection.clone(),
            notices: self.notices.iter().cloned().collect(),
            pending_question: self.question.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use well_callmodel::{Model, ModelConfig};

    fn empty() -> ModelSnapshot {
        Model::new(ModelConfig::default()).snapshot()
    }

    #[tokio::test]
    async fn the_published_snapshot_already_has_every_update_a_late_subscriber_misses() {
        let mut s = Sequencer::new(16, empty(), Instant::now());
        let reader = s.published();
        assert_eq!(reader.snapshot().map(|s| s.seq), Some(0));
        s.set_connection(Connection::Connecting);
        let mut late = reader.subscribe();
        let snap = reader.snapshot().unwrap();
        assert_eq!((snap.seq, snap.connection), (1, Connection::Connecting));
        let m = Model::new(ModelConfig::default());
        let mut agent = m.snapshot();
        agent.agent.name = Some("Li".into());
        s.publish_model(
            vec![Change::Notice(Notice {
                id: 0,
                level: NoticeLevel::Info,
                code: "x".into(),
                message: "y".into(),
                at_ms: 0,
            })],
            || agent.clone(),
        );
        let Received::Update(u) = late.recv().await else {
            panic!()
        };
        assert_eq!(u.seq, 2);
        let snap = reader.snapshot().unwrap();
        assert_eq!((snap.seq, snap.agent.name.as_deref()), (2, Some("Li")));
        assert_eq!(
            s.publish_model(vec![], || unreachable!("not read without changes")),
            None
        );
        drop(s);
        assert!(reader.snapshot().is_none(), "gone with the session");
    }

    #[tokio::test]
    async fn every_kind_of_change_shares_one_increasing_seq() {
        let mut s = Sequencer::new(16, empty(), Instant::now());
        let mut sub = s.published().subscribe();
        s.set_connection(Connection::Connecting);
        s.set_connection(Connection::Connecting);
        let id = s.notice(NoticeLevel::Info, Code::RecoverRecovered, "recovered", 5);
        s.set_question(Some(Question {
            id: 1,
            code: "login.ask_force".into(),
            message: "force?".into(),
            expires_at_ms: 9,
            details: None,
        }));
        s.dismiss(id);
        assert_eq!(s.publish(vec![]), None, "nothing to number");
        let mut seqs = Vec::new();
        for _ in 0..4 {
            let Received::Update(u) = sub.recv().await else {
                panic!()
            };
            seqs.push(u.seq);
        }
        assert_eq!(
            seqs,
            [1, 2, 3, 4],
            "the repeated connection state was not sent again"
        );
        let snap = s.published().snapshot().unwrap();
        assert_eq!(
            (
                snap.seq,
                snap.notices.len(),
                snap.pending_question.is_some()
            ),
            (4, 0, true)
        );
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_told_to_take_a_snapshot() {
        let mut s = Sequencer::new(4, empty(), Instant::now());
        let mut slow = s.published().subscribe();
        for i in 0..10 {
            s.notice(NoticeLevel::Info, Code::SessionLost, "y", i);
        }
        assert_eq!(slow.recv().await, Received::Lagged);
        let Received::Update(u) = slow.recv().await else {
            panic!()
        };
        assert!(u.seq > 1, "it goes on after the gap");
        assert!(s.published().snapshot().unwrap().notices.len() <= MAX_NOTICES);
    }

    #[tokio::test]
    async fn old_notices_are_dismissed_past_the_bound() {
        let mut s = Sequencer::new(256, empty(), Instant::now());
        let mut sub = s.published().subscribe();
        for i in 0..(MAX_NOTICES as u64 + 1) {
            s.notice(NoticeLevel::Warning, Code::ConnectionOutage, "m", i);
        }
        let mut last = None;
        for _ in 0..=MAX_NOTICES {
            if let Received::Update(u) = sub.recv().await {
                last = Some(u);
            }
        }
        let changes = last.unwrap().changes;
        assert!(
            changes.contains(&Change::NoticeDismissed { id: 1 }),
            "{changes:?}"
        );
    }
}
