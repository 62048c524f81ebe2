//! Reconnect backoff (sans-IO): exponential from `min` to a `max` cap, with jitter so that many clients do not
//! come back in step after a server restart. The caller owns the timer; it asks for the next delay.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Backoff {
    min: Duration,
    max: Duration,
    attempt: u32,
    rng: u64,
}

impl Backoff {
    /// `seed` makes the jitter repeatable in tests; any value works.
    pub fn new(min: Duration, max: Duration, seed: u64) -> Self {
        Backoff {
            min,
            max: max.max(min),
            attempt: 0,
            rng: seed | 1,
        }
    }

    /// Attempts made since the last success.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The wait before the next attempt: `min · 2^attempt`, capped at `max`, then a random point in its upper
    /// half (never below half the nominal delay, never above it).
    pub fn next_delay(&mut self) -> Duration {
        let nominal = self
            .min
            .saturating_mul(1u32 << self.attempt.min(20))
            .min(self.max);
        self.attempt = self.attempt.saturating_add(1);
        let half = nominal / 2;
        let span = (nominal - half).as_micros() as u64;
        let jitter = if span == 0 {
            0
        } else {
            self.random() % (span + 1)
        };
        half + Duration::from_micros(jitter)
    }

    /// Connected again: the next failure starts from `min`.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    fn random(&mut self) -> u64 {
        // xorshift64*
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_to_the_cap_with_jitter_in_the_upper_half() {
        let (min, max) = (Duration::from_millis(500), Duration::from_secs(30));
        let mut b = Backoff::new(min, max, 7);
        let mut nominal = min;
        for _ in 0..12 {
            let d = b.next_delay();
            assert!(
                d >= nominal / 2 && d <= nominal,
                "{d:?} outside {nominal:?}/2..{nominal:?}"
            );
            nominal = (nominal * 2).min(max);
        }
        assert_eq!(b.attempt(), 12);
        assert!(b.next_delay() <= max);
        b.reset();
        assert!(b.next_delay() <= min);
    }

    #[test]
    fn two_clients_do_not_retry_in_step() {
        let mut a = Backoff::new(Duration::from_millis(500), Duration::from_secs(30), 1);
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(30), 2);
        let same = (0..8).filter(|_| a.next_delay() == b.next_delay()).count();
        assert!(same < 8);
    }
}
