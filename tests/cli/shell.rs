//! Shell integration: completion scripts and man pages made from the same clap
//! definitions, checked with the real tools (bash, man or groff) when present.

use std::process::Command;

use crate::workdir::Workdir;

/// Every subcommand, as `crampless --help` lists them.
pub fn subcommands(wd: &Workdir) -> Vec<String> {
    let help = wd.run(&["--help"]).expect_code(0).stdout();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues on a line indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[track_caller]
fn skip(why: &str) {
    crate::workdir::skip(why);
}

#[test]
fn bash_completion_parses_defines_its_function_and_completes_subcommands_and_options() {
    let wd = Workdir::new();
    let script = wd.run(&["completions", "bash"]).expect_code(0).stdout();
    wd.write("crampless.bash", &script);
    let commands = subcommands(&wd);
    assert!(commands.len() >= 8, "{commands:?}");
    for name in &commands {
        assert!(script.contains(name.as_str()), "{name} not in the bash script");
    }
    if !have("bash") {
        return skip("bash not found: the completion script was not run");
    }
    let parse = Command::new("bash")
        .arg("-n")
        .arg(wd.path("crampless.bash"))
        .output()
        .unwrap();
    assert!(parse.status.success(), "{}", String::from_utf8_lossy(&parse.stderr));
    // Sourcing it registers the function; calling it completes like bash would.
    let probe = r#"
        source ./crampless.bash
        complete -p crampless
        complete_line() {
            COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            COMPREPLY=(); _crampless crampless "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            echo "${COMPREPLY[*]}"
        }
        complete_line crampless re
        complete_line crampless report --we
        complete_line crampless completions ''
    "#;
    let out = Command::new("bash")
        .arg("-c")
        .arg(probe)
        .current_dir(wd.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].contains("-F _crampless") && lines[0].ends_with(" crampless"),
        "{stdout}"
    );
    assert_eq!(lines[1], "report", "{stdout}");
    assert_eq!(lines[2], "--weeks", "{stdout}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(lines[3].split(' ').any(|w| w == shell), "{stdout}");
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let wd = Workdir::new();
    let commands = subcommands(&wd);
    for (shell, marker) in [
        ("zsh", "#compdef crampless"),
        ("fish", "complete -c crampless"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let script = wd.run(&["completions", shell]).expect_code(0).stdout();
        assert!(script.contains(marker), "{shell}");
        for name in &commands {
            assert!(script.contains(name.as_str()), "{shell}: {name}");
        }
        wd.write(&format!("c.{shell}"), &script);
    }
    for (shell, check) in [("zsh", "-n"), ("fish", "--no-execute")] {
        if have(shell) {
            let out = Command::new(shell)
                .arg(check)
                .arg(wd.path(&format!("c.{shell}")))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let run = wd.run(&["completions", "tcsh"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        run.stderr()
    );
}

/// The page rendered as text by `man -l` (or `groff -man`), when either is here.
fn render_man(wd: &Workdir, file: &str) -> Option<String> {
    let path = wd.path(file);
    let out = if have("man") {
        Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "100")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .unwrap()
    } else if have("groff") {
        Command::new("groff")
            .args(["-man", "-Tutf8", "-P-c"])
            .arg(&path)
            .output()
            .unwrap()
    } else {
        return None;
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Strip overstrike bold/underline (c\bc, _\bc) should a formatter keep it.
    let text = String::from_utf8_lossy(&out.stdout);
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

#[test]
fn the_man_page_is_roff_that_man_renders_with_every_subcommand() {
    let wd = Workdir::new();
    let roff = wd.run(&["man"]).expect_code(0).stdout();
    assert!(roff.contains(".TH CRAMPLESS 1"), "{roff:.200}");
    for section in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXAMPLES",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
    ] {
        assert!(
            roff.contains(&format!(".SH {section}")) || roff.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    let commands = subcommands(&wd);
    for name in &commands {
        assert!(
            roff.contains(&format!("crampless\\-{name}(1)")),
            "{name} not on the page"
        );
    }
    wd.write("crampless.1", &roff);
    match render_man(&wd, "crampless.1") {
        None => skip("neither man nor groff found: the man page was not rendered"),
        Some(text) => {
            assert!(
                text.contains("NAME") && text.contains("crampless - Training-load planner"),
                "{text}"
            );
            assert!(text.contains("NO_COLOR") && text.contains("crampless.toml"), "{text}");
            for name in &commands {
                assert!(text.contains(&format!("crampless-{name}(1)")), "{name}: {text}");
            }
        }
    }
    // One page per command, with its options and examples.
    for name in &commands {
        let page = wd.run(&["man", name]).expect_code(0).stdout();
        assert!(
            page.contains(&format!(".TH CRAMPLESS-{} 1", name.to_uppercase())),
            "{name}"
        );
        assert!(
            page.contains(&format!("\"crampless {}\"", env!("CARGO_PKG_VERSION"))),
            "{name}"
        );
        assert!(page.contains(".SH EXAMPLES"), "{name}: no examples");
        wd.write(&format!("crampless-{name}.1"), &page);
    }
    if let Some(text) = render_man(&wd, "crampless-report.1") {
        assert!(
            text.contains("--weeks") && text.contains("crampless report examples/history.csv -o report.html"),
            "{text}"
        );
    }
    let run = wd.run(&["man", "reprot"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("no command \"reprot\"; commands: check, plan"),
        "{}",
        run.stderr()
    );
}
