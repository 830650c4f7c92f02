//! `crampless check` from the command line.

use crate::workdir::Workdir;

const SMALL: &str = "date,sport,duration_min,rpe\n2026-01-05,run,30,5\n2026-01-06,run,40,6\n";

#[test]
fn text_report_on_a_small_history() {
    let wd = Workdir::new();
    wd.write("h.csv", SMALL);
    let run = wd.run(&["check", "h.csv"]);
    run.expect_code(0);
    let out = run.stdout();
    assert!(out.contains("me  2026-01-05 to 2026-01-06, 2 sessions"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped");
}
