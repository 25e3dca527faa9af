//! PHQ-9 and GAD-7: items, answer options, totals and severity bands, as in their scoring
//! manuals (both free to reproduce). No I/O.

/// A questionnaire (a column's type, so it is declared with the other states).
pub use crate::entities::states::MeasureCode;

/// The four answer options shared by both questionnaires.
pub const OPTIONS: [(i16, &str); 4] = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
];

const PHQ9_ITEMS: [&str; 9] = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];

const GAD7_ITEMS: [&str; 7] = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
];

/// A scored questionnaire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub total: i32,
    pub band: &'static str,
    /// PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 0.
    pub alert: bool,
}

impl MeasureCode {
    pub fn title(self) -> &'static str {
        match self {
            MeasureCode::Phq9 => "PHQ-9",
            MeasureCode::Gad7 => "GAD-7",
        }
    }

    pub fn question(self) -> &'static str {
        match self {
            MeasureCode::Phq9 => {
                "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
            }
            MeasureCode::Gad7 => {
                "Over the last 2 weeks, how often have you been bothered by the following problems?"
            }
        }
    }

    pub fn items(self) -> &'static [&'static str] {
        match self {
            MeasureCode::Phq9 => &PHQ9_ITEMS,
            MeasureCode::Gad7 => &GAD7_ITEMS,
        }
    }

    /// The band of a total: (upper bound inclusive, band).
    fn bands(self) -> &'static [(i32, &'static str)] {
        match self {
            MeasureCode::Phq9 => &[
                (4, "minimal"),
                (9, "mild"),
                (14, "moderate"),
                (19, "moderately_severe"),
                (27, "severe"),
            ],
            MeasureCode::Gad7 => &[(4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe")],
        }
    }

    /// Scores the answers, or says what is wrong with them.
    pub fn score(self, answers: &[i16]) -> Result<Score, String> {
        let count = self.items().len();
        if answers.len() != count {
            return Err(format!("must have exactly {count} answers, one per item"));
        }
        if answers.iter().any(|a| !(0..=3).contains(a)) {
            return Err("each answer must be 0, 1, 2 or 3".to_owned());
        }
        let total: i32 = answers.iter().map(|a| i32::from(*a)).sum();
        let band = self
            .bands()
            .iter()
            .find(|(upper, _)| total <= *upper)
            .map(|(_, band)| *band)
            .unwrap_or("severe");
        let alert = self == MeasureCode::Phq9 && answers[8] > 0;
        Ok(Score { total, band, alert })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phq9_with_total(total: i32) -> Vec<i16> {
        // Fill items 1–8 first so item 9 stays 0 unless the total needs it.
        let mut answers = vec![0i16; 9];
        let mut left = total;
        for a in answers.iter_mut() {
            let v = left.min(3);
            *a = v as i16;
            left -= v;
        }
        answers
    }

    #[test]
    fn every_phq9_band_edge() {
        for (total, band) in [
            (0, "minimal"),
            (4, "minimal"),
            (5, "mild"),
            (9, "mild"),
            (10, "moderate"),
            (14, "moderate"),
            (15, "moderately_severe"),
            (19, "moderately_severe"),
            (20, "severe"),
            (27, "severe"),
        ] {
            let score = MeasureCode::Phq9.score(&phq9_with_total(total)).unwrap();
            assert_eq!((score.total, score.band), (total, band), "total {total}");
        }
    }

    #[test]
    fn every_gad7_band_edge() {
        for (total, band) in [
            (0, "minimal"),
            (4, "minimal"),
            (5, "mild"),
            (9, "mild"),
            (10, "moderate"),
            (14, "moderate"),
            (15, "severe"),
            (21, "severe"),
        ] {
            let mut answers = vec![0i16; 7];
            let mut left = total;
            for a in answers.iter_mut() {
                *a = left.min(3) as i16;
                left -= i32::from(*a);
            }
            let score = MeasureCode::Gad7.score(&answers).unwrap();
            assert_eq!((score.total, score.band, score.alert), (total, band, false));
        }
    }

    #[test]
    fn phq9_item_9_above_zero_raises_the_alert_whatever_the_total() {
        let mut answers = vec![0i16; 9];
        answers[8] = 1;
        let score = MeasureCode::Phq9.score(&answers).unwrap();
        assert_eq!((score.total, score.band, score.alert), (1, "minimal", true));
        assert!(!MeasureCode::Phq9.score(&phq9_with_total(24)).unwrap().alert);
    }

    #[test]
    fn wrong_counts_and_values_are_refused() {
        assert!(MeasureCode::Phq9.score(&[0; 7]).is_err());
        assert!(MeasureCode::Gad7.score(&[0; 9]).is_err());
        assert!(MeasureCode::Gad7.score(&[0, 0, 0, 4, 0, 0, 0]).is_err());
        assert!(MeasureCode::Gad7.score(&[0, 0, 0, -1, 0, 0, 0]).is_err());
        assert_eq!(MeasureCode::Phq9.items().len(), 9);
        assert_eq!(MeasureCode::Gad7.items().len(), 7);
    }
}
