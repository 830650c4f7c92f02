//! What every command shares with the rest of the command-line world: help with
//! examples, colour only on terminals (NO_COLOR, --color), --quiet and --verbose on
//! stderr, quiet exits on a broken pipe, and progress bars only on terminals.

use std::process::{Command, Stdio};

use crate::shell::subcommands;
use crate::workdir::Workdir;

#[test]
fn every_subcommand_help_has_examples_of_itself() {
    let wd = Workdir::new();
    let commands = subcommands(&wd);
    for expected in [
        "check",
        "plan",
        "import",
        "chart",
        "report",
        "init",
        "completions",
        "man",
    ] {
        assert!(commands.iter().any(|c| c == expected), "{expected} not in {commands:?}");
    }
    for name in &commands {
        let help = wd.run(&[name, "--help"]).expect_code(0).stdout();
        let examples = help
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("{name} --help has no examples"))
            .1;
        assert!(
            examples.starts_with(&format!("  crampless {name}")),
            "{name}: {examples}"
        );
    }
    let help = wd.run(&["--help"]).expect_code(0).stdout();
    assert!(help.contains("Examples:\n  crampless check"), "{help}");
}

#[test]
fn usage_errors_suggest_the_fix() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["reprot", "history.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("a similar subcommand exists: 'report'"),
        "{}",
        run.stderr()
    );
    let run = wd.run(&["plan", "history.csv", "--as-of", "2026-13-01"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("expected YYYY-MM-DD (e.g. 2026-03-01), today or last"),
        "{}",
        run.stderr()
    );
    let run = wd.run(&["check", "nope.csv"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "crampless: error: nope.csv: No such file or directory (os error 2)\n"
    );
    let run = wd.run(&["plan", "history.csv", "-o", "out/plan.txt"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("the folder out does not exist; create it first"),
        "{}",
        run.stderr()
    );
}

/// Commands that colour their text output, with the arguments that show it.
const COLOURED: [&[&str]; 2] = [&["check", "history.csv"], &["plan", "history.csv"]];

#[test]
fn colour_is_off_when_piped_or_with_no_color_and_on_when_asked() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    for args in COLOURED {
        let piped = wd.run(args).expect_code(0).stdout();
        assert!(!piped.contains('\x1b'), "{args:?}: colour in a pipe");
        let always = wd
            .run(&[args, &["--color", "always"][..]].concat())
            .expect_code(0)
            .stdout();
        assert!(always.contains("\x1b["), "{args:?}: no colour with --color always");
        let mut cmd = wd.command(&[args, &["--color", "auto"][..]].concat());
        let out = cmd.env("NO_COLOR", "1").output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'), "{args:?}");
    }
    // clap's own help follows --color too.
    let help = wd
        .run(&["--color", "always", "check", "--help"])
        .expect_code(0)
        .stdout();
    assert!(help.contains('\x1b'));
    let help = wd.run(&["--color", "never", "check", "--help"]).expect_code(0).stdout();
    assert!(!help.contains('\x1b'));
}

/// A command run on a pseudo-terminal (with util-linux `script`), returning what
/// the terminal showed; `None` when `script` is not available.
pub(crate) fn on_terminal(wd: &Workdir, args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let available = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        crate::workdir::skip("terminal checks: util-linux `script` not found");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let line = std::iter::once(env!("CARGO_BIN_EXE_crampless"))
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(wd.root())
        .env_remove("NO_COLOR")
        .env("TZ", "UTC")
        .env("TERM", "xterm-256color")
        .env("COLUMNS", "100")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_colour_follows_auto_never_and_no_color() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    for args in COLOURED {
        let Some(auto) = on_terminal(&wd, args, &[]) else {
            return;
        };
        assert!(auto.contains("\x1b["), "{args:?}: no colour on a terminal");
        let never = on_terminal(&wd, &[args, &["--color", "never"][..]].concat(), &[]).unwrap();
        assert!(!never.contains("\x1b["), "{args:?}: colour with --color never");
        let no_color = on_terminal(&wd, args, &[("NO_COLOR", "1")]).unwrap();
        assert!(!no_color.contains("\x1b["), "{args:?}: colour with NO_COLOR");
    }
}

/// A squad of `athletes` with eight weeks each.
fn squad(wd: &Workdir, athletes: usize) {
    let mut csv = String::from("athlete,date,sport,duration_min,rpe\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    for a in 0..athletes {
        for i in 0..56u64 {
            if i % 7 != 0 {
                csv.push_str(&format!(
                    "a{a:03},{},run,{},5\n",
                    start + chrono::Days::new(i),
                    30 + (i + a as u64) % 20
                ));
            }
        }
    }
    wd.write("squad.csv", csv);
}

#[test]
fn progress_bars_only_on_a_terminal_and_never_over_output_or_with_quiet() {
    let wd = Workdir::new();
    squad(&wd, 12);
    let now = [("CRAMPLESS_PROGRESS_DELAY_MS", "0")];
    // Not a terminal: nothing on stderr.
    for args in [
        &["report", "squad.csv", "-o", "r"][..],
        &["check", "squad.csv", "-o", "c.txt"],
    ] {
        let run = Run::new(wd.command(args).env(now[0].0, now[0].1));
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
    let Some(shown) = on_terminal(&wd, &["report", "squad.csv", "-o", "r"], &now) else {
        return;
    };
    assert!(
        shown.contains("/12 athletes"),
        "no progress bar on a terminal: {shown:?}"
    );
    // The squad is grouped by athlete, so check reads it as it goes: the bar
    // counts the bytes read.
    let shown = on_terminal(&wd, &["check", "squad.csv", "-o", "c.txt"], &now).unwrap();
    assert!(shown.contains("KiB read, "), "{shown:?}");
    // The report itself on the terminal: no bar left in the middle of it.
    let shown = on_terminal(&wd, &["check", "squad.csv"], &now).unwrap();
    let report = shown.find("a000").expect("the report");
    assert!(!shown[report..].contains(" read, "), "{shown:?}");
    let shown = on_terminal(&wd, &["report", "squad.csv", "-o", "r", "-q"], &now).unwrap();
    assert!(shown.is_empty(), "{shown:?}");
}

struct Run {
    stderr: String,
}

impl Run {
    fn new(cmd: &mut Command) -> Run {
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Run {
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

#[test]
fn broken_pipes_end_every_printing_command_quietly() {
    let wd = Workdir::new();
    // Two years of sessions: far more output than a pipe holds.
    let mut csv = String::from("date,sport,duration_min,rpe\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for i in 0..730u64 {
        csv.push_str(&format!("{},run,{},5\n", start + chrono::Days::new(i), 30 + i % 20));
    }
    wd.write("big.csv", csv);
    for args in [
        &["plan", "big.csv", "--weeks", "52", "--format", "json"][..],
        &["report", "big.csv"],
        &["completions", "zsh"],
        &["man"],
        &["init", "-"],
    ] {
        wd.assert_quiet_on_broken_pipe(args);
    }
}

#[test]
fn verbose_lines_go_to_stderr_for_every_working_command() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    for (args, expected) in [
        (
            &["check", "history.csv", "-v"][..],
            // Today (2026-12-02) is 17 days after the last session: the empty days
            // add one info flag (a low ACWR), the only recent one.
            "check: 1 athlete(s) as of 2026-12-02: 26 flags (4 danger, 11 caution, 11 info), 1 in the last 14 days",
        ),
        (&["plan", "history.csv", "-v"], "plan: 5 week(s) for ana"),
        (
            &["chart", "history.csv", "-o", "l.svg", "-v"],
            "chart: drew the load chart of ana to l.svg",
        ),
        (
            &["import", "history.csv", "--into", "h2.csv", "-v"],
            "import: read 1 file(s), 76 sessions found",
        ),
    ] {
        let run = wd.run(args);
        run.expect_code(0);
        let err = run.stderr();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("crampless: done in "), "{args:?}: {err}");
        let quiet = wd.run(&[args[..args.len() - 1].to_vec(), vec!["-q"]].concat());
        assert!(quiet.stderr().is_empty(), "{args:?}: {}", quiet.stderr());
    }
}
