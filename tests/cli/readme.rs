//! Every command the README shows runs on the shipped example (issue 12).
//!
//! README.md is read at test time. Every command line of its ```sh and ```console
//! blocks (`$ ` prompts and trailing `# comments` stripped) either runs, through
//! `sh -c` in a fresh temp folder with `crampless` on PATH, or is in [`NOT_RUN`]
//! with the reason. `cargo run --release --` stands for the built binary. A run
//! must exit 0, or N when its comment says "exits N", and write the files it names
//! with `-o`, `--chart` or `>` (or print something when it names none).

use std::process::Output;

use crate::workdir::Workdir;

/// README command lines that are not run, each with the reason.
const NOT_RUN: &[(&str, &str)] = &[
    ("cargo test", "the test suite itself: it would run this test again"),
    (
        "cargo install --path .",
        "a second release build, installed outside the temp folder (~/.cargo/bin)",
    ),
    (
        "source <(crampless completions bash)",
        "bash-only, and changes the calling shell: tests/cli/shell.rs sources the script and completes with it",
    ),
    (
        "crampless man > crampless.1 && man -l crampless.1",
        "`man -l` needs man-db, not on every machine: tests/cli/shell.rs renders the man pages with man or groff when present",
    ),
    (
        r#"python3 -c "import duckdb; duckdb.sql(\"SELECT athlete, count(*) AS danger FROM (SELECT athlete, unnest(flags) AS f FROM read_json('club.jsonl', format='newline_delimited')) WHERE f.severity = 'danger' AND f.recent GROUP BY athlete ORDER BY danger DESC\").show()""#,
        "needs Python with duckdb (from PyPI), not part of crampless: the JSON Lines it reads are tested in tests/cli/check.rs; the line was run by hand (docs/performance.md)",
    ),
    (
        r#"python3 -c "import pandas as pd; df = pd.read_json('club.jsonl', lines=True); flags = pd.json_normalize(df['flags'].explode().dropna().tolist()); print(flags.query('severity == \"danger\" and recent').groupby('athlete').size())""#,
        "needs Python with pandas (from PyPI), not part of crampless: the JSON Lines it reads are tested in tests/cli/check.rs; the line was run by hand (docs/performance.md)",
    ),
];

/// A command line of the README.
#[derive(Debug)]
struct ReadmeCommand {
    /// 1-based line number in README.md (of the first line, for a continued command).
    line: usize,
    /// The command as written, without prompt and comment.
    text: String,
    /// The trailing `# comment`, without the `#`.
    comment: String,
}

/// The command lines of the ```sh and ```console blocks. In a console block only
/// `$ ` lines are commands (the rest is output); a line ending in `\` continues.
fn readme_commands(readme: &str) -> Vec<ReadmeCommand> {
    let mut commands = Vec::new();
    let mut fence: Option<String> = None;
    let mut continued: Option<ReadmeCommand> = None;
    for (index, line) in readme.lines().enumerate() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            fence = match fence {
                None => Some(info.trim().to_string()),
                Some(_) => None,
            };
            continue;
        }
        let text = match (fence.as_deref(), &continued) {
            (Some("sh" | "console"), Some(_)) => line,
            (Some("sh"), None) => line,
            (Some("console"), None) => match line.strip_prefix("$ ") {
                Some(text) => text,
                None => continue,
            },
            _ => continue,
        };
        let (code, comment) = split_comment(text);
        let (code, continues) = match code.trim_end().strip_suffix('\\') {
            Some(code) => (code, true),
            None => (code, false),
        };
        let mut command = continued.take().unwrap_or(ReadmeCommand {
            line: index + 1,
            text: String::new(),
            comment: String::new(),
        });
        if !command.text.is_empty() {
            command.text.push(' ');
        }
        command.text.push_str(code.trim());
        if !comment.is_empty() {
            command.comment = comment.to_string();
        }
        if continues {
            continued = Some(command);
        } else if !command.text.is_empty() {
            commands.push(command);
        }
    }
    assert!(continued.is_none(), "README ends inside a continued command");
    commands
}

/// Split a shell line at its first `#` that starts a word outside quotes.
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => {
                return (line[..at].trim_end(), line[at + 1..].trim());
            }
            _ => {}
        }
        previous = c;
    }
    (line.trim_end(), "")
}

/// The exit code a comment states ("exits 1: ..."), else 0.
fn expected_code(comment: &str) -> i32 {
    comment
        .split_once("exits ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

/// The files a command writes: the word after `-o`, `--chart` or `>`.
fn named_outputs(command: &str) -> Vec<&str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    words
        .windows(2)
        .filter(|pair| matches!(pair[0], "-o" | "--output" | "--chart" | ">"))
        .map(|pair| pair[1])
        .collect()
}

/// The shipped example under the names the README uses, and the other inputs its
/// commands name: a squad made from the example, the import fixtures of
/// `tests/data` under the README's names, and a spreadsheet for `--format generic`.
/// `~` is the folder (see [`Workdir::shell`]).
fn fill(wd: &Workdir) {
    wd.copy_from_repo("examples/history.csv", "examples/history.csv");
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let example = wd.read("history.csv");
    let mut squad = example.clone();
    for row in example.lines().skip(1).filter(|row| row.starts_with("ana,")) {
        squad.push_str(&row.replacen("ana,", "ben,", 1));
        squad.push('\n');
    }
    wd.write("club.csv", &squad);
    wd.write("squad.csv", squad);
    for (repo_path, name) in [
        ("tests/data/import/strava_activities.csv", "Downloads/activities.csv"),
        ("tests/data/import/strong_classic.csv", "strong.csv"),
        ("tests/data/import/hevy_kg.csv", "hevy.csv"),
        ("tests/data/import/garmin_activities.csv", "Activities.csv"),
        ("tests/data/activity/run.fit", "garmin/run.fit"),
        ("tests/data/activity/triathlon.fit", "garmin/triathlon.fit"),
        ("tests/data/activity/run.gpx", "run.gpx"),
        ("tests/data/activity/ride.tcx.gz", "ride.tcx.gz"),
        ("tests/data/activity/strava_export.zip", "export_12345.zip"),
    ] {
        wd.copy_from_repo(repo_path, name);
    }
    wd.write(
        "export.csv",
        "Start Time,Type,Time\n2026-11-20 07:30,Run,0:45:00\n2026-11-22 08:00,Ride,1:30:00\n",
    );
}

/// What is wrong with one run, if anything.
fn check_run(command: &str, expected: i32, output: &Output, wd: &Workdir) -> Option<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(expected) {
        return Some(format!(
            "exit {:?}, expected {expected}; stderr:\n{stderr}",
            output.status.code()
        ));
    }
    let outputs = named_outputs(command);
    for name in &outputs {
        match std::fs::metadata(wd.path(name)) {
            Ok(meta) if meta.len() > 0 => {}
            Ok(_) => return Some(format!("{name} is empty; stderr:\n{stderr}")),
            Err(e) => return Some(format!("{name}: {e}; stderr:\n{stderr}")),
        }
    }
    if outputs.is_empty() && output.stdout.is_empty() {
        return Some(format!("printed nothing; stderr:\n{stderr}"));
    }
    None
}

#[test]
fn every_readme_command_runs_on_the_shipped_example_or_is_listed_with_a_reason() {
    let readme_path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(readme_path).unwrap();
    let commands = readme_commands(&readme);

    let mut failures = Vec::new();
    let mut run = 0;
    for command in &commands {
        if NOT_RUN.iter().any(|(text, _)| *text == command.text) {
            continue;
        }
        let line = match command.text.strip_prefix("cargo run --release -- ") {
            Some(args) => format!("crampless {args}"),
            None => command.text.clone(),
        };
        if line.split_whitespace().next() != Some("crampless") {
            failures.push(format!(
                "README.md:{}: `{}` does not run crampless and is not in NOT_RUN",
                command.line, command.text
            ));
            continue;
        }
        let wd = Workdir::new();
        fill(&wd);
        let output = wd.shell(&line).output().expect("run sh");
        run += 1;
        if let Some(problem) = check_run(&line, expected_code(&command.comment), &output, &wd) {
            failures.push(format!("README.md:{}: `{line}`: {problem}", command.line));
        }
    }
    for (text, _) in NOT_RUN {
        if !commands.iter().any(|command| command.text == *text) {
            failures.push(format!("NOT_RUN lists `{text}`, which the README no longer shows"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The extraction itself: the README shows more than 25 commands to run, one of
    // them in the console block at the top.
    assert!(run > 25, "only {run} README commands run: {commands:#?}");
    assert!(commands.iter().any(|c| c.text.starts_with("cargo run --release -- ")));
}

#[test]
fn readme_commands_are_read_from_sh_and_console_blocks_only() {
    let readme = "\
```console
$ crampless check h.csv   # a comment
output line
```
```text
crampless not-a-command
```
```sh
crampless import a.csv \\
    --into h.csv   # exits 2: bad
crampless import x --map date=\"Start # Time\"

# a comment line
```
";
    let commands = readme_commands(readme);
    let found: Vec<(usize, &str, &str)> = commands
        .iter()
        .map(|c| (c.line, c.text.as_str(), c.comment.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "crampless check h.csv", "a comment"),
            (9, "crampless import a.csv --into h.csv", "exits 2: bad"),
            (11, "crampless import x --map date=\"Start # Time\"", ""),
        ]
    );
    assert_eq!(expected_code("exits 2: bad"), 2);
    assert_eq!(expected_code("a comment"), 0);
    assert_eq!(
        named_outputs("crampless man > a.1 && plan -o p.md --chart c.png"),
        ["a.1", "p.md", "c.png"]
    );
}

/// The output the README shows under its first console command is what that command
/// prints: every shown line, up to a `...` or `(...)` elision, is a prefix of a line
/// of the real output, in order.
#[test]
fn the_readme_sample_output_is_what_the_command_prints() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split("```console\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a console block");
    let mut lines = block.lines();
    let command = lines
        .next()
        .unwrap()
        .strip_prefix("$ cargo run --release -- ")
        .expect("the main command");
    // The chart is not the point here: print only.
    let command = command.replace(" --chart plan.png", "");
    let wd = Workdir::new();
    fill(&wd);
    let output = wd.shell(&format!("crampless {command}")).output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let mut printed = printed.lines();
    let mut shown = 0;
    for line in lines {
        let known = line.split("...").next().unwrap().trim_end_matches('(').trim_end();
        if known.trim().is_empty() {
            continue;
        }
        assert!(
            printed.any(|p| p.starts_with(known)),
            "README shows {line:?}, which the command does not print (in this order)"
        );
        shown += 1;
    }
    assert!(shown >= 6, "the sample shows {shown} lines");
}
