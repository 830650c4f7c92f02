//! GPX tracks (Strava, Garmin Connect, phone apps), read with the `gpx` crate.
//!
//! GPX has no totals: each track becomes one activity, measured from its points. The
//! elapsed time runs from the first to the last time stamp; the moving time adds the
//! gaps between neighbouring points of a segment covered at walking pace or faster
//! ([`MOVING_SPEED`]), so a stop at a crossing or a paused watch does not count; the
//! distance adds the great-circle steps inside each segment. The `gpx` crate skips
//! `<extensions>`, so heart rate and air temperature from Garmin's
//! TrackPointExtension (`<gpxtpx:hr>`, `<gpxtpx:atemp>`) are read by a second, light
//! pass with `roxmltree`, only when the file has them.
//!
//! The sport comes from the track's `<type>`: a name (`running`, `cycling`) or
//! Strava's number (9 is Run). Without one, a sport named in the track's name
//! ("Morning Run", "Lunch Walk") is used, else `other`.

use chrono::{DateTime, NaiveDateTime};

use super::{Activity, Parsed, Unreadable, compact_utc, mean_and_max, not_xml};

/// Slower than this (m/s, about 1.8 km/h) between two points is standing still.
const MOVING_SPEED: f64 = 0.5;
/// Mean Earth radius, metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// One timed track point.
struct Point {
    seconds: f64,
    lat: f64,
    lon: f64,
}

pub(super) fn read(bytes: &[u8]) -> Result<Parsed, Unreadable> {
    let bytes = trim_xml_start(bytes);
    if let Some(reason) = not_xml(bytes) {
        return Err(Unreadable::Gpx(reason));
    }
    super::xml::check_budget(bytes).map_err(Unreadable::Gpx)?;
    let document = ::gpx::read(bytes).map_err(|e| Unreadable::Gpx(e.to_string()))?;
    let sensors = if has_sensor_values(bytes) {
        sensor_values(bytes)
    } else {
        Vec::new()
    };
    let mut parsed = Parsed {
        layout: match &document.creator {
            Some(creator) if !creator.trim().is_empty() => format!("GPX track, {}", creator.trim()),
            _ => "GPX track".into(),
        },
        ..Parsed::default()
    };
    for (index, track) in document.tracks.iter().enumerate() {
        let segments: Vec<Vec<Point>> = track
            .segments
            .iter()
            .map(|segment| {
                segment
                    .points
                    .iter()
                    .filter_map(|p| {
                        let time = time::OffsetDateTime::from(p.time?);
                        let point = p.point();
                        Some(Point {
                            seconds: time.unix_timestamp_nanos() as f64 / 1e9,
                            lat: point.y(),
                            lon: point.x(),
                        })
                    })
                    .collect()
            })
            .collect();
        let mut times = segments.iter().flatten().map(|p| p.seconds);
        let Some(first) = times.next() else {
            continue; // a planned track without times is not a workout
        };
        let last = times.fold(first, f64::max);
        let start = DateTime::from_timestamp(first.floor() as i64, 0)
            .ok_or_else(|| Unreadable::Gpx(format!("track {} starts at an impossible time", index + 1)))?
            .naive_utc();
        let (distance_m, moving_s) = measure(&segments);
        let (heart_rates, temperatures) = sensors.get(index).map_or((&[][..], &[][..]), |(h, t)| (h, t));
        let (avg_hr, max_hr) = mean_and_max(heart_rates);
        let sport = sport_name(track.type_.as_deref(), track.name.as_deref());
        if sport == "other" {
            parsed
                .warnings
                .push(format!("track {} names no sport; recorded as \"other\"", index + 1));
        }
        parsed.activities.push(Activity {
            start,
            source_id: source_id(start, &sport),
            sport,
            elapsed_s: Some(last - first),
            moving_s: Some(moving_s),
            distance_m: Some(distance_m),
            avg_hr,
            max_hr,
            temperature_c: mean_and_max(temperatures).0,
            name: track.name.clone().filter(|n| !n.trim().is_empty()),
        });
    }
    if parsed.activities.is_empty() {
        return Err(Unreadable::NoActivity(
            "has no track with time stamps (a planned route or a list of waypoints is not a workout); nothing to import"
                .into(),
        ));
    }
    Ok(parsed)
}

/// `gpx:<start>-<sport>`: the same track exported twice has the same id.
fn source_id(start: NaiveDateTime, sport: &str) -> String {
    format!(
        "gpx:{}-{}",
        compact_utc(start),
        crate::sport::canonical(sport).replace(' ', "_")
    )
}

/// Distance (m) and moving time (s) over the steps inside each segment.
fn measure(segments: &[Vec<Point>]) -> (f64, f64) {
    let (mut distance, mut moving) = (0.0, 0.0);
    for segment in segments {
        for pair in segment.windows(2) {
            let step = haversine(&pair[0], &pair[1]);
            distance += step;
            let seconds = pair[1].seconds - pair[0].seconds;
            if seconds > 0.0 && step / seconds >= MOVING_SPEED {
                moving += seconds;
            }
        }
    }
    (distance, moving)
}

fn haversine(a: &Point, b: &Point) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat2 - lat1;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// The sport of a track: its `<type>`, else a sport its name ends with.
pub(super) fn sport_name(kind: Option<&str>, name: Option<&str>) -> String {
    let kind = kind.map(str::trim).filter(|k| !k.is_empty());
    match kind {
        // Strava writes its own activity numbers; 9 is Run. Others fall to the name.
        Some("9") => return "run".into(),
        // Garmin Connect writes FIT-style names: `road_biking`, `trail_running`.
        Some(k) if !k.bytes().all(|b| b.is_ascii_digit()) => return k.replace('_', " "),
        _ => {}
    }
    name.and_then(sport_in_name).unwrap_or("other").to_string()
}

/// "Morning Run" -> run, "Evening Weight Training" -> strength: the longest ending of
/// the name that is a known sport.
fn sport_in_name(name: &str) -> Option<&'static str> {
    const KNOWN: [&str; 7] = ["run", "ride", "swim", "strength", "walk", "hike", "row"];
    let words: Vec<&str> = name.split_whitespace().collect();
    (0..words.len()).find_map(|from| {
        let canonical = crate::sport::canonical(&words[from..].join(" "));
        KNOWN.into_iter().find(|k| *k == canonical)
    })
}

/// Skip a byte-order mark and leading white space: Strava's archive writes some XML
/// files with spaces before the declaration, which XML parsers refuse.
pub(super) fn trim_xml_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn has_sensor_values(bytes: &[u8]) -> bool {
    let needles: [&[u8]; 3] = [b"hr>", b"heartrate>", b"temp>"];
    needles.iter().any(|n| bytes.windows(n.len()).any(|w| w == *n))
}

/// Heart rates and temperatures of each track's points, from the extensions the `gpx`
/// crate skips: Garmin's TrackPointExtension (`hr`, `atemp`) and the older
/// `gpxdata:hr`/`gpxdata:temp`. Empty when the file is not well-formed XML.
fn sensor_values(bytes: &[u8]) -> Vec<(Vec<f64>, Vec<f64>)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(document) = roxmltree::Document::parse_with_options(text, super::xml::parsing_options()) else {
        return Vec::new();
    };
    document
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "trk")
        .map(|track| {
            let (mut heart_rates, mut temperatures) = (Vec::new(), Vec::new());
            for node in track.descendants().filter(|n| n.is_element()) {
                let value = || node.text().and_then(|t| t.trim().parse::<f64>().ok());
                match node.tag_name().name() {
                    "hr" | "heartrate" => heart_rates.extend(value().filter(|v| *v > 0.0)),
                    "atemp" | "temp" => temperatures.extend(value()),
                    _ => {}
                }
            }
            (heart_rates, temperatures)
        })
        .collect()
}
