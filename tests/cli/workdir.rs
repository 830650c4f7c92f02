//! A temp folder to run the binary in (after xsv's `workdir.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What "today" is in every test: 17 days after the example history's last
/// session (2026-11-15), as when a user first tried the planner.
pub const TODAY: &str = "2026-12-02";

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write `contents` to `name` in the folder.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Copy a file of the repository (e.g. `examples/history.csv`) into the folder.
    pub fn copy_from_repo(&self, repo_path: &str, name: &str) -> PathBuf {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(repo_path);
        let bytes = std::fs::read(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        self.write(name, bytes)
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).exists()
    }

    /// Names of the files in the folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A command running the binary in the folder, with a clean colour and width
    /// environment.
    /// Tests never read the clock: "today" is [`TODAY`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crampless"));
        cmd.current_dir(self.root())
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("TZ", "UTC")
            .env("CRAMPLESS_TODAY", TODAY);
        cmd
    }

    /// `sh -c line` in the folder, as a user would type it: the binary is
    /// `crampless` on PATH (a link in the folder's `bin/`), `~` is the folder, and
    /// the environment is that of [`Workdir::command`].
    #[cfg(unix)]
    pub fn shell(&self, line: &str) -> Command {
        let bin = self.path("bin");
        if !bin.join("crampless").exists() {
            std::fs::create_dir_all(&bin).unwrap();
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_crampless"), bin.join("crampless")).unwrap();
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).unwrap();
        let mut cmd = Command::new("sh");
        cmd.current_dir(self.root())
            .args(["-c", line])
            .env("PATH", path)
            .env("HOME", self.root())
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("TZ", "UTC")
            .env("CRAMPLESS_TODAY", TODAY);
        cmd
    }

    /// Run `args`, read the first byte of stdout and close the pipe: the binary must
    /// exit 0 without a word. The output must be larger than a pipe's buffer
    /// (64 KiB), so that a write after the close fails.
    #[track_caller]
    pub fn assert_quiet_on_broken_pipe(&self, args: &[&str]) {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }

    /// Run the binary and return its output.
    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.command(args).output().expect("run crampless"))
    }
}

/// Whether this is CI (`CI=true`, as CI services set it): there a test whose tool is
/// missing fails instead of skipping, so a green run never hides a test that did not run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A test cannot run because `why` (a tool is missing): say so past the harness's
/// output capture and return, or, under CI ([`in_ci`]), fail.
#[track_caller]
pub fn skip(why: &str) {
    use std::io::Write;
    assert!(!in_ci(), "CI=true and this test cannot run: {why}");
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

/// The outcome of one run.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exit code")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.0.stdout.clone()).expect("utf-8 stdout")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.0.stderr.clone()).expect("utf-8 stderr")
    }

    /// Assert the exit code, showing stderr when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "stderr:\n{}\nstdout:\n{}",
            self.stderr(),
            self.stdout()
        );
        self
    }
}

/// `history` (a history CSV) with the planned sessions of `plan` (`plan --format
/// json`) appended as rows, each cell under its header, as the athlete is expected
/// to log them: what `check` reads to judge a plan the way it judges the history.
pub fn with_plan_rows(history: &str, plan: &serde_json::Value) -> String {
    let header: Vec<String> = history
        .lines()
        .next()
        .expect("a header")
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let mut out = history.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let athlete = plan["athlete"].as_str().unwrap();
    for session in plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
    {
        let cells: Vec<String> = header
            .iter()
            .map(|column| match column.as_str() {
                "athlete" => athlete.to_string(),
                "date" | "sport" => session[column.as_str()].as_str().unwrap().to_string(),
                "duration_min" => session["duration_min"].to_string(),
                // As the athlete is expected to log it: the plan's load counts the RPE
                // they usually log for the kind of session, and its distance.
                "rpe" => session["expected_rpe"].to_string(),
                "distance_km" => session.get("distance_km").map_or(String::new(), |d| d.to_string()),
                _ => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
