//! `crampless init`: a commented crampless.toml with every setting at its default,
//! never overwriting one without --force.

use crate::workdir::Workdir;

#[test]
fn writes_every_setting_at_its_default_and_commands_read_it() {
    let wd = Workdir::new();
    let run = wd.run(&["init"]);
    run.expect_code(0);
    assert!(run.stdout().is_empty());
    assert!(run.stderr().contains("wrote crampless.toml"), "{}", run.stderr());
    let text = wd.read("crampless.toml");
    let config = crampless::Config::from_toml(std::path::Path::new("crampless.toml"), &text).unwrap();
    assert_eq!(config, crampless::Config::default());
    for key in [
        "default_intensity",
        "rest_day_max_intensity",
        "hr_max",
        "[load.sport_intensity]",
        "method = \"rolling\"",
        "acute_days",
        "chronic_days",
        "fitness_days",
        "[rules.session_spike]",
        "[rules.cramp_log]",
        "session_time",
        "[athletes.ana]",
        "body_mass_kg",
    ] {
        assert!(text.contains(key), "{key}");
    }
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 30, "commented");
    // The file in the folder is the config every command reads: a typo there is an error.
    wd.copy_from_repo("examples/history.csv", "history.csv");
    wd.run(&["check", "history.csv"]).expect_code(0);
    wd.write(
        "crampless.toml",
        text.replace(
            "hard_rpe = 7\n\n[rules.monotony]",
            "hard_rpe = 7\nhardrpe = 8\n\n[rules.monotony]",
        ),
    );
    let run = wd.run(&["check", "history.csv"]);
    run.expect_code(2);
    assert!(run.stderr().contains("unknown field `hardrpe`"), "{}", run.stderr());
}

#[test]
fn refuses_to_overwrite_unless_forced_and_then_keeps_a_backup() {
    let wd = Workdir::new();
    wd.write("crampless.toml", "[acwr]\nmethod = \"ewma\"\n");
    let run = wd.run(&["init"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains(
            "crampless.toml already exists; edit it, or replace it with the defaults: crampless init --force"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.read("crampless.toml"), "[acwr]\nmethod = \"ewma\"\n");
    let run = wd.run(&["init", "--force", "-q"]);
    run.expect_code(0);
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    assert_eq!(wd.read("crampless.toml"), crampless::config::COMMENTED_DEFAULTS);
    assert_eq!(wd.read("crampless.toml.bak"), "[acwr]\nmethod = \"ewma\"\n");
}

#[test]
fn other_places_and_stdout() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("club")).unwrap();
    wd.run(&["init", "club"]).expect_code(0);
    assert!(wd.exists("club/crampless.toml"));
    let run = wd.run(&["init", "club/other.toml"]);
    run.expect_code(0);
    assert!(
        run.stderr().contains("use it with --config club/other.toml"),
        "{}",
        run.stderr()
    );
    let printed = wd.run(&["init", "-"]).expect_code(0).stdout();
    assert_eq!(printed, crampless::config::COMMENTED_DEFAULTS);
    let run = wd.run(&["init", "nowhere/crampless.toml"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("the folder nowhere does not exist"),
        "{}",
        run.stderr()
    );
}
