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
    wd.run(&["report", "squad.csv", "-o", "squad"]).expect_code(0);
    let html = wd.read("squad/index.html");
    let nav = &html[..html.find("</nav>").unwrap()];
    let (amy, bo) = (nav.find("/amy.html\"").unwrap(), nav.find("/bo.html\"").unwrap());
    assert!(bo < amy, "bo's recent caution comes before amy's old danger");
    assert!(nav.contains("Now, last 14 days"), "{nav}");
    wd.run(&["report", "squad.csv", "--recent", "all", "-o", "squad"])
        .expect_code(0);
    let html = wd.read("squad/index.html");
    let nav = &html[..html.find("</nav>").unwrap()];
    assert!(
        nav.find("/amy.html\"").unwrap() < nav.find("/bo.html\"").unwrap(),
        "{nav}"
    );
}

/// A squad of `names`, each with three weeks of runs up to 2026-11-30; the last
/// athlete's final run is a severe cramp (a recent caution).
fn squad(wd: &Workdir, names: &[&str]) {
    let mut csv = String::from("athlete,date,sport,duration_min,rpe,cramp\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    for (k, name) in names.iter().enumerate() {
        for day in (0..21u64).step_by(2) {
            let cramp = if k + 1 == names.len() && day == 20 {
                "severe"
            } else {
                ""
            };
            csv.push_str(&format!(
                "\"{}\",{},run,{},4,{cramp}\n",
                name.replace('"', "\"\""),
                start + chrono::Days::new(day),
                30 + k
            ));
        }
    }
    wd.write("squad.csv", csv);
}

/// The pages an index links to, in its order.
fn linked_pages(index: &str) -> Vec<String> {
    index
        .split("<a href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .filter(|href| href.starts_with("athletes/"))
        .collect()
}

#[test]
fn a_squad_gets_a_folder_an_index_worst_first_and_one_page_per_athlete() {
    let wd = Workdir::new();
    squad(&wd, &["cat", "ana", "bo"]);
    let run = wd.run(&["report", "squad.csv", "--as-of", "2026-11-30", "-o", "squad", "-v"]);
    run.expect_code(0);
    assert!(run.stdout().is_empty());
    assert!(
        run.stderr().contains("wrote squad: open squad/index.html"),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.files(), ["squad", "squad.csv"], "no temporary folder left");
    let index = wd.read("squad/index.html");
    assert!(index.contains("<h1>Training report: 3 athletes</h1>"));
    // bo's recent cramp first, then the others by name; a page is named after
    // its athlete alone, so it keeps its name whatever the index's order.
    assert_eq!(
        linked_pages(&index),
        ["athletes/bo.html", "athletes/ana.html", "athletes/cat.html"]
    );
    // One line each: the recent flags and a sparkline of the last 56 days (bo runs
    // 32 min at RPE 4 every other day: 128 AU).
    let bo_line = index.lines().find(|l| l.contains("athletes/bo.html")).unwrap();
    assert!(
        bo_line.contains("<span class=\"rule rule-caution\">cramp-log</span>"),
        "{bo_line}"
    );
    assert!(bo_line.contains("<svg class=\"spark\""), "{bo_line}");
    assert!(
        bo_line.contains("aria-label=\"Daily load over 21 days: peak 128 AU, last day 128 AU\""),
        "{bo_line}"
    );
    let mut pages = std::fs::read_dir(wd.path("squad/athletes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    pages.sort();
    assert_eq!(pages, ["ana.html", "bo.html", "cat.html"]);
    for (page, name) in [("ana.html", "ana"), ("bo.html", "bo")] {
        let html = wd.read(&format!("squad/athletes/{page}"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("<h1>Training report: {name}</h1>")), "{page}");
        assert!(html.contains("<a href=\"../index.html\">Back to the list of athletes</a>"));
        assert!(html.contains("default-src 'none'"), "self-contained: nothing loads");
        assert!(html.contains("Plan for the rest of this week"), "{page}");
        assert!(!html.contains("Training report: 3 athletes"), "one athlete per page");
    }
    // Made again: the folder is replaced whole, the same bytes.
    let before = wd.read("squad/athletes/bo.html");
    wd.run(&["report", "squad.csv", "--as-of", "2026-11-30", "-o", "squad"])
        .expect_code(0);
    assert_eq!(wd.read("squad/athletes/bo.html"), before);
    assert_eq!(wd.files(), ["squad", "squad.csv"]);
}

#[test]
fn a_squad_is_never_one_page_and_a_folder_of_other_things_is_never_replaced() {
    let wd = Workdir::new();
    squad(&wd, &["ana", "bo"]);
    for args in [
        &["report", "squad.csv"][..],
        &["report", "squad.csv", "-o", "squad.html"],
    ] {
        let run = wd.run(args);
        run.expect_code(2);
        assert!(run.stdout().is_empty(), "{args:?}");
        assert!(
            run.stderr().contains(
                "squad.csv holds 2 athletes: a squad's report is a folder, with index.html and one page per athlete"
            ) && run.stderr().contains("-o squad-report")
                && run.stderr().contains("--athlete NAME"),
            "{}",
            run.stderr()
        );
    }
    // One athlete of the squad is one page, as always; `-o -` is stdout.
    wd.run(&["report", "squad.csv", "--athlete", "bo", "-o", "bo.html"])
        .expect_code(0);
    assert!(wd.read("bo.html").contains("<h1>Training report: bo</h1>"));
    let page = wd.run(&["report", "squad.csv", "--athlete", "bo", "-o", "-"]);
    assert_eq!(page.expect_code(0).stdout(), wd.read("bo.html"));
    let text = wd.run(&["check", "squad.csv", "-o", "-"]);
    assert!(text.expect_code(0).stdout().starts_with("ana  "), "{}", text.stdout());
    assert!(!wd.exists("-"), "no file named -");
    // A mistyped -o must not delete anyone's files.
    wd.write("photos/cat.jpg", "jpg");
    let run = wd.run(&["report", "squad.csv", "-o", "photos"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("photos: is a folder that is not a crampless report (it holds \"cat.jpg\"); not replaced"),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.read("photos/cat.jpg"), "jpg");
    wd.write("notes", "mine");
    wd.run(&["report", "squad.csv", "-o", "notes"]).expect_code(2);
    assert_eq!(wd.read("notes"), "mine");
    assert_eq!(
        wd.files(),
        ["bo.html", "notes", "photos", "squad.csv"],
        "nothing half-written"
    );
}

#[test]
fn hostile_names_make_safe_page_names_and_escaped_links() {
    let wd = Workdir::new();
    let long = "x".repeat(300);
    squad(&wd, &["../../etc/passwd", "<script>alert(1)</script>", &long, "同"]);
    wd.run(&["report", "squad.csv", "-o", "out"]).expect_code(0);
    let mut pages = std::fs::read_dir(wd.path("out/athletes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    pages.sort();
    assert_eq!(pages.len(), 4);
    for page in &pages {
        assert!(
            page.len() <= 70
                && page.ends_with(".html")
                && page[..page.len() - 5]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{page}"
        );
    }
    // A name's ASCII letters and digits, at most 48; a name with none is
    // "athlete-" and 8 hex digits of its FNV-1a hash.
    let cut = format!("{}.html", "x".repeat(48));
    let han = pages.iter().find(|p| p.starts_with("athlete-")).expect("a page for 同");
    assert!(
        han.len() == "athlete-12345678.html".len() && han[8..16].bytes().all(|b| b.is_ascii_hexdigit()),
        "{han}"
    );
    assert_eq!(
        pages,
        [
            han.as_str(),
            "etc-passwd.html",
            "script-alert-1-script.html",
            cut.as_str()
        ]
    );
    let index = wd.read("out/index.html");
    assert!(!index.contains("<script>"));
    assert!(index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(linked_pages(&index).len(), 4);
    for link in linked_pages(&index) {
        assert!(wd.exists(&format!("out/{link}")), "{link}");
    }
    assert!(!wd.root().parent().unwrap().join("etc").exists());
}
