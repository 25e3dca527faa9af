//! Drug screens beside the client's own report (DOMAIN.md, "Drug screens"): which positives
//! are expected (the client is prescribed the substance that day), which screens are valid, and
//! the period's figures. A screen never changes a day's status.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::vocabulary::{Confirmation, PanelSubstance, ScreenOutcome};

/// One panel result.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PanelResult {
    pub substance: PanelSubstance,
    pub result: ScreenOutcome,
    /// The cut-off the lab used, in ng/mL (labs differ).
    pub cutoff_ng_ml: Option<f64>,
    /// For a positive: confirmed, unconfirmed (awaiting the lab) or disputed.
    pub confirmation: Option<Confirmation>,
}

/// A screen as the figures see it: its day, whether the specimen could be read, its results.
#[derive(Clone, Debug)]
pub struct Screen {
    pub day: NaiveDate,
    /// False for a dilute, adulterated or substituted specimen.
    pub specimen_valid: bool,
    pub results: Vec<PanelResult>,
}

/// A medication's substance on a screen, over the days it was prescribed.
#[derive(Clone, Copy, Debug)]
pub struct Prescribed {
    pub substance: PanelSubstance,
    pub from: NaiveDate,
    /// The last day taken; `None` while it goes on.
    pub to: Option<NaiveDate>,
}

impl Prescribed {
    fn covers(&self, substance: PanelSubstance, day: NaiveDate) -> bool {
        self.substance == substance && self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// What a screen says, read against what the client is prescribed that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reading {
    /// False when the specimen was dilute, adulterated or substituted, or every result invalid
    /// (or there are no results yet).
    pub valid: bool,
    /// Positives for something the client is not prescribed that day.
    pub unexpected: Vec<PanelSubstance>,
    /// Positives for something the client is prescribed that day: expected, not use.
    pub expected: Vec<PanelSubstance>,
    /// Prescribed substances the panel tested and found negative: worth a conversation
    /// (it can mean the medication is not being taken).
    pub prescribed_negative: Vec<PanelSubstance>,
}

impl Reading {
    /// A valid screen with no unexpected positive.
    pub fn negative(&self) -> bool {
        self.valid && self.unexpected.is_empty()
    }
}

/// Reads one screen against the client's prescriptions.
pub fn read(screen: &Screen, prescribed: &[Prescribed]) -> Reading {
    let on = |s: PanelSubstance| prescribed.iter().any(|p| p.covers(s, screen.day));
    let readable = screen.results.iter().any(|r| r.result != ScreenOutcome::Invalid);
    let mut reading = Reading {
        valid: screen.specimen_valid && readable,
        unexpected: Vec::new(),
        expected: Vec::new(),
        prescribed_negative: Vec::new(),
    };
    for r in &screen.results {
        match (r.result, on(r.substance)) {
            (ScreenOutcome::Positive, true) => reading.expected.push(r.substance),
            (ScreenOutcome::Positive, false) => reading.unexpected.push(r.substance),
            (ScreenOutcome::Negative, true) => reading.prescribed_negative.push(r.substance),
            _ => {}
        }
    }
    reading
}

/// Whether a screen holds a confirmed positive for something not prescribed that day: with a
/// self-report of "not used" for the same day, that is a `screen_disagrees` alert.
pub fn confirmed_unexpected(screen: &Screen, prescribed: &[Prescribed]) -> bool {
    let reading = read(screen, prescribed);
    screen.results.iter().any(|r| {
        r.result == ScreenOutcome::Positive
            && r.confirmation == Some(Confirmation::Confirmed)
            && reading.unexpected.contains(&r.substance)
    })
}

/// The period's screen figures (DOMAIN.md).
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScreenFigures {
    pub taken: i64,
    pub valid: i64,
    /// Valid screens with no unexpected positive ÷ valid screens, one decimal; null with no
    /// valid screen.
    pub negative_percent: Option<f64>,
    /// The most valid screens in a row with no unexpected positive (an invalid screen neither
    /// breaks nor extends a run).
    pub longest_negative_run: i64,
}

/// The figures of `screens` (in the order they were collected).
pub fn figures(screens: &[Screen], prescribed: &[Prescribed]) -> ScreenFigures {
    let (mut valid, mut negative, mut run, mut longest) = (0, 0, 0, 0);
    for screen in screens {
        let reading = read(screen, prescribed);
        if !reading.valid {
            continue;
        }
        valid += 1;
        if reading.negative() {
            negative += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    ScreenFigures {
        taken: screens.len() as i64,
        valid,
        negative_percent: (valid > 0)
            .then(|| super::round1(100.0 * negative as f64 / valid as f64)),
        longest_negative_run: longest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    fn result(substance: PanelSubstance, result: ScreenOutcome) -> PanelResult {
        let confirmation = (result == ScreenOutcome::Positive).then_some(Confirmation::Confirmed);
        PanelResult { substance, result, cutoff_ng_ml: None, confirmation }
    }

    fn screen(n: u32, results: Vec<PanelResult>) -> Screen {
        Screen { day: day(n), specimen_valid: true, results }
    }

    const BUP: Prescribed =
        Prescribed { substance: PanelSubstance::Buprenorphine, from: NaiveDate::MIN, to: None };

    #[test]
    fn the_worked_example_is_six_of_seven_valid_screens_negative() {
        use PanelSubstance::{Buprenorphine, Cocaine, Fentanyl};
        use ScreenOutcome::{Invalid, Negative, Positive};
        let negative = |n| screen(n, vec![result(Cocaine, Negative), result(Fentanyl, Negative)]);
        let screens = vec![
            negative(1),
            negative(3),
            screen(5, vec![result(Cocaine, Positive), result(Buprenorphine, Positive)]),
            negative(8),
            screen(10, vec![result(Buprenorphine, Positive), result(Cocaine, Negative)]),
            screen(12, vec![result(Cocaine, Invalid), result(Fentanyl, Invalid)]),
            negative(15),
            negative(17),
        ];
        let f = figures(&screens, &[BUP]);
        assert_eq!(f.taken, 8);
        assert_eq!(f.valid, 7);
        assert_eq!(f.negative_percent, Some(85.7));
        // 1, 3 | cocaine | 8, 10 (expected only), [invalid], 15, 17: four in a row.
        assert_eq!(f.longest_negative_run, 4);
    }

    #[test]
    fn a_positive_is_expected_only_while_the_medication_is_prescribed() {
        let stopped =
            Prescribed { substance: PanelSubstance::Buprenorphine, from: day(1), to: Some(day(9)) };
        let positive =
            |n| screen(n, vec![result(PanelSubstance::Buprenorphine, ScreenOutcome::Positive)]);
        assert_eq!(read(&positive(5), &[stopped]).expected, vec![PanelSubstance::Buprenorphine]);
        assert_eq!(read(&positive(12), &[stopped]).unexpected, vec![PanelSubstance::Buprenorphine]);
        assert!(confirmed_unexpected(&positive(12), &[stopped]));
        assert!(!confirmed_unexpected(&positive(5), &[stopped]));
    }

    #[test]
    fn a_negative_for_a_prescribed_medication_is_shown() {
        let s = screen(4, vec![result(PanelSubstance::Buprenorphine, ScreenOutcome::Negative)]);
        let reading = read(&s, &[BUP]);
        assert!(reading.negative());
        assert_eq!(reading.prescribed_negative, vec![PanelSubstance::Buprenorphine]);
    }

    #[test]
    fn an_unconfirmed_or_disputed_positive_raises_nothing_yet_and_bad_specimens_are_not_valid() {
        let mut s = screen(4, vec![result(PanelSubstance::Cocaine, ScreenOutcome::Positive)]);
        s.results[0].confirmation = Some(Confirmation::Unconfirmed);
        assert!(!confirmed_unexpected(&s, &[]));
        s.results[0].confirmation = Some(Confirmation::Disputed);
        assert!(!confirmed_unexpected(&s, &[]));
        let dilute = Screen { specimen_valid: false, ..screen(4, vec![]) };
        assert!(!read(&dilute, &[]).valid);
        assert_eq!(figures(&[dilute], &[]).negative_percent, None);
        assert_eq!(figures(&[], &[]).valid, 0);
    }
}
