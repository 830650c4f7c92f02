//! Building a plan: where it starts ([`super::start`]), the weekly targets
//! ([`super::targets`]), the layout of each week ([`super::layout`]) and the
//! self-check loop ([`super::selfcheck`]) that adjusts the plan until the rules raise
//! no caution or danger flag on a planned day.

use chrono::{Datelike, NaiveDate};

use super::layout::{self, WeekShape, mix_intensity, slots};
use super::profile::{PastSession, Profile, profile};
use super::reminders;
use super::selfcheck::{Adjustment, evaluate};
use super::start::{Situation, StartPoint, spike_sessions, start_point};
use super::targets::{PlanReturn, Targets, goal_report};
use super::{Plan, PlanCheck, PlanOptions, PlanWeek, PlannedSession, RestDay, SessionKind};
use crate::analysis::analyze_athlete;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::{History, Session};
use crate::rules::{Flag, Rule};
use crate::tolerance::{Totals, WeekTotals};
use crate::weekly::{monday_of, week_label};

/// The self-check never cuts a week below this share of its target.
const MIN_SCALE: f64 = 0.25;
/// How many times the self-check may adjust the plan before giving up.
const MAX_ADJUSTMENTS: usize = 150;

/// Build a plan for one athlete of `history`.
///
/// With a race, the plan's own build decides whether the race is safe: when its
/// long run falls short of what the race asks for, the race is too soon, and a
/// probe plan toward a race a year away finds the earliest safe date.
pub fn build(history: &History, config: &Config, options: &PlanOptions) -> Result<Plan> {
    let plan = build_with(history, config, options, RaceVerdict::Reachable)?;
    let Some(race) = &plan.race else {
        return Ok(plan);
    };
    let short = race
        .peak_long_min
        .is_none_or(|p| p < LONG_ENOUGH * race.needed_long_min);
    if race.reachable && !short {
        return Ok(plan);
    }
    let far = plan.start + chrono::Days::new(7 * 50);
    let probe_options = PlanOptions {
        race: options.race.map(|r| super::RaceGoal { date: far, ..r }),
        weeks: 1,
        ..options.clone()
    };
    let probe = build_with(history, config, &probe_options, RaceVerdict::Reachable)?;
    let taper_weeks = probe.race.as_ref().map_or(1, |r| r.taper_weeks);
    let earliest = probe
        .weeks
        .iter()
        .filter(|w| !w.partial)
        .find(|w| {
            w.sessions
                .iter()
                .any(|s| s.kind == SessionKind::Long && s.duration_min >= LONG_ENOUGH * race.needed_long_min)
        })
        .map(|w| w.start + chrono::Days::new(7 * taper_weeks as u64 + 6));
    let earliest = earliest.map(|d| d.max(race.date + chrono::Days::new(7)));
    build_with(history, config, options, RaceVerdict::TooSoon(earliest))
}

use super::race::LONG_ENOUGH;

/// How the race's reachability is decided.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RaceVerdict {
    /// Taken as reachable: the plan's long runs decide.
    Reachable,
    /// Too soon; the earliest safe date the probe found, if any within a year.
    TooSoon(Option<NaiveDate>),
}

fn build_with(history: &History, config: &Config, options: &PlanOptions, verdict: RaceVerdict) -> Result<Plan> {
    validate(options)?;
    let athlete = choose_athlete(history, options)?;
    let Some(as_of) = options.as_of.or_else(|| history.last_date()) else {
        return Err(Error::Invalid("the history has no sessions".into()));
    };
    let sessions: Vec<&Session> = history
        .sessions
        .iter()
        .filter(|s| s.athlete == athlete && s.date <= as_of)
        .collect();
    let Some(last_session) = sessions.iter().map(|s| s.date).max() else {
        return Err(Error::Invalid(format!(
            "{athlete} has no session on or before the as-of date {as_of}; choose a later --as-of"
        )));
    };
    let start = match options.start {
        Some(d) if d <= as_of => {
            return Err(Error::Invalid(format!(
                "--start {d} is not after the as-of date {as_of}; a plan starts after the day it is assessed on"
            )));
        }
        Some(d) => d,
        None => as_of + chrono::Days::new(1),
    };
    let day_before = start - chrono::Days::new(1);
    let report = analyze_athlete(&athlete, &sessions, day_before, config);
    let checked = recent_history(&sessions, start);
    let spikes = spike_sessions(report.as_ref());
    let mut profile = profile(&athlete, &sessions, report.as_ref(), as_of, start, &spikes, config);
    if !options.sports.is_empty() {
        profile.sports = options.sports.iter().map(|s| crate::sport::canonical(s)).collect();
    } else {
        // Sports with at least 20% of the recent sessions, else the main ones by load.
        let shared: Vec<String> = profile
            .habits
            .pattern
            .sports
            .iter()
            .filter(|s| s.share >= super::pattern::SPORT_SHARE_MIN)
            .map(|s| s.sport.clone())
            .collect();
        if !shared.is_empty() {
            profile.sports = shared;
        }
        // A regular strength day (a weekday of the split) stays, whatever its share.
        if !profile.habits.pattern.split.is_empty() && !profile.sports.iter().any(|s| s == "strength") {
            profile.sports.push("strength".to_string());
        }
    }
    if profile.sports.is_empty() {
        profile.sports = vec!["run".to_string()];
    }
    super::pattern::apply_overrides(&mut profile.habits, options);
    let start_point = start_point(report.as_ref(), &sessions, as_of, config);
    let returning = plan_return(&start_point, start, config);
    let shape = WeekShape::from_options(&profile, options, config)?;
    let first_full = if start == profile.first_monday {
        start
    } else {
        next_monday(start)
    };
    let race = match options.race {
        Some(goal) if goal.date <= start => {
            return Err(Error::Invalid(format!(
                "--race-date {} is not after the plan's first day {start}; a race goal is a date to build toward",
                goal.date
            )));
        }
        Some(goal) => {
            let mut plan = super::race::race_plan(goal, &profile);
            match verdict {
                RaceVerdict::Reachable => {}
                RaceVerdict::TooSoon(earliest) => {
                    plan.reachable = false;
                    plan.earliest_safe = earliest;
                }
            }
            Some(plan)
        }
        None => None,
    };
    // A race: the plan runs through the race week.
    let full_weeks = match &race {
        Some(r) => options
            .weeks
            .max(((r.race_monday - first_full).num_days() / 7 + 1).max(1) as usize),
        None => options.weeks,
    };
    if full_weeks > 52 {
        return Err(Error::Invalid(format!(
            "the race on {} is more than 52 weeks away; plan toward it later, or plan the next weeks without --race-date",
            options.race.map_or(start, |r| r.date)
        )));
    }
    let frame = Frame {
        profile: &profile,
        shape: &shape,
        options,
        config,
        start_point: &start_point,
        returning,
        race: race.as_ref(),
        full_weeks,
    };

    let n = frame.week_count();
    let empty = frame.generate(&vec![Adjustment::default(); n], true);
    let carried_over = evaluate(&checked, &profile, &empty, config).high_days;
    let mut adjust = vec![Adjustment::default(); n];
    let mut last = None;
    for _ in 0..MAX_ADJUSTMENTS {
        let weeks = frame.generate(&adjust, false);
        let verdict = evaluate(&checked, &profile, &weeks, config);
        let explained = frame.explained_acwr_days(&weeks);
        let check = PlanCheck {
            flags: verdict.flags,
            note: None,
            carried_over: carried_over.iter().chain(&explained).copied().collect(),
            race: race
                .as_ref()
                .filter(|r| r.reachable)
                .map(|r| (r.race_monday, r.goal.date)),
        };
        let blocking: Vec<&Flag> = check.blocking().collect();
        let high_days = verdict.high_days;
        let acwr_days: Vec<NaiveDate> = high_days
            .iter()
            .copied()
            .filter(|d| !check.carried_over.contains(d))
            .filter(|d| check.race.is_none_or(|(_, race)| *d < race))
            .collect();
        if blocking.is_empty() && acwr_days.is_empty() {
            return Ok(frame.finish(weeks, check, &high_days, false, as_of, last_session));
        }
        // One gentle step per week and round, so the plan stays as close to the
        // allowed ramp as the rules permit.
        let mut step = vec![Adjustment::default(); n];
        let last_week = n - 1;
        for flag in &blocking {
            let w = frame.week_index(flag.date).min(last_week);
            step[w] = step[w].merge(Adjustment::for_flag(flag));
        }
        // A day's ACWR comes from its acute window (the 7 days up to it), which can
        // lie mostly in the week before: lighten every week the window touches.
        let acute = config.acwr.acute_days as u64;
        let acwr_flags = blocking.iter().filter(|f| f.rule == Rule::Acwr).map(|f| f.date);
        for day in acwr_days.iter().copied().chain(acwr_flags) {
            let window_start = day - chrono::Days::new(acute.saturating_sub(1));
            let first = frame.week_index(window_start).min(last_week);
            let end = frame.week_index(day).min(last_week);
            for s in &mut step[first..=end] {
                *s = s.merge(Adjustment::LIGHTER);
            }
        }
        for (a, s) in adjust.iter_mut().zip(step) {
            if s.scale < 1.0 && a.scale <= MIN_SCALE {
                // As light as it gets: rest days instead of sessions, and easier
                // sessions where a week must keep two.
                a.skip += 1;
                a.easier += 1;
            }
            a.scale = (a.scale * s.scale).max(MIN_SCALE);
            a.easier += s.easier;
            a.skip += s.skip;
        }
        last = Some((weeks, check, high_days));
    }
    let (weeks, check, high_days) = last.expect("at least one attempt");
    Ok(frame.finish(weeks, check, &high_days, true, as_of, last_session))
}

/// The return allowance the weekly-ramp rule grants when the plan ends a break.
fn plan_return(start: &StartPoint, plan_start: NaiveDate, config: &Config) -> Option<PlanReturn> {
    let last = start.last_training?;
    let days_off = (plan_start - last).num_days() - 1;
    if days_off < config.acwr.break_days {
        return None;
    }
    let tolerated = start.tolerated?;
    Some(PlanReturn {
        from: plan_start,
        until: plan_start + chrono::Days::new(config.acwr.break_silence_days.max(1) as u64 - 1),
        allowance: crate::tolerance::return_level(tolerated, days_off, config),
    })
}

/// How much history the self-check looks at. No rule looks back further than a few
/// weeks from a planned day (30 days for session spikes, 28 for ACWR and unfamiliar
/// sports, four full weeks for the weekly ramp, four training weeks for intensity,
/// six weeks for the tolerated totals of a return), so a year before the plan gives
/// the same verdict on planned days as the whole history, at a fraction of the cost
/// of re-analysing years on every round.
const CHECKED_HISTORY_DAYS: u64 = 365;

/// The sessions the self-check needs: the last year before `start`, or everything
/// when that year holds fewer than eight weeks of training (the intensity rule may
/// then reach further back for its four training weeks).
fn recent_history<'h>(sessions: &[&'h Session], start: NaiveDate) -> Vec<&'h Session> {
    let from = start - chrono::Days::new(CHECKED_HISTORY_DAYS);
    let recent: Vec<&Session> = sessions.iter().copied().filter(|s| s.date >= from).collect();
    let mut weeks: Vec<NaiveDate> = recent.iter().map(|s| monday_of(s.date)).collect();
    weeks.sort_unstable();
    weeks.dedup();
    if recent.len() == sessions.len() || weeks.len() < 8 {
        sessions.to_vec()
    } else {
        recent
    }
}

fn validate(o: &PlanOptions) -> Result<()> {
    let invalid = |m: String| Err(Error::Invalid(m));
    if !(1..=52).contains(&o.weeks) {
        return invalid(format!("--weeks {} must be from 1 to 52", o.weeks));
    }
    if let Some(rest) = o.rest_days
        && !(1..=6).contains(&rest)
    {
        return invalid(format!(
            "--rest-days {rest} must be from 1 to 6: at least one full rest day a week lets muscles recover"
        ));
    }
    if let Some(n) = o.sessions_per_week
        && (n == 0 || n > 2 * (7 - o.rest_days.unwrap_or(1)))
    {
        return invalid(format!(
            "--sessions-per-week {n} does not fit in {} training days (two sessions a day at most)",
            7 - o.rest_days.unwrap_or(1)
        ));
    }
    if let Some(days) = &o.days
        && (days.is_empty() || days.len() > 7 - o.rest_days.unwrap_or(1))
    {
        return invalid(format!(
            "--days names {} days; a week needs at least one day to train and one full rest day",
            days.len()
        ));
    }
    if !(o.ramp_pct > 0.0 && o.ramp_pct <= 30.0) {
        return invalid(format!(
            "--ramp {} must be above 0 and at most 30 (percent per week)",
            o.ramp_pct
        ));
    }
    if o.deload_every == 1 {
        return invalid("--deload-every 1 would make every week a deload week; use 0 for none, or 2 or more".into());
    }
    if !(0.0..100.0).contains(&o.deload_pct) {
        return invalid(format!(
            "--deload {} must be from 0 to under 100 (percent)",
            o.deload_pct
        ));
    }
    if let Some(kg) = o.body_mass_kg
        && !(20.0..=300.0).contains(&kg)
    {
        return invalid(format!("--body-mass {kg} must be a body mass in kg from 20 to 300"));
    }
    if let Some(goal) = o.goal
        && !(goal.weekly > 0.0 && goal.weekly.is_finite())
    {
        return invalid("the goal must be above 0".into());
    }
    Ok(())
}

fn choose_athlete(history: &History, options: &PlanOptions) -> Result<String> {
    let athletes = history.athletes();
    match &options.athlete {
        Some(a) if athletes.contains(&a.as_str()) => Ok(a.clone()),
        Some(a) => Err(Error::Invalid(format!(
            "no athlete {a:?} in the history; athletes: {}",
            athletes.join(", ")
        ))),
        None if athletes.len() == 1 => Ok(athletes[0].to_string()),
        None => Err(Error::Invalid(format!(
            "the history holds several athletes ({}); choose one with --athlete",
            athletes.join(", ")
        ))),
    }
}

/// The Monday after `date`.
pub fn next_monday(date: NaiveDate) -> NaiveDate {
    date + chrono::Days::new(7 - u64::from(date.weekday().num_days_from_monday()))
}

/// A planned week as the weekly-ramp rule will see it: what the history already
/// holds of it plus the planned sessions.
fn as_the_rule_sees_it(so_far: Totals, sessions: &[PlannedSession]) -> WeekTotals {
    WeekTotals {
        totals: so_far.plus(Totals {
            load: sessions.iter().map(|s| s.load).sum(),
            minutes: sessions.iter().map(|s| s.duration_min).sum(),
            distance_km: sessions.iter().filter_map(|s| s.distance_km).sum(),
        }),
        full: true,
    }
}

/// Everything one plan is made from.
struct Frame<'a> {
    profile: &'a Profile,
    shape: &'a WeekShape,
    options: &'a PlanOptions,
    config: &'a Config,
    start_point: &'a StartPoint,
    returning: Option<PlanReturn>,
    race: Option<&'a super::race::RacePlan>,
    /// Full weeks to plan (more than `--weeks` to reach a race).
    full_weeks: usize,
}

impl Frame<'_> {
    /// Whether the plan's first week is partial (the plan starts after a Monday).
    fn partial(&self) -> bool {
        self.profile.start != self.profile.first_monday
    }

    /// Planned weeks: the partial first week, if any, and the full weeks.
    fn week_count(&self) -> usize {
        self.full_weeks + usize::from(self.partial())
    }

    fn week_index(&self, date: NaiveDate) -> usize {
        ((date - self.profile.first_monday).num_days().max(0) / 7) as usize
    }

    /// Full-week number of the plan's week `i`: 0 for a partial first week.
    fn full_week_number(&self, i: usize) -> usize {
        if self.partial() { i } else { i + 1 }
    }

    /// ACWR days above the threshold that a return explains: in the first
    /// `acwr.break_silence_days` of a plan that starts after a gap too short to be a
    /// break but long enough to lower the return factor, the 28-day window still
    /// holds the gap, so any return reads high (the return factor sets the load).
    fn explained_acwr_days(&self, weeks: &[PlanWeek]) -> Vec<NaiveDate> {
        let sp = self.start_point;
        if sp.return_factor >= 1.0 || self.returning.is_some() {
            return Vec::new();
        }
        let until = self.profile.start + chrono::Days::new(self.config.acwr.break_silence_days.max(1) as u64 - 1);
        let last = weeks
            .last()
            .map_or(self.profile.start, |w| w.start + chrono::Days::new(6));
        self.profile
            .start
            .iter_days()
            .take_while(|d| *d <= until.min(last))
            .collect()
    }

    /// The planned weeks under the self-check's adjustments; `empty` plans nothing
    /// (what the rules see if the athlete only rests).
    fn generate(&self, adjust: &[Adjustment], empty: bool) -> Vec<PlanWeek> {
        let (profile, shape, options, config) = (self.profile, self.shape, self.options, self.config);
        let mut weeks_so_far: Vec<WeekTotals> = profile.weeks.clone();
        let mut by_sport = profile.sessions_by_sport.clone();
        let hard_rpe = config.rules.back_to_back_hard.hard_rpe;
        let probe = slots(shape, false, 0, true, hard_rpe, 0);
        let mut targets = Targets::new(self.start_point, options, config, self.returning);
        // The highest ordinary week before a taper (load, minutes).
        let mut peak = (0.0f64, 0.0f64);
        let mut out: Vec<PlanWeek> = Vec::with_capacity(adjust.len());
        for (i, adj) in adjust.iter().enumerate() {
            let k = self.full_week_number(i);
            let monday = profile.first_monday + chrono::Days::new(7 * i as u64);
            let first_day = if i == 0 {
                (profile.start - monday).num_days() as usize
            } else {
                0
            };
            let so_far = if i == 0 {
                profile.first_week_so_far
            } else {
                Totals::default()
            };
            let hard_allowed = k > self.start_point.hard_free_weeks;
            let taper = self.race.and_then(|r| r.taper_factor(monday));
            let deload = targets.is_deload(k) && taper.is_none();
            let mut full_week = slots(shape, deload, adj.easier, hard_allowed, hard_rpe, first_day);
            let race_day = self
                .race
                .filter(|r| r.reachable && r.race_monday == monday)
                .map(|r| r.goal.date);
            if let Some(race) = race_day {
                // Nothing on or after race day but the race; nothing hard in the two
                // days before it.
                full_week.retain(|s| layout::slot_date(monday, s) < race);
                for s in full_week.iter_mut() {
                    if (race - layout::slot_date(monday, s)).num_days() <= 2 {
                        layout::make_easy(s);
                    }
                }
            }
            let week_mix = if full_week.is_empty() {
                mix_intensity(&probe)
            } else {
                mix_intensity(&full_week)
            };
            let mut target = targets.week(k, monday, &weeks_so_far, so_far, week_mix);
            match taper {
                // The taper: a share of the peak week, intensity and frequency kept.
                Some(f) => {
                    target.load = target.load.min(peak.0 * f);
                    target.minutes = target.minutes.min(peak.1 * f);
                    target.deload = false;
                }
                None if !target.deload => peak = (peak.0.max(target.load), peak.1.max(target.minutes)),
                None => {}
            }
            // What the week's sessions are laid out to: the load target, or the
            // minutes target at this week's mix, whichever is lower; less what the
            // history already holds of a partial week.
            let load_goal = (target.load.min(target.minutes * week_mix) - so_far.load).max(0.0) * adj.scale;
            // When what the history already holds of a partial week leaves the
            // weekly-ramp rule no room for one short session, its remaining days rest.
            let no_room = k == 0
                && (target.cap_minutes < config.plan.floor_minutes
                    || target.cap_load < config.plan.floor_minutes * mix_intensity(&full_week).min(3.0));
            let mut week_slots = if empty || no_room { Vec::new() } else { full_week };
            // Earliest sessions first, the long session last: after a big spike in
            // the history, resting is the only way to bring the acute load down.
            // A full week keeps a session: a week off would be the base the next
            // week's ramp is held to (a week cut to one says so in the note), and a
            // session after an empty week reads high on ACWR (the 28-day window holds
            // one session fewer). A partial week may rest entirely.
            let keep = if k >= 1 { week_slots.len().min(1) } else { 0 };
            let removable = week_slots.len() - keep;
            // The long session stays longest: a week cut to one keeps it, so weeks
            // cut alike keep the same weekday (one session a week at irregular
            // spacing reads high on ACWR).
            for _ in 0..adj.skip.min(removable) {
                let i = week_slots.iter().position(|s| s.kind != SessionKind::Long).unwrap_or(0);
                week_slots.remove(i);
            }
            // A week cut to one session holds it on the same weekday every week:
            // one session a week at irregular spacing reads high on ACWR (the 28-day
            // window holds one session fewer).
            if adj.skip > 0 && week_slots.len() == 1 && keep == 1 {
                layout::move_to(&mut week_slots[0], shape.anchor_day());
            }
            // Still too much with only the kept session left, in the weeks right
            // after the history: move it later in the week, a day a round, so the
            // acute load of the history has more days to fall first. (Later weeks
            // keep their weekday: one session a week at irregular spacing reads high.)
            if adj.skip > removable && k <= 1 {
                for s in week_slots.iter_mut() {
                    layout::move_later(s, adj.skip - removable);
                }
            }
            let tolerated_minutes = self
                .start_point
                .tolerated
                .map_or(target.minutes, |t| t.minutes)
                .max(f64::MIN_POSITIVE);
            let ctx = layout::WeekContext {
                monday,
                week: k,
                deload: target.deload,
                strength_scale: (target.minutes / tolerated_minutes).min(1.0) * adj.scale,
                long_minutes: self.race.filter(|_| !target.deload).map(|r| {
                    r.long_run_minutes(monday)
                        .min((0.5 * target.minutes).max(r.longest_recent))
                }),
                shape,
                options,
                config,
            };
            let mut sessions = layout::lay_out(
                &ctx,
                &week_slots,
                load_goal,
                target.cap_load,
                target.cap_minutes.min(target.minutes * 1.02 - so_far.minutes),
                &by_sport,
            );
            if let (Some(race), Some(r)) = (race_day, self.race)
                && !empty
            {
                sessions.push(layout::race_session(
                    &ctx,
                    race,
                    r.goal.distance_km,
                    r.race_minutes,
                    r.race_rpe,
                ));
            }
            sessions.sort_by_key(|s| (s.date, s.time));
            layout::apart_in_the_day(&mut sessions);
            // Distance targets stay within the weekly-ramp rule: over it, every
            // distance shrinks alike (the same minutes at an easier pace).
            let planned_km: f64 = sessions
                .iter()
                .filter(|s| s.kind != SessionKind::Race)
                .filter_map(|s| s.distance_km)
                .sum();
            if planned_km > target.cap_distance.max(0.0) && planned_km > 0.0 {
                let share = target.cap_distance.max(0.0) / planned_km;
                for s in sessions.iter_mut().filter(|s| s.kind != SessionKind::Race) {
                    s.distance_km = s.distance_km.map(|km| layout::round_km_down(&s.sport, km * share));
                }
            }
            // Each distance within the single-session spike rule too: at most the
            // rule's step over the longest same-sport distance of its window.
            let step = 1.0 + config.rules.session_spike.caution_pct / 100.0;
            let window = config.rules.session_spike.window_days.max(0) as u64;
            for s in sessions.iter_mut() {
                let list = by_sport.entry(s.sport.clone()).or_default();
                if s.kind != SessionKind::Race
                    && let Some(km) = s.distance_km
                {
                    let from = s.date - chrono::Days::new(window);
                    let longest = list
                        .iter()
                        .filter(|p| p.anchor && p.date >= from && p.date < s.date)
                        .filter_map(|p| p.km)
                        .reduce(f64::max);
                    if let Some(l) = longest
                        && km > l * step
                    {
                        s.distance_km = Some(layout::round_km_down(&s.sport, l * step));
                    }
                }
                list.push(PastSession {
                    date: s.date,
                    minutes: s.duration_min,
                    km: s.distance_km,
                    anchor: true,
                });
            }
            let planned_load: f64 = sessions.iter().map(|s| s.load).sum();
            weeks_so_far.push(as_the_rule_sees_it(so_far, &sessions));
            let long_dates: Vec<NaiveDate> = out
                .last()
                .into_iter()
                .flat_map(|w: &PlanWeek| &w.sessions)
                .chain(&sessions)
                .filter(|s| s.kind == SessionKind::Long)
                .map(|s| s.date)
                .collect();
            let rest_days = (first_day as u64..7)
                .map(|d| monday + chrono::Days::new(d))
                .filter(|date| !sessions.iter().any(|s| s.date == *date))
                .map(|date| RestDay {
                    date,
                    advice: reminders::rest_day(long_dates.contains(&(date - chrono::Days::new(1)))),
                })
                .collect();
            out.push(PlanWeek {
                week: week_label(monday),
                start: monday,
                partial: first_day > 0,
                target_load: target.load,
                target_minutes: target.minutes,
                planned_load,
                deload: target.deload,
                sessions,
                rest_days,
                cap_load: target.cap_load + so_far.load,
            });
        }
        out
    }

    fn finish(
        &self,
        weeks: Vec<PlanWeek>,
        mut check: PlanCheck,
        high_days: &[NaiveDate],
        unresolved: bool,
        as_of: NaiveDate,
        last_session: NaiveDate,
    ) -> Plan {
        let (profile, options, config) = (self.profile, self.options, self.config);
        let first_full = profile.first_monday + chrono::Days::new(if self.partial() { 7 } else { 0 });
        let history_weeks: Vec<WeekTotals> = if self.partial() {
            profile
                .weeks
                .iter()
                .copied()
                .chain(
                    weeks
                        .first()
                        .map(|w| as_the_rule_sees_it(profile.first_week_so_far, &w.sessions)),
                )
                .collect()
        } else {
            profile.weeks.clone()
        };
        let goal = options.goal.map(|g| {
            goal_report(
                g,
                self.start_point,
                first_full,
                &history_weeks,
                options,
                config,
                self.returning,
                &weeks,
            )
        });
        // High ACWR days the plan is not to blame for (the run may have begun before
        // the plan, so its flag is dated before it).
        let carried: Vec<NaiveDate> = high_days
            .iter()
            .copied()
            .filter(|d| check.carried_over.contains(d))
            .collect();
        if unresolved || check.blocking().next().is_some() {
            check.note = Some(
                "the planner could not remove every caution or danger flag on the planned days without cutting the plan below what your recent training allows; ease off further and rebuild over more weeks".to_string(),
            );
        } else if let (Some(first), Some(until)) = (carried.first(), carried.last()) {
            check.note = Some(if self.start_point.return_factor < 1.0 && self.returning.is_none() {
                format!(
                    "ACWR reads above {} from {first} to {until}: the {}-day window still holds your {} days without training, so any return reads high. The return factor ({}%) sets the load instead",
                    config.acwr.high,
                    config.acwr.chronic_days,
                    self.start_point.days_without_training,
                    crate::rules::num(self.start_point.return_factor * 100.0)
                )
            } else {
                format!(
                    "ACWR stays above {} from {first} to {until} whatever the plan does: the training before the plan keeps the acute load high. The plan starts easy so that it falls as fast as rest allows",
                    config.acwr.high
                )
            });
        }
        // An ordinary week with one session where the athlete's week has more: say
        // why, so a thin week is never a silent surprise.
        let thin: Vec<&str> = weeks
            .iter()
            .filter(|w| !w.partial && !w.deload && w.sessions.len() < self.shape.sessions.min(2))
            .map(|w| w.week.as_str())
            .collect();
        if !thin.is_empty() {
            let text = format!(
                "{} {} only one session: two of the shortest ({} min) would go over what the rules allow there",
                thin.join(", "),
                if thin.len() == 1 { "holds" } else { "hold" },
                crate::rules::num(config.plan.floor_minutes)
            );
            check.note = Some(match check.note.take() {
                Some(note) => format!("{note}. {text}"),
                None => text,
            });
        }
        let race = self.race.map(|r| {
            let peak = weeks
                .iter()
                .flat_map(|w| &w.sessions)
                .filter(|s| s.kind == SessionKind::Long && s.date < r.goal.date)
                .max_by(|a, b| a.duration_min.total_cmp(&b.duration_min));
            super::RaceReport {
                date: r.goal.date,
                distance_km: r.goal.distance_km,
                label: r.label.clone(),
                reachable: r.reachable,
                earliest_safe_date: if r.reachable { None } else { r.earliest_safe },
                taper_from: r.reachable.then_some(r.taper_from),
                taper_weeks: r.taper.len(),
                needed_long_min: r.needed_long_min.round(),
                peak_long_min: peak.map(|s| s.duration_min),
                peak_long_km: peak.and_then(|s| s.distance_km),
                message: r.message(peak.map(|s| s.duration_min)),
            }
        });
        if let Some(r) = &race
            && r.reachable
        {
            let intended: Vec<String> = check
                .flags
                .iter()
                .filter(|f| f.severity >= crate::rules::Severity::Caution && check.intended(f))
                .map(|f| format!("{} {}", f.rule.as_str(), f.date))
                .collect();
            if !intended.is_empty() {
                let text = format!(
                    "Intended: the race makes its week the biggest and its day the longest effort, so these flags are expected and not the plan's to fix: {}",
                    intended.join(", ")
                );
                check.note = Some(match check.note.take() {
                    Some(note) => format!("{note}. {text}"),
                    None => text,
                });
            }
        }
        let mut start_point = self.start_point.clone();
        if let Some(first) = weeks.iter().find(|w| !w.partial)
            && first.target_load < start_point.first_week_load * 0.98
            && !first.deload
        {
            start_point.reasons.push(format!(
                "The weekly-ramp rule allows the week of {} at most {} AU ({}% over its base: the higher of the week before and the mean of the four before, empty weeks counted), so the plan starts at {} AU and grows {}% a week.",
                first.start,
                crate::rules::num(first.cap_load.round()),
                crate::rules::num(config.rules.weekly_ramp.caution_pct),
                crate::rules::num(first.target_load.round()),
                crate::rules::num(options.ramp_pct)
            ));
        }
        Plan {
            athlete: profile.athlete.clone(),
            as_of,
            last_session,
            days_since_last_session: (as_of - last_session).num_days(),
            start: profile.start,
            baseline_weekly_load: self
                .start_point
                .tolerated
                .map_or(self.start_point.first_week_load, |t| t.load),
            baseline_note: match self.start_point.situation {
                Situation::NoHistory => "a gentle floor: no usable week in the history".to_string(),
                _ => "the median of your recent weeks without spikes".to_string(),
            },
            start_point,
            pattern: profile.habits.pattern.clone(),
            weeks,
            goal,
            race,
            check,
            fluid_warning: reminders::FLUID_WARNING.to_string(),
            closing_advice: reminders::CLOSING.to_string(),
        }
    }
}
