//! Is the event link alive? (sans-IO, DESIGN "Time"). With STOMP heart-beats negotiated only STOMP bytes count
//! (a WebSocket Pong is answered by the peer's library and proves nothing about the broker), and the link is
//! dead after twice the incoming interval without a byte. When the server declines heart-beats, WebSocket
//! Pings stand in: one every `ping_every`, and any byte (Pongs included) proves life.

use std::time::{Duration, Instant};

/// What the caller should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// Send a STOMP heart-beat (a bare EOL).
    SendHeartBeat,
    /// Send a WebSocket Ping (the server declined STOMP heart-beats).
    SendPing,
    /// Nothing heard for too long: the link is dead.
    Dead,
}

#[derive(Debug, Clone)]
pub struct Liveness {
    /// We send a heart-beat this often.
    send_every: Option<Duration>,
    /// The server sends at least this often.
    expect_every: Option<Duration>,
    /// Without STOMP heart-beats: a WebSocket Ping this often.
    ping_every: Duration,
    last_in: Instant,
    last_out: Instant,
}

impl Liveness {
    /// Negotiate as STOMP 1.1 does: ours `(cx, cy)` from CONNECT, the server's `(sx, sy)` from CONNECTED, in
    /// milliseconds. We send every `max(cx, sy)` unless either is 0; we expect something every `max(cy, sx)`
    /// unless either is 0.
    pub fn negotiate(
        ours: (u64, u64),
        theirs: (u64, u64),
        ping_every: Duration,
        now: Instant,
    ) -> Self {
        let pick = |a: u64, b: u64| (a > 0 && b > 0).then(|| Duration::from_millis(a.max(b)));
        Liveness {
            send_every: pick(ours.0, theirs.1),
            expect_every: pick(ours.1, theirs.0),
            ping_every,
            last_in: now,
            last_out: now,
        }
    }

    /// `heart-beat: x,y` → `(x, y)`; absent or malformed is `(0, 0)`.
    pub fn parse_header(v: Option<&str>) -> (u64, u64) {
        let mut it = v
            .unwrap_or("0,0")
            .split(',')
            .map(|p| p.trim().parse::<u64>().unwrap_or(0));
        (it.next().unwrap_or(0), it.next().unwrap_or(0))
    }

    /// Whether STOMP heart-beats watch the link (else WebSocket Pings do).
    pub fn uses_heart_beats(&self) -> bool {
        self.expect_every.is_some()
    }

    /// Bytes arrived. With heart-beats negotiated, pass only STOMP bytes here.
    pub fn received(&mut self, now: Instant) {
        self.last_in = now;
    }

    /// We sent something (a frame or a heart-beat).
    pub fn sent(&mut self, now: Instant) {
        self.last_out = now;
    }

    /// Bytes from the server arrived at `now`: whether to send our heart-beat with this wake-up already. We do
    /// when our own deadline would otherwise come before the server's next beat (`last_out + send_every <
    /// now + expect_every`): the beat sent now moves our deadline past the server's next one, so an idle link
    /// wakes the process once per interval — for the server's beat — and not a second time for ours. Sending
    /// earlier than negotiated is always allowed; our own timer still sends when the server's beats are late.
    pub fn beat_along(&self, now: Instant) -> bool {
        match (self.send_every, self.expect_every) {
            (Some(send), Some(expect)) => self.last_out + send < now + expect,
            _ => false,
        }
    }

    fn watch_every(&self) -> Duration {
        self.expect_every.unwrap_or(self.ping_every)
    }

    /// What is due at `now`, most urgent first.
    pub fn poll(&mut self, now: Instant) -> Option<Beat> {
        if now.saturating_duration_since(self.last_in) > self.watch_every() * 2 {
            return Some(Beat::Dead);
        }
        let (every, beat) = match self.send_every {
            Some(d) => (d, Beat::SendHeartBeat),
            None if self.expect_every.is_none() => (self.ping_every, Beat::SendPing),
            None => return None,
        };
        (now.saturating_duration_since(self.last_out) >= every).then_some(beat)
    }

    /// When `poll` may next have something to say.
    pub fn next_deadline(&self) -> Instant {
        let dead = self.last_in + self.watch_every() * 2 + Duration::from_millis(1);
        let send = match (self.send_every, self.expect_every) {
            (Some(d), _) => self.last_out + d,
            (None, None) => self.last_out + self.ping_every,
            (None, Some(_)) => dead,
        };
        dead.min(send)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PING: Duration = Duration::from_secs(10);

    #[test]
    fn negotiation_takes_the_larger_interval_and_zero_turns_a_direction_off() {
        let t = Instant::now();
        let l = Liveness::negotiate((10_000, 10_000), (5_000, 20_000), PING, t);
        assert_eq!(l.send_every, Some(Duration::from_millis(20_000)));
        assert_eq!(l.expect_every, Some(Duration::from_millis(10_000)));
        let off = Liveness::negotiate((10_000, 10_000), (0, 0), PING, t);
        assert!(!off.uses_heart_beats());
        assert_eq!(Liveness::parse_header(Some("100, 200")), (100, 200));
        assert_eq!(Liveness::parse_header(Some("x")), (0, 0));
    }

    #[test]
    fn a_silent_server_is_dead_after_twice_its_interval() {
        let t = Instant::now();
        let ms = Duration::from_millis;
        let mut l = Liveness::negotiate((100, 100), (100, 100), PING, t);
        assert_eq!(l.poll(t + ms(50)), None);
        assert_eq!(l.poll(t + ms(100)), Some(Beat::SendHeartBeat));
        l.sent(t + ms(100));
        l.received(t + ms(150));
        assert_eq!(l.poll(t + ms(340)), Some(Beat::SendHeartBeat));
        l.sent(t + ms(340));
        assert_eq!(
            l.poll(t + ms(351)),
            Some(Beat::Dead),
            "nothing since 150 ms, 2 × 100 ms passed"
        );
        assert!(l.next_deadline() <= t + ms(351));
    }

    #[test]
    fn our_beat_rides_on_the_servers_when_ours_would_come_first() {
        let t = Instant::now();
        let ms = Duration::from_millis;
        let mut l = Liveness::negotiate((10_000, 10_000), (10_000, 10_000), PING, t);
        assert!(
            l.beat_along(t + ms(3_000)),
            "ours due at 10 s, theirs next at 13 s"
        );
        l.sent(t + ms(3_000));
        assert!(!l.beat_along(t + ms(3_000)), "just sent");
        assert!(l.beat_along(t + ms(3_001)));
        assert_eq!(l.next_deadline(), t + ms(13_000));
        // The server beats twice as often as we must: every other of its beats carries ours.
        let mut fast = Liveness::negotiate((10_000, 5_000), (5_000, 10_000), PING, t);
        assert!(
            !fast.beat_along(t + ms(5_000)),
            "ours due at 10 s, theirs at 10 s"
        );
        assert!(fast.beat_along(t + ms(5_001)));
        fast.sent(t + ms(5_001));
        assert!(!fast.beat_along(t + ms(9_999)));
        let one_way = Liveness::negotiate((10_000, 0), (0, 10_000), PING, t);
        assert!(
            !one_way.beat_along(t + ms(9_000)),
            "the server sends nothing to ride on"
        );
        let pings = Liveness::negotiate((10_000, 10_000), (0, 0), PING, t);
        assert!(!pings.beat_along(t + ms(9_000)), "no STOMP heart-beats");
    }

    #[test]
    fn without_heart_beats_pings_watch_the_link() {
        let t = Instant::now();
        let mut l = Liveness::negotiate((10_000, 10_000), (0, 0), Duration::from_millis(100), t);
        assert_eq!(l.poll(t + Duration::from_millis(100)), Some(Beat::SendPing));
        l.sent(t + Duration::from_millis(100));
        l.received(t + Duration::from_millis(120));
        assert_eq!(l.poll(t + Duration::from_millis(150)), None);
        assert_eq!(l.poll(t + Duration::from_millis(321)), Some(Beat::Dead));
    }
}
