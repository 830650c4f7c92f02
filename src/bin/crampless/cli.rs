//! The command line's shape: the commands and their options. Only `main` reads it;
//! the commands get their own arguments (and `man`/`completions` the clap command).

use clap::{Parser, Subcommand};

use crate::args::Global;
use crate::cmd;

#[derive(Debug, Parser)]
#[command(
    name = "crampless",
    version,
    about = "Training-load planner that keeps you from ramping up too fast (and cramping)",
    long_about = "crampless reads your training history (one CSV row per session), flags what \
ramps up too fast (session spikes, weekly jumps, acute:chronic load, missing rest, hard days \
back to back, monotony, heat, unfamiliar activities, your cramp log) and plans the next weeks \
at a safe pace.\n\nFormulas and thresholds: docs/methodology.md.",
    after_help = "Examples:\n  crampless check examples/history.csv\n  crampless check history.csv --format json --acwr ewma\n  crampless plan history.csv --weeks 6\n  crampless report history.csv -o report.html\n  crampless init                # crampless.toml with every setting\n\nMore on a command: crampless help COMMAND, or crampless man COMMAND."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a history against progressive-training advice.
    #[command(
        after_help = "Examples:\n  crampless check examples/history.csv\n  crampless check history.csv --format json\n  crampless check history.csv --fail-on danger   # cron: a danger flag, last 14 days\n  crampless check history.csv --fail-on danger --recent all   # ... any date\n  crampless check history.csv --acwr ewma --as-of 2026-10-31 --athlete ana\n\nEvery report says its as-of date and the last session. Flags of the --recent days up to it come first (Now), the rest after (Earlier); JSON marks each flag \"recent\".\n\nExit status: 0 ok; 1 a recent flag at least as severe as --fail-on (the report is\nstill printed); 2 bad input or usage."
    )]
    Check(cmd::check::CheckArgs),
    /// Plan the next weeks from tomorrow at a safe pace, starting from what you can take now, with
    /// warm-up, cool-down and hydration reminders.
    #[command(
        after_help = "Examples:\n  crampless plan examples/history.csv\n  crampless plan history.csv --weeks 8 -o plan.md     # the format from the extension\n  crampless plan history.csv --goal-minutes 360 --by 2027-03-01\n  crampless plan history.csv --days tue,thu,sat,sun --long-day sun --time 07:00 -o plan.ics\n  crampless plan history.csv --race-date 2027-04-11 --race-distance marathon\n  crampless plan history.csv --chart plan.png\n\nThe same plan options shape chart --kind plan|calendar and report."
    )]
    Plan(cmd::plan::PlanCommandArgs),
    /// Import app exports (Strava, Garmin, TrainingPeaks, intervals.icu, Strong, Hevy, FitNotes) and
    /// activity files (FIT, GPX, TCX, a Strava archive) into a history.
    #[command(
        after_help = "Examples:\n  crampless import ~/Downloads/activities.csv --into history.csv\n  crampless import strong.csv hevy.csv --into history.csv --athlete ana\n  crampless import Activities.csv --into history.csv --dry-run\n  crampless import activities.csv --into history.csv --tz Australia/Sydney\n  crampless import ~/garmin/*.fit run.gpx ride.tcx.gz --into history.csv\n  crampless import export_12345.zip --into history.csv --tz Europe/Berlin\n  crampless import export.csv --into history.csv --format generic --map date=\"Start Time\",sport=Type,duration=Time\n\nFormats, conversion and merge rules: docs/import.md."
    )]
    Import(cmd::import::ImportArgs),
    /// Draw a chart of a history or a plan as PNG or SVG.
    #[command(
        after_help = "Examples:\n  crampless chart history.csv -o load.png\n  crampless chart history.csv --kind weekly --measure minutes -o weekly.svg\n  crampless chart history.csv --kind form --since 2026-01-01 -o form.png\n  crampless chart history.csv --kind load --as-of last -o load.svg   # up to the last session\n  crampless chart history.csv --kind calendar --weeks 4 -o plan-calendar.png\n\nThe load, weekly, form and plan charts mark the as-of date (default today) with a labelled line."
    )]
    Chart(cmd::chart::ChartArgs),
    /// Write one self-contained HTML page: summary, flags, weekly table, charts and the plan.
    #[command(
        after_help = "Examples:\n  crampless report examples/history.csv -o report.html\n  crampless report squad.csv --weeks 6 -o squad-report    # a folder: index.html, worst recent flag first, and a page per athlete\n  crampless report history.csv --athlete ana --as-of 2026-10-31 -o ana.html\n  crampless report history.csv --recent 28 -o report.html   # \"now\" is the last 28 days\n\nEach athlete's banner is the worst flag of the --recent days up to the as-of date, or \"nothing flagged\" with the days since the last session; earlier flags are folded away."
    )]
    Report(cmd::report::ReportArgs),
    /// Write crampless.toml with every setting at its default, each explained.
    #[command(
        after_help = "Examples:\n  crampless init                      # ./crampless.toml, read by every command run here\n  crampless init ~/club/crampless.toml\n  crampless init --force              # replace it; the old one is kept as crampless.toml.bak\n  crampless init -                    # print it"
    )]
    Init(cmd::init::InitArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  crampless completions bash > ~/.local/share/bash-completion/completions/crampless\n  source <(crampless completions bash)                # this shell only; or add it to ~/.bashrc\n  crampless completions zsh > ~/.zfunc/_crampless    # with fpath+=~/.zfunc before compinit\n  crampless completions fish > ~/.config/fish/completions/crampless.fish\n  crampless completions powershell >> $PROFILE"
    )]
    Completions(cmd::completions::CompletionsArgs),
    /// Print the manual page (roff) of crampless or of one of its commands.
    #[command(
        after_help = "Examples:\n  crampless man > crampless.1 && man -l crampless.1\n  crampless man report | man -l -\n  crampless man > ~/.local/share/man/man1/crampless.1"
    )]
    Man(cmd::man::ManArgs),
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, Weekday};
    use clap::Parser;

    use super::{Cli, Command};

    /// The plan options of `crampless <args>` as the library gets them, for the
    /// history `history`.
    fn options(args: &[&str], history: &str) -> crampless::plan::PlanOptions {
        let cli = Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let plan = match &cli.command {
            Command::Plan(a) => &a.plan,
            Command::Chart(a) => &a.plan,
            Command::Report(a) => &a.plan,
            other => panic!("{other:?} has no plan options"),
        };
        let history =
            crampless::history::parse(std::path::Path::new("h.csv"), history.as_bytes(), Default::default()).unwrap();
        plan.options(&crampless::Config::default(), &history).unwrap()
    }

    const HISTORY: &str = "athlete,date,sport,duration_min,rpe\nana,2026-11-02,run,40,4\n";

    #[test]
    fn every_plan_flag_reaches_the_plan_options_the_same_in_each_command() {
        let flags = [
            "--as-of",
            "2026-12-02",
            "--weeks",
            "6",
            "--start",
            "2026-12-07",
            "--sessions-per-week",
            "4",
            "--rest-days",
            "3",
            "--days",
            "sat,Tue,THURSDAY,tue",
            "--long-day",
            "sunday",
            "--time",
            "06:30",
            "--sport",
            "run,strength",
            "--ramp",
            "8",
            "--deload-every",
            "3",
            "--deload",
            "25",
            "--body-mass",
            "70",
            "--goal-minutes",
            "300",
            "--by",
            "2027-03-01",
            "--race-date",
            "2027-04-11",
            "--race-distance",
            "marathon",
        ];
        let mut seen = Vec::new();
        for command in [
            &["crampless", "plan", "h.csv"][..],
            &["crampless", "chart", "h.csv", "-o", "c.png"],
            &["crampless", "report", "h.csv"],
        ] {
            let o = options(&[command, &flags[..]].concat(), HISTORY);
            let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
            assert_eq!(o.as_of, date(2026, 12, 2));
            assert_eq!(o.weeks, 6);
            assert_eq!(o.start, date(2026, 12, 7));
            assert_eq!(o.sessions_per_week, Some(4));
            assert_eq!(o.days, Some(vec![Weekday::Tue, Weekday::Thu, Weekday::Sat]));
            assert_eq!(o.long_day, Some(Weekday::Sun));
            assert_eq!(o.time, NaiveTime::from_hms_opt(6, 30, 0));
            assert_eq!(o.sports, ["run", "strength"]);
            assert_eq!((o.ramp_pct, o.deload_every, o.deload_pct), (8.0, 3, 25.0));
            assert_eq!(o.body_mass_kg, Some(70.0));
            let goal = o.goal.unwrap();
            assert_eq!((goal.weekly, goal.by), (300.0, date(2027, 3, 1)));
            let race = o.race.unwrap();
            assert_eq!((race.date, race.distance_km), (date(2027, 4, 11).unwrap(), 42.195));
            seen.push(o);
        }
        assert!(
            seen.windows(2).all(|w| w[0] == w[1]),
            "one conversion for every command"
        );
    }

    #[test]
    fn body_mass_falls_back_to_the_config_of_the_only_athlete() {
        let cli = Cli::try_parse_from(["crampless", "plan", "h.csv", "--as-of", "2026-12-02"]).unwrap();
        let Command::Plan(args) = &cli.command else {
            unreachable!()
        };
        let history =
            crampless::history::parse(std::path::Path::new("h.csv"), HISTORY.as_bytes(), Default::default()).unwrap();
        let mut config = crampless::Config::default();
        assert_eq!(args.plan.options(&config, &history).unwrap().body_mass_kg, None);
        config.athletes.insert(
            "ana".into(),
            crampless::config::AthleteConfig {
                body_mass_kg: Some(58.0),
                ..Default::default()
            },
        );
        assert_eq!(args.plan.options(&config, &history).unwrap().body_mass_kg, Some(58.0));
    }

    #[test]
    fn race_distances_by_name_or_km() {
        for (text, km) in [
            ("5k", 5.0),
            ("10K", 10.0),
            ("half", 21.0975),
            ("Marathon", 42.195),
            ("15", 15.0),
            ("50km", 50.0),
        ] {
            assert_eq!(crate::args::parse_race_distance(text), Ok(km), "{text}");
        }
        for text in ["", "0", "-5", "ultra", "1e9"] {
            assert!(crate::args::parse_race_distance(text).is_err(), "{text}");
        }
    }
}
