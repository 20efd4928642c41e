//! When to try a failed call again, and after how long.
//!
//! Hand-written rather than taken from `reqwest-retry`/`backon`: those do not honour
//! `Retry-After` together with a total time budget, and this is thirty lines.

use std::time::Duration;

use rand::Rng as _;

use crate::{Error, RetryPolicy};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt {
    number: u32,
    policy: RetryPolicy,
}

impl Attempt {
    pub(crate) fn first(policy: &RetryPolicy) -> Attempt {
        Attempt { number: 1, policy: *policy }
    }

    pub(crate) fn number(&self) -> u32 {
        self.number
    }

    /// The next attempt and the wait before it, or `None` to give up with this error.
    pub(crate) fn next(&self, error: &Error, elapsed: Duration) -> Option<(Attempt, Duration)> {
        if !error.is_transient() || self.number >= self.policy.max_attempts {
            return None;
        }
        let delay = error.retry_after().unwrap_or_else(|| backoff(&self.policy, self.number));
        if elapsed + delay > self.policy.budget {
            return None;
        }
        Some((Attempt { number: self.number + 1, ..*self }, delay))
    }
}

/// Exponential backoff with jitter: a random wait between half and all of
/// `base × 2^(n-1)`, capped, so many clients do not retry in step.
fn backoff(policy: &RetryPolicy, failed_attempt: u32) -> Duration {
    let exp = policy.base_delay.saturating_mul(1 << failed_attempt.saturating_sub(1).min(16));
    let ceiling = exp.min(policy.max_delay);
    let floor = ceiling / 2;
    floor + ceiling.saturating_sub(floor).mul_f64(rand::rng().random::<f64>())
}

/// `Retry-After` in seconds. (HTTP dates are rare from APIs and are ignored: the
/// backoff applies instead.)
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(|s| Duration::from_secs(s.min(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            budget: Duration::from_secs(2),
        }
    }

    #[test]
    fn backoff_grows_within_bounds() {
        for (attempt, low, high) in [(1, 50, 100), (2, 100, 200), (3, 150, 300), (9, 150, 300)] {
            for _ in 0..50 {
                let d = backoff(&policy(), attempt).as_millis();
                assert!((low..=high).contains(&d), "attempt {attempt}: {d} ms not in {low}..={high}");
            }
        }
    }

    #[test]
    fn gives_up_on_permanent_errors_attempt_cap_and_budget() {
        let first = Attempt::first(&policy());
        let rejected = Error::Rejected { status: 400, server: None };
        assert!(first.next(&rejected, Duration::ZERO).is_none(), "a 400 is never retried");
        let (second, _) = first.next(&Error::Offline, Duration::ZERO).expect("offline is retried");
        let (third, _) = second.next(&Error::Server { status: 503, retry_after: None }, Duration::ZERO).unwrap();
        let (fourth, _) = third.next(&Error::TimedOut, Duration::ZERO).unwrap();
        assert!(fourth.next(&Error::Offline, Duration::ZERO).is_none(), "four attempts at most");
        assert!(first.next(&Error::Offline, Duration::from_secs(2)).is_none(), "no retry past the budget");
    }

    #[test]
    fn retry_after_sets_the_wait_unless_it_overruns_the_budget() {
        let first = Attempt::first(&policy());
        let soon = Error::RateLimited { retry_after: Some(Duration::from_secs(1)) };
        assert_eq!(first.next(&soon, Duration::ZERO).unwrap().1, Duration::from_secs(1));
        let late = Error::RateLimited { retry_after: Some(Duration::from_secs(30)) };
        assert!(first.next(&late, Duration::ZERO).is_none());
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
