//! The report's structure: one self-contained page, headings in order, user text
//! escaped, the index linking to every athlete, and the same bytes every time.

use std::path::Path;

use super::*;
use crate::history::ReadOptions;

fn history(csv: &str) -> History {
    let options = ReadOptions {
        latest_date: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
        keep_text: true,
    };
    crate::history::parse(Path::new("h.csv"), csv.as_bytes(), options).unwrap()
}

fn example() -> History {
    history(include_str!("../../examples/history.csv"))
}

/// Eight weeks of steady sessions for `athlete`, a jump in the last week, and a
/// logged cramp with a note.
fn squad_csv(athletes: &[&str]) -> String {
    let mut csv = String::from("athlete,date,sport,duration_min,rpe,cramp,notes\n");
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    for (k, athlete) in athletes.iter().enumerate() {
        let quoted = format!("\"{}\"", athlete.replace('"', "\"\""));
        for i in 0..56u64 {
            if i % 7 == 2 || i % 7 == 5 {
                continue;
            }
            let minutes = if i >= 49 && k == 0 { 90 } else { 40 };
            let (cramp, note) = if i == 53 {
                ("mild", "calf <cramp> at km 8 & \"ouch\"")
            } else {
                ("", "")
            };
            csv.push_str(&format!(
                "{quoted},{},run,{minutes},5,{cramp},\"{}\"\n",
                start + chrono::Days::new(i),
                note.replace('"', "\"\"")
            ));
        }
    }
    csv
}

fn render(history: &History, options: ReportOptions) -> (String, ReportSummary) {
    let report = Report::new(history, options).unwrap();
    let mut out = Vec::new();
    let mut calls = Vec::new();
    let summary = report
        .write_html(&mut out, &Config::default(), &mut |done| calls.push(done))
        .unwrap();
    assert_eq!(
        calls,
        (1..=report.athletes()).collect::<Vec<_>>(),
        "progress once per athlete"
    );
    (String::from_utf8(out).unwrap(), summary)
}

/// The levels of the `<h1>`..`<h6>` tags, in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let b = html.as_bytes();
            let level = b.get(i + 2)?;
            let after = b.get(i + 3)?;
            (b'1'..=b'6').contains(level).then_some(())?;
            matches!(after, b'>' | b' ').then_some(level - b'0')
        })
        .collect()
}

fn assert_headings_in_order(html: &str) {
    let levels = heading_levels(html);
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "one h1");
    assert_eq!(levels[0], 1);
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "heading level jumps from {} to {}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn one_athlete_page_has_every_part_in_order_and_needs_nothing_else() {
    let (html, summary) = render(&example(), ReportOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    assert_headings_in_order(&html);
    let mut at = 0;
    for part in [
        "<h1>Training report: ana</h1>",
        ">Summary</h2>",
        ">Flags, worst first</h2>",
        ">Cramps you logged</h2>",
        ">Week by week</h2>",
        ">Charts</h2>",
        ">Plan for the next 4 weeks</h2>",
        ">Stop if it hurts</h3>",
        "See a doctor if cramps",
    ] {
        let found = html[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part} missing or out of order"));
        at += found + part.len();
    }
    // Four inline charts, each labelled; nothing loaded from anywhere.
    assert_eq!(html.matches("<svg viewBox=").count(), 4);
    assert_eq!(html.matches("role=\"img\" aria-label=\"").count(), 4);
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("url("));
    let links = html.matches("http").count();
    assert_eq!(
        links,
        html.matches("http://www.w3.org/2000/svg").count() + 1,
        "only SVG namespaces and the CSP"
    );
    assert!(html.contains("Content-Security-Policy"));
    // Every session of the plan carries its reminders.
    assert_eq!(summary.athletes, 1);
    assert!(summary.planned_sessions > 0);
    assert_eq!(html.matches("<dt>Warm-up, ").count(), summary.planned_sessions);
    assert_eq!(html.matches("<dt>Cool-down, ").count(), summary.planned_sessions);
    assert_eq!(html.matches("<dt>Hydration").count(), summary.planned_sessions);
    // Every flag is listed; the summary counts them.
    assert_eq!(html.matches("<li class=\"flag flag-").count(), summary.flags);
    assert_eq!(summary.flags, summary.danger + summary.caution + summary.info);
    assert!(summary.danger > 0);
    // Severity in words, not only in colour.
    assert!(html.contains("<span class=\"badge badge-danger\">Danger</span>"));
}

#[test]
fn the_same_history_gives_the_same_bytes() {
    let h = example();
    assert_eq!(
        render(&h, ReportOptions::default()).0,
        render(&h, ReportOptions::default()).0
    );
}

#[test]
fn a_squad_gets_an_index_worst_first_linking_to_each_athlete_and_user_text_is_escaped() {
    let nasty = "<b>Bo</b> & \"Co\" 'x'";
    let h = history(&squad_csv(&["zed", nasty, "amy"]));
    let (html, summary) = render(&h, ReportOptions::default());
    assert_eq!(summary.athletes, 3);
    assert_headings_in_order(&html);
    assert!(html.contains("<h1>Training report: 3 athletes</h1>"));
    assert!(!html.contains("<b>Bo</b>"), "names are escaped");
    assert!(html.contains("&lt;b&gt;Bo&lt;/b&gt; &amp; &quot;Co&quot; &#39;x&#39;"));
    assert!(!html.contains("calf <cramp>"), "notes are escaped");
    assert!(html.contains("calf &lt;cramp&gt; at km 8 &amp; &quot;ouch&quot;"));

    // The index links to every section, worst first: "zed" jumped in the last week.
    let nav_end = html.find("</nav>").unwrap();
    let nav = &html[..nav_end];
    let targets: Vec<&str> = nav
        .match_indices("<a href=\"#")
        .map(|(i, m)| {
            let rest = &nav[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(targets.len(), 3);
    assert!(targets[0].ends_with("-zed"), "{targets:?}");
    for target in &targets {
        assert_eq!(html.matches(&format!("id=\"{target}\"")).count(), 1, "{target}");
    }
    // The sections follow the index's order, each with its own heading.
    let positions: Vec<usize> = targets
        .iter()
        .map(|t| html.find(&format!("<article class=\"athlete\" id=\"{t}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|p| p[0] < p[1]));
    assert!(positions[0] > nav_end);
    assert_eq!(html.matches("Back to the list of athletes").count(), 3);
    // Every id on the page is unique.
    let mut ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "duplicate ids");
}

#[test]
fn options_choose_the_athlete_the_day_and_the_weeks() {
    let h = history(&squad_csv(&["amy", "bo"]));
    let options = ReportOptions {
        plan: PlanOptions {
            weeks: 2,
            ..PlanOptions::default()
        },
        athlete: Some("bo".into()),
        as_of: Some(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
        source: Some("squad <2026>.csv".into()),
        ..ReportOptions::default()
    };
    let (html, summary) = render(&h, options);
    assert_eq!(summary.athletes, 1);
    assert!(html.contains("<h1>Training report: bo</h1>"));
    assert!(html.contains(">Plan for the next 2 weeks</h2>"));
    assert!(html.contains("datetime=\"2026-02-01\""));
    assert!(!html.contains("amy"));
    assert!(html.contains("from squad &lt;2026&gt;.csv"));
}

#[test]
fn bad_options_are_errors_that_say_what_to_do() {
    let h = history(&squad_csv(&["amy", "bo"]));
    let e = Report::new(
        &h,
        ReportOptions {
            athlete: Some("cy".into()),
            ..ReportOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("no athlete \"cy\"") && e.contains("amy, bo"), "{e}");
    let e = Report::new(
        &h,
        ReportOptions {
            plan: PlanOptions {
                weeks: 0,
                ..PlanOptions::default()
            },
            ..ReportOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("from 1 to 52"), "{e}");
    let e = Report::new(
        &h,
        ReportOptions {
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1),
            ..ReportOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("choose a later --as-of"), "{e}");
}

#[test]
fn form_is_not_put_into_words_while_fitness_settles() {
    let h = history("date,sport,duration_min,rpe\n2026-01-05,run,40,6\n2026-01-07,run,40,6\n2026-01-09,run,45,6\n");
    let (html, _) = render(&h, ReportOptions::default());
    // 2026-01-05 to 2026-01-09: 5 days on the timeline.
    assert!(html.contains("fitness still settling (5 of 42 days)"), "{html}");
    assert!(!html.contains("carrying fatigue") && !html.contains("0 or above: fresh"));
    let (html, _) = render(&example(), ReportOptions::default());
    assert!(!html.contains("fitness still settling"));
    assert!(html.contains("carrying fatigue") || html.contains("0 or above: fresh"));
}

#[test]
fn page_names_come_from_the_name_alone_and_stay_apart() {
    // FNV-1a 64 test vectors (Fowler, Noll, Vo): "" and "a".
    assert_eq!(super::fnv1a(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(super::fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    let hash = |name: &str| format!("{:08x}", super::fnv1a(name) as u32);
    let pages = super::athlete_pages(&["Ana López", "Zoë", "Zoé", "同", "bo"]);
    assert_eq!(
        pages,
        [
            "athletes/ana-l-pez.html".to_string(),
            format!("athletes/zo-{}.html", hash("Zoë")),
            format!("athletes/zo-{}.html", hash("Zoé")),
            format!("athletes/athlete-{}.html", hash("同")),
            "athletes/bo.html".to_string(),
        ]
    );
    // Another athlete in the squad leaves the others' pages as they were.
    assert_eq!(super::athlete_pages(&["bo", "cy"])[0], "athletes/bo.html");
    // Names made to collide with a hashed page and with its "-2" still get
    // pages of their own.
    let zo = format!("zo-{}", hash("Zoë"));
    let crafted = [zo.clone(), format!("{zo}-2"), "Zoë".to_string(), "Zoé".to_string()];
    let names: Vec<&str> = crafted.iter().map(String::as_str).collect();
    let pages = super::athlete_pages(&names);
    let distinct: std::collections::BTreeSet<&String> = pages.iter().collect();
    assert_eq!(distinct.len(), 4, "{pages:?}");
}

/// Every page of a squad's folder, by path.
fn pages(report: &Report) -> Vec<(String, Vec<u8>)> {
    let mut pages = Vec::new();
    report
        .write_pages(&Config::default(), &mut |_| {}, &mut |path, bytes| {
            pages.push((path.to_string(), bytes.to_vec()));
            Ok(())
        })
        .unwrap();
    pages
}

#[test]
fn a_report_from_the_index_is_the_report_from_the_whole_history() {
    let csv = squad_csv(&["zed", "amy", "<b>bo</b>"]);
    // Rows of the athletes mixed up: the index must find each athlete's rows.
    let mut rows: Vec<&str> = csv.lines().skip(1).collect();
    rows.sort_by_key(|r| r.split(',').nth(1).map(str::to_string));
    let shuffled = format!("{}\n{}\n", csv.lines().next().unwrap(), rows.join("\n"));
    let read = ReadOptions {
        latest_date: NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
        keep_text: true,
    };
    let whole = history(&shuffled);
    let index = Indexed::new(Path::new("h.csv"), shuffled.into_bytes(), read, None).unwrap();
    let options = ReportOptions::default();
    let from_whole = pages(&Report::new(&whole, options.clone()).unwrap());
    let from_index = pages(&Report::from_index(&index, options).unwrap());
    assert_eq!(from_whole.len(), 4, "three athletes and the index");
    assert_eq!(from_index, from_whole);
    // The logged cramp's note reached the page (notes are kept).
    assert!(String::from_utf8_lossy(&from_index[0].1).contains("calf &lt;cramp&gt; at km 8"));
}
