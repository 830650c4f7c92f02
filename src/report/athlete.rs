//! One athlete's part of the report: the summary, the flags worst first with their
//! advice, logged cramps, the weekly table, the charts, and the plan with its
//! reminders and the closing safety advice.

use chrono::Days;

use crate::analysis::AthleteReport;
use crate::chart::{ChartInput, ChartOptions};
use crate::config::Config;
use crate::history::{Cramp, Session};
use crate::plan::{Plan, PlannedSession, RestDay};
use crate::render::fmt_opt;
use crate::report::html::{badge, count, date, day, esc, heading, put, signed_pct};
use crate::report::svg;
use crate::rules::{Flag, Rule, Severity};
use crate::weekly::Week;

/// What one athlete's section is made from.
pub struct Section<'a> {
    pub report: &'a AthleteReport,
    /// The plan, or why there is none.
    pub plan: Result<&'a Plan, String>,
    /// The athlete's sessions with a logged cramp, oldest first.
    pub cramps: &'a [&'a Session],
    pub config: &'a Config,
    /// The section's `id`; sub-sections add a suffix.
    pub anchor: &'a str,
    /// The level of the athlete's sub-section headings (2 alone, 3 in a squad).
    pub level: u8,
    /// Whether the page holds several athletes (the section then has its own
    /// heading).
    pub in_squad: bool,
    /// Where "Back to the list of athletes" leads (`#athletes` on a squad's one
    /// page, `../index.html` from a page of a squad's folder); none alone.
    pub back: Option<&'a str>,
}

impl Section<'_> {
    /// The section as HTML.
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        let r = self.report;
        put!(
            out,
            "<article class=\"athlete\" id=\"{}\" aria-labelledby=\"{}-name\">\n",
            self.anchor,
            self.anchor
        );
        if self.in_squad {
            out.push_str(&heading(
                self.level - 1,
                Some(&format!("{}-name", self.anchor)),
                &esc(&r.athlete),
            ));
        } else {
            put!(
                out,
                "<p class=\"visually-hidden\" id=\"{}-name\">{}</p>\n",
                self.anchor,
                esc(&r.athlete)
            );
        }
        if let Some(back) = self.back {
            put!(
                out,
                "<p class=\"back\"><a href=\"{}\">Back to the list of athletes</a></p>\n",
                esc(back)
            );
        }
        self.summary(&mut out);
        self.flags(&mut out);
        self.cramp_log(&mut out);
        self.weekly_table(&mut out);
        self.charts(&mut out);
        self.plan(&mut out);
        out.push_str("</article>\n");
        out
    }

    fn id(&self, part: &str) -> String {
        format!("{}-{part}", self.anchor)
    }

    fn section_start(&self, out: &mut String, part: &str, title: &str) {
        let id = self.id(part);
        put!(out, "<section class=\"part\" aria-labelledby=\"{id}\">\n");
        out.push_str(&heading(self.level, Some(&id), title));
    }

    fn summary(&self, out: &mut String) {
        let r = self.report;
        self.section_start(out, "summary", "Summary");
        out.push_str(&headline(r));
        out.push_str("<dl class=\"stats\">\n");
        stat(
            out,
            "Last session",
            &date(r.last_session),
            &format!(
                "{}, as of {}",
                crate::render::days_ago(r.days_since_last_session),
                date(r.as_of)
            ),
        );
        let days = (r.to - r.from).num_days() + 1;
        stat(
            out,
            "History",
            &format!("{} to {}", date(r.from), date(r.to)),
            &format!("{} on the timeline", count(days as usize, "day")),
        );
        stat(
            out,
            "Sessions",
            &r.sessions.to_string(),
            &if r.estimated_intensity_sessions > 0 {
                format!("{} without an RPE: intensity estimated", r.estimated_intensity_sessions)
            } else {
                "all with an RPE".to_string()
            },
        );
        if let Some(week) = r.weeks.last() {
            let change = week
                .ramp_pct
                .map(|p| format!("{} on the week before", signed_pct(p)))
                .unwrap_or_else(|| "no week before to compare".into());
            stat(
                out,
                &format!("Week {}{}", week.week, if week.partial { " (so far)" } else { "" }),
                &format!("{} AU", fmt_opt(Some(week.load), 0)),
                &format!(
                    "{} min, {}; {change}",
                    fmt_opt(Some(week.minutes), 0),
                    count(week.sessions, "session")
                ),
            );
        }
        if let Some(last) = r.days.last() {
            let a = &self.config.acwr;
            stat(
                out,
                &format!("ACWR ({} {}:{})", a.method.as_str(), a.acute_days, a.chronic_days),
                &fmt_opt(last.acwr, 2),
                &acwr_zone(last.acwr, self.config),
            );
            stat(
                out,
                "Fitness, fatigue, form",
                &format!(
                    "{} / {} / {}",
                    fmt_opt(Some(last.fitness), 0),
                    fmt_opt(Some(last.fatigue), 0),
                    fmt_opt(Some(last.form), 0)
                ),
                // Fitness starts at 0, so early form reads "tired" for anyone who
                // just started: not worth putting into words yet.
                // Form is the day before's fitness minus fatigue (the TSB convention):
                // say so, or "91 / 67 / 15" reads as a sum that does not add up.
                &match crate::render::settling_note(r, self.config) {
                    Some(note) => note,
                    None if last.form < 0.0 => {
                        "form (yesterday's fitness minus fatigue) below 0: carrying fatigue".to_string()
                    }
                    None => "form (yesterday's fitness minus fatigue) 0 or above: fresh".to_string(),
                },
            );
        }
        match r.recent_days {
            Some(days) => {
                let recent: Vec<&Flag> = r.recent_flags().collect();
                let earlier = r.flags.len() - recent.len();
                stat(
                    out,
                    &format!("Flags now (last {})", count(days as usize, "day")),
                    &recent.len().to_string(),
                    &format!("{}; {earlier} earlier", severity_counts(recent.iter().copied())),
                );
            }
            None => stat(
                out,
                "Flags",
                &r.flags.len().to_string(),
                &severity_counts(r.flags.iter()),
            ),
        }
        out.push_str("</dl>\n</section>\n");
    }

    fn flags(&self, out: &mut String) {
        let r = self.report;
        self.section_start(out, "flags", "Flags, worst first");
        if r.flags.is_empty() {
            out.push_str("<p class=\"ok\">No flags: nothing ramps up too fast. Keep it steady.</p>\n</section>\n");
            return;
        }
        let mut advised: Vec<&str> = Vec::new();
        let Some(window) = crate::render::recent_window(r) else {
            put!(
                out,
                "<p>{}. Each piece of advice is given once, under the first flag that needs it.</p>\n",
                severity_counts(r.flags.iter())
            );
            let all: Vec<&Flag> = r.flags.iter().collect();
            folded_flag_list(out, &all, &mut advised);
            out.push_str("</section>\n");
            return;
        };
        let recent: Vec<&Flag> = r.recent_flags().collect();
        let earlier: Vec<&Flag> = r.earlier_flags().collect();
        out.push_str(&heading(
            self.level + 1,
            Some(&self.id("flags-now")),
            &format!("Now: {}", esc(&window)),
        ));
        if recent.is_empty() {
            put!(
                out,
                "<p class=\"ok\">Nothing flagged in {}. Last session {}, {}.</p>\n",
                esc(&window),
                date(r.last_session),
                crate::render::days_ago(r.days_since_last_session)
            );
        } else {
            put!(
                out,
                "<p>{}. Each piece of advice is given once, under the first flag that needs it.</p>\n",
                severity_counts(recent.iter().copied())
            );
            folded_flag_list(out, &recent, &mut advised);
        }
        if !earlier.is_empty() {
            // Earlier flags explain the history but ask for nothing now: folded away.
            put!(
                out,
                "<details class=\"more-flags earlier-flags\">\n<summary>Earlier: {} ({})</summary>\n",
                count(earlier.len(), "flag"),
                severity_counts(earlier.iter().copied())
            );
            flag_list(out, &earlier, 1, &mut advised);
            out.push_str("</details>\n");
        }
        out.push_str("</section>\n");
    }

    fn cramp_log(&self, out: &mut String) {
        if self.cramps.is_empty() {
            return;
        }
        self.section_start(out, "cramps", "Cramps you logged");
        let id = self.id("cramps-table");
        put!(
            out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table>\n<caption id=\"{id}\">Sessions with a cramp, newest first</caption>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Session</th><th scope=\"col\">Cramp</th><th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n"
        );
        for s in self.cramps.iter().rev() {
            let rpe = s
                .rpe
                .map(|r| format!(" at RPE {}", fmt_opt(Some(r), 1)))
                .unwrap_or_default();
            put!(
                out,
                "<tr><td>{}</td><td>{} min {}{rpe}</td><td>{}</td><td>{}</td></tr>\n",
                date(s.date),
                fmt_opt(Some(s.duration_min), 0),
                esc(&s.sport),
                match s.cramp {
                    Cramp::Severe => "severe",
                    Cramp::Mild => "mild",
                    Cramp::None => "none",
                },
                esc(s.notes.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }

    fn weekly_table(&self, out: &mut String) {
        let r = self.report;
        self.section_start(out, "weeks", "Week by week");
        let id = self.id("weeks-table");
        put!(
            out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table class=\"weeks\">\n<caption id=\"{id}\">Weekly totals, newest first. Load = minutes &times; RPE, in arbitrary units (AU); ramp = change from the week before.</caption>\n<thead><tr><th scope=\"col\">Week</th><th scope=\"col\" class=\"num\">Load AU</th><th scope=\"col\" class=\"num\">Minutes</th><th scope=\"col\" class=\"num\">km</th><th scope=\"col\" class=\"num\">Sessions</th><th scope=\"col\" class=\"num\">Rest days</th><th scope=\"col\" class=\"num\">Monotony</th><th scope=\"col\" class=\"num\">Ramp</th></tr></thead>\n<tbody>\n"
        );
        for w in r.weeks.iter().rev() {
            let ramp = w.ramp_pct.map_or("-".to_string(), signed_pct);
            put!(
                out,
                "<tr><th scope=\"row\">{}{} <span class=\"sub\">from {}</span></th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td><td class=\"num\">{ramp}{}</td></tr>\n",
                w.week,
                if w.partial { " (partial)" } else { "" },
                day(w.start),
                fmt_opt(Some(w.load), 0),
                fmt_opt(Some(w.minutes), 0),
                fmt_opt(Some(w.distance_km), 1),
                w.sessions,
                w.rest_days,
                fmt_opt(w.monotony, 2),
                week_badge(&r.flags, Rule::Monotony, w),
                week_badge(&r.flags, Rule::WeeklyRamp, w),
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }

    fn charts(&self, out: &mut String) {
        let r = self.report;
        self.section_start(out, "charts", "Charts");
        let options = ChartOptions::for_config(self.config);
        let name = &r.athlete;
        let a = &self.config.acwr;
        out.push_str(&svg::figure(
            &ChartInput::Load { report: r },
            &options,
            &format!(
                "Training load of {name}: daily load bars with acute and chronic load, flagged days marked, and the ACWR with its {}-{} range",
                a.low, a.high
            ),
            &format!(
                "<strong>Training load.</strong> Bars: daily load. Lines: acute ({} days) and chronic ({} days) load. Lower panel: ACWR; {}-{} is the usual range, above {} is the danger zone.",
                a.acute_days, a.chronic_days, a.low, a.high, a.danger
            ),
        ));
        out.push_str(&svg::figure(
            &ChartInput::Weekly { report: r },
            &options,
            &format!("Weekly load of {name}, each week coloured by how much it ramped up, with rest days"),
            "<strong>Weekly load.</strong> Each bar is labelled with its change from the week before and coloured by the weekly-ramp rule; the table above has the same numbers.",
        ));
        out.push_str(&svg::figure(
            &ChartInput::Form { report: r },
            &options,
            &format!("Fitness, fatigue and form of {name} over time"),
            &format!(
                "<strong>Fitness, fatigue and form.</strong> Fitness: {}-day average load; fatigue: {}-day average; form = fitness minus fatigue (below 0: tired, above 0: fresh).",
                fmt_opt(Some(self.config.pmc.fitness_days), 0),
                fmt_opt(Some(self.config.pmc.fatigue_days), 0)
            ),
        ));
        out.push_str("</section>\n");
    }

    fn plan(&self, out: &mut String) {
        let plan = match &self.plan {
            Ok(plan) => *plan,
            Err(why) => {
                self.section_start(out, "plan", "Plan");
                put!(out, "<p class=\"note\">No plan: {}</p>\n</section>\n", esc(why));
                return;
            }
        };
        let full = plan.full_weeks().count();
        let title = if full < plan.weeks.len() {
            format!("Plan for the rest of this week and the next {}", count(full, "week"))
        } else {
            format!("Plan for the next {}", count(full, "week"))
        };
        self.section_start(out, "plan", &title);
        put!(
            out,
            "<p>From {} to {}. Baseline {} AU a week ({}). Every week grows by at most the ramp limit, with lighter (deload) weeks; every session has its warm-up, cool-down and hydration.</p>\n",
            date(plan.start),
            date(plan.end()),
            fmt_opt(Some(plan.baseline_weekly_load), 0),
            esc(&plan.baseline_note)
        );
        if let Some(goal) = &plan.goal {
            put!(out, "<p><strong>Goal:</strong> {}</p>\n", esc(&goal.message));
        }
        out.push_str(&svg::figure(
            &ChartInput::Plan { report: self.report, plan },
            &ChartOptions::for_config(self.config),
            &format!(
                "The last weeks of {} beside the {} planned weeks, with the ramp cap",
                self.report.athlete,
                plan.weeks.len()
            ),
            "<strong>Recent and planned weeks.</strong> Planned weeks are drawn differently from past ones; the line is the most the weekly-ramp rule allows.",
        ));
        for week in &plan.weeks {
            let sessions_min: f64 = week.sessions.iter().map(|s| s.duration_min).sum();
            put!(
                out,
                "<section class=\"plan-week{}\" aria-labelledby=\"{}-{}\">\n",
                if week.deload { " deload" } else { "" },
                self.anchor,
                week.week
            );
            out.push_str(&heading(
                self.level + 1,
                Some(&format!("{}-{}", self.anchor, week.week)),
                &format!(
                    "Week {} <span class=\"sub\">from {}</span>{}",
                    week.week,
                    // A partial first week starts with the plan, not on its Monday.
                    day(if week.partial { plan.start } else { week.start }),
                    if week.deload {
                        " <span class=\"tag\">Deload week</span>"
                    } else {
                        ""
                    }
                ),
            ));
            put!(
                out,
                "<p class=\"week-totals\">Target {} AU; planned {} AU in {} min: {}, {}.</p>\n<ol class=\"days\">\n",
                fmt_opt(Some(week.target_load), 0),
                fmt_opt(Some(week.planned_load), 0),
                fmt_opt(Some(sessions_min), 0),
                count(week.sessions.len(), "session"),
                count(week.rest_days.len(), "rest day"),
            );
            let mut days: Vec<Day> = week
                .sessions
                .iter()
                .map(Day::Session)
                .chain(week.rest_days.iter().map(Day::Rest))
                .collect();
            days.sort_by_key(Day::date);
            for d in days {
                match d {
                    Day::Session(s) => session(out, s),
                    Day::Rest(rest) => put!(
                        out,
                        "<li class=\"day rest\"><p class=\"day-head\">{} <strong>Rest</strong></p>\n<p>{}</p></li>\n",
                        day(rest.date),
                        esc(&rest.advice)
                    ),
                }
            }
            out.push_str("</ol>\n</section>\n");
        }
        let blocking = plan.check.blocking().count();
        put!(
            out,
            "<p class=\"check {}\">{}</p>\n",
            if blocking == 0 { "ok" } else { "warn" },
            esc(&crate::render::plan::check_summary(plan))
        );
        for f in plan.check.blocking() {
            put!(
                out,
                "<p class=\"flag-line\">{} {} <span class=\"rule\">{}</span>: {}</p>\n",
                badge(f.severity),
                date(f.date),
                f.rule.as_str(),
                esc(&f.message)
            );
        }
        put!(
            out,
            "<aside class=\"safety\" aria-labelledby=\"{id}\">\n{}<p>{}</p>\n<p>{}</p>\n</aside>\n</section>\n",
            heading(self.level + 1, Some(&self.id("safety")), "Stop if it hurts"),
            esc(&plan.closing_advice),
            if plan.fluid_warning.is_empty() {
                esc("Fluid amounts are guides: drink to thirst and never more than you sweat.")
            } else {
                esc(&plan.fluid_warning)
            },
            id = self.id("safety"),
        );
    }
}

/// A day of a planned week.
enum Day<'a> {
    Session(&'a PlannedSession),
    Rest(&'a RestDay),
}

impl Day<'_> {
    fn date(&self) -> chrono::NaiveDate {
        match self {
            Day::Session(s) => s.date,
            Day::Rest(r) => r.date,
        }
    }
}

/// One planned session: title, main set, and its reminders.
fn session(out: &mut String, s: &PlannedSession) {
    put!(
        out,
        "<li class=\"day session kind-{}\"><p class=\"day-head\">{} {} <strong>{}</strong> <span class=\"load\">{} AU</span></p>\n<p class=\"main-set\">{}</p>\n<dl class=\"reminders\">\n",
        s.kind.as_str(),
        day(s.date),
        s.time.format("%H:%M"),
        esc(&crate::render::plan::title(s)),
        fmt_opt(Some(s.load), 0),
        esc(&s.main)
    );
    put!(
        out,
        "<div><dt>Warm-up, {} min</dt><dd>{}</dd></div>\n",
        s.warmup.minutes,
        esc(&s.warmup.drills.join(", "))
    );
    put!(
        out,
        "<div><dt>Cool-down, {} min</dt><dd>{}</dd></div>\n",
        s.cooldown.minutes,
        esc(&s.cooldown.stretches.join("; "))
    );
    put!(
        out,
        "<div><dt>Hydration{}</dt><dd><span class=\"when\">Before:</span> {}<br><span class=\"when\">During:</span> {}<br><span class=\"when\">After:</span> {}</dd></div>\n</dl></li>\n",
        if s.hydration.electrolytes {
            " with electrolytes"
        } else {
            ""
        },
        esc(&s.hydration.before),
        esc(&s.hydration.during),
        esc(&s.hydration.after)
    );
}

/// How many flags are listed before the rest fold away under "show the other flags".
const FLAGS_SHOWN: usize = 25;

/// The first [`FLAGS_SHOWN`] of `flags` as a list, the rest folded under "show the
/// other flags".
fn folded_flag_list<'a>(out: &mut String, flags: &[&'a Flag], advised: &mut Vec<&'a str>) {
    let (first, rest) = flags.split_at(flags.len().min(FLAGS_SHOWN));
    flag_list(out, first, 1, advised);
    if !rest.is_empty() {
        put!(
            out,
            "<details class=\"more-flags\">\n<summary>Show the other {} ({})</summary>\n",
            count(rest.len(), "flag"),
            severity_counts(rest.iter().copied())
        );
        flag_list(out, rest, first.len() + 1, advised);
        out.push_str("</details>\n");
    }
}

/// Flags as an ordered list numbered from `start`; each piece of advice not yet in
/// `advised` follows the first flag that needs it.
fn flag_list<'a>(out: &mut String, flags: &[&'a Flag], start: usize, advised: &mut Vec<&'a str>) {
    if start == 1 {
        out.push_str("<ol class=\"flags\">\n");
    } else {
        put!(out, "<ol class=\"flags\" start=\"{start}\">\n");
    }
    for &flag in flags {
        put!(
            out,
            "<li class=\"flag flag-{}\"><p class=\"flag-what\">{} {} <span class=\"rule\">{}</span> <span class=\"flag-message\">{}</span></p>",
            flag.severity.as_str(),
            badge(flag.severity),
            date(flag.date),
            flag.rule.as_str(),
            esc(&flag.message)
        );
        if !advised.contains(&&*flag.advice) {
            advised.push(&flag.advice);
            put!(
                out,
                "\n<p class=\"advice\"><strong>What to do:</strong> {}</p>",
                esc(&flag.advice)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// One figure of the summary.
fn stat(out: &mut String, label: &str, value_html: &str, note_html: &str) {
    put!(
        out,
        "<div class=\"stat\"><dt>{label}</dt><dd><span class=\"value\">{value_html}</span> <span class=\"sub\">{note_html}</span></dd></div>\n"
    );
}

/// The banner that opens the summary: the worst recent flag, or that nothing was
/// flagged in the recent window and how long ago the last session was.
fn headline(r: &AthleteReport) -> String {
    let worst = r.recent_flags().next();
    match (worst, crate::render::recent_window(r)) {
        (None, None) => "<p class=\"headline headline-ok\"><strong>All clear:</strong> no flags. Nothing ramps up too fast; keep it steady.</p>\n".to_string(),
        (None, Some(_)) => format!(
            "<p class=\"headline headline-ok\"><strong>Nothing flagged in the last {}.</strong> Last session {}, {}.</p>\n",
            count(r.recent_days.unwrap_or(1) as usize, "day"),
            date(r.last_session),
            crate::render::days_ago(r.days_since_last_session)
        ),
        (Some(worst), window) => format!(
            "<p class=\"headline headline-{}\">{} <strong>Worst flag{}</strong> ({}, {}): {}</p>\n",
            worst.severity.as_str(),
            badge(worst.severity),
            if window.is_some() { " now" } else { "" },
            worst.rule.as_str(),
            date(worst.date),
            esc(&worst.message)
        ),
    }
}

/// "2 danger, 5 caution, 10 info".
pub fn severity_counts<'a>(flags: impl Iterator<Item = &'a Flag>) -> String {
    let mut n = [0usize; 3];
    for f in flags {
        n[f.severity as usize] += 1;
    }
    let n = |s: Severity| n[s as usize];
    format!(
        "{} danger, {} caution, {} info",
        n(Severity::Danger),
        n(Severity::Caution),
        n(Severity::Info)
    )
}

/// Where the last ACWR stands against the configured thresholds, in words.
fn acwr_zone(acwr: Option<f64>, config: &Config) -> String {
    let a = &config.acwr;
    match acwr {
        None => format!("not enough history yet ({} days needed)", a.chronic_days),
        Some(v) if v > a.danger => format!("above {}: the danger zone", a.danger),
        Some(v) if v > a.high => format!("above {}: more than you are used to", a.high),
        Some(v) if v < a.low => format!("below {}: well under your usual load", a.low),
        Some(_) => format!("within {}-{}: the usual range", a.low, a.high),
    }
}

/// The worst `rule` flag dated within `week`, as a badge after a space.
fn week_badge(flags: &[Flag], rule: Rule, week: &Week) -> String {
    let end = week.start + Days::new(6);
    flags
        .iter()
        .filter(|f| f.rule == rule && f.date >= week.start && f.date <= end && f.severity > Severity::Info)
        .map(|f| f.severity)
        .max()
        .map(|s| format!(" {}", badge(s)))
        .unwrap_or_default()
}
