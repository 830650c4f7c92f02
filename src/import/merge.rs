//! Merging imported sessions into a history without losing anything.
//!
//! Existing rows are kept exactly as they are (extra columns, date-time text, sport
//! and other cells as written, and all).
//! A new session is a duplicate when an existing or already-accepted session of the
//! same athlete has the same `source_id`, or the same athlete, date and sport with a
//! duration within one minute and, when both have one, a distance within 1%. Ids
//! count per athlete: a coach importing a second athlete's export, whose ids are
//! built from dates (Garmin, FitNotes), adds it. Two exceptions: two sessions whose
//! ids come from the same app (`strava:1` and `strava:2`) are two different
//! activities, whatever their numbers, so a double run day is kept; and so are two
//! sessions without ids whose start times (a date-time in the history) differ.
//!
//! The result does not depend on the order of the new sessions: they are put in a
//! canonical order first. Lookups go through hash maps, so a merge is linear in the
//! number of sessions.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::history::Session;

/// Minutes two durations may differ by and still be the same session.
const DURATION_TOLERANCE_MIN: f64 = 1.0;
/// Relative difference two distances may have and still be the same session.
const DISTANCE_TOLERANCE: f64 = 0.01;

/// What [`merge`] produced.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    /// Every existing session plus the added ones, sorted by athlete then date; the
    /// sort is stable, so sessions of one day keep their order, existing ones first.
    pub sessions: Vec<Session>,
    /// New sessions that were added.
    pub added: usize,
    /// New sessions skipped as duplicates.
    pub duplicates: usize,
}

type DayKey = (String, NaiveDate, String);

/// Merge `new` into `existing`; see the module doc for the duplicate rule.
pub fn merge(existing: &[Session], mut new: Vec<Session>) -> MergeOutcome {
    let mut seen = Seen::default();
    for s in existing {
        seen.remember(s);
    }
    new.sort_by(canonical_order);
    let mut sessions: Vec<Session> = existing.to_vec();
    let (mut added, mut duplicates) = (0, 0);
    for candidate in new {
        if seen.has_twin(&candidate) {
            duplicates += 1;
        } else {
            seen.remember(&candidate);
            sessions.push(candidate);
            added += 1;
        }
    }
    sessions.sort_by(|a, b| a.athlete.cmp(&b.athlete).then(a.date.cmp(&b.date)));
    MergeOutcome {
        sessions,
        added,
        duplicates,
    }
}

/// The sessions kept so far, indexed by source id and by (athlete, date, sport).
#[derive(Default)]
struct Seen {
    /// (athlete, source id).
    ids: HashSet<(String, String)>,
    days: HashMap<DayKey, Day>,
}

impl Seen {
    fn remember(&mut self, s: &Session) {
        if let Some(id) = &s.source_id {
            self.ids.insert((s.athlete.to_string(), id.clone()));
        }
        self.days.entry(day_key(s)).or_default().remember(s);
    }

    fn has_twin(&self, candidate: &Session) -> bool {
        let same_id = candidate
            .source_id
            .as_ref()
            .is_some_and(|id| self.ids.contains(&(candidate.athlete.to_string(), id.clone())));
        same_id
            || self
                .days
                .get(&day_key(candidate))
                .is_some_and(|day| day.any(candidate, |o| looks_the_same(o, candidate)))
    }
}

/// The sessions of one (athlete, date, sport), in a grid by duration and distance so
/// that a new session is compared only with the few that could look the same: those
/// within [`DURATION_TOLERANCE_MIN`] and [`DISTANCE_TOLERANCE`] are in the same or a
/// neighbouring cell. A scan of the whole day per session was quadratic: 40,000
/// sessions on one day took half a minute. Sessions from the app a new session comes
/// from are never its twins (two activities of one app), so each app has its own grid.
#[derive(Default)]
struct Day {
    /// By the app of the source id (`None`: no id, or an id without an app), then by
    /// cell.
    apps: Vec<(Option<String>, Cells)>,
}

/// Sessions by duration cell, then distance cell.
type Cells = HashMap<i64, HashMap<Distance, Vec<Session>>>;

/// A distance's cell: a band of 1% on a log scale; no distance matches any; a zero,
/// negative or non-finite one is looked at by every session with a distance.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Distance {
    Missing,
    Cell(i64),
    Odd,
}

/// Cell widths a hair wider than the tolerances, so rounding never puts two sessions
/// within tolerance two cells apart.
const DURATION_CELL: f64 = DURATION_TOLERANCE_MIN * 1.001;

fn distance_cell_width() -> f64 {
    -(1.0 - DISTANCE_TOLERANCE).ln() * 1.001
}

fn cell_of(s: &Session) -> (i64, Distance) {
    let duration = (s.duration_min / DURATION_CELL).floor() as i64;
    let distance = match s.distance_km {
        None => Distance::Missing,
        Some(d) if d > 0.0 && d.is_finite() => Distance::Cell((d.ln() / distance_cell_width()).floor() as i64),
        Some(_) => Distance::Odd,
    };
    (duration, distance)
}

impl Day {
    fn remember(&mut self, s: &Session) {
        let app = s.source_id.as_deref().and_then(app_of).map(str::to_string);
        let index = match self.apps.iter().position(|(a, _)| *a == app) {
            Some(index) => index,
            None => {
                self.apps.push((app, HashMap::new()));
                self.apps.len() - 1
            }
        };
        let (duration, distance) = cell_of(s);
        let cells = &mut self.apps[index].1;
        cells
            .entry(duration)
            .or_default()
            .entry(distance)
            .or_default()
            .push(s.clone());
    }

    /// Whether `same` holds for a session that could be the candidate's twin.
    fn any(&self, candidate: &Session, same: impl Fn(&Session) -> bool) -> bool {
        let own_app = candidate.source_id.as_deref().and_then(app_of);
        let (duration, distance) = cell_of(candidate);
        let distances: Vec<Distance> = match distance {
            Distance::Cell(c) => vec![
                Distance::Missing,
                Distance::Cell(c.saturating_sub(1)),
                Distance::Cell(c),
                Distance::Cell(c.saturating_add(1)),
                Distance::Odd,
            ],
            Distance::Odd => vec![Distance::Missing, Distance::Odd],
            Distance::Missing => Vec::new(), // every distance: see below
        };
        self.apps
            .iter()
            .filter(|(app, _)| own_app.is_none() || app.as_deref() != own_app)
            .any(|(_, cells)| {
                (duration.saturating_sub(1)..=duration.saturating_add(1))
                    .filter_map(|d| cells.get(&d))
                    .any(|by_distance| {
                        if distance == Distance::Missing {
                            by_distance.values().flatten().any(&same)
                        } else {
                            distances.iter().filter_map(|c| by_distance.get(c)).flatten().any(&same)
                        }
                    })
            })
    }
}

fn day_key(s: &Session) -> DayKey {
    (s.athlete.to_string(), s.date, s.sport.to_string())
}

/// Same athlete, date and sport are given; compare what was measured.
fn looks_the_same(a: &Session, b: &Session) -> bool {
    if let (Some(x), Some(y)) = (&a.source_id, &b.source_id)
        && x != y
        && app_of(x).is_some()
        && app_of(x) == app_of(y)
    {
        return false;
    }
    if a.source_id.is_none()
        && b.source_id.is_none()
        && let (Some(x), Some(y)) = (start_minute(a), start_minute(b))
        && x.abs_diff(y) > 1
    {
        return false;
    }
    let durations_match = (a.duration_min - b.duration_min).abs() <= DURATION_TOLERANCE_MIN;
    let distances_match = match (a.distance_km, b.distance_km) {
        (Some(x), Some(y)) => (x - y).abs() <= DISTANCE_TOLERANCE * x.abs().max(y.abs()),
        _ => true,
    };
    durations_match && distances_match
}

/// The start time of `s` in minutes after midnight, when its date cell has one
/// (`2026-01-05T07:30`, `2026-01-05 07:30:00`, with or without a zone).
fn start_minute(s: &Session) -> Option<u32> {
    let text = s.date_text()?;
    let time = text.get(11..16)?;
    let (h, m) = time.split_once(':')?;
    Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
}

/// `strava` in `strava:123`.
fn app_of(id: &str) -> Option<&str> {
    id.split_once(':').map(|(app, _)| app)
}

/// A total order on sessions, so that merging does not depend on input order.
fn canonical_order(a: &Session, b: &Session) -> Ordering {
    let floats = |s: &Session| {
        [
            Some(s.duration_min),
            s.distance_km,
            s.rpe,
            s.avg_hr,
            s.tonnage_kg,
            s.temperature_c,
            s.humidity_pct,
        ]
    };
    let compare_floats = floats(a)
        .iter()
        .zip(floats(b).iter())
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => x.total_cmp(y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal);
    a.athlete
        .cmp(&b.athlete)
        .then(a.date.cmp(&b.date))
        .then_with(|| a.sport.cmp(&b.sport))
        .then_with(|| a.source_id.cmp(&b.source_id))
        .then(compare_floats)
        .then_with(|| a.date_text().cmp(&b.date_text()))
        .then_with(|| a.muscle_groups.cmp(&b.muscle_groups))
        .then_with(|| a.cramp.cmp(&b.cramp))
        .then_with(|| a.notes.cmp(&b.notes))
        .then_with(|| a.extra().cmp(b.extra()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    fn run(d: u32, minutes: f64, km: Option<f64>, id: Option<&str>) -> Session {
        let mut s = Session::new("me", day(d), "run", minutes);
        s.distance_km = km;
        s.source_id = id.map(str::to_string);
        s
    }

    #[test]
    fn same_source_id_is_a_duplicate_whatever_else_differs() {
        let existing = vec![run(5, 30.0, Some(5.0), Some("strava:1"))];
        let out = merge(&existing, vec![run(6, 45.0, None, Some("strava:1"))]);
        assert_eq!((out.added, out.duplicates), (0, 1));
    }

    #[test]
    fn near_equal_sessions_are_duplicates() {
        let mut hand_logged = run(5, 30.0, Some(5.0), None);
        hand_logged.kept_mut().extra = vec![("shoe".into(), "Pegasus".into())];
        hand_logged.kept_mut().date_text = Some("2026-01-05T07:00".into());
        let existing = vec![hand_logged.clone()];
        // Within a minute and 1%: the watch export of the same run.
        let out = merge(&existing, vec![run(5, 30.9, Some(5.04), Some("strava:9"))]);
        assert_eq!((out.added, out.duplicates), (0, 1));
        assert_eq!(out.sessions, existing, "existing rows are untouched");
        // Distance 2% off: another run.
        let out = merge(&existing, vec![run(5, 30.5, Some(5.1), None)]);
        assert_eq!(out.added, 1);
        // Duration 2 minutes off: another run.
        let out = merge(&existing, vec![run(5, 32.0, Some(5.0), None)]);
        assert_eq!(out.added, 1);
        // No distance on one side: duration decides.
        let out = merge(&existing, vec![run(5, 29.5, None, None)]);
        assert_eq!(out.duplicates, 1);
    }

    #[test]
    fn two_activities_of_one_app_are_never_merged() {
        let existing = vec![run(5, 30.0, Some(5.0), Some("strava:1"))];
        let out = merge(&existing, vec![run(5, 30.0, Some(5.0), Some("strava:2"))]);
        assert_eq!(out.added, 1);
        // But the same run from another app is.
        let out = merge(
            &existing,
            vec![run(5, 30.0, Some(5.0), Some("garmin:2026-01-05 07:00:00"))],
        );
        assert_eq!(out.duplicates, 1);
    }

    #[test]
    fn other_athletes_and_sports_are_not_duplicates() {
        let existing = vec![run(5, 30.0, None, None)];
        let mut ana = run(5, 30.0, None, None);
        ana.athlete = "ana".into();
        let mut ride = run(5, 30.0, None, None);
        ride.sport = "ride".into();
        let out = merge(&existing, vec![ana, ride]);
        assert_eq!(out.added, 2);
        assert_eq!(out.sessions[0].athlete, "ana", "sorted by athlete then date");
    }

    #[test]
    fn ids_are_per_athlete() {
        let existing = vec![run(5, 30.0, None, Some("garmin:2026-01-05 07:00:00"))];
        let mut ana = run(5, 30.0, None, Some("garmin:2026-01-05 07:00:00"));
        ana.athlete = "ana".into();
        let out = merge(&existing, vec![ana]);
        assert_eq!((out.added, out.duplicates), (1, 0));
    }

    #[test]
    fn same_day_sessions_without_ids_at_different_times_are_kept() {
        let mut morning = run(5, 30.0, None, None);
        morning.kept_mut().date_text = Some("2026-01-05T07:00".into());
        let mut evening = run(5, 30.0, None, None);
        evening.kept_mut().date_text = Some("2026-01-05 18:30:00".into());
        let out = merge(&[morning.clone()], vec![evening]);
        assert_eq!((out.added, out.duplicates), (1, 0));
        // The same start time, or none on one side: the same session.
        let out = merge(&[morning.clone()], vec![morning.clone(), run(5, 30.0, None, None)]);
        assert_eq!((out.added, out.duplicates), (0, 2));
    }

    #[test]
    fn duplicates_inside_one_import_are_skipped_too() {
        let out = merge(
            &[],
            vec![
                run(5, 30.0, None, Some("strava:1")),
                run(5, 30.0, None, Some("strava:1")),
            ],
        );
        assert_eq!((out.added, out.duplicates), (1, 1));
    }

    fn arb_session() -> impl Strategy<Value = Session> {
        (
            1u32..8,
            prop::sample::select(vec!["run", "ride", "strength"]),
            prop::sample::select(vec!["me", "ana"]),
            25.0f64..35.0,
            prop::option::of(4.9f64..5.1),
            prop::option::of(prop::sample::select(vec!["strava:1", "strava:2", "garmin:1", "x"])),
        )
            .prop_map(|(d, sport, athlete, minutes, km, id)| {
                let mut s = Session::new(athlete, day(d), sport, (minutes * 4.0).round() / 4.0);
                s.distance_km = km;
                s.source_id = id.map(str::to_string);
                s
            })
    }

    /// Sessions of one day near the tolerances' edges: durations and distances on a
    /// fine grid around 1 minute and 1% apart, ids of two apps, none, or odd ones.
    fn arb_near_session() -> impl Strategy<Value = Session> {
        (
            0u32..40,
            prop::option::of(0u32..40),
            prop::option::of(prop::sample::select(vec!["strava:", "garmin:", "plain"])),
            0u32..1000,
        )
            .prop_map(|(minutes, km, app, n)| {
                let mut s = Session::new("me", day(5), "run", 30.0 + f64::from(minutes) * 0.125);
                s.distance_km = km.map(|k| 5.0 * (1.0 + f64::from(k) * 0.0025));
                s.source_id = app.map(|a| format!("{a}{n}"));
                s
            })
    }

    proptest! {
        #[test]
        fn the_grid_finds_exactly_the_twins_a_scan_of_the_day_finds(
            kept in prop::collection::vec(arb_near_session(), 0..60),
            candidate in arb_near_session(),
        ) {
            let mut seen = Seen::default();
            for s in &kept {
                seen.remember(s);
            }
            let scan = candidate
                .source_id
                .as_ref()
                .is_some_and(|id| seen.ids.contains(&(candidate.athlete.to_string(), id.clone())))
                || kept.iter().any(|o| looks_the_same(o, &candidate));
            prop_assert_eq!(seen.has_twin(&candidate), scan);
        }
    }

    proptest! {
        #[test]
        fn merge_does_not_depend_on_the_order_of_new_sessions(
            existing in prop::collection::vec(arb_session(), 0..6),
            new in prop::collection::vec(arb_session(), 0..12),
            seed in any::<u64>(),
        ) {
            let mut shuffled = new.clone();
            // A deterministic shuffle from the seed.
            let n = shuffled.len();
            for i in (1..n).rev() {
                let j = (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize;
                shuffled.swap(i, j);
            }
            prop_assert_eq!(merge(&existing, new), merge(&existing, shuffled));
        }

        #[test]
        fn every_new_session_is_added_or_a_duplicate_and_nothing_is_lost(
            existing in prop::collection::vec(arb_session(), 0..6),
            new in prop::collection::vec(arb_session(), 0..12),
        ) {
            let out = merge(&existing, new.clone());
            prop_assert_eq!(out.added + out.duplicates, new.len());
            prop_assert_eq!(out.sessions.len(), existing.len() + out.added);
            for s in &existing {
                prop_assert!(out.sessions.contains(s));
            }
        }

        #[test]
        fn merging_the_same_sessions_twice_adds_nothing(
            existing in prop::collection::vec(arb_session(), 0..6),
            new in prop::collection::vec(arb_session(), 0..12),
        ) {
            let once = merge(&existing, new.clone());
            let twice = merge(&once.sessions, new);
            prop_assert_eq!(twice.added, 0);
            prop_assert_eq!(twice.sessions, once.sessions);
        }
    }
}
