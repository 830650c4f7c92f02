//! Any other spreadsheet, read through a column mapping the user gives:
//! `--map date="Start Time",sport=Type,duration=Time,distance_mi=Miles`.
//!
//! Keys name the history field, and a suffix the unit when it is not the history's:
//! `duration` takes `1:05:00`, `1h 5m` or a number of minutes; `duration_s` seconds;
//! `duration_h` hours; `distance` km, `distance_m` metres, `distance_mi` miles;
//! `tonnage` kg, `tonnage_lb` pounds. Dates may be ISO, month names or numbers, whose
//! day/month order is read from the whole file; numbers may use thousands separators
//! and decimal commas.

use std::fmt;

use super::dates::{self, DayOrder};
use super::table::{Record, Table};
use super::units::{KG_PER_LB, KM_PER_MILE, positive};
use super::{Context, Converted, RowOutcome, duration};
use crate::error::{Error, Result};

/// A history field a spreadsheet column can be mapped to, with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Sport,
    Duration,
    DurationSeconds,
    DurationHours,
    DistanceKm,
    DistanceMetres,
    DistanceMiles,
    Rpe,
    AvgHr,
    TonnageKg,
    TonnageLb,
    Temperature,
    Humidity,
    Notes,
    SourceId,
    Athlete,
    MuscleGroups,
}

/// Every key with its field; the first key of a field is the one documented.
const KEYS: &[(&str, Field)] = &[
    ("date", Field::Date),
    ("sport", Field::Sport),
    ("duration", Field::Duration),
    ("duration_min", Field::Duration),
    ("duration_s", Field::DurationSeconds),
    ("duration_sec", Field::DurationSeconds),
    ("duration_h", Field::DurationHours),
    ("distance", Field::DistanceKm),
    ("distance_km", Field::DistanceKm),
    ("distance_m", Field::DistanceMetres),
    ("distance_mi", Field::DistanceMiles),
    ("rpe", Field::Rpe),
    ("avg_hr", Field::AvgHr),
    ("hr", Field::AvgHr),
    ("tonnage", Field::TonnageKg),
    ("tonnage_kg", Field::TonnageKg),
    ("tonnage_lb", Field::TonnageLb),
    ("temperature", Field::Temperature),
    ("temperature_c", Field::Temperature),
    ("humidity", Field::Humidity),
    ("humidity_pct", Field::Humidity),
    ("notes", Field::Notes),
    ("source_id", Field::SourceId),
    ("id", Field::SourceId),
    ("athlete", Field::Athlete),
    ("muscle_groups", Field::MuscleGroups),
];

/// A column mapping: history field -> spreadsheet column name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnMap {
    entries: Vec<(String, Field, String)>,
}

impl ColumnMap {
    /// Parse `key=Column,key="Column, with comma",...`; may be called once per `--map`.
    pub fn parse(text: &str) -> Result<ColumnMap, String> {
        let mut map = ColumnMap::default();
        map.extend(text)?;
        Ok(map)
    }

    /// Add the pairs of another `--map` argument.
    pub fn extend(&mut self, text: &str) -> Result<(), String> {
        for pair in split_pairs(text) {
            let pair = pair.trim();
            if pair.is_empty() {
                continue;
            }
            let (key, column) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?} is not key=column; e.g. date=\"Start Time\""))?;
            let key = key.trim().to_lowercase();
            let field = KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, f)| *f)
                .ok_or_else(|| format!("{key:?} is not a field; expected one of {}", key_list()))?;
            let column = column.trim().trim_matches('"').to_string();
            if column.is_empty() {
                return Err(format!("{key}= names no column"));
            }
            if let Some((other, _, _)) = self.entries.iter().find(|(_, f, _)| same_slot(*f, field)) {
                return Err(format!("{key} and {other} both set the same field; keep one"));
            }
            self.entries.push((key, field, column));
        }
        Ok(())
    }

    fn column(&self, field: Field) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .find(|(_, f, _)| *f == field)
            .map(|(k, _, c)| (k.as_str(), c.as_str()))
    }
}

impl fmt::Display for ColumnMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self.entries.iter().map(|(k, _, c)| format!("{k}={c:?}")).collect();
        f.write_str(&pairs.join(","))
    }
}

/// Fields that fill the same history column (duration in any unit, ...).
fn same_slot(a: Field, b: Field) -> bool {
    use Field::*;
    let slot = |f: Field| match f {
        Duration | DurationSeconds | DurationHours => 1,
        DistanceKm | DistanceMetres | DistanceMiles => 2,
        TonnageKg | TonnageLb => 3,
        _ => 0,
    };
    a == b || (slot(a) != 0 && slot(a) == slot(b))
}

fn key_list() -> String {
    let mut keys: Vec<&str> = Vec::new();
    for (key, field) in KEYS {
        if !KEYS.iter().any(|(k, f)| f == field && keys.contains(k)) {
            keys.push(key);
        }
    }
    keys.join(", ")
}

/// Split on commas outside double quotes.
fn split_pairs(text: &str) -> Vec<String> {
    let mut pairs = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                pairs.last_mut().expect("never empty").push(c);
            }
            ',' if !quoted => pairs.push(String::new()),
            _ => pairs.last_mut().expect("never empty").push(c),
        }
    }
    pairs
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let map = context.options.mapping.clone().ok_or_else(|| {
        Error::Invalid("--format generic needs --map, e.g. --map date=\"Start Time\",sport=Type,duration=Time".into())
    })?;
    let column = |field: Field| -> Result<Option<usize>> {
        let Some((key, name)) = map.column(field) else {
            return Ok(None);
        };
        table.header.find(name).map(Some).ok_or_else(|| Error::Line {
            path: table.path.clone(),
            line: table.header.line,
            message: format!(
                "--map {key}={shown}: the file has no column {shown}; its columns are {}",
                column_list(table.header.names()),
                shown = crate::error::shown(name),
            ),
        })
    };
    let date = column(Field::Date)?;
    let sport = column(Field::Sport)?;
    let durations = [
        (column(Field::Duration)?, 0),
        (column(Field::DurationSeconds)?, 1),
        (column(Field::DurationHours)?, 2),
    ];
    let duration_column = durations.iter().find(|(c, _)| c.is_some()).copied();
    let (Some(_), Some(_), Some((duration_column, duration_unit))) = (date, sport, duration_column) else {
        return Err(Error::Invalid(format!(
            "--map must name the date, sport and duration columns (got {map}); e.g. \
             --map date=\"Start Time\",sport=Type,duration=Time"
        )));
    };
    let distance = [
        (column(Field::DistanceKm)?, 1.0),
        (column(Field::DistanceMetres)?, 0.001),
        (column(Field::DistanceMiles)?, KM_PER_MILE),
    ]
    .into_iter()
    .find(|(c, _)| c.is_some());
    let tonnage = [(column(Field::TonnageKg)?, 1.0), (column(Field::TonnageLb)?, KG_PER_LB)]
        .into_iter()
        .find(|(c, _)| c.is_some());
    let rpe = column(Field::Rpe)?;
    let avg_hr = column(Field::AvgHr)?;
    let temperature = column(Field::Temperature)?;
    let humidity = column(Field::Humidity)?;
    let notes = column(Field::Notes)?;
    let source_id = column(Field::SourceId)?;
    let athlete = column(Field::Athlete)?;
    let muscle_groups = column(Field::MuscleGroups)?;

    let mark = table.decimal_mark(&[
        duration_column,
        distance.and_then(|d| d.0),
        tonnage.and_then(|t| t.0),
        rpe,
        avg_hr,
        temperature,
        humidity,
    ]);
    let order = DayOrder::detect(table.column_values(date));
    let mut out = Converted::new(format!("mapping {map}"));
    if order.guessed
        && let Some(example) = table.column_values(date).find(|d| d.contains('/'))
    {
        out.warnings.push(format!(
            "{}: dates such as {example:?} could be day/month or month/day and no date in the file tells; \
             read as day/month",
            table.path.display()
        ));
    }
    let number = |r: &Record, c: Option<usize>| r.number(c, mark);
    out.rows(table, |r| {
        let day = dates::parse(r.text(date), order.order).map(|s| s.date).ok_or_else(|| {
            r.error(
                date,
                "is not a date; expected e.g. 2026-01-05, 05/01/2026 or 5 Jan 2026",
            )
        })?;
        let sport_name = r
            .non_empty(sport)
            .ok_or_else(|| r.error(sport, "is empty; expected a sport"))?;
        let minutes = match duration_unit {
            0 => duration::any_minutes(r.text(duration_column), mark)
                .map_err(|()| r.error(duration_column, "is not a duration; expected 1:05:00, 1h 5m or minutes"))?,
            1 => number(&r, duration_column)?.map(duration::from_seconds),
            _ => number(&r, duration_column)?.map(duration::from_hours),
        };
        let minutes = minutes.ok_or_else(|| r.error(duration_column, "is empty; expected the duration"))?;
        let mut s = context.session(day, sport_name, minutes);
        if let Some((c, factor)) = distance {
            s.distance_km = positive(number(&r, c)?.map(|d| d * factor));
        }
        if let Some((c, factor)) = tonnage {
            s.tonnage_kg = number(&r, c)?.map(|t| t * factor);
        }
        s.rpe = number(&r, rpe)?;
        s.avg_hr = number(&r, avg_hr)?;
        s.temperature_c = number(&r, temperature)?;
        s.humidity_pct = number(&r, humidity)?;
        s.notes = r.non_empty(notes).map(str::to_string);
        s.source_id = r.non_empty(source_id).map(str::to_string);
        if let Some(name) = r.non_empty(athlete) {
            s.athlete = crate::history::Name::from(name);
        }
        s.muscle_groups = r
            .text(muscle_groups)
            .split([';', ','])
            .map(|g| g.trim().to_lowercase())
            .filter(|g| !g.is_empty())
            .collect();
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

/// The header's names for a message: each quoted and cut short, and at most
/// [`LISTED_COLUMNS`] of them (a header can have thousands).
fn column_list(names: &[String]) -> String {
    const LISTED_COLUMNS: usize = 40;
    // Escaped names can be several times longer than written: the list stops at
    // about 1,500 bytes so the message stays readable whatever the header.
    const LISTED_BYTES: usize = 1500;
    let mut list: Vec<String> = Vec::new();
    let mut bytes = 0;
    for n in names.iter().take(LISTED_COLUMNS) {
        let shown = crate::error::shown(n);
        if bytes + shown.len() > LISTED_BYTES {
            break;
        }
        bytes += shown.len() + 2;
        list.push(shown);
    }
    if list.len() < names.len() {
        list.push(format!("... ({} columns)", names.len()));
    }
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_parse_with_quotes_and_units() {
        let map =
            ColumnMap::parse("date=\"Start Time\", sport=Type,duration_s=\"Secs, moving\",distance_mi=Miles").unwrap();
        assert_eq!(map.column(Field::Date), Some(("date", "Start Time")));
        assert_eq!(map.column(Field::DurationSeconds), Some(("duration_s", "Secs, moving")));
        assert_eq!(map.column(Field::DistanceMiles), Some(("distance_mi", "Miles")));
        assert_eq!(
            map.to_string(),
            "date=\"Start Time\",sport=\"Type\",duration_s=\"Secs, moving\",distance_mi=\"Miles\""
        );
    }

    #[test]
    fn bad_mappings_say_what_is_expected() {
        let e = ColumnMap::parse("when=Date").unwrap_err();
        assert!(
            e.starts_with("\"when\" is not a field; expected one of date, sport, duration, duration_s"),
            "{e}"
        );
        assert!(ColumnMap::parse("date").unwrap_err().contains("is not key=column"));
        assert_eq!(
            ColumnMap::parse("duration=Time,duration_s=Secs").unwrap_err(),
            "duration_s and duration both set the same field; keep one"
        );
    }

    #[test]
    fn a_semicolon_sheet_with_decimal_commas_and_day_first_dates() {
        use crate::import::ImportOptions;
        use crate::import::tests::support::*;
        let options = ImportOptions {
            mapping: Some(
                ColumnMap::parse("date=Start Time,sport=Type,duration=Time,distance=Km,avg_hr=Avg HR,notes=Notes")
                    .unwrap(),
            ),
            ..sydney()
        };
        let file = import("generic_sheet.csv", &options);
        assert_eq!(
            shown(&file),
            [
                "me | 2026-01-05 | run | 45.17 | 8.52 | - | 150 | - | - | - | - | Easy | -",
                "me | 2026-01-06 | ride | 90 | 40.1 | - | - | - | - | - | - | Commute, both ways | -",
                // A plain number is minutes.
                "me | 2026-01-13 | run | 45 | 8 | - | - | - | - | - | - | - | -",
            ]
        );
        assert_eq!(
            rejections(&file),
            ["generic_sheet.csv:5: column Time: \"soon\" is not a duration; expected 1:05:00, 1h 5m or minutes"]
        );
    }

    #[test]
    fn a_mapped_column_the_file_lacks_is_named() {
        let options = crate::import::ImportOptions {
            mapping: Some(ColumnMap::parse("date=When,sport=Type,duration=Time").unwrap()),
            ..crate::import::ImportOptions::default()
        };
        let e = crate::import::parse(
            std::path::Path::new("s.csv"),
            b"Date,Type,Time\n2026-01-05,Run,30\n",
            &options,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "s.csv:1: --map date=\"When\": the file has no column \"When\"; its columns are \"Date\", \"Type\", \"Time\""
        );
    }
}
