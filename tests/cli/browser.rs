//! The report in a real browser: headless Chromium loads the page written by
//! `crampless report`, which must log nothing to the console (the page has no
//! script, so any console line is an error or a Content-Security-Policy violation,
//! e.g. an external asset), must have the expected headings in its DOM, and must
//! render to a non-empty screenshot at desktop and phone widths.
//!
//! Skipped, with a message on stderr, when Chromium is not installed (Debian
//! package `chromium`; `.ci/run` installs it). `CRAMPLESS_CHROMIUM` names another
//! binary. Set `CRAMPLESS_SCREENSHOT_DIR` to keep the screenshots.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::workdir::Workdir;

/// How long one Chromium run may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The Chromium to use, or why there is none.
fn chromium() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("CRAMPLESS_CHROMIUM") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("CRAMPLESS_CHROMIUM={} is not a file", path.display()))
        };
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .ok_or_else(|| "Chromium not found (install the Debian package chromium, or set CRAMPLESS_CHROMIUM)".into())
}

/// Say why the test did not run, past the test harness's output capture; under
/// `CI=true`, fail instead.
#[track_caller]
fn skip(why: &str) {
    crate::workdir::skip(&format!("browser test: {why}"));
}

/// What one headless run printed.
struct BrowserRun {
    stdout: String,
    /// Console messages of the page (Chromium logs them as `...:CONSOLE...]` lines).
    console: Vec<String>,
    stderr: String,
}

/// Run headless Chromium on `page` with `extra` arguments, in a fresh profile,
/// with no network use of its own. One retry: a cold start can time out on a busy
/// machine.
fn run_chromium(chromium: &Path, page: &Path, extra: &[String]) -> BrowserRun {
    let mut last = String::new();
    for _ in 0..2 {
        let profile = tempfile::tempdir().unwrap();
        // Files, not pipes: Chromium logs a lot, and a full pipe would block it.
        let stdout_path = profile.path().join("stdout.txt");
        let stderr_path = profile.path().join("stderr.txt");
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
            .args(extra)
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout_path).unwrap())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .expect("start chromium");
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        let stderr = read(&stderr_path);
        match status {
            Some(s) if s.success() => {
                let console = stderr
                    .lines()
                    .filter(|l| l.contains(":CONSOLE"))
                    .map(String::from)
                    .collect();
                return BrowserRun {
                    stdout: read(&stdout_path),
                    console,
                    stderr,
                };
            }
            Some(s) => last = format!("chromium exited with {s}:\n{stderr}"),
            None => last = format!("chromium took more than {TIMEOUT:?}:\n{stderr}"),
        }
    }
    panic!("{last}");
}

/// The text of every `<hN>` in `dom`, as (level, text without tags).
fn headings(dom: &str) -> Vec<(u8, String)> {
    let mut found = Vec::new();
    let mut rest = dom;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let level = rest.as_bytes().first().copied().unwrap_or(0);
        let after = rest.as_bytes().get(1).copied().unwrap_or(0);
        if !(b'1'..=b'6').contains(&level) || !matches!(after, b'>' | b' ') {
            continue;
        }
        let close = format!("</h{}>", level as char);
        let (Some(open_end), Some(end)) = (rest.find('>'), rest.find(&close)) else {
            continue;
        };
        let inner = &rest[open_end + 1..end];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        found.push((level - b'0', text.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    found
}

/// Width, height and the share of pixels that are not near-white.
fn screenshot_stats(png_path: &Path) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let pixels = buf.chunks(channels).count();
    let inked = buf.chunks(channels).filter(|p| p[..3].iter().any(|&c| c < 235)).count();
    (info.width, info.height, inked as f64 / pixels as f64)
}

#[test]
fn the_report_loads_in_chromium_without_console_errors_and_shows_its_headings() {
    let chromium = match chromium() {
        Ok(path) => path,
        Err(why) => return skip(&why),
    };
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    wd.run(&["report", "history.csv", "-o", "report.html"]).expect_code(0);
    let page = wd.path("report.html");

    // The console check works: a page that logs an error is caught.
    let control = wd.write(
        "control.html",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>control</title></head><body><p>control</p><script>console.error(\"control-marker\")</script></body></html>",
    );
    let run = run_chromium(&chromium, &control, &["--dump-dom".into()]);
    assert!(
        run.console.iter().any(|l| l.contains("control-marker")),
        "Chromium's console log was not captured; stderr:\n{}",
        run.stderr
    );

    // The page loads with nothing on the console, and its DOM has the headings.
    let run = run_chromium(&chromium, &page, &["--dump-dom".into()]);
    assert!(run.console.is_empty(), "console messages:\n{}", run.console.join("\n"));
    let dom = run.stdout;
    assert!(dom.contains("<html lang=\"en\">"), "{dom:.300}");
    let found = headings(&dom);
    let texts: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    for (level, text) in [
        (1, "Training report: ana"),
        (2, "Summary"),
        (2, "Flags, worst first"),
        (2, "Cramps you logged"),
        (2, "Week by week"),
        (2, "Charts"),
        (2, "Plan for the rest of this week and the next 4 weeks"),
        (3, "Stop if it hurts"),
    ] {
        assert!(
            found.iter().any(|(l, t)| *l == level && t == text),
            "no h{level} \"{text}\" in {texts:?}"
        );
    }
    // The plan starts tomorrow (2026-12-03): the rest of week 49 first, from that Thursday.
    assert!(texts.contains(&"Week 2026-W49 from Thu 3 Dec"), "{texts:?}");
    for pair in found.windows(2) {
        assert!(pair[1].0 <= pair[0].0 + 1, "heading levels jump: {pair:?}");
    }
    assert_eq!(dom.matches("<svg ").count(), 4, "four inline charts");

    // It renders: a desktop and a phone screenshot with plenty drawn.
    let keep = std::env::var_os("CRAMPLESS_SCREENSHOT_DIR").map(PathBuf::from);
    for (name, width, height) in [("report-desktop.png", 1280, 1800), ("report-phone.png", 390, 1600)] {
        let shot = wd.path(name);
        run_chromium(
            &chromium,
            &page,
            &[
                format!("--window-size={width},{height}"),
                format!("--screenshot={}", shot.display()),
            ],
        );
        let (w, h, inked) = screenshot_stats(&shot);
        assert_eq!((w, h), (width, height), "{name}");
        assert!(inked > 0.05, "{name}: only {:.1}% of the pixels drawn", inked * 100.0);
        if let Some(dir) = &keep {
            std::fs::copy(&shot, dir.join(name)).unwrap();
        }
    }
}

#[test]
fn a_squad_report_loads_cleanly_with_its_index() {
    let chromium = match chromium() {
        Ok(path) => path,
        Err(why) => return skip(&why),
    };
    let wd = Workdir::new();
    let mut csv = String::from("athlete,date,sport,duration_min,rpe,notes\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    for athlete in ["amy", "<b>bo</b> & \"co\""] {
        for i in 0..42u64 {
            if i % 7 != 0 {
                let quoted = format!("\"{}\"", athlete.replace('"', "\"\""));
                csv.push_str(&format!(
                    "{quoted},{},run,{},5,\"<i>note</i>\"\n",
                    start + chrono::Days::new(i),
                    30 + i
                ));
            }
        }
    }
    wd.write("squad.csv", csv);
    wd.run(&["report", "squad.csv", "-o", "squad"]).expect_code(0);
    let run = run_chromium(&chromium, &wd.path("squad/index.html"), &["--dump-dom".into()]);
    assert!(run.console.is_empty(), "console messages:\n{}", run.console.join("\n"));
    let found = headings(&run.stdout);
    let texts: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, ["Training report: 2 athletes", "Athletes"], "{texts:?}");
    // The escaped name reads as text in the browser, not as markup.
    assert!(
        run.stdout.contains("&lt;b&gt;bo&lt;/b&gt; &amp; \"co\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<b>bo</b>"));
    let links: Vec<&str> = run
        .stdout
        .split("<a href=\"athletes/")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    // Pages are named after the athletes; "<" sorts before "a" in the index.
    assert_eq!(links, ["b-bo-b-co.html", "amy.html"], "{}", run.stdout);
    // Each athlete's page opens on its own, cleanly, with the way back.
    let page = run_chromium(
        &chromium,
        &wd.path("squad/athletes/b-bo-b-co.html"),
        &["--dump-dom".into()],
    );
    assert!(
        page.console.is_empty(),
        "console messages:\n{}",
        page.console.join("\n")
    );
    let found = headings(&page.stdout);
    assert_eq!(found[0].1, "Training report: <b>bo</b> & \"co\"", "{found:?}");
    assert!(
        page.stdout
            .contains("<a href=\"../index.html\">Back to the list of athletes</a>")
    );
}
