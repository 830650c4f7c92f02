//! `crampless report` from the command line: the page, its options, errors,
//! determinism, verbose and quiet, and a broken pipe.

use std::io::Read;
use std::process::Stdio;

use crate::workdir::Workdir;

fn example() -> Workdir {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    wd
}

#[test]
fn writes_one_self_contained_page_atomically_and_the_same_bytes_every_time() {
    let wd = example();
    let run = wd.run(&["report", "history.csv", "-o", "report.html"]);
    run.expect_code(0);
    assert!(run.stdout().is_empty());
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    assert_eq!(wd.files(), ["history.csv", "report.html"], "no temp file left behind");
    let html = wd.read("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for part in [
        "<h1>Training report: ana</h1>",
        "Flags, worst first",
        "Week by week",
        "Plan for the rest of this week and the next 4 weeks",
        "calf cramp at km 14",
        "See a doctor",
        "from history.csv",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(!html.contains("<script") && !html.contains("<link rel=\"stylesheet\""));
    // To stdout without -o, byte for byte the same.
    let stdout = wd.run(&["report", "history.csv"]).expect_code(0).stdout();
    assert_eq!(stdout, html);
}

#[test]
fn options_weeks_athlete_and_as_of() {
    let wd = example();
    let html = wd
        .run(&[
            "report",
            "history.csv",
            "--weeks",
            "2",
            "--athlete",
            "ana",
            "--as-of",
            "2026-10-31",
        ])
        .expect_code(0)
        .stdout();
    // As of a Saturday: the Sunday left of that week, then two full weeks.
    assert!(html.contains("Plan for the rest of this week and the next 2 weeks"));
    assert!(html.contains("As of <time datetime=\"2026-10-31\">"));
    assert!(
        html.contains("Week 2026-W45"),
        "the plan starts the Monday after the as-of date"
    );
}

#[test]
fn errors_say_what_to_do_exit_2_and_write_nothing() {
    let wd = example();
    let run = wd.run(&["report", "history.csv", "--athlete", "bob", "-o", "r.html"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("no athlete \"bob\" in the history; athletes: ana"),
        "{}",
        run.stderr()
    );
    let run = wd.run(&["report", "history.csv", "--as-of", "1/3/2026", "-o", "r.html"]);
    run.expect_code(2);
    assert!(run.stderr().contains("expected YYYY-MM-DD"), "{}", run.stderr());
    let run = wd.run(&["report", "history.csv", "--weeks", "60", "-o", "r.html"]);
    run.expect_code(2);
    assert!(run.stderr().contains("1..=52"), "{}", run.stderr());
    let run = wd.run(&["report", "history.csv", "-o", "missing/r.html"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("the folder missing does not exist; create it first"),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.files(), ["history.csv"]);
}

#[test]
fn verbose_says_what_was_done_on_stderr_and_quiet_says_nothing() {
    let wd = example();
    let run = wd.run(&["report", "history.csv", "-o", "r.html", "-v"]);
    run.expect_code(0);
    let err = run.stderr();
    assert!(
        err.contains("crampless: read 76 sessions of 1 athlete(s) from history.csv in "),
        "{err}"
    );
    assert!(
        // As of today (2026-12-02): the empty days since 2026-11-15 add a low-ACWR info flag.
        err.contains("crampless: report: 1 athlete as of 2026-12-02: 26 flags (4 danger, 11 caution, 11 info)"),
        "{err}"
    );
    assert!(err.contains("crampless: wrote r.html"), "{err}");
    assert!(err.contains("crampless: done in "), "{err}");
    assert!(run.stdout().is_empty());

    wd.write("shoe.csv", "date,sport,duration_min,shoe\n2026-01-05,run,30,Pegasus\n");
    let run = wd.run(&["report", "shoe.csv", "-o", "r.html"]);
    run.expect_code(0);
    assert!(
        run.stderr().contains("warning: shoe.csv:1: unknown column \"shoe\""),
        "{}",
        run.stderr()
    );
    let run = wd.run(&["report", "shoe.csv", "-o", "r.html", "-q"]);
    run.expect_code(0);
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    let run = wd.run(&["report", "shoe.csv", "-q", "-v"]);
    run.expect_code(2);
    assert!(run.stderr().contains("cannot be used with"), "{}", run.stderr());
}

#[test]
fn a_broken_pipe_exits_quietly() {
    let wd = example();
    let mut child = wd
        .command(&["report", "history.csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 15];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"<!DOCTYPE html>");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn the_banner_is_the_worst_recent_flag_or_says_nothing_was_flagged_lately() {
    let wd = example();
    // Today (2026-12-02) only an info flag is recent: the banner is that flag, and
    // the dangers of October are listed under Earlier, folded away.
    let html = wd.run(&["report", "history.csv"]).expect_code(0).stdout();
    assert!(
        html.contains("<p class=\"headline headline-info\"><span class=\"badge badge-info\">Info</span> <strong>Worst flag now</strong> (acwr, "),
        "{html}"
    );
    assert!(html.contains("As of <time datetime=\"2026-12-02\">"));
    assert!(
        html.contains("17 days ago, as of <time datetime=\"2026-12-02\">"),
        "the last session"
    );
    let now = html
        .find(">Now: the last 14 days (2026-11-19 to 2026-12-02)</h3>")
        .expect("Now");
    let earlier = html
        .find("<details class=\"more-flags earlier-flags\">\n<summary>Earlier: 25 flags (4 danger, 11 caution, 10 info)</summary>")
        .expect("Earlier, folded");
    assert!(now < earlier);
    let danger = html.find("<li class=\"flag flag-danger\">").unwrap();
    assert!(danger > earlier, "October's dangers are earlier");

    // As of two weeks after a clean fortnight: nothing flagged, with the days since
    // the last session.
    wd.write(
        "calm.csv",
        "date,sport,duration_min,rpe\n2026-11-10,run,30,3\n2026-11-12,run,30,3\n2026-11-14,run,30,3\n",
    );
    let html = wd
        .run(&["report", "calm.csv", "--as-of", "2026-11-20"])
        .expect_code(0)
        .stdout();
    assert!(
        html.contains("<strong>Nothing flagged in the last 14 days.</strong> Last session <time datetime=\"2026-11-14\">Sat 14 Nov 2026</time>, 6 days ago."),
        "{html}"
    );
    // --recent all: the worst flag of the whole history, as before.
    let html = wd
        .run(&["report", "history.csv", "--recent", "all"])
        .expect_code(0)
        .stdout();
    assert!(
        html.contains("<strong>Worst flag</strong> (intensity-spike, "),
        "{html}"
    );
    assert!(!html.contains("earlier-flags"));
}

#[test]
fn a_squad_index_ranks_by_the_worst_recent_flag() {
    let wd = Workdir::new();
    // amy's danger spike is old; bo's caution (a severe cramp) is recent.
    wd.write(
        "squad.csv",
        "athlete,date,sport,duration_min,rpe,cramp\namy,2026-06-01,run,30,5,\namy,2026-06-02,run,40,5,\nbo,2026-11-30,run,30,5,severe\n",
    );
    let html = wd.run(&["report", "squad.csv"]).expect_code(0).stdout();
    let nav = &html[..html.find("</nav>").unwrap()];
    let (amy, bo) = (nav.find("-amy\"").unwrap(), nav.find("-bo\"").unwrap());
    assert!(bo < amy, "bo's recent caution comes before amy's old danger");
    assert!(nav.contains("Worst flag, last 14 days"), "{nav}");
    let html = wd
        .run(&["report", "squad.csv", "--recent", "all"])
        .expect_code(0)
        .stdout();
    let nav = &html[..html.find("</nav>").unwrap()];
    assert!(nav.find("-amy\"").unwrap() < nav.find("-bo\"").unwrap(), "{nav}");
}
