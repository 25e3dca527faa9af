//! The DOMAIN.md worked example, the edge cases, and properties that hold for any history.

use proptest::prelude::*;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn check_in(day: NaiveDate, used: bool) -> CheckIn {
    CheckIn { day, used, craving: 3, mood: 6, attended_meeting: false, contacted_sponsor: false }
}

fn lapse(day: NaiveDate) -> Episode {
    Episode { kind: EpisodeKind::Lapse, occurred_on: day, ended_on: None }
}

/// DOMAIN.md: recovery start 40 days ago; relapse 20..18 days ago; lapse 9 days ago;
/// check-ins for each of the last 6 days but today, with use reported 4 days ago.
fn worked_example() -> History {
    History {
        recovery_start: Some(ago(40)),
        episodes: vec![
            Episode { kind: EpisodeKind::Relapse, occurred_on: ago(20), ended_on: Some(ago(18)) },
            lapse(ago(9)),
        ],
        check_ins: (1..=6).map(|n| check_in(ago(n), n == 4)).collect(),
    }
}

#[test]
fn the_worked_example_of_domain_md() {
    let p = worked_example().progress(ago(29), today());
    assert_eq!(p.days_in_period, 30);
    assert_eq!((p.days_used, p.days_abstinent, p.days_reported), (5, 5, 10));
    assert_eq!(p.days_unknown, 20);
    assert_eq!(p.percent_days_abstinent, Some(50.0));
    assert_eq!(p.current_streak_days, Some(4));
    assert_eq!(p.longest_streak_days, 9);
    assert_eq!(p.longest_reported_abstinence_days, 3);
    assert_eq!(p.total_clean_days, Some(36));
    assert_eq!((p.lapse_count, p.relapse_count), (1, 1));
    assert_eq!(p.mean_craving, Some(3.0));
    assert_eq!(p.days.len(), 30);
    assert_eq!(p.days[29].status, DayStatus::Unknown);
    assert_eq!(p.days[25].status, DayStatus::Used);
    assert_eq!(p.days[28].craving, Some(3));
}

#[test]
fn an_empty_history_has_no_clean_time_and_only_unknown_days() {
    let p = History::default().progress(ago(6), today());
    assert_eq!(p.days_in_period, 7);
    assert_eq!(p.days_unknown, 7);
    assert_eq!(p.percent_days_abstinent, None);
    assert_eq!(p.current_streak_days, None);
    assert_eq!(p.total_clean_days, None);
    assert_eq!(p.longest_streak_days, 0);
    assert_eq!(p.mean_craving, None);
}

#[test]
fn an_empty_period_has_no_days() {
    let p = worked_example().progress(today(), ago(1));
    assert_eq!(p.days_in_period, 0);
    assert!(p.days.is_empty());
    assert_eq!(p.percent_days_abstinent, None);
}

#[test]
fn a_period_before_the_recovery_start_counts_in_no_streak() {
    let history = History {
        recovery_start: Some(ago(10)),
        episodes: vec![],
        check_ins: vec![check_in(ago(15), false), check_in(ago(14), false)],
    };
    let p = history.progress(ago(20), ago(11));
    assert_eq!(p.days_abstinent, 2, "the days themselves are still reported");
    assert_eq!(p.longest_streak_days, 0);
    assert_eq!(p.longest_reported_abstinence_days, 0);
    assert_eq!(p.current_streak_days, Some(0));
    assert_eq!(p.total_clean_days, Some(0));
}

#[test]
fn an_episode_spanning_the_period_edge_counts_only_its_days_inside() {
    let history = History {
        recovery_start: Some(ago(60)),
        episodes: vec![Episode {
            kind: EpisodeKind::Relapse,
            occurred_on: ago(35),
            ended_on: Some(ago(25)),
        }],
        check_ins: vec![],
    };
    let p = history.progress(ago(29), today());
    assert_eq!(p.days_used, 5);
    assert_eq!(p.relapse_count, 0, "it began before the period");
    assert_eq!(p.current_streak_days, Some(25));
    assert_eq!(p.total_clean_days, Some(61 - 11));
    assert_eq!(p.longest_streak_days, 25);
}

#[test]
fn a_check_in_and_an_episode_on_one_day_make_one_used_day() {
    let history = History {
        recovery_start: Some(ago(5)),
        episodes: vec![lapse(ago(2))],
        check_ins: vec![check_in(ago(2), false), check_in(ago(1), true)],
    };
    let p = history.progress(ago(5), today());
    assert_eq!(p.days_used, 2);
    assert_eq!(p.days_abstinent, 0, "the episode outranks the check-in that said no use");
    assert_eq!(p.total_clean_days, Some(6 - 2));
    assert_eq!(p.current_streak_days, Some(1));
}

#[test]
fn an_ongoing_relapse_covers_every_day_up_to_the_end_of_the_period() {
    let history = History {
        recovery_start: Some(ago(30)),
        episodes: vec![Episode { kind: EpisodeKind::Relapse, occurred_on: ago(3), ended_on: None }],
        check_ins: vec![],
    };
    let p = history.progress(ago(6), today());
    assert_eq!(p.days_used, 4);
    assert_eq!(p.current_streak_days, Some(0));
}

#[test]
fn without_a_recovery_start_the_first_record_stands_in() {
    let history = History {
        recovery_start: None,
        episodes: vec![],
        check_ins: vec![check_in(ago(4), false)],
    };
    assert_eq!(history.effective_start(), Some(ago(4)));
    assert_eq!(history.current_streak_days(today()), Some(5));
}

#[test]
fn today_used_means_a_streak_of_zero_but_clean_days_stay() {
    let history = History {
        recovery_start: Some(ago(9)),
        episodes: vec![],
        check_ins: vec![check_in(today(), true)],
    };
    assert_eq!(history.current_streak_days(today()), Some(0));
    assert_eq!(history.total_clean_days(today()), Some(9));
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn at(offset: u64) -> NaiveDate {
    base().checked_add_days(Days::new(offset)).unwrap()
}

prop_compose! {
    fn episode()(occurred in 0u64..150, length in 0u64..12, relapse in any::<bool>(), open in any::<bool>()) -> Episode {
        let kind = if relapse { EpisodeKind::Relapse } else { EpisodeKind::Lapse };
        let ended_on = (!open).then(|| at(occurred + length));
        Episode { kind, occurred_on: at(occurred), ended_on }
    }
}

prop_compose! {
    fn history()(
        start in proptest::option::of(0u64..100),
        episodes in proptest::collection::vec(episode(), 0..5),
        reports in proptest::collection::btree_map(0u64..160, (any::<bool>(), 0i16..=10, any::<bool>()), 0..80),
    ) -> History {
        History {
            recovery_start: start.map(at),
            episodes,
            check_ins: reports
                .into_iter()
                .map(|(day, (used, craving, meeting))| CheckIn {
                    day: at(day),
                    used,
                    craving,
                    mood: 10 - craving,
                    attended_meeting: meeting,
                    contacted_sponsor: !meeting,
                })
                .collect(),
        }
    }
}

proptest! {
    #[test]
    fn percentages_stay_between_0_and_100(h in history(), from in 0u64..170, length in 0u64..60) {
        let p = h.progress(at(from), at(from + length));
        if let Some(percent) = p.percent_days_abstinent {
            prop_assert!((0.0..=100.0).contains(&percent));
        }
        prop_assert_eq!(p.days_reported, p.days_used + p.days_abstinent);
        prop_assert_eq!(p.days_in_period, p.days_reported + p.days_unknown);
    }

    #[test]
    fn streaks_are_never_longer_than_their_span(h in history(), from in 0u64..170, length in 0u64..60) {
        let (from, to) = (at(from), at(from + length));
        let p = h.progress(from, to);
        prop_assert!(p.longest_streak_days <= p.days_in_period);
        prop_assert!(p.longest_reported_abstinence_days <= p.longest_streak_days);
        if let (Some(streak), Some(start)) = (p.current_streak_days, p.recovery_start_date) {
            prop_assert!(streak <= days_between(start, to));
            prop_assert!(streak <= p.total_clean_days.unwrap());
        }
    }

    #[test]
    fn adding_a_use_day_never_lengthens_the_current_streak(h in history(), to in 0u64..170, back in 0u64..60) {
        let to = at(to);
        let Some(start) = h.effective_start() else { return Ok(()) };
        // A use day on or after the start; an earlier one would move a stand-in start.
        let day = to.checked_sub_days(Days::new(back)).unwrap().max(start);
        let before = h.current_streak_days(to).unwrap();
        let mut with_use = h.clone();
        with_use.check_ins.retain(|c| c.day != day);
        with_use.check_ins.push(check_in(day, true));
        prop_assert!(with_use.current_streak_days(to).unwrap() <= before);
        prop_assert!(with_use.total_clean_days(to).unwrap() <= h.total_clean_days(to).unwrap());
    }

    #[test]
    fn total_clean_days_never_decrease_as_time_moves_on(h in history(), to in 0u64..170, later in 1u64..60) {
        let (to, later) = (at(to), at(to + later));
        if let (Some(now), Some(then)) = (h.total_clean_days(to), h.total_clean_days(later)) {
            prop_assert!(then >= now);
        }
    }

    #[test]
    fn figures_equal_those_recomputed_from_the_days(h in history(), from in 0u64..170, length in 0u64..60) {
        let (from, to) = (at(from), at(from + length));
        let p = h.progress(from, to);
        let count = |s: DayStatus| p.days.iter().filter(|d| d.status == s).count() as i64;
        prop_assert_eq!(p.days_used, count(DayStatus::Used));
        prop_assert_eq!(p.days_abstinent, count(DayStatus::Abstinent));
        prop_assert_eq!(p.days_unknown, count(DayStatus::Unknown));
        let recomputed = PeriodFigures::from_days(&p.days, p.recovery_start_date);
        prop_assert_eq!(p.longest_streak_days, recomputed.longest_streak);
        prop_assert_eq!(p.longest_reported_abstinence_days, recomputed.longest_reported_abstinence);
        prop_assert_eq!(p.percent_days_abstinent, recomputed.percent_abstinent());
        // The current streak, seen through the period's window, is its trailing not-used run.
        if let (Some(streak), Some(start)) = (p.current_streak_days, p.recovery_start_date) {
            let trailing = p.days.iter().rev()
                .take_while(|d| d.day >= start && d.status != DayStatus::Used)
                .count() as i64;
            prop_assert_eq!(streak.min(days_between(from.max(start), to)), trailing);
        }
        // Every check-in day of the period has its craving; mean craving agrees.
        let cravings: Vec<i16> = p.days.iter().filter_map(|d| d.craving).collect();
        if cravings.is_empty() {
            prop_assert_eq!(p.mean_craving, None);
        } else {
            let mean = cravings.iter().map(|c| f64::from(*c)).sum::<f64>() / cravings.len() as f64;
            prop_assert_eq!(p.mean_craving, Some((mean * 10.0).round() / 10.0));
        }
    }
}
