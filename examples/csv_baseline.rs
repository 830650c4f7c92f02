//! The floor `check` is measured against: read a CSV with the csv crate alone,
//! touch every field of every record, compute nothing.
//!
//! ```sh
//! cargo run --release --example csv_baseline -- big.csv
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_baseline FILE.csv");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("csv_baseline: {path}: {e}");
        std::process::exit(2);
    });
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
    let mut record = csv::ByteRecord::new();
    let (mut records, mut touched) = (0usize, 0usize);
    while reader.read_byte_record(&mut record).expect("valid CSV") {
        records += 1;
        for field in record.iter() {
            touched += field.len() + usize::from(field.first().copied().unwrap_or(0));
        }
    }
    println!("{records} records, {touched} checksum");
}
