//! Strava's bulk export `activities.csv`, in three shapes:
//!
//! * the current layout (2019 on; 79 to 101 columns over the years) with English,
//!   German or French headers. Names repeat (`Elapsed Time`, `Distance`), so columns
//!   are looked up by name and occurrence. `Activity Date` is UTC and becomes the
//!   athlete's local day through the time zone option. The duration is `Moving Time`
//!   (a watch paused at a cafe is not training), else the elapsed time; the distance
//!   is the second `Distance`, in metres (the first one is km, but metres for swims);
//! * the pre-2019 layout `id,date,name,type,description,elapsed_time,distance,...`
//!   with ISO UTC dates and metres;
//! * CSV dumps of the Strava API (`start_date_local`, `moving_time`, ...), read by
//!   [`intervals::convert_api`](super::intervals::convert_api).

use super::dates::{self, DayOrder};
use super::number::DecimalMark;
use super::table::{Header, Record, Table};
use super::units::positive;
use super::{Context, Converted, Format, RowOutcome, duration, intervals, join_notes, missing_column};
use crate::error::Result;
use crate::history::Session;

/// Column names of the current layout in one language.
struct Names {
    language: &'static str,
    id: &'static str,
    date: &'static str,
    name: &'static str,
    kind: &'static str,
    description: &'static str,
    elapsed: &'static str,
    moving: &'static str,
    distance: &'static str,
    avg_hr: &'static str,
    exertion: &'static str,
    weather_temperature: &'static str,
    average_temperature: &'static str,
    humidity: &'static str,
}

const ENGLISH: Names = Names {
    language: "English",
    id: "Activity ID",
    date: "Activity Date",
    name: "Activity Name",
    kind: "Activity Type",
    description: "Activity Description",
    elapsed: "Elapsed Time",
    moving: "Moving Time",
    distance: "Distance",
    avg_hr: "Average Heart Rate",
    exertion: "Perceived Exertion",
    weather_temperature: "Weather Temperature",
    average_temperature: "Average Temperature",
    humidity: "Humidity",
};

const GERMAN: Names = Names {
    language: "German",
    id: "Aktivitäts-ID",
    date: "Aktivitätsdatum",
    name: "Name der Aktivität",
    kind: "Aktivitätsart",
    description: "Aktivitätsbeschreibung",
    elapsed: "Verstrichene Zeit",
    moving: "Bewegungszeit",
    distance: "Distanz",
    avg_hr: "Durchschnittliche Herzfrequenz",
    exertion: "Gefühlte Anstrengung",
    weather_temperature: "Wetter: Temperatur",
    average_temperature: "Durchschnittliche Temperatur",
    humidity: "Luftfeuchtigkeit",
};

/// The French names after `Distance` in the first block were not seen in a real file;
/// a missing optional column only leaves that value empty.
const FRENCH: Names = Names {
    language: "French",
    id: "ID de l'activité",
    date: "Date de l'activité",
    name: "Nom de l'activité",
    kind: "Type d'activité",
    description: "Description de l'activité",
    elapsed: "Temps écoulé",
    moving: "Durée de déplacement",
    distance: "Distance",
    avg_hr: "Fréquence cardiaque moyenne",
    exertion: "Effort perçu",
    weather_temperature: "Température météo",
    average_temperature: "Température moyenne",
    humidity: "Humidité",
};

const LANGUAGES: [&Names; 3] = [&ENGLISH, &GERMAN, &FRENCH];

/// The pre-2019 layout.
const OLD_LAYOUT: [&str; 6] = ["id", "date", "type", "elapsed_time", "distance", "filename"];

pub(super) fn recognises(header: &Header) -> bool {
    LANGUAGES.iter().any(|n| header.has_all(&[n.id, n.date])) || header.has_all(&OLD_LAYOUT) || is_api_dump(header)
}

fn is_api_dump(header: &Header) -> bool {
    header.has("start_date_local")
        && (header.has("moving_time") || header.has("elapsed_time"))
        && (header.has("type") || header.has("sport_type"))
        && !header.has_prefix("icu_")
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let header = &table.header;
    if let Some(names) = LANGUAGES.iter().find(|n| header.has_all(&[n.id, n.date])) {
        convert_current(table, context, names)
    } else if header.has_all(&OLD_LAYOUT) {
        convert_old(table, context)
    } else if is_api_dump(header) {
        intervals::convert_api(table, context, intervals::Source::StravaApi)
    } else {
        Err(missing_column(table, Format::Strava, &[ENGLISH.id, ENGLISH.date]))
    }
}

/// Columns of the current layout.
struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    name: Option<usize>,
    kind: Option<usize>,
    description: Option<usize>,
    first_elapsed: Option<usize>,
    second_elapsed: Option<usize>,
    moving: Option<usize>,
    first_distance: Option<usize>,
    second_distance: Option<usize>,
    avg_hr: Option<usize>,
    exertion: Option<usize>,
    weather_temperature: Option<usize>,
    average_temperature: Option<usize>,
    humidity: Option<usize>,
}

fn convert_current(table: &Table, context: &Context, names: &Names) -> Result<Converted> {
    let h = &table.header;
    let c = Columns {
        id: h.find(names.id),
        date: h.find(names.date),
        name: h.find(names.name),
        kind: h.find(names.kind),
        description: h.find(names.description),
        first_elapsed: h.find_nth(names.elapsed, 1),
        second_elapsed: h.find_nth(names.elapsed, 2),
        moving: h.find(names.moving),
        first_distance: h.find_nth(names.distance, 1),
        second_distance: h.find_nth(names.distance, 2),
        avg_hr: h.find(names.avg_hr),
        exertion: h.find(names.exertion),
        weather_temperature: h.find(names.weather_temperature),
        average_temperature: h.find(names.average_temperature),
        humidity: h.find(names.humidity),
    };
    if c.kind.is_none() {
        return Err(missing_column(table, Format::Strava, &[names.kind]));
    }
    if c.first_elapsed.is_none() && c.moving.is_none() {
        return Err(missing_column(table, Format::Strava, &[names.moving, names.elapsed]));
    }
    // The first Distance block is the only one written in the account's locale.
    let first_distance_mark = table.decimal_mark(&[c.first_distance]);
    let mut out = Converted::new(format!("{} headers, {} columns", names.language, h.len()));
    out.rows(table, |r| {
        let date = utc_day(&r, c.date, context)?;
        let sport = r
            .non_empty(c.kind)
            .ok_or_else(|| r.error(c.kind, "is empty; expected the activity type"))?;
        let minutes = first_present(&r, &[c.moving, c.second_elapsed, c.first_elapsed])?
            .map(duration::from_seconds)
            .ok_or_else(|| r.line_error("has no moving or elapsed time"))?;
        let mut s = context.session(date, sport, minutes);
        s.distance_km = match r.number(c.second_distance, DecimalMark::Dot)? {
            Some(metres) => positive(Some(metres / 1000.0)),
            None => {
                // Only the summary column: km, except swims, which Strava writes in metres.
                let value = r.number(c.first_distance, first_distance_mark)?;
                positive(value.map(|v| if s.sport == "swim" { v / 1000.0 } else { v }))
            }
        };
        fill_common(&mut s, &r, &c)?;
        s.notes = join_notes([r.text(c.name), r.text(c.description)]);
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

/// Heart rate, perceived exertion, weather and id.
fn fill_common(s: &mut Session, r: &Record, c: &Columns) -> Result<()> {
    s.avg_hr = r.number(c.avg_hr, DecimalMark::Dot)?;
    s.rpe = r.number(c.exertion, DecimalMark::Dot)?;
    // The weather at the start is the air the athlete ran in; the device's own
    // sensor reads warm from the body, so it only stands in when there is no weather.
    s.temperature_c = match r.number(c.weather_temperature, DecimalMark::Dot)? {
        Some(t) => Some(t),
        None => r.number(c.average_temperature, DecimalMark::Dot)?,
    };
    // Strava writes humidity as a fraction (0.85).
    s.humidity_pct = r
        .number(c.humidity, DecimalMark::Dot)?
        .map(|h| if h <= 1.0 { h * 100.0 } else { h });
    s.source_id = r.non_empty(c.id).map(|id| format!("strava:{id}"));
    Ok(())
}

/// The first of `columns` with a positive number of seconds.
fn first_present(r: &Record, columns: &[Option<usize>]) -> Result<Option<f64>> {
    for &column in columns {
        if let Some(seconds) = r.number(column, DecimalMark::Dot)?
            && seconds > 0.0
        {
            return Ok(Some(seconds));
        }
    }
    Ok(None)
}

/// `Activity Date` (UTC) as the athlete's local calendar day.
fn utc_day(r: &Record, column: Option<usize>, context: &Context) -> Result<chrono::NaiveDate> {
    let stamp = dates::parse(r.text(column), DayOrder::DayFirst).ok_or_else(|| {
        r.error(
            column,
            "is not a date; expected Strava's \"Mar 25, 2024, 6:01:54 AM\" (or a localised form such as \"09.12.2022, 15:24:49\")",
        )
    })?;
    Ok(match stamp.time {
        Some(_) => context.options.zone.local_date(stamp.datetime()),
        None => stamp.date,
    })
}

fn convert_old(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let c = Columns {
        id: h.find("id"),
        date: h.find("date"),
        name: h.find("name"),
        kind: h.find("type"),
        description: h.find("description"),
        first_elapsed: h.find("elapsed_time"),
        second_elapsed: None,
        moving: h.find("moving_time"),
        first_distance: None,
        second_distance: h.find("distance"),
        avg_hr: h.find("average_heartrate"),
        exertion: None,
        weather_temperature: None,
        average_temperature: None,
        humidity: None,
    };
    let mut out = Converted::new("pre-2019 layout");
    out.rows(table, |r| {
        let date = utc_day(&r, c.date, context)?;
        let sport = r
            .non_empty(c.kind)
            .ok_or_else(|| r.error(c.kind, "is empty; expected the activity type"))?;
        let minutes = first_present(&r, &[c.moving, c.first_elapsed])?
            .map(duration::from_seconds)
            .ok_or_else(|| r.error(c.first_elapsed, "is not a positive number of seconds"))?;
        let mut s = context.session(date, sport, minutes);
        s.distance_km = positive(r.number(c.second_distance, DecimalMark::Dot)?.map(|m| m / 1000.0));
        fill_common(&mut s, &r, &c)?;
        s.notes = join_notes([r.text(c.name), r.text(c.description)]);
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;
    use crate::import::{Format, ImportOptions};

    #[test]
    fn current_english_layout_field_by_field() {
        let file = import("strava_activities.csv", &sydney());
        assert_eq!(file.format, Format::Strava);
        assert_eq!(file.layout, "English headers, 99 columns");
        assert_eq!(file.rows_read, 7);
        assert_eq!(
            shown(&file),
            [
                // 19:30 UTC on the 4th is the morning of the 5th in Sydney; moving time, 2nd Distance,
                // weather temperature, humidity fraction as percent.
                "me | 2026-01-05 | run | 50.17 | 10.021 | 6 | 151.3 | - | - | 24.5 | 68 | Morning Run | strava:16540012345",
                // "1,250" metres in the first Distance; the second one (1250.0 m) is used.
                "me | 2026-01-06 | swim | 43.85 | 1.25 | - | 142 | - | - | - | - | Morning Swim | strava:16551234567",
                // No moving time: the elapsed time; a multi-line description; device temperature.
                "me | 2026-01-08 | ride | 136.12 | 45.195 | - | 139 | - | - | 31 | - | Hill repeats, part 2 - Legs heavy after Tuesday.\n5x \"Col du Café\" — 8 min each,\nhot and humid 🥵 | strava:16562345678",
                "me | 2026-01-09 | strength | 60 | - | 7 | - | - | - | - | - | Evening Weight Training | strava:16573456789",
                "me | 2026-01-02 | ride | 45 | 21.5 | - | 132 | - | - | - | - | Zwift - Watopia | strava:16584567890",
                "me | 2026-01-10 | football (soccer) | 65.12 | 5.9 | - | 145 | - | - | - | - | Afternoon Football (Soccer) | strava:16606789012",
            ]
        );
        assert_eq!(
            rejections(&file),
            [
                "strava_activities.csv:9: column Activity Date: \"yesterday\" is not a date; expected Strava's \"Mar 25, 2024, 6:01:54 AM\" (or a localised form such as \"09.12.2022, 15:24:49\")"
            ]
        );
        assert_eq!(file.rows_read, file.sessions.len() + file.rejected.len());
    }

    #[test]
    fn the_time_zone_decides_the_day() {
        let utc = ImportOptions {
            zone: "UTC".parse().unwrap(),
            ..sydney()
        };
        let file = import("strava_activities.csv", &utc);
        assert_eq!(file.sessions[0].date.to_string(), "2026-01-04");
        let la = ImportOptions {
            zone: "America/Los_Angeles".parse().unwrap(),
            ..sydney()
        };
        // 6:01 UTC on the 6th is the evening of the 5th in California.
        assert_eq!(
            import("strava_activities.csv", &la).sessions[1].date.to_string(),
            "2026-01-05"
        );
    }

    #[test]
    fn layout_2021_with_crlf_and_html_in_the_header() {
        let file = import("strava_activities_2021.csv", &sydney());
        assert_eq!(file.layout, "English headers, 79 columns");
        assert_eq!(
            shown(&file),
            [
                "me | 2021-03-22 | run | 36.68 | 6.013 | - | 155 | - | - | - | - | Night Run | strava:5012345678",
                "me | 2021-03-23 | walk | 27.5 | 2.4 | - | - | - | - | - | - | Morning Walk | strava:5023456789",
            ]
        );
    }

    #[test]
    fn german_export_with_decimal_comma_summary_distances() {
        let file = import("strava_activities_de.csv", &sydney());
        assert_eq!(file.layout, "German headers, 60 columns");
        assert_eq!(
            shown(&file),
            [
                "me | 2022-12-10 | run | 55.03 | 9.443 | - | 149 | - | - | 2.5 | 91 | Lauf am Nachmittag | strava:8241234567",
                // 23:40 UTC is the next morning in Sydney.
                "me | 2022-12-11 | ride | 85 | 40.2 | - | - | - | - | - | - | Radfahrt am Abend | strava:8252345678",
            ]
        );
    }

    #[test]
    fn pre_2019_layout() {
        let file = import("strava_activities_2018.csv", &sydney());
        assert_eq!(file.layout, "pre-2019 layout");
        assert_eq!(
            shown(&file),
            [
                "me | 2018-11-28 | ride | 24.47 | 6.075 | - | - | - | - | - | - | Evening Ride | strava:1988225457",
                "me | 2018-11-29 | ride | 24.15 | 5.869 | - | - | - | - | - | - | Morning Ride | strava:1992478096",
                "me | 2018-11-30 | run | 23.78 | 4.563 | - | - | - | - | - | - | Morning Run - Easy, with \"strides\" | strava:1992479540",
            ]
        );
    }

    #[test]
    fn api_dumps_use_local_start_dates() {
        let text = "id,name,sport_type,start_date,start_date_local,distance,moving_time,elapsed_time,average_heartrate\n\
                    10501,Lunch Run,TrailRun,2024-02-06T17:20:32Z,2024-02-06T18:20:32Z,8012.6,2400,2500,148.2\n";
        let file = crate::import::parse(std::path::Path::new("api.csv"), text.as_bytes(), &sydney()).unwrap();
        assert_eq!(file.layout, "Strava API dump, 9 columns");
        assert_eq!(
            shown(&file),
            ["me | 2024-02-06 | run | 40 | 8.013 | - | 148.2 | - | - | - | - | Lunch Run | strava:10501"]
        );
    }
}
