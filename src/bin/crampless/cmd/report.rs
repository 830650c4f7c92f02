//! `crampless report`: self-contained HTML with each athlete's summary, flags,
//! weekly table, charts and plan. One athlete: one page (`-o FILE.html` or stdout).
//! A squad: a folder (`-o FOLDER`) with `index.html` and one page per athlete, so
//! that every page opens at once however large the club.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Args;

use crampless::report::{Report, ReportOptions};

use crate::args::{Global, PlanArgs, Recent, parse_recent};
use crate::output;
use crate::progress::Progress;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The history CSV (date, sport, duration_min, ...).
    pub history: PathBuf,
    /// Write the page to FILE.html (atomically) instead of stdout (`-` is stdout);
    /// or, for a squad (or any PATH not ending in .html), a folder: PATH/index.html
    /// and one page per athlete in PATH/athletes/.
    #[arg(long, short = 'o', value_name = "FILE|FOLDER")]
    pub output: Option<PathBuf>,
    /// Flags that reach into the DAYS days up to the as-of date are "now": the banner and
    /// the list start with them, earlier ones fold away; `all` for the whole history.
    #[arg(long, value_parser = parse_recent, default_value = "14", value_name = "DAYS|all")]
    pub recent: Recent,
    // The day, the athlete, and every athlete's plan: in a squad, the plan options
    // (--days, --time, --body-mass, a race...) apply to every athlete.
    #[command(flatten)]
    pub plan: PlanArgs,
}

pub fn run(global: &Global, args: &ReportArgs) -> Result<ExitCode> {
    // `-o -` is stdout (see `output::emit`).
    let target = output::named_file(args.output.as_deref());
    let mut config = global.config()?;
    args.plan.assess.apply(&mut config);
    crate::guard::refuse_overwriting_inputs(&[("-o", target)], &[&args.history])?;
    // Indexed by athlete: each athlete's sessions are read when their page is made,
    // so a club's report never holds every session at once. Notes are kept: the
    // report lists the notes of sessions with a cramp.
    let index = global.index_history(&args.history, None, true)?;
    crate::guard::dates_in_index(&index, crate::args::today()?, &args.plan.dates()?)?;
    let plan = args.plan.options_for_index(&config, &index)?;
    let options = ReportOptions {
        as_of: plan.as_of,
        athlete: plan.athlete.clone(),
        plan,
        recent_days: args.recent.0,
        source: args.history.file_name().map(|name| name.to_string_lossy().into_owned()),
    };
    let report = Report::from_index(&index, options)?;
    let started = Instant::now();
    let athletes = report.athletes();
    let folder = match &target {
        Some(path) => !is_page(path),
        None => false,
    };
    if athletes > 1 && !folder {
        anyhow::bail!(crampless::Error::Invalid(format!(
            "{} holds {athletes} athletes: a squad's report is a folder, with index.html and one page per athlete, so that every page opens at once. Give -o a folder name (e.g. -o squad-report), or one athlete's page with --athlete NAME",
            crampless::escape::terminal(&args.history.display().to_string())
        )));
    }
    // The page goes to a file or a pipe; the bar, on a terminal, to stderr.
    let progress = Progress::new(global.quiet, athletes as u64, "athletes", target.is_some());
    let mut summary = Default::default();
    match (&target, folder) {
        (Some(path), true) => {
            let mut pages = crampless::atomic::Folder::create(path)?;
            let mut failed = None;
            summary = report
                .write_pages(&config, &mut |done| progress.set(done as u64), &mut |name, bytes| {
                    pages.write(name, bytes).map_err(|e| {
                        let message = e.to_string();
                        failed = Some(e);
                        std::io::Error::other(message)
                    })
                })
                .map_err(|e| {
                    failed
                        .take()
                        .map_or_else(|| anyhow::Error::from(e), anyhow::Error::from)
                })?;
            pages.commit()?;
        }
        _ => output::emit(target, |out| {
            summary = report.write_html(out, &config, &mut |done| progress.set(done as u64))?;
            Ok(())
        })?,
    }
    progress.finish();
    global.detail(format_args!(
        "report: {} athlete{} as of {}: {} flags ({} danger, {} caution, {} info), {} planned sessions{} in {}",
        summary.athletes,
        if summary.athletes == 1 { "" } else { "s" },
        report.as_of(),
        summary.flags,
        summary.danger,
        summary.caution,
        summary.info,
        summary.planned_sessions,
        if summary.without_plan > 0 {
            format!(" ({} athletes without a plan)", summary.without_plan)
        } else {
            String::new()
        },
        crate::progress::elapsed(started)
    ));
    if let Some(path) = &target {
        if folder {
            global.detail(format_args!(
                "wrote {}: open {}",
                path.display(),
                path.join(crampless::report::INDEX_PAGE).display()
            ));
        } else {
            global.detail(format_args!("wrote {}", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether `-o PATH` asks for one page (`.html`, `.htm`) rather than a folder.
fn is_page(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}
