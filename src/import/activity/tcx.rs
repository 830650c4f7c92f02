//! TCX (Garmin Training Center XML), read with `roxmltree`.
//!
//! Each `<Activity Sport="...">` is one workout made of laps, also each sport of a
//! `<MultiSportSession>` (a triathlon: `<FirstSport>`, `<NextSport>`). A lap's
//! `TotalTimeSeconds` is timer time, so the moving time is their sum; the elapsed time
//! runs from the activity's `<Id>` (its start) to the last track point or lap end.
//! Distance is the laps' `DistanceMeters`; the average heart rate is the laps'
//! averages weighted by their time, the maximum the laps' largest, both from the track
//! points when the laps have none. TCX carries no temperature.

use chrono::{DateTime, NaiveDateTime};
use roxmltree::Node;

use super::gpx::trim_xml_start;
use super::{Activity, Parsed, Unreadable, compact_utc, mean_and_max, not_xml};

pub(super) fn read(bytes: &[u8]) -> Result<Parsed, Unreadable> {
    let bytes = trim_xml_start(bytes);
    if let Some(reason) = not_xml(bytes) {
        return Err(Unreadable::Tcx(reason));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Unreadable::Tcx(format!("it is not UTF-8 text ({e})")))?;
    super::xml::check_budget(bytes).map_err(Unreadable::Tcx)?;
    let document = roxmltree::Document::parse_with_options(text, super::xml::parsing_options())
        .map_err(|e| Unreadable::Tcx(e.to_string()))?;
    let root = document.root_element();
    if root.tag_name().name() != "TrainingCenterDatabase" {
        return Err(Unreadable::Tcx(format!(
            "its root element is <{}>, not <TrainingCenterDatabase>",
            root.tag_name().name()
        )));
    }
    let mut parsed = Parsed {
        layout: match child_text(root, &["Author", "Name"]) {
            Some(author) => format!("TCX activity, {author}"),
            None => "TCX activity".into(),
        },
        ..Parsed::default()
    };
    // An `<Activity>` in `<Activities>`, or one sport of a `<MultiSportSession>`
    // (`<FirstSport>`, then `<NextSport>`s, each with an optional `<Transition>` lap:
    // not training, counted as skipped).
    let activities = root.descendants().filter(|n| {
        n.has_tag_name_local("Activity")
            && n.parent().is_some_and(|p| {
                p.has_tag_name_local("Activities")
                    || p.has_tag_name_local("FirstSport")
                    || p.has_tag_name_local("NextSport")
            })
    });
    parsed.skipped = root
        .descendants()
        .filter(|n| n.has_tag_name_local("Transition") && n.parent().is_some_and(|p| p.has_tag_name_local("NextSport")))
        .count();
    for (index, node) in activities.enumerate() {
        parsed
            .activities
            .push(read_activity(node).map_err(|m| Unreadable::Tcx(format!("activity {}: {m}", index + 1)))?);
    }
    if parsed.activities.is_empty() {
        return Err(Unreadable::NoActivity(
            "has no <Activity> (a course or workout plan is not a workout); nothing to import".into(),
        ));
    }
    Ok(parsed)
}

/// One lap's numbers.
struct Lap {
    start: Option<NaiveDateTime>,
    seconds: Option<f64>,
    metres: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
}

fn read_activity(node: Node) -> Result<Activity, String> {
    let laps: Vec<Lap> = children(node, "Lap")
        .map(|lap| Lap {
            start: lap.attribute("StartTime").and_then(parse_time),
            seconds: number(child_text(lap, &["TotalTimeSeconds"])),
            metres: number(child_text(lap, &["DistanceMeters"])),
            avg_hr: number(child_text(lap, &["AverageHeartRateBpm", "Value"])),
            max_hr: number(child_text(lap, &["MaximumHeartRateBpm", "Value"])),
        })
        .collect();
    let points: Vec<(Option<NaiveDateTime>, Option<f64>)> = node
        .descendants()
        .filter(|n| n.has_tag_name_local("Trackpoint"))
        .map(|p| {
            (
                child_text(p, &["Time"]).and_then(parse_time),
                number(child_text(p, &["HeartRateBpm", "Value"])),
            )
        })
        .collect();
    let start = child_text(node, &["Id"])
        .and_then(parse_time)
        .or_else(|| laps.iter().find_map(|l| l.start))
        .or_else(|| points.iter().find_map(|p| p.0))
        .ok_or("has no start time (no <Id>, lap StartTime or track point time)")?;
    let lap_ends = laps
        .iter()
        .filter_map(|l| l.start?.checked_add_signed(seconds(l.seconds?)?));
    let end = points.iter().filter_map(|p| p.0).chain(lap_ends).max();
    let timer: f64 = laps.iter().filter_map(|l| l.seconds).sum();
    let distance: f64 = laps.iter().filter_map(|l| l.metres).sum();

    // Lap averages weighted by lap time; the track points when no lap has one.
    let weighted: Vec<(f64, f64)> = laps.iter().filter_map(|l| Some((l.avg_hr?, l.seconds?))).collect();
    let lap_time: f64 = weighted.iter().map(|(_, s)| s).sum();
    let point_hr: Vec<f64> = points.iter().filter_map(|p| p.1).filter(|h| *h > 0.0).collect();
    let (point_avg, point_max) = mean_and_max(&point_hr);
    let avg_hr = if lap_time > 0.0 {
        Some(weighted.iter().map(|(hr, s)| hr * s).sum::<f64>() / lap_time)
    } else {
        point_avg
    };
    let max_hr = laps.iter().filter_map(|l| l.max_hr).reduce(f64::max).or(point_max);

    let sport = node.attribute("Sport").unwrap_or("Other").trim().to_string();
    let sport = if sport.is_empty() { "other".to_string() } else { sport };
    Ok(Activity {
        start,
        source_id: format!(
            "tcx:{}-{}",
            compact_utc(start),
            crate::sport::canonical(&sport).replace(' ', "_")
        ),
        sport,
        elapsed_s: end.map(|end| (end - start).num_milliseconds() as f64 / 1000.0),
        moving_s: (timer > 0.0).then_some(timer),
        distance_m: (distance > 0.0).then_some(distance),
        avg_hr,
        max_hr,
        temperature_c: None,
        name: child_text(node, &["Notes"]).map(str::to_string),
    })
}

trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    /// The element's name without its namespace: TCX files use the default namespace,
    /// but converters write prefixes too.
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

fn children<'a, 'input>(node: Node<'a, 'input>, name: &'a str) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |n| n.has_tag_name_local(name))
}

/// The trimmed text at a path of child elements, when not empty.
fn child_text<'a>(node: Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut current = node;
    for name in path {
        current = current.children().find(|n| n.has_tag_name_local(name))?;
    }
    current.text().map(str::trim).filter(|t| !t.is_empty())
}

fn number(text: Option<&str>) -> Option<f64> {
    text?.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `2026-01-09T15:00:00Z`, with an offset or fractional seconds; no zone means UTC.
fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.naive_utc())
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
}

/// A lap length; `None` for one no clock can hold (a damaged file).
fn seconds(s: f64) -> Option<chrono::TimeDelta> {
    chrono::TimeDelta::try_milliseconds((s * 1000.0).round() as i64)
}
