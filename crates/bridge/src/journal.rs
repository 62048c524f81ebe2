//! The last events sent to pages, numbered `n` from 1 in this run of the app (the run has an `instance`
//! id). A page that reconnects says the last `n` it saw: what it missed is replayed from here, or, when
//! that is gone (a restart of the app, too long away), it gets a re-sync from the current state.

use serde_json::Value;
use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub n: u64,
    pub inner: bool,
    pub event: Arc<Value>,
}

pub struct Journal {
    instance: String,
    capacity: usize,
    last: u64,
    entries: VecDeque<Entry>,
}

/// What a page that comes back gets.
#[derive(Debug, PartialEq)]
pub enum Resume {
    /// Every event after the page's last one (possibly none).
    Replay(Vec<Entry>),
    /// The page is from another run, or missed more than the journal holds.
    Resync,
}

impl Journal {
    pub fn new(instance: String, capacity: usize) -> Self {
        Journal {
            instance,
            capacity: capacity.max(1),
            last: 0,
            entries: VecDeque::new(),
        }
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    pub fn last(&self) -> u64 {
        self.last
    }

    pub fn push(&mut self, inner: bool, event: Arc<Value>) -> Entry {
        self.last += 1;
        let e = Entry {
            n: self.last,
            inner,
            event,
        };
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(e.clone());
        e
    }

    pub fn resume(&self, instance: &str, after: u64) -> Resume {
        if instance != self.instance || after > self.last {
            return Resume::Resync;
        }
        let oldest = self.entries.front().map_or(self.last + 1, |e| e.n);
        if after + 1 < oldest {
            return Resume::Resync;
        }
        Resume::Replay(
            self.entries
                .iter()
                .filter(|e| e.n > after)
                .cloned()
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(i: u64) -> Arc<Value> {
        Arc::new(serde_json::json!({ "serial": i }))
    }

    #[test]
    fn a_page_back_in_time_gets_what_it_missed_and_one_from_too_long_ago_a_resync() {
        let mut j = Journal::new("run-a".into(), 3);
        for i in 1..=5 {
            j.push(false, ev(i));
        }
        match j.resume("run-a", 3) {
            Resume::Replay(v) => assert_eq!(v.iter().map(|e| e.n).collect::<Vec<_>>(), [4, 5]),
            r => panic!("{r:?}"),
        }
        assert_eq!(j.resume("run-a", 5), Resume::Replay(vec![]));
        assert_eq!(
            j.resume("run-a", 2),
            Resume::Replay(j.entries.iter().cloned().collect())
        );
        assert_eq!(j.resume("run-a", 1), Resume::Resync, "event 2 is gone");
        assert_eq!(
            j.resume("run-b", 5),
            Resume::Resync,
            "another run of the app"
        );
        assert_eq!(
            j.resume("run-a", 9),
            Resume::Resync,
            "a number this run never gave"
        );
    }

    #[test]
    fn a_new_journal_replays_nothing_to_a_page_that_saw_nothing() {
        let j = Journal::new("run".into(), 8);
        assert_eq!(j.resume("run", 0), Resume::Replay(vec![]));
    }
}
