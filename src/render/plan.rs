//! Output of `crampless plan`: a day-by-day table (text, Markdown), one row per
//! session (CSV), the full structure (JSON), or calendar events (iCalendar).

use std::io::{self, Write};

use chrono::{Datelike, NaiveTime};

use crate::plan::{Plan, PlanWeek, PlannedSession};
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

/// Settings for the calendar export.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IcsOptions {
    /// Local start time of every session.
    pub session_time: NaiveTime,
}

/// Write `plan` in `format`.
pub fn write(out: &mut dyn Write, plan: &Plan, format: Format, style: Style, ics: IcsOptions) -> io::Result<()> {
    match format {
        Format::Text => text(out, plan, style),
        Format::Markdown => markdown(out, plan),
        Format::Csv => csv(out, plan),
        Format::Json => {
            serde_json::to_writer(&mut *out, plan)?;
            writeln!(out)
        }
        Format::Ics => out.write_all(ics_calendar(plan, ics).as_bytes()),
    }
}

fn header(plan: &Plan) -> String {
    let full = plan.full_weeks().count();
    let partial = plan.weeks.len() - full;
    let mut text = format!(
        "Plan for {}: {}{full} week{} from {} {} to {}.\n{}\n",
        plan.athlete,
        if partial > 0 { "the rest of this week and " } else { "" },
        if full == 1 { "" } else { "s" },
        short_weekday(plan.start),
        plan.start,
        plan.end(),
        freshness(plan)
    );
    for reason in &plan.start_point.reasons {
        text.push_str("  - ");
        text.push_str(reason);
        text.push('\n');
    }
    text.pop();
    text
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

fn week_title(w: &PlanWeek) -> String {
    format!(
        "{} (from {}){}: target {} AU, planned {} AU in {} min, {} session{}, {} rest days",
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
        w.rest_days.len()
    )
}

fn short_weekday(date: chrono::NaiveDate) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.weekday().num_days_from_monday() as usize]
}

/// Warm-up, cool-down and hydration in one compact line.
pub fn reminders_line(s: &PlannedSession) -> String {
    let first_drills: Vec<&str> = s.warmup.drills.iter().take(3).map(String::as_str).collect();
    let stretches: Vec<&str> = s
        .cooldown
        .stretches
        .iter()
        .map(|st| st.trim_end_matches(", 30 s each side"))
        .collect();
    format!(
        "warm-up {} min: {} | cool-down {} min: {} (30 s each) | drink: {}{}",
        s.warmup.minutes,
        first_drills.join(", "),
        s.cooldown.minutes,
        stretches.join(", "),
        if s.hydration.electrolytes {
            "0.4-0.8 L/h to thirst with electrolytes"
        } else {
            "water to thirst"
        },
        "; never more than you sweat"
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

fn text(out: &mut dyn Write, plan: &Plan, style: Style) -> io::Result<()> {
    writeln!(out, "{}", style.paint("1", &header(plan)))?;
    if let Some(goal) = &plan.goal {
        writeln!(out, "Goal: {}", goal.message)?;
    }
    for w in &plan.weeks {
        writeln!(out)?;
        writeln!(out, "{}", style.paint("1", &week_title(w)))?;
        let mut days: Vec<(chrono::NaiveDate, Option<&PlannedSession>, Option<&str>)> = w
            .sessions
            .iter()
            .map(|s| (s.date, Some(s), None))
            .chain(w.rest_days.iter().map(|r| (r.date, None, Some(r.advice.as_str()))))
            .collect();
        days.sort_by_key(|d| d.0);
        for (date, session, rest) in days {
            let day = format!("{} {}", short_weekday(date), date);
            match (session, rest) {
                (Some(s), _) => {
                    writeln!(
                        out,
                        "  {day}  {:<8} {:<9} {:>3} min  RPE {:<3} {:>4} AU  {}",
                        s.sport,
                        s.kind.as_str(),
                        fmt_opt(Some(s.duration_min), 0),
                        fmt_opt(Some(s.rpe), 1),
                        fmt_opt(Some(s.load), 0),
                        s.main
                    )?;
                    writeln!(out, "  {:<14}  {}", "", reminders_line(s))?;
                }
                (None, Some(advice)) => writeln!(out, "  {day}  {:<8} {advice}", style.paint("2", "rest"))?,
                (None, None) => {}
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", check_summary(plan))?;
    for f in plan.check.flags.iter().filter(|f| f.severity >= Severity::Caution) {
        writeln!(
            out,
            "  {} {} {}: {}",
            f.severity.as_str().to_uppercase(),
            f.date,
            f.rule.as_str(),
            f.message
        )?;
    }
    writeln!(
        out,
        "Hydration: amounts are guides; drink to thirst and never more than you sweat."
    )?;
    writeln!(out, "{}", plan.closing_advice)
}

fn markdown(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    writeln!(out, "# {}", header(plan))?;
    if let Some(goal) = &plan.goal {
        writeln!(out, "\n**Goal:** {}", goal.message)?;
    }
    for w in &plan.weeks {
        writeln!(out, "\n## {}\n", week_title(w))?;
        let mut rows: Vec<(chrono::NaiveDate, Vec<String>)> = w
            .sessions
            .iter()
            .map(|s| {
                (
                    s.date,
                    vec![
                        format!("{} {}", short_weekday(s.date), s.date),
                        format!("{} ({})", s.sport, s.kind.as_str()),
                        fmt_opt(Some(s.duration_min), 0),
                        fmt_opt(Some(s.rpe), 1),
                        fmt_opt(Some(s.load), 0),
                        s.main.clone(),
                        format!("{} min: {}", s.warmup.minutes, s.warmup.drills.join(", ")),
                        format!("{} min: {}", s.cooldown.minutes, s.cooldown.stretches.join("; ")),
                        format!(
                            "before: {}; during: {}; after: {}",
                            s.hydration.before, s.hydration.during, s.hydration.after
                        ),
                    ],
                )
            })
            .chain(w.rest_days.iter().map(|r| {
                let mut row = vec![format!("{} {}", short_weekday(r.date), r.date), "rest".to_string()];
                row.extend(["", "", "", ""].map(String::from));
                row.push(r.advice.clone());
                row.extend(["", ""].map(String::from));
                (r.date, row)
            }))
            .collect();
        rows.sort_by_key(|r| r.0);
        let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r.1).collect();
        markdown_table(
            out,
            &[
                "day",
                "session",
                "min",
                "RPE",
                "load",
                "main set",
                "warm-up",
                "cool-down",
                "hydration",
            ],
            &rows,
        )?;
    }
    writeln!(out, "\n{}", check_summary(plan))?;
    writeln!(out, "\n> {}", plan.closing_advice)
}

fn csv(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record([
        "athlete",
        "week",
        "deload",
        "date",
        "sport",
        "kind",
        "duration_min",
        "rpe",
        "load",
        "main",
        "warmup_min",
        "warmup_drills",
        "cooldown_min",
        "cooldown_stretches",
        "hydration_before",
        "hydration_during",
        "hydration_after",
        "electrolytes",
    ])?;
    for week in &plan.weeks {
        for s in &week.sessions {
            w.write_record([
                plan.athlete.as_str(),
                &week.week,
                if week.deload { "true" } else { "false" },
                &s.date.to_string(),
                &s.sport,
                s.kind.as_str(),
                &fmt_opt(Some(s.duration_min), 1),
                &fmt_opt(Some(s.rpe), 1),
                &fmt_opt(Some(s.load), 1),
                &s.main,
                &s.warmup.minutes.to_string(),
                &s.warmup.drills.join("; "),
                &s.cooldown.minutes.to_string(),
                &s.cooldown.stretches.join("; "),
                &s.hydration.before,
                &s.hydration.during,
                &s.hydration.after,
                if s.hydration.electrolytes { "true" } else { "false" },
            ])?;
        }
    }
    w.flush()
}

/// A short title: "Easy run, 40 min at RPE 3", "Strength (legs, core), 45 min at RPE 6".
pub fn title(s: &PlannedSession) -> String {
    let what = if s.kind == crate::plan::SessionKind::Strength {
        format!("Strength ({})", s.muscle_groups.join(", "))
    } else {
        let kind = s.kind.as_str();
        format!("{}{} {}", kind[..1].to_uppercase(), &kind[1..], s.sport)
    };
    format!(
        "{what}, {} min at RPE {}",
        fmt_opt(Some(s.duration_min), 0),
        fmt_opt(Some(s.rpe), 1)
    )
}

/// The full description of a session, for a calendar event.
pub fn description(s: &PlannedSession) -> String {
    format!(
        "{}\n\nWarm-up ({} min): {}.\n\nCool-down ({} min): {}.\n\nHydration. Before: {}. During: {}. After: {}.\n\nIf you feel pain, stop: don't push through it.",
        s.main,
        s.warmup.minutes,
        s.warmup.drills.join(", "),
        s.cooldown.minutes,
        s.cooldown.stretches.join("; "),
        s.hydration.before,
        s.hydration.during,
        s.hydration.after
    )
}

/// An RFC 5545 calendar: one event per session at the configured local time
/// (floating time: it stays at 18:00 wherever the athlete is), with a display alarm
/// two hours before to drink.
fn ics_calendar(plan: &Plan, options: IcsOptions) -> String {
    use icalendar::{Alarm, Calendar, Component, EventLike};
    let mut calendar = Calendar::new();
    calendar.name(&format!("crampless plan for {}", plan.athlete));
    // DTSTAMP is required; derive it from the plan so the same plan gives the same file.
    let stamp = plan.start.and_time(NaiveTime::MIN).and_utc();
    for (i, s) in plan.sessions().enumerate() {
        let start = s.date.and_time(options.session_time);
        let end = start + chrono::Duration::minutes(s.duration_min.round() as i64);
        let uid = format!(
            "crampless-{}-{}-{i}@crampless",
            plan.athlete.replace(char::is_whitespace, "_"),
            s.date
        );
        // The crate gives alarms a random UID and the current time; fix both so the
        // same plan always gives the same file.
        let mut alarm = Alarm::display(
            "Drink about 500 mL now (session in 2 hours)",
            -chrono::Duration::hours(2),
        );
        alarm.uid(&format!("alarm-{uid}")).timestamp(stamp);
        let event = icalendar::Event::new()
            .uid(&uid)
            .timestamp(stamp)
            .summary(&title(s))
            .description(&description(s))
            .starts(start)
            .ends(end)
            .alarm(alarm)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}
