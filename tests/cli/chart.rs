//! `crampless chart` and `check --chart` from the command line: real PNG and SVG
//! files, decoded and inspected.

use crate::workdir::Workdir;

/// Three years of daily training (runs, rides, strength with leg days, rest days,
/// a three-week break and a sudden jump), from 2023-03-06 to 2026-03-01.
fn three_years(athlete: &str) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2023, 3, 6).unwrap();
    let mut csv = String::from("athlete,date,sport,duration_min,rpe,distance_km,tonnage_kg,muscle_groups\n");
    for i in 0..(3 * 52 * 7) {
        let date = start + chrono::Days::new(i);
        let week = i / 7;
        if (60..63).contains(&week) {
            continue;
        }
        // A fixed wobble so that weeks differ, a deload every fourth week, jumps.
        let wobble = 0.85 + ((i * 37 + week * 11) % 31) as f64 / 100.0;
        let mut volume = 0.8 + 0.3 * (week % 26) as f64 / 26.0;
        if week % 4 == 3 {
            volume *= 0.7;
        }
        if week == 63 || week == 140 {
            volume *= 1.6;
        }
        let minutes = |base: f64| (base * volume * wobble).round();
        let row = match i % 7 {
            1 => format!("run,{},7,{:.1},,", minutes(45.0), minutes(45.0) / 5.5),
            2 => format!("strength,{},6,,{},legs;core", minutes(50.0), (4200.0 * volume).round()),
            3 => format!("run,{},4,{:.1},,", minutes(40.0), minutes(40.0) / 6.0),
            5 => format!("ride,{},5,{:.0},,", minutes(100.0), minutes(100.0) / 2.3),
            6 => format!("run,{},3,{:.1},,", minutes(35.0), minutes(35.0) / 6.5),
            _ => continue,
        };
        csv.push_str(&format!("{athlete},{date},{row}\n"));
    }
    csv
}

/// Width, height and RGB pixels of a PNG file.
pub(crate) fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

/// Pixels in the rectangle that are not the white background.
pub(crate) fn drawn(image: &(u32, u32, Vec<u8>), (x0, y0): (u32, u32), (x1, y1): (u32, u32)) -> usize {
    let (width, _, pixels) = image;
    let mut count = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let i = ((y * width + x) * 3) as usize;
            if pixels[i..i + 3] != [255, 255, 255] {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn load_chart_of_three_years_has_its_size_title_and_plot() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));
    let run = wd.run(&["chart", "h.csv", "-o", "load.png"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), "");
    let image = decode_png(&std::fs::read(wd.path("load.png")).unwrap());
    assert_eq!((image.0, image.1), (1200, 700));
    // The title, top left.
    assert!(drawn(&image, (0, 0), (500, 55)) > 500);
    // The load panel and the ACWR panel.
    assert!(drawn(&image, (150, 200), (1150, 460)) > 20_000);
    assert!(drawn(&image, (150, 500), (1150, 620)) > 20_000);
}

#[test]
fn weekly_and_form_charts_at_a_chosen_size() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));
    for (kind, extra) in [
        ("weekly", vec!["--measure", "distance"]),
        ("form", vec!["--since", "2025-06-01"]),
    ] {
        let out = format!("{kind}.png");
        let mut args = vec![
            "chart", "h.csv", "--kind", kind, "--width", "900", "--height", "500", "-o", &out,
        ];
        args.extend(extra);
        wd.run(&args).expect_code(0);
        let image = decode_png(&std::fs::read(wd.path(&out)).unwrap());
        assert_eq!((image.0, image.1), (900, 500), "{kind}");
        assert!(drawn(&image, (0, 0), (400, 40)) > 300, "{kind}: title");
        assert!(drawn(&image, (120, 170), (880, 430)) > 10_000, "{kind}: plot");
    }
}

#[test]
fn svg_is_xml_with_the_title() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("ana"));
    wd.run(&[
        "chart",
        "h.csv",
        "--kind",
        "weekly",
        "--since",
        "2025-12-01",
        "-o",
        "weekly.svg",
    ])
    .expect_code(0);
    let svg = wd.read("weekly.svg");
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert_eq!(doc.root_element().attribute("width"), Some("1200"));
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"Weekly load · ana"), "{texts:?}");
    assert!(texts.contains(&"Rest days"), "{texts:?}");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));
    for name in ["a.png", "b.png", "a.svg", "b.svg"] {
        wd.run(&["chart", "h.csv", "-o", name]).expect_code(0);
    }
    assert_eq!(
        std::fs::read(wd.path("a.png")).unwrap(),
        std::fs::read(wd.path("b.png")).unwrap()
    );
    assert_eq!(wd.read("a.svg"), wd.read("b.svg"));
}

#[test]
fn errors_exit_2_name_the_file_and_leave_no_file() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));

    let run = wd.run(&["chart", "h.csv", "-o", "load.jpg"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("load.jpg: unknown chart format \".jpg\"; name the file .png or .svg"),
        "{}",
        run.stderr()
    );

    let run = wd.run(&["chart", "h.csv", "-o", "missing/load.png"]);
    run.expect_code(2);
    assert!(run.stderr().contains("missing/load.png"), "{}", run.stderr());

    let run = wd.run(&["chart", "h.csv", "--since", "2030-01-01", "-o", "late.png"]);
    run.expect_code(2);
    let err = run.stderr();
    assert!(
        err.contains("late.png: cannot draw the load chart: no data from 2030-01-01 on"),
        "{err}"
    );

    let run = wd.run(&["chart", "h.csv", "--width", "50", "-o", "small.png"]);
    run.expect_code(2);
    assert!(run.stderr().contains("50x700"), "{}", run.stderr());

    assert_eq!(wd.files(), ["h.csv"]);
}

#[test]
fn a_failed_render_leaves_the_previous_file_unchanged() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));
    wd.write("load.png", "previous");
    wd.run(&["chart", "h.csv", "--since", "2030-01-01", "-o", "load.png"])
        .expect_code(2);
    assert_eq!(wd.read("load.png"), "previous");
    assert_eq!(wd.files(), ["h.csv", "load.png"]);
}

#[test]
fn several_athletes_need_athlete() {
    let wd = Workdir::new();
    let mut csv = three_years("ana");
    csv.push_str("ben,2026-02-01,run,30,5,5,,\n");
    wd.write("h.csv", csv);
    let run = wd.run(&["chart", "h.csv", "-o", "load.png"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("the history holds 2: ana, ben; choose one with --athlete NAME"),
        "{}",
        run.stderr()
    );
    wd.run(&["chart", "h.csv", "--athlete", "ben", "-o", "ben.png"])
        .expect_code(0);
    let run = wd.run(&["chart", "h.csv", "--athlete", "cy", "-o", "cy.png"]);
    run.expect_code(2);
    assert!(run.stderr().contains("athletes: ana, ben"), "{}", run.stderr());
    assert_eq!(wd.files(), ["ben.png", "h.csv"]);
}

#[test]
fn check_draws_the_load_chart_too() {
    let wd = Workdir::new();
    wd.write("h.csv", three_years("me"));
    let run = wd.run(&["check", "h.csv", "--chart", "load.svg"]);
    run.expect_code(0);
    // The timeline runs to today (the Workdir's 2026-12-02), not to the last session.
    assert!(
        run.stdout().contains(
            "me  2023-03-07 to 2026-12-02, 765 sessions\n  as of 2026-12-02; last session 2026-03-01 (276 days ago)\n"
        ),
        "{}",
        run.stdout()
    );
    assert!(wd.read("load.svg").contains("Training load · me"));

    let mut csv = three_years("ana");
    csv.push_str("ben,2026-02-01,run,30,5,5,,\n");
    wd.write("two.csv", csv);
    let run = wd.run(&["check", "two.csv", "--chart", "two.png"]);
    run.expect_code(2);
    assert!(run.stderr().contains("--chart shows one athlete"), "{}", run.stderr());
    assert_eq!(run.stdout(), "");
    wd.run(&["check", "two.csv", "--athlete", "ana", "--chart", "ana.png"])
        .expect_code(0);
    assert!(wd.exists("ana.png") && !wd.exists("two.png"));
}

#[test]
fn help_shows_an_example() {
    let wd = Workdir::new();
    let run = wd.run(&["chart", "--help"]);
    run.expect_code(0);
    let help = run.stdout();
    assert!(help.contains("crampless chart history.csv -o load.png"), "{help}");
    assert!(help.contains("--kind"), "{help}");
}

#[test]
fn plan_and_calendar_charts_of_the_example_history() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    wd.run(&["chart", "h.csv", "--kind", "plan", "--weeks", "6", "-o", "plan.png"])
        .expect_code(0);
    let image = decode_png(&std::fs::read(wd.path("plan.png")).unwrap());
    assert_eq!((image.0, image.1), (1200, 700));
    assert!(drawn(&image, (0, 0), (500, 55)) > 500, "title");
    assert!(drawn(&image, (150, 200), (1150, 600)) > 20_000, "bars");

    // The calendar is an A4 page at 300 dpi by default: landscape up to 4 weeks.
    wd.run(&[
        "chart",
        "h.csv",
        "--kind",
        "calendar",
        "--as-of",
        "last",
        "-o",
        "calendar.png",
    ])
    .expect_code(0);
    let image = decode_png(&std::fs::read(wd.path("calendar.png")).unwrap());
    assert_eq!((image.0, image.1), (3508, 2480));
    assert!(drawn(&image, (0, 0), (1200, 140)) > 5_000, "title");
    assert!(drawn(&image, (400, 500), (3400, 2200)) > 200_000, "cells");

    let six_weeks: Vec<&str> = "chart h.csv --kind calendar --weeks 6 -o calendar.svg"
        .split(' ')
        .collect();
    wd.run(&six_weeks).expect_code(0);
    let svg = wd.read("calendar.svg");
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses as XML");
    assert_eq!(doc.root_element().attribute("height"), Some("3508"));
    assert!(svg.contains("Training plan · ana"));
    assert!(svg.contains("Week 6"));
    assert!(svg.contains("Rest day"));
}

/// The texts of an SVG document and whether a path is stroked in the today colour.
fn today_line_of(svg: &str) -> (Vec<String>, bool) {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses as XML");
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    let line = doc.descendants().any(|n| {
        n.attribute("stroke") == Some("#6A3D9A")
            && (n.has_tag_name("polyline") || n.has_tag_name("path") || n.has_tag_name("line"))
    });
    (texts, line)
}

#[test]
fn every_history_chart_marks_the_as_of_date_with_a_labelled_line() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    for kind in ["load", "weekly", "form", "plan"] {
        let out = format!("{kind}.svg");
        wd.run(&["chart", "h.csv", "--kind", kind, "-o", &out]).expect_code(0);
        let (texts, line) = today_line_of(&wd.read(&out));
        assert!(texts.iter().any(|t| t == "as of 2026-12-02"), "{kind}: {texts:?}");
        assert!(line, "{kind}: no line in the today colour");
        // An explicit date moves it.
        wd.run(&["chart", "h.csv", "--kind", kind, "--as-of", "2026-11-01", "-o", &out])
            .expect_code(0);
        let (texts, _) = today_line_of(&wd.read(&out));
        assert!(texts.iter().any(|t| t == "as of 2026-11-01"), "{kind}: {texts:?}");
        assert!(!texts.iter().any(|t| t.contains("2026-12-02")), "{kind}: {texts:?}");
    }
}

#[test]
fn the_form_chart_shades_the_settling_span_with_a_note() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    wd.run(&["chart", "h.csv", "--kind", "form", "-o", "form.svg"])
        .expect_code(0);
    let (texts, _) = today_line_of(&wd.read("form.svg"));
    assert!(
        texts.iter().any(|t| t == "fitness settling: first 42 days"),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t == "Fitness settling: form not read"),
        "{texts:?}"
    );
    // From day 42 on, nothing is settling any more: no shade, no note.
    let texts_since = |since: &str| {
        let out = format!("since-{since}.svg");
        wd.run(&["chart", "h.csv", "--kind", "form", "--since", since, "-o", &out])
            .expect_code(0);
        today_line_of(&wd.read(&out)).0
    };
    let texts = texts_since("2026-09-19");
    assert!(!texts.iter().any(|t| t.contains("settling")), "{texts:?}");
    let texts = texts_since("2026-09-18");
    assert!(texts.iter().any(|t| t.contains("settling")), "{texts:?}");
}
