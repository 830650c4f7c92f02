//! Output of `crampless plan`: a day-by-day plan (text, Markdown), one row per
//! session (CSV), the full structure (JSON), or calendar events (iCalendar).
//!
//! Text is wrapped to [`Style::width`], each session's further lines indented under
//! its text; what is the same every day is said once: the rest-day advice once a
//! week (with the rest days it applies to), the fluid warning once per plan.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::plan::{Hydration, Plan, PlanWeek, PlannedSession, SessionKind};
use crate::render::{Style, fmt_opt, markdown_table};
use crate::rules::Severity;

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
    Ics,
}

/// Write `plan` in `format`; `style` colours and wraps the text format.
pub fn write(out: &mut dyn Write, plan: &Plan, format: Format, style: Style) -> io::Result<()> {
    match format {
        Format::Text => text(out, plan, style),
        Format::Markdown => markdown(out, plan),
        Format::Csv => csv(out, plan),
        Format::Json => {
            serde_json::to_writer(&mut *out, plan)?;
            writeln!(out)
        }
        Format::Ics => out.write_all(ics_calendar(plan).as_bytes()),
    }
}

/// `text` wrapped to `width` columns, its first line after `first`, the others
/// after `rest`; words are never split at hyphens ("warm-up" stays whole).
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// The plan's first lines: who, when, how old the data is, and why it starts where
/// it does (one reason a line).
fn header_lines(plan: &Plan) -> (String, String, Vec<&str>) {
    let full = plan.full_weeks().count();
    let partial = plan.weeks.len() - full;
    let title = format!(
        "Plan for {}: {}{full} week{} from {} {} to {}.",
        plan.athlete,
        if partial > 0 { "the rest of this week and " } else { "" },
        if full == 1 { "" } else { "s" },
        short_weekday(plan.start),
        plan.start,
        plan.end()
    );
    let reasons = plan.start_point.reasons.iter().map(String::as_str).collect();
    (title, freshness(plan), reasons)
}

/// "As of 2026-12-02; last session 2026-11-15 (17 days ago)."
pub fn freshness(plan: &Plan) -> String {
    let ago = match plan.days_since_last_session {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    };
    format!("As of {}; last session {} ({ago}).", plan.as_of, plan.last_session)
}

/// The athlete's week the plan follows, in one sentence; `None` while the planner
/// says nothing of it.
/// "Week: 4 sessions on Tue, Thu, Sat, Sun (two on Sat); long session on Sun; at
/// 07:00 (Sat 08:30); 2 rest days; run 60%, strength 40%; split: Mon chest/arms, Thu
/// back, Sat legs/core."
pub fn pattern_line(plan: &Plan) -> Option<String> {
    let p = &plan.pattern;
    let mut parts = Vec::new();
    let mut sessions = String::new();
    if p.sessions_per_week > 0 {
        sessions = format!(
            "{} session{}",
            p.sessions_per_week,
            if p.sessions_per_week == 1 { "" } else { "s" }
        );
    }
    if !p.days.is_empty() {
        if !sessions.is_empty() {
            sessions.push(' ');
        }
        sessions.push_str(&format!("on {}", day_list(&p.days)));
        if !p.double_days.is_empty() {
            sessions.push_str(&format!(" (two on {})", day_list(&p.double_days)));
        }
    }
    if !sessions.is_empty() {
        parts.push(sessions);
    }
    if let Some(day) = p.long_day {
        parts.push(format!("long session on {}", day_name(day)));
    }
    if let Some(times) = times_text(p) {
        parts.push(times);
    }
    if p.rest_days > 0 {
        parts.push(format!(
            "{} rest day{}",
            p.rest_days,
            if p.rest_days == 1 { "" } else { "s" }
        ));
    }
    if !p.sports.is_empty() {
        let sports: Vec<String> = p
            .sports
            .iter()
            .map(|s| format!("{} {}%", s.sport, fmt_opt(Some(s.share * 100.0), 0)))
            .collect();
        parts.push(sports.join(", "));
    }
    if !p.split.is_empty() {
        let split: Vec<String> = p
            .split
            .iter()
            .map(|d| format!("{} {}", day_name(d.day), d.muscle_groups.join("/")))
            .collect();
        parts.push(format!("split: {}", split.join(", ")));
    }
    (!parts.is_empty()).then(|| format!("Week: {}.", parts.join("; ")))
}

/// "at 07:00", or "at 07:00 (Sat 08:30, Sun 09:00)" when some days differ from the
/// most usual time.
fn times_text(p: &crate::plan::Pattern) -> Option<String> {
    let first = p.times.first()?;
    let mut counts: Vec<(NaiveTime, usize)> = Vec::new();
    for t in &p.times {
        match counts.iter_mut().find(|(time, _)| *time == t.time) {
            Some((_, n)) => *n += 1,
            None => counts.push((t.time, 1)),
        }
    }
    let usual = counts
        .iter()
        .max_by_key(|(time, n)| (*n, std::cmp::Reverse(*time)))
        .map_or(first.time, |(time, _)| *time);
    let others: Vec<String> = p
        .times
        .iter()
        .filter(|t| t.time != usual)
        .map(|t| format!("{} {}", day_name(t.day), t.time.format("%H:%M")))
        .collect();
    Some(if others.is_empty() {
        format!("at {}", usual.format("%H:%M"))
    } else {
        format!("at {} ({})", usual.format("%H:%M"), others.join(", "))
    })
}

/// The race the plan builds toward, in one line, and its message.
fn race_lines(plan: &Plan) -> Option<(String, String)> {
    let race = plan.race.as_ref()?;
    let mut line = format!("Race: {} on {} {}", race.label, short_weekday(race.date), race.date);
    if race.reachable {
        line.push_str(", safely reachable");
    } else {
        line.push_str(", too soon to be safe");
        if let Some(date) = race.earliest_safe_date {
            line.push_str(&format!(" (the earliest safe date is {date})"));
        }
    }
    if let Some(from) = race.taper_from {
        line.push_str(&format!("; taper from {from}"));
    }
    let peak = match (race.peak_long_min, race.peak_long_km) {
        (Some(min), Some(km)) => Some(format!("{} min ({} km)", fmt_opt(Some(min), 0), fmt_opt(Some(km), 1))),
        (Some(min), None) => Some(format!("{} min", fmt_opt(Some(min), 0))),
        (None, Some(km)) => Some(format!("{} km", fmt_opt(Some(km), 1))),
        (None, None) => None,
    };
    if let Some(peak) = peak {
        line.push_str(&format!("; longest run before it {peak}"));
    }
    line.push('.');
    Some((line, race.message.clone()))
}

fn week_title(w: &PlanWeek) -> String {
    format!(
        "{} (from {}){}: target {} AU, planned {} AU in {} min, {} session{}, {} rest day{}",
        w.week,
        w.start,
        if w.partial {
            ", the rest of this week"
        } else if w.deload {
            ", deload week"
        } else {
            ""
        },
        fmt_opt(Some(w.target_load), 0),
        fmt_opt(Some(w.planned_load), 0),
        fmt_opt(Some(w.sessions.iter().map(|s| s.duration_min).sum()), 0),
        w.sessions.len(),
        if w.sessions.len() == 1 { "" } else { "s" },
        w.rest_days.len(),
        if w.rest_days.len() == 1 { "" } else { "s" }
    )
}

fn short_weekday(date: NaiveDate) -> &'static str {
    day_name(date.weekday())
}

/// "Mon".."Sun".
fn day_name(day: chrono::Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.num_days_from_monday() as usize]
}

/// "Mon, Wed, Fri".
fn day_list(days: &[chrono::Weekday]) -> String {
    days.iter().map(|d| day_name(*d)).collect::<Vec<_>>().join(", ")
}

/// The week's rest days grouped by their advice, in the order of their first day:
/// one line per kind of advice ("Rest Mon, Thu: easy mobility...", and "Rest Sun
/// after the long session: ..." only where that advice differs).
pub fn rest_lines(w: &PlanWeek) -> Vec<String> {
    let mut groups: Vec<(&str, Vec<NaiveDate>)> = Vec::new();
    let mut rest: Vec<_> = w.rest_days.iter().collect();
    rest.sort_by_key(|r| r.date);
    for r in rest {
        match groups.iter_mut().find(|(advice, _)| *advice == r.advice) {
            Some((_, dates)) => dates.push(r.date),
            None => groups.push((&r.advice, vec![r.date])),
        }
    }
    groups
        .into_iter()
        .map(|(advice, dates)| {
            let days = dates.iter().map(|d| short_weekday(*d)).collect::<Vec<_>>().join(", ");
            // The advice starts with "Rest" ("Rest: ...", "Rest after the long
            // session: ..."): the days go after that word.
            match advice.strip_prefix("Rest") {
                Some(after) if after.starts_with([':', ' ']) => format!("Rest {days}{after}"),
                _ => format!("Rest {days}: {advice}"),
            }
        })
        .collect()
}

/// "run easy", "ride long"; "strength" alone when the kind repeats the sport.
fn sport_and_kind(s: &PlannedSession) -> String {
    if s.sport == s.kind.as_str() {
        s.sport.clone()
    } else {
        format!("{} {}", s.sport, s.kind.as_str())
    }
}

/// "RPE 3 (moderate)".
pub fn effort(s: &PlannedSession) -> String {
    format!("RPE {} ({})", fmt_opt(Some(s.rpe), 1), s.effort)
}

/// "8.5 km", when the session has a distance.
fn distance(s: &PlannedSession) -> Option<String> {
    s.distance_km.map(|km| format!("{} km", fmt_opt(Some(km), 1)))
}

/// A strength session's work: "14 sets, 4200 kg: legs, core" (what is known of it).
pub fn strength_work(s: &PlannedSession) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(sets) = s.sets {
        parts.push(format!("{sets} set{}", if sets == 1 { "" } else { "s" }));
    }
    if let Some(kg) = s.tonnage_kg {
        parts.push(format!("{} kg in all", fmt_opt(Some(kg), 0)));
    }
    let mut text = parts.join(", ");
    if !s.muscle_groups.is_empty() {
        if text.is_empty() {
            text = s.muscle_groups.join(", ");
        } else {
            text = format!("{text}: {}", s.muscle_groups.join(", "));
        }
    }
    (!text.is_empty()).then_some(text)
}

/// "350-500 mL", or "5-7 mL per kg of body mass" without a body mass: what to drink
/// some hours before, the same in the text and the calendar alarm.
pub fn before_amount(h: &Hydration) -> String {
    match h.before_ml {
        Some([low, high]) if low == high => format!("{low} mL"),
        Some([low, high]) => format!("{low}-{high} mL"),
        None => "5-7 mL per kg of body mass".to_string(),
    }
}

/// "4 hours", "1 hour".
fn hours(h: u32) -> String {
    format!("{h} hour{}", if h == 1 { "" } else { "s" })
}

/// "30-60", "30".
fn range<T: PartialEq + std::fmt::Display>([low, high]: [T; 2]) -> String {
    if low == high {
        format!("{low}")
    } else {
        format!("{low}-{high}")
    }
}

/// Fluids and fuel with their amounts: "before: about 350-500 mL some 4 hours
/// ahead; during: 0.4-0.8 L per hour to thirst, 30-60 g carbohydrate per hour,
/// 300-600 mg sodium per hour if it is 25 C or warmer".
pub fn fuel_text(s: &PlannedSession) -> String {
    let h = &s.hydration;
    let before = if h.before_hours > 0 {
        format!("about {} some {} ahead", before_amount(h), hours(h.before_hours))
    } else {
        h.before.clone()
    };
    let mut during = if s.duration_min > 60.0 {
        format!(
            "{}-{} L per hour to thirst",
            fmt_opt(Some(h.during_l_per_hour[0]), 2),
            fmt_opt(Some(h.during_l_per_hour[1]), 2)
        )
    } else {
        "water to thirst".to_string()
    };
    if let Some(carbs) = h.carbs_g_per_hour {
        during.push_str(&format!(", {} g carbohydrate per hour", range(carbs)));
    }
    if let Some(sodium) = h.sodium_mg_per_hour {
        during.push_str(&format!(", {} mg sodium per hour", range(sodium)));
        if h.sodium_only_if_hot {
            during.push_str(" if it is 25 C or warmer");
        }
    }
    format!("before: {before}; during: {during}")
}

/// Warm-up and cool-down in one sentence, short: the first three drills, and the
/// stretches without the word "stretch" (the Markdown and calendar say them whole).
fn warmup_cooldown(s: &PlannedSession) -> String {
    let drills: Vec<&str> = s.warmup.drills.iter().take(3).map(String::as_str).collect();
    let stretches: Vec<&str> = s
        .cooldown
        .stretches
        .iter()
        .map(|st| st.trim_end_matches(", 30 s each side").trim_end_matches(" stretch"))
        .collect();
    format!(
        "warm-up {} min: {}; cool-down {} min, stretch: {} (30 s each)",
        s.warmup.minutes,
        drills.join(", "),
        s.cooldown.minutes,
        stretches.join(", ")
    )
}

/// The self-check's verdict in one or two sentences.
pub fn check_summary(plan: &Plan) -> String {
    let blocking = plan.check.blocking().count();
    let note = plan
        .check
        .note
        .as_deref()
        .map(|n| format!(" Note: {n}."))
        .unwrap_or_default();
    let note = note.replace("..", ".");
    if blocking == 0 && plan.check.note.is_some() {
        format!("Self-check: no caution or danger flag on a planned day that the plan could avoid.{note}")
    } else if blocking == 0 {
        let infos = plan.check.flags.len();
        format!(
            "Self-check: the plan passes the same rules as your history: no caution or danger flag on a planned day{}.",
            if infos > 0 {
                format!(" ({infos} info notes)")
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "Self-check: WARNING: {blocking} caution/danger flag{} remain on planned days.{note}",
            if blocking == 1 { "" } else { "s" }
        )
    }
}

/// The columns of a session's first line, padded so that a week's lines align.
struct Columns {
    what: usize,
    minutes: usize,
    distance: usize,
    effort: usize,
}

impl Columns {
    fn of(plan: &Plan) -> Columns {
        let widest = |f: &dyn Fn(&PlannedSession) -> usize| plan.sessions().map(f).max().unwrap_or(0);
        Columns {
            what: widest(&|s| sport_and_kind(s).chars().count()),
            minutes: widest(&|s| fmt_opt(Some(s.duration_min), 0).len()),
            distance: widest(&|s| distance(s).map_or(0, |d| d.len())),
            effort: widest(&|s| effort(s).len()),
        }
    }

    /// "run easy   40 min  8.5 km  RPE 3 (moderate)  120 AU".
    fn line(&self, s: &PlannedSession) -> String {
        let mut line = format!(
            "{:<what$}  {:>minutes$} min",
            sport_and_kind(s),
            fmt_opt(Some(s.duration_min), 0),
            what = self.what,
            minutes = self.minutes
        );
        if self.distance > 0 {
            line.push_str(&format!(
                "  {:>distance$}",
                distance(s).unwrap_or_default(),
                distance = self.distance
            ));
        }
        line.push_str(&format!(
            "  {:<effort$}  {} AU",
            effort(s),
            fmt_opt(Some(s.load), 0),
            effort = self.effort
        ));
        line
    }
}

/// Where a session's text starts: after "  Thu 2026-12-03 07:00  ".
const SESSION_INDENT: usize = 24;

fn text(out: &mut dyn Write, plan: &Plan, style: Style) -> io::Result<()> {
    let width = style.width;
    let (title, fresh, reasons) = header_lines(plan);
    for line in wrap(&title, width, "", "  ").lines() {
        writeln!(out, "{}", style.paint("1", line))?;
    }
    writeln!(out, "{}", wrap(&fresh, width, "", ""))?;
    for reason in reasons {
        writeln!(out, "{}", wrap(reason, width, "  - ", "    "))?;
    }
    if let Some(pattern) = pattern_line(plan) {
        writeln!(out, "{}", wrap(&pattern, width, "", "  "))?;
    }
    if let Some((race, message)) = race_lines(plan) {
        writeln!(out, "{}", wrap(&race, width, "", "  "))?;
        if !message.is_empty() {
            writeln!(out, "{}", wrap(&message, width, "  ", "  "))?;
        }
    }
    if let Some(goal) = &plan.goal {
        writeln!(out, "{}", wrap(&format!("Goal: {}", goal.message), width, "", "  "))?;
    }
    let columns = Columns::of(plan);
    let indent = " ".repeat(SESSION_INDENT);
    for w in &plan.weeks {
        writeln!(out)?;
        for line in wrap(&week_title(w), width, "", "  ").lines() {
            writeln!(out, "{}", style.paint("1", line))?;
        }
        let mut sessions: Vec<&PlannedSession> = w.sessions.iter().collect();
        sessions.sort_by_key(|s| (s.date, s.time));
        for s in sessions {
            let when = format!("  {} {} {}  ", short_weekday(s.date), s.date, s.time.format("%H:%M"));
            writeln!(out, "{}", wrap(&columns.line(s), width, &when, &indent))?;
            let main = match strength_work(s) {
                Some(work) => format!("{} ({work})", s.main),
                None => s.main.clone(),
            };
            for paragraph in [main, warmup_cooldown(s), fuel_text(s)] {
                writeln!(out, "{}", wrap(&paragraph, width, &indent, &indent))?;
            }
        }
        for rest in rest_lines(w) {
            let (days, advice) = rest.split_once([':']).unwrap_or((&rest, ""));
            let line = format!("{}:{advice}", style.paint("2", days));
            // Painted text is measured without its colour codes.
            writeln!(out, "{}", wrap(&line, width, "  ", "    "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", wrap(&check_summary(plan), width, "", ""))?;
    for f in plan.check.flags.iter().filter(|f| f.severity >= Severity::Caution) {
        let line = format!(
            "{} {} {}: {}",
            f.severity.as_str().to_uppercase(),
            f.date,
            f.rule.as_str(),
            f.message
        );
        writeln!(out, "{}", wrap(&line, width, "  ", "    "))?;
    }
    if !plan.fluid_warning.is_empty() {
        writeln!(out, "{}", wrap(&plan.fluid_warning, width, "", ""))?;
    }
    writeln!(out, "{}", wrap(&plan.closing_advice, width, "", ""))
}

fn markdown(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    // The header carries the athlete's and sports' names: escaped, line by line.
    let md = crate::escape::markdown;
    let (title, fresh, reasons) = header_lines(plan);
    writeln!(out, "# {}\n\n{fresh}\n", md(&title))?;
    for reason in reasons {
        writeln!(out, "- {}", md(reason))?;
    }
    if let Some(pattern) = pattern_line(plan) {
        writeln!(out, "\n**Week:** {}", md(pattern.trim_start_matches("Week: ")))?;
    }
    if let Some((race, message)) = race_lines(plan) {
        writeln!(
            out,
            "\n**Race:** {} {}",
            md(race.trim_start_matches("Race: ")),
            md(&message)
        )?;
    }
    if let Some(goal) = &plan.goal {
        writeln!(out, "\n**Goal:** {}", crate::escape::markdown(&goal.message))?;
    }
    for w in &plan.weeks {
        writeln!(out, "\n## {}\n", week_title(w))?;
        let mut sessions: Vec<&PlannedSession> = w.sessions.iter().collect();
        sessions.sort_by_key(|s| (s.date, s.time));
        let rows: Vec<Vec<String>> = sessions
            .into_iter()
            .map(|s| {
                vec![
                    format!("{} {}", short_weekday(s.date), s.date),
                    s.time.format("%H:%M").to_string(),
                    sport_and_kind(s),
                    fmt_opt(Some(s.duration_min), 0),
                    fmt_opt(s.distance_km, 1),
                    effort(s),
                    fmt_opt(Some(s.load), 0),
                    match strength_work(s) {
                        Some(work) => format!("{} ({work})", s.main),
                        None => s.main.clone(),
                    },
                    format!("{} min: {}", s.warmup.minutes, s.warmup.drills.join(", ")),
                    format!("{} min: {}", s.cooldown.minutes, s.cooldown.stretches.join("; ")),
                    fuel_text(s),
                ]
            })
            .collect();
        markdown_table(
            out,
            &[
                "day",
                "time",
                "session",
                "min",
                "km",
                "effort",
                "load",
                "main set",
                "warm-up",
                "cool-down",
                "fluids and fuel",
            ],
            &rows,
        )?;
        let rest = rest_lines(w);
        if !rest.is_empty() {
            writeln!(out)?;
            for line in rest {
                writeln!(out, "- {line}")?;
            }
        }
    }
    writeln!(out, "\n{}", check_summary(plan))?;
    if !plan.fluid_warning.is_empty() {
        writeln!(out, "\n**Fluids:** {}", plan.fluid_warning)?;
    }
    writeln!(out, "\n> {}", plan.closing_advice)
}

fn csv(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record([
        "athlete",
        "week",
        "deload",
        "date",
        "time",
        "sport",
        "kind",
        "duration_min",
        "distance_km",
        "rpe",
        "effort",
        "load",
        "sets",
        "tonnage_kg",
        "muscle_groups",
        "main",
        "warmup_min",
        "warmup_drills",
        "cooldown_min",
        "cooldown_stretches",
        "before_hours",
        "before_ml",
        "during_l_per_hour",
        "carbs_g_per_hour",
        "sodium_mg_per_hour",
        "sodium_only_if_hot",
        "hydration_before",
        "hydration_during",
        "hydration_after",
        "electrolytes",
    ])?;
    let bool_text = |b: bool| if b { "true" } else { "false" };
    for week in &plan.weeks {
        for s in &week.sessions {
            let h = &s.hydration;
            w.write_record([
                &*crate::escape::csv_cell(&plan.athlete),
                &week.week,
                bool_text(week.deload),
                &s.date.to_string(),
                &s.time.format("%H:%M").to_string(),
                &*crate::escape::csv_cell(&s.sport),
                s.kind.as_str(),
                &fmt_opt(Some(s.duration_min), 1),
                &s.distance_km.map(|km| fmt_opt(Some(km), 2)).unwrap_or_default(),
                &fmt_opt(Some(s.rpe), 1),
                s.effort,
                &fmt_opt(Some(s.load), 1),
                &s.sets.map(|n| n.to_string()).unwrap_or_default(),
                &s.tonnage_kg.map(|kg| fmt_opt(Some(kg), 1)).unwrap_or_default(),
                &*crate::escape::csv_cell(&s.muscle_groups.join("; ")),
                &*crate::escape::csv_cell(&s.main),
                &s.warmup.minutes.to_string(),
                &s.warmup.drills.join("; "),
                &s.cooldown.minutes.to_string(),
                &s.cooldown.stretches.join("; "),
                &h.before_hours.to_string(),
                &h.before_ml.map(range).unwrap_or_default(),
                &range(h.during_l_per_hour.map(|l| fmt_opt(Some(l), 2))),
                &h.carbs_g_per_hour.map(range).unwrap_or_default(),
                &h.sodium_mg_per_hour.map(range).unwrap_or_default(),
                bool_text(h.sodium_only_if_hot),
                &h.before,
                &h.during,
                &h.after,
                bool_text(h.electrolytes),
            ])?;
        }
    }
    w.flush()
}

/// A short title: "Easy run, 40 min (8.5 km) at RPE 3 (moderate)", "Strength (legs,
/// core), 45 min at RPE 6 (hard)".
pub fn title(s: &PlannedSession) -> String {
    let what = if s.kind == SessionKind::Strength {
        if s.muscle_groups.is_empty() {
            "Strength".to_string()
        } else {
            format!("Strength ({})", s.muscle_groups.join(", "))
        }
    } else {
        let kind = s.kind.as_str();
        format!("{}{} {}", kind[..1].to_uppercase(), &kind[1..], s.sport)
    };
    let distance = distance(s).map(|d| format!(" ({d})")).unwrap_or_default();
    format!(
        "{what}, {} min{distance} at {}",
        fmt_opt(Some(s.duration_min), 0),
        effort(s)
    )
}

/// The full description of a session, for a calendar event.
pub fn description(s: &PlannedSession) -> String {
    let work = strength_work(s).map(|w| format!(" ({w})")).unwrap_or_default();
    format!(
        "{}{work}\n\nWarm-up ({} min): {}.\n\nCool-down ({} min): {}.\n\nFluids and fuel. {}. After: {}.\n\nIf you feel pain, stop: don't push through it.",
        s.main,
        s.warmup.minutes,
        s.warmup.drills.join(", "),
        s.cooldown.minutes,
        s.cooldown.stretches.join("; "),
        capitalised(&fuel_text(s)),
        s.hydration.after
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The drink reminder, as the session's text says it: "Drink about 350-500 mL now
/// (session in 4 hours)".
pub fn alarm_text(s: &PlannedSession) -> String {
    format!(
        "Drink about {} now (session in {})",
        before_amount(&s.hydration),
        hours(s.hydration.before_hours)
    )
}

/// An RFC 5545 calendar: one event per session at its planned local time
/// (floating time: it stays at 07:00 wherever the athlete is), with a display alarm
/// to drink the pre-session fluid when the text says (`before_hours` before).
fn ics_calendar(plan: &Plan) -> String {
    use icalendar::{Alarm, Calendar, Component, EventLike};
    let mut calendar = Calendar::new();
    // NAME and X-WR-CALNAME are not escaped by the crate: escaped here (RFC 5545 TEXT).
    let name = crate::escape::ics_text(&format!("crampless plan for {}", plan.athlete));
    calendar.append_property(icalendar::Property::new("NAME", &name));
    calendar.append_property(icalendar::Property::new("X-WR-CALNAME", &name));
    // DTSTAMP is required; derive it from the plan so the same plan gives the same file.
    let stamp = plan.start.and_time(NaiveTime::MIN).and_utc();
    for (i, s) in plan.sessions().enumerate() {
        let start = s.date.and_time(s.time);
        let end = start + chrono::Duration::minutes(s.duration_min.round() as i64);
        let uid = format!(
            "crampless-{}-{}-{i}@crampless",
            crate::escape::ics_clean(&plan.athlete).replace(char::is_whitespace, "_"),
            s.date
        );
        let mut event = icalendar::Event::new();
        event
            .uid(&uid)
            .timestamp(stamp)
            // The crate escapes these TEXT values, but not CR or other control characters.
            .summary(&crate::escape::ics_clean(&title(s)))
            .description(&crate::escape::ics_clean(&description(s)))
            .starts(start)
            .ends(end);
        let before = s.hydration.before_hours;
        if before > 0 {
            // The crate gives alarms a random UID and the current time; fix both so
            // the same plan always gives the same file. The trigger is written in
            // hours ("-PT4H"), as people read it, not in the crate's seconds.
            let mut alarm = Alarm::display(&alarm_text(s), -chrono::Duration::hours(i64::from(before)));
            alarm
                .uid(&format!("alarm-{uid}"))
                .timestamp(stamp)
                .add_property("TRIGGER", format!("-PT{before}H"));
            event.alarm(alarm);
        }
        let event = event.done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate, NaiveTime, Weekday};

    use super::*;
    use crate::plan::{DayTime, RaceReport, RestDay, SportShare};

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
    }

    fn plan() -> Plan {
        crate::chart::test_data::plan(monday(), 2, 1200.0)
    }

    fn render(plan: &Plan, format: Format, width: usize) -> String {
        let mut out = Vec::new();
        write(&mut out, plan, format, Style { color: false, width }).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_header_says_the_pattern_and_the_race_when_the_plan_has_them() {
        let mut plan = plan();
        assert_eq!(pattern_line(&plan), None, "nothing said of an empty pattern");
        let p = &mut plan.pattern;
        p.sessions_per_week = 5;
        p.days = vec![Weekday::Tue, Weekday::Thu, Weekday::Sat, Weekday::Sun];
        p.double_days = vec![Weekday::Sat];
        p.long_day = Some(Weekday::Sun);
        p.rest_days = 3;
        p.times = [
            (Weekday::Tue, at(7, 0)),
            (Weekday::Thu, at(7, 0)),
            (Weekday::Sat, at(8, 30)),
            (Weekday::Sun, at(7, 0)),
        ]
        .map(|(day, time)| DayTime { day, time })
        .to_vec();
        p.sports = [("run", 0.6), ("strength", 0.4)]
            .map(|(sport, share)| SportShare {
                sport: sport.into(),
                share,
                per_week: 2,
                easy_pace_min_per_km: None,
            })
            .to_vec();
        p.split = [(Weekday::Mon, "chest,arms"), (Weekday::Thu, "legs")]
            .map(|(day, groups)| crate::plan::SplitDay {
                day,
                muscle_groups: groups.split(',').map(String::from).collect(),
                tonnage_kg: None,
                minutes: 60.0,
            })
            .to_vec();
        plan.race = Some(RaceReport {
            date: NaiveDate::from_ymd_opt(2027, 4, 11).unwrap(),
            distance_km: 42.195,
            label: "marathon".into(),
            reachable: false,
            earliest_safe_date: NaiveDate::from_ymd_opt(2027, 5, 16),
            taper_from: NaiveDate::from_ymd_opt(2027, 3, 22),
            taper_weeks: 3,
            needed_long_min: 150.0,
            peak_long_min: Some(150.0),
            peak_long_km: Some(28.04),
            message: "Too soon for a marathon: the plan builds only what is safe.".into(),
        });
        let text = render(&plan, Format::Text, 100);
        assert!(
            text.contains(
                "\nWeek: 5 sessions on Tue, Thu, Sat, Sun (two on Sat); long session on Sun; at 07:00 (Sat 08:30); 3\n  rest days; run 60%, strength 40%; split: Mon chest/arms, Thu legs.\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "\nRace: marathon on Sun 2027-04-11, too soon to be safe (the earliest safe date is 2027-05-16); taper\n  from 2027-03-22; longest run before it 150 min (28 km).\n  Too soon for a marathon: the plan builds only what is safe.\n"
            ),
            "{text}"
        );
        let md = render(&plan, Format::Markdown, 100);
        assert!(md.contains("\n**Week:** 5 sessions on Tue"), "{md}");
        assert!(md.contains("\n**Race:** marathon on Sun 2027-04-11, too soon"), "{md}");
    }

    #[test]
    fn a_session_line_has_its_time_distance_effort_load_and_work() {
        let mut plan = plan();
        let week = &mut plan.weeks[0];
        week.sessions[0].distance_km = Some(8.46);
        week.sessions[0].time = at(6, 30);
        week.sessions[1].sets = Some(15);
        week.sessions[1].tonnage_kg = Some(4200.0);
        let text = render(&plan, Format::Text, 100);
        let lines: Vec<&str> = text.lines().collect();
        let first = lines
            .iter()
            .position(|l| l.starts_with("  Tue 2027-01-05 06:30  run easy"))
            .unwrap();
        assert!(
            lines[first].contains("  8.5 km  RPE 4 (somewhat hard)"),
            "{}",
            lines[first]
        );
        assert!(lines[first].ends_with(" AU"), "{}", lines[first]);
        assert!(
            lines[first + 1].starts_with(&format!("{}45 min at RPE 4", " ".repeat(24))),
            "{text}"
        );
        assert!(text.contains("(15 sets, 4200 kg in all: legs, core)"), "{text}");
        // The columns line up: every first line has its minutes at the same place.
        let minutes: Vec<usize> = lines
            .iter()
            .filter(|l| l.ends_with(" AU") && l.starts_with("  "))
            .map(|l| l.find(" min").unwrap())
            .collect();
        assert!(minutes.windows(2).all(|w| w[0] == w[1]), "{text}");
        let csv = render(&plan, Format::Csv, 100);
        assert!(csv.contains(",2027-01-05,06:30,run,easy,"), "{csv}");
        assert!(csv.contains(",8.46,4,somewhat hard,"), "{csv}");
        assert!(csv.contains(",15,4200,legs; core,"), "{csv}");
    }

    #[test]
    fn fuel_amounts_with_the_heat_condition() {
        let mut s = plan().weeks[0].sessions[3].clone();
        s.duration_min = 100.0;
        s.hydration.before_ml = Some([350, 500]);
        s.hydration.carbs_g_per_hour = Some([30, 60]);
        s.hydration.sodium_mg_per_hour = Some([300, 600]);
        s.hydration.sodium_only_if_hot = true;
        assert_eq!(
            fuel_text(&s),
            "before: about 350-500 mL some 4 hours ahead; during: 0.4-0.8 L per hour to thirst, 30-60 g carbohydrate per hour, 300-600 mg sodium per hour if it is 25 C or warmer"
        );
        assert_eq!(alarm_text(&s), "Drink about 350-500 mL now (session in 4 hours)");
        s.duration_min = 40.0;
        s.hydration.before_ml = None;
        s.hydration.carbs_g_per_hour = None;
        s.hydration.sodium_mg_per_hour = None;
        s.hydration.before_hours = 1;
        assert_eq!(
            fuel_text(&s),
            "before: about 5-7 mL per kg of body mass some 1 hour ahead; during: water to thirst"
        );
        assert_eq!(
            alarm_text(&s),
            "Drink about 5-7 mL per kg of body mass now (session in 1 hour)"
        );
    }

    #[test]
    fn rest_days_are_listed_once_a_week_by_their_advice() {
        let mut week = plan().weeks[0].clone();
        week.rest_days.push(RestDay {
            date: week.start + Days::new(2),
            advice: "Rest after the long session: 10-15 min easy mobility.".into(),
        });
        assert_eq!(
            rest_lines(&week),
            [
                "Rest Mon, Fri, Sun: easy mobility, a walk if you like, sleep well and drink to thirst.",
                "Rest Wed after the long session: 10-15 min easy mobility.",
            ]
        );
        week.rest_days[0].advice = "Sleep.".into();
        assert_eq!(rest_lines(&week)[0], "Rest Mon: Sleep.");
    }

    #[test]
    fn text_fits_the_width_and_says_the_fluid_warning_once() {
        let plan = plan();
        for width in [40, 60, 100, 160] {
            let text = render(&plan, Format::Text, width);
            assert!(text.lines().all(|l| l.chars().count() <= width), "{width}:\n{text}");
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(one_line.matches(&plan.fluid_warning).count(), 1, "{text}");
        }
        let md = render(&plan, Format::Markdown, 100);
        assert_eq!(md.matches(&plan.fluid_warning).count(), 1, "{md}");
    }

    #[test]
    fn calendar_events_start_at_the_session_time_with_the_drink_alarm() {
        let mut plan = plan();
        plan.weeks[0].sessions[0].time = at(6, 30);
        let ics = render(&plan, Format::Ics, 100);
        assert!(ics.contains("DTSTART:20270105T063000\r\n"), "{ics}");
        assert!(ics.contains("DTSTART:20270106T070000\r\n"), "{ics}");
        let events = ics.matches("BEGIN:VEVENT").count();
        assert_eq!(events, plan.sessions().count());
        assert_eq!(ics.matches("TRIGGER:-PT4H\r\n").count(), events);
        assert_eq!(ics.matches("BEGIN:VALARM").count(), events);
    }
}
