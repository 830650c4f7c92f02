//! FIT activity files (Garmin, Wahoo, Coros, Zwift, ...), decoded with `fitparser`.
//!
//! A FIT activity ends with a `session` message per workout (several in a multisport
//! file) that holds the totals: start time, sport, elapsed, timer and moving time,
//! distance, heart rate and temperature. Only the messages that matter are decoded —
//! `file_id`, `session` and the developer-field descriptions — so the thousands of
//! one-second `record` messages cost a parse but no decoding. The source id is the
//! device's serial number and the file's creation time, the same whichever way the
//! file reached the user (off the watch, Garmin Connect, a Strava archive).

use chrono::NaiveDateTime;
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};

use super::{Activity, Parsed, Unreadable, compact_utc};

/// Global message numbers decoded; everything else is only parsed.
fn wanted(global: u16) -> bool {
    [
        MesgNum::FileId,
        MesgNum::Session,
        MesgNum::FieldDescription,
        MesgNum::DeveloperDataId,
    ]
    .iter()
    .any(|m| m.as_u16() == global)
}

/// The `file_id` message: what kind of file, which device, when.
#[derive(Debug, Default)]
struct FileId {
    kind: Option<String>,
    manufacturer: Option<String>,
    product: Option<String>,
    serial: Option<u64>,
    created: Option<NaiveDateTime>,
}

pub(super) fn read(bytes: &[u8]) -> Result<Parsed, Unreadable> {
    check_headers(bytes)?;
    // fitparser is written for well-formed files and can still panic on a damaged one
    // that passes the header check: one bad file must not end an import of thousands.
    std::panic::catch_unwind(|| decode(bytes))
        .unwrap_or_else(|_| Err(Unreadable::Fit("it is damaged (the decoder gave up)".into())))
}

/// Walk the headers of the FIT file (or chain of files) in `bytes`: each must say
/// `.FIT`, have a 12- or 14-byte header, and fit, with its data and CRC, in what is
/// there. This tells a cut-short download in plain words, and keeps headers the decoder
/// cannot handle away from it.
fn check_headers(bytes: &[u8]) -> Result<(), Unreadable> {
    let mut at = 0usize;
    while at < bytes.len() {
        let header = &bytes[at..];
        if header.len() < 12 || &header[8..12] != b".FIT" {
            return Err(Unreadable::Fit(if at == 0 {
                "it does not start with a FIT header".into()
            } else {
                format!("{} bytes after its end are not another FIT file", header.len())
            }));
        }
        let header_size = usize::from(header[0]);
        if header_size != 12 && header_size != 14 {
            return Err(Unreadable::Fit(format!(
                "its header size {header_size} is not 12 or 14"
            )));
        }
        let data_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let end = at
            .saturating_add(header_size)
            .saturating_add(data_size)
            .saturating_add(2);
        if end > bytes.len() {
            return Err(Unreadable::Fit(format!(
                "it ends early: its header announces {} bytes, the file has {} (cut short in a download or copy?)",
                end,
                bytes.len()
            )));
        }
        check_field_sizes(&bytes[at + header_size..end - 2])?;
        at = end;
    }
    Ok(())
}

/// Walk the messages of one FIT file's data the way fitparser will, and refuse a
/// field definition whose size is not a whole number of its type's values: fitparser
/// would print an `ERROR:` line to stderr for it and read on, and a library that
/// imports thousands of files must not write to the terminal. Anything else odd (a
/// data message without a definition, a message past the end) is left to fitparser,
/// which reports it as an error.
fn check_field_sizes(data: &[u8]) -> Result<(), Unreadable> {
    let mut message_sizes = [None::<usize>; 16];
    let mut at = 0;
    while let Some(&header) = data.get(at) {
        at += 1;
        if header & 0x80 != 0 || header & 0x40 == 0 {
            // A data message (compressed time stamp header, or normal).
            let local = if header & 0x80 != 0 {
                (header >> 5) & 0x3
            } else {
                header & 0xF
            };
            let Some(size) = message_sizes[usize::from(local)] else {
                return Ok(());
            };
            at += size;
            continue;
        }
        // A definition: reserved, architecture, global number (2), field count, fields.
        let Some(&count) = data.get(at + 4) else {
            return Ok(());
        };
        at += 5;
        let mut size = 0usize;
        for _ in 0..count {
            let Some(field) = data.get(at..at + 3) else {
                return Ok(());
            };
            let (field_size, base_type) = (usize::from(field[1]), field[2] & 0x9f);
            let value_size = match base_type {
                131 | 132 | 139 => 2,
                133 | 134 | 136 | 140 => 4,
                137 | 142 | 143 | 144 => 8,
                _ => 1,
            };
            if field_size % value_size != 0 {
                return Err(Unreadable::Fit(format!(
                    "it is damaged: field {} is {field_size} bytes, not whole {value_size}-byte values",
                    field[0]
                )));
            }
            size += field_size;
            at += 3;
        }
        if header & 0x20 != 0 {
            let Some(&developer_count) = data.get(at) else {
                return Ok(());
            };
            at += 1;
            for _ in 0..developer_count {
                let Some(field) = data.get(at..at + 3) else {
                    return Ok(());
                };
                size += usize::from(field[1]);
                at += 3;
            }
        }
        message_sizes[usize::from(header & 0xF)] = Some(size);
    }
    Ok(())
}

fn decode(bytes: &[u8]) -> Result<Parsed, Unreadable> {
    let mut processor = FitStreamProcessor::new();
    let mut file_id: Option<FileId> = None;
    let mut sessions = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (next, object) = processor.deserialize_next(rest).map_err(|e| problem(&e))?;
        if next.len() >= rest.len() {
            return Err(Unreadable::Fit("the decoder made no progress".into()));
        }
        rest = next;
        match object {
            // The end of one FIT file; chained files follow with a header of their own.
            FitObject::Crc(_) => processor.reset(),
            FitObject::DataMessage(message) if wanted(message.global_message_number()) => {
                let record = processor.decode_message(message).map_err(|e| problem(&e))?;
                match record.kind() {
                    MesgNum::FileId if file_id.is_none() => file_id = Some(read_file_id(&record)),
                    MesgNum::Session => sessions.push(record),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let file_id = file_id.ok_or_else(|| Unreadable::Fit("it has no file_id message".into()))?;
    let kind = file_id.kind.as_deref().unwrap_or("activity");
    if kind != "activity" {
        return Err(Unreadable::NoActivity(format!(
            "is a FIT {} file, not an activity; nothing to import",
            kind.replace('_', " ")
        )));
    }
    if sessions.is_empty() {
        return Err(Unreadable::NoActivity(
            "is a FIT activity without a session summary (recording not finished?); nothing to import".into(),
        ));
    }
    let mut parsed = Parsed {
        layout: layout(&file_id),
        ..Parsed::default()
    };
    let multisport = sessions.len() > 1;
    for (index, record) in sessions.iter().enumerate() {
        let sport = sport_name(text(record, "sport"), text(record, "sub_sport"));
        if sport == "transition" {
            parsed.skipped += 1;
            continue;
        }
        let start = time(record, "start_time")
            .or_else(|| {
                let end = time(record, "timestamp")?;
                let elapsed = number(record, "total_elapsed_time")?;
                Some(end - chrono::Duration::milliseconds((elapsed * 1000.0) as i64))
            })
            .ok_or_else(|| Unreadable::Fit(format!("session {} has no start time", index + 1)))?;
        let mut source_id = source_id(&file_id, start);
        if multisport && index > 0 {
            source_id.push_str(&format!("/{}", index + 1));
        }
        parsed.activities.push(Activity {
            start,
            sport,
            elapsed_s: number(record, "total_elapsed_time"),
            // Timer time is what the athlete had running; some devices add a moving time
            // that also drops standing still with the timer on. The smaller one counts.
            moving_s: match (number(record, "total_timer_time"), number(record, "total_moving_time")) {
                (Some(timer), Some(moving)) if moving > 0.0 => Some(timer.min(moving)),
                (timer, moving) => timer.or(moving),
            },
            distance_m: number(record, "total_distance"),
            avg_hr: number(record, "avg_heart_rate"),
            max_hr: number(record, "max_heart_rate"),
            temperature_c: number(record, "avg_temperature"),
            name: None,
            source_id,
        });
    }
    Ok(parsed)
}

fn read_file_id(record: &FitDataRecord) -> FileId {
    FileId {
        kind: text(record, "type"),
        manufacturer: text(record, "manufacturer"),
        // The product is named after its manufacturer's list (`garmin_product`, ...).
        product: record
            .fields()
            .iter()
            .find(|f| f.name().ends_with("product") && f.name() != "product_name")
            .map(|f| f.value().to_string()),
        serial: record
            .fields()
            .iter()
            .find(|f| f.name() == "serial_number")
            .and_then(|f| integer(f.value())),
        created: time(record, "time_created"),
    }
}

/// `fit:<serial>-<time created>`; the session's start stands in for a missing time.
fn source_id(file_id: &FileId, start: NaiveDateTime) -> String {
    let created = compact_utc(file_id.created.unwrap_or(start));
    match file_id.serial {
        Some(serial) => format!("fit:{serial}-{created}"),
        None => format!("fit:{created}"),
    }
}

fn layout(file_id: &FileId) -> String {
    let device: Vec<&str> = [file_id.manufacturer.as_deref(), file_id.product.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if device.is_empty() {
        "FIT activity".into()
    } else {
        format!("FIT activity, {}", device.join(" "))
    }
}

/// FIT's sport and sub-sport as a name [`crate::sport::canonical`] understands.
pub(super) fn sport_name(sport: Option<String>, sub_sport: Option<String>) -> String {
    let sport = sport.unwrap_or_else(|| "generic".into());
    let sub = sub_sport.unwrap_or_default();
    let name = match (sport.as_str(), sub.as_str()) {
        ("running", _) => "run",
        ("cycling" | "e_biking", _) => "ride",
        ("swimming", _) => "swim",
        ("walking", _) => "walk",
        ("hiking", _) => "hike",
        ("rowing", _) => "row",
        ("training", "strength_training") => "strength",
        ("fitness_equipment", "indoor_rowing") => "row",
        ("fitness_equipment", "indoor_cycling" | "spin") => "ride",
        ("fitness_equipment", "treadmill") => "run",
        ("fitness_equipment" | "training", sub) if !sub.is_empty() && sub != "generic" => sub,
        ("generic", _) => "other",
        (sport, _) => sport,
    };
    name.replace('_', " ")
}

fn field<'a>(record: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    record.fields().iter().find(|f| f.name() == name).map(|f| f.value())
}

fn number(record: &FitDataRecord, name: &str) -> Option<f64> {
    match field(record, name)? {
        Value::Float64(v) => Some(*v),
        Value::Float32(v) => Some(f64::from(*v)),
        other => integer(other).map(|v| v as f64),
    }
    .filter(|v| v.is_finite())
}

fn integer(value: &Value) -> Option<u64> {
    match value {
        Value::UInt8(v) | Value::UInt8z(v) | Value::Byte(v) => Some(u64::from(*v)),
        Value::UInt16(v) | Value::UInt16z(v) => Some(u64::from(*v)),
        Value::UInt32(v) | Value::UInt32z(v) => Some(u64::from(*v)),
        Value::UInt64(v) | Value::UInt64z(v) => Some(*v),
        Value::SInt8(v) => u64::try_from(*v).ok(),
        Value::SInt16(v) => u64::try_from(*v).ok(),
        Value::SInt32(v) => u64::try_from(*v).ok(),
        Value::SInt64(v) => u64::try_from(*v).ok(),
        _ => None,
    }
}

fn text(record: &FitDataRecord, name: &str) -> Option<String> {
    match field(record, name)? {
        Value::String(s) => Some(s.clone()),
        // A value newer than the bundled profile: keep its number.
        other => integer(other).map(|n| n.to_string()),
    }
}

fn time(record: &FitDataRecord, name: &str) -> Option<NaiveDateTime> {
    match field(record, name)? {
        Value::Timestamp(t) => Some(t.naive_utc()),
        _ => None,
    }
}

/// A decoder error in words a user can act on.
fn problem(e: &fitparser::Error) -> Unreadable {
    use fitparser::ErrorKind;
    let reason = match e.as_ref() {
        ErrorKind::UnexpectedEof(_) => "it ends early (cut short in a download or copy?)".to_string(),
        ErrorKind::InvalidCrc(_) => "its checksum does not match: the file is damaged".to_string(),
        ErrorKind::ParseError(position, _) => format!("it is damaged at byte {position}"),
        other => other.to_string(),
    };
    Unreadable::Fit(reason)
}
