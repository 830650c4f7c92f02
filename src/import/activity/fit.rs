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
    let misaligned = check_headers(bytes)?;
    let patched;
    let bytes = if misaligned.is_empty() {
        bytes
    } else {
        patched = patch(bytes, &misaligned)?;
        &patched[..]
    };
    // fitparser is written for well-formed files and can still panic on a damaged one
    // that passes the header check: one bad file must not end an import of thousands.
    let mut parsed = std::panic::catch_unwind(|| decode(bytes))
        .unwrap_or_else(|_| Err(Unreadable::Fit("it is damaged (the decoder gave up)".into())))?;
    if let Some(first) = misaligned.first() {
        parsed.warnings.push(format!(
            "{} field definition(s) have a size that is not whole values of their type (first: field {} of \
             message {}, {} bytes of {}-byte values); those fields were read as raw bytes and ignored",
            misaligned.len(),
            first.field,
            first.message,
            first.size,
            first.value_size
        ));
    }
    Ok(parsed)
}

/// A field definition whose size is not a whole number of its base type's values
/// (COROS writes some): where its base type byte is, and what it said.
struct Misaligned {
    /// The FIT file (of a chain) it is in: offset of its header, end of its data.
    file: (usize, usize),
    /// Offset of the base type byte in the whole input.
    at: usize,
    message: u16,
    field: u8,
    size: usize,
    value_size: usize,
}

/// The input with each misaligned field's base type changed to `byte` (what a
/// tolerant reader does; fitparser would do it too, but prints an `ERROR:` line to
/// stderr, and a library that imports thousands of files must not write to the
/// terminal), and each changed file's CRC made again. Only a file whose CRC is right
/// is changed: a damaged one is refused as such.
fn patch(bytes: &[u8], misaligned: &[Misaligned]) -> Result<Vec<u8>, Unreadable> {
    let mut out = bytes.to_vec();
    for m in misaligned {
        out[m.at] = (out[m.at] & 0x60) | 0x0d;
    }
    let mut files: Vec<(usize, usize)> = misaligned.iter().map(|m| m.file).collect();
    files.dedup();
    for (start, end) in files {
        let stored = u16::from_le_bytes([bytes[end], bytes[end + 1]]);
        if crc(&bytes[start..end]) != stored {
            return Err(Unreadable::Fit(
                "its checksum does not match: the file is damaged".into(),
            ));
        }
        let fixed = crc(&out[start..end]).to_le_bytes();
        out[end..end + 2].copy_from_slice(&fixed);
    }
    Ok(out)
}

/// The FIT CRC-16 of `bytes`.
pub(super) fn crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01,
        0x8801, 0x4400,
    ];
    bytes.iter().fold(0u16, |mut crc, &byte| {
        for nibble in [byte & 0xF, byte >> 4] {
            let tmp = TABLE[usize::from(crc & 0xF)];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ TABLE[usize::from(nibble)];
        }
        crc
    })
}

/// Walk the headers of the FIT file (or chain of files) in `bytes`: each must say
/// `.FIT`, have a 12- or 14-byte header, and fit, with its data and CRC, in what is
/// there. This tells a cut-short download in plain words, and keeps headers the decoder
/// cannot handle away from it. Returns the misaligned field definitions found.
fn check_headers(bytes: &[u8]) -> Result<Vec<Misaligned>, Unreadable> {
    let mut at = 0usize;
    let mut misaligned = Vec::new();
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
        for mut m in check_field_sizes(&bytes[at + header_size..end - 2]) {
            m.at += at + header_size;
            m.file = (at, end - 2);
            misaligned.push(m);
        }
        at = end;
    }
    Ok(misaligned)
}

/// Walk the messages of one FIT file's data the way fitparser will, and find the field
/// definitions whose size is not a whole number of its type's values (offsets within
/// `data`). Anything else odd (a data message without a definition, a message past
/// the end) is left to fitparser, which reports it as an error.
fn check_field_sizes(data: &[u8]) -> Vec<Misaligned> {
    let mut found = Vec::new();
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
                return found;
            };
            at += size;
            continue;
        }
        // A definition: reserved, architecture, global number (2), field count, fields.
        let Some(&count) = data.get(at + 4) else {
            return found;
        };
        let number = [data[at + 2], data[at + 3]];
        let message = if data[at + 1] == 0 {
            u16::from_le_bytes(number)
        } else {
            u16::from_be_bytes(number)
        };
        at += 5;
        let mut size = 0usize;
        for _ in 0..count {
            let Some(field) = data.get(at..at + 3) else {
                return found;
            };
            let (field_size, base_type) = (usize::from(field[1]), field[2] & 0x9f);
            let value_size = match base_type {
                131 | 132 | 139 => 2,
                133 | 134 | 136 | 140 => 4,
                137 | 142 | 143 | 144 => 8,
                _ => 1,
            };
            if field_size % value_size != 0 {
                found.push(Misaligned {
                    file: (0, 0),
                    at: at + 2,
                    message,
                    field: field[0],
                    size: field_size,
                    value_size,
                });
            }
            size += field_size;
            at += 3;
        }
        if header & 0x20 != 0 {
            let Some(&developer_count) = data.get(at) else {
                return found;
            };
            at += 1;
            for _ in 0..developer_count {
                let Some(field) = data.get(at..at + 3) else {
                    return found;
                };
                size += usize::from(field[1]);
                at += 3;
            }
        }
        message_sizes[usize::from(header & 0xF)] = Some(size);
    }
    found
}

fn decode(bytes: &[u8]) -> Result<Parsed, Unreadable> {
    let mut processor = FitStreamProcessor::new();
    let mut file_id: Option<FileId> = None;
    let mut sessions = Vec::new();
    let mut rest = bytes;
    // A recording the device never finished can end inside its last message: read up
    // to it (a tolerant reader's choice), then tell the user.
    let mut cut_short = false;
    while !rest.is_empty() {
        let (next, object) = match processor.deserialize_next(rest) {
            Ok(next) => next,
            Err(e) if matches!(e.as_ref(), fitparser::ErrorKind::UnexpectedEof(_)) && file_id.is_some() => {
                cut_short = true;
                break;
            }
            Err(e) => return Err(problem(&e)),
        };
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
        return Err(Unreadable::NoActivity(if cut_short {
            "is a FIT activity without a session summary, its last message cut off (recording not finished?); \
             nothing to import"
                .into()
        } else {
            "is a FIT activity without a session summary (recording not finished?); nothing to import".into()
        }));
    }
    let mut parsed = Parsed {
        layout: layout(&file_id),
        ..Parsed::default()
    };
    if cut_short {
        parsed
            .warnings
            .push("its last message is cut off; the session summaries before it are imported".into());
    }
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
