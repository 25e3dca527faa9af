//! What every part of the demo story uses: a seeded die (the same story on every machine), a
//! demo client with their clinician, and days counted back from today.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

/// A small deterministic generator, so every demo tells the same story.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// True with probability `percent`%.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(super) fn between(&mut self, low: i16, high: i16) -> i16 {
        low + (self.next() % ((high - low + 1) as u64)) as i16
    }
}

/// One demo client, as the story needs them.
pub struct Person {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub index: usize,
    pub substance: &'static str,
    pub recovery_start: Option<NaiveDate>,
    pub clinician_id: Uuid,
}

pub(super) fn day_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}
