//! A seeded generator of realistic canonical histories, for benchmarks and tests.
//!
//! ```sh
//! cargo run --release --example gen_history -- --athletes 1000 --years 3 --seed 7 > big.csv
//! ```
//!
//! About 0.9 sessions per athlete-day: runs, rides, swims and gym sessions (with
//! tonnage and muscle groups), rest days, build and recovery blocks, the odd sudden
//! jump, hot days in summer, occasional cramps, and rows shuffled so they are not
//! sorted. The same arguments always give the same file.

use std::io::{self, BufWriter};

use chrono::{Datelike, NaiveDate};

/// SplitMix64: tiny, fast, and stable across versions (unlike a crate's default RNG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

struct Args {
    athletes: usize,
    years: u32,
    seed: u64,
    end: NaiveDate,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        athletes: 10,
        years: 1,
        seed: 1,
        end: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--athletes" => args.athletes = value.parse().map_err(|e| bad(&e))?,
            "--years" => args.years = value.parse().map_err(|e| bad(&e))?,
            "--seed" => args.seed = value.parse().map_err(|e| bad(&e))?,
            "--end" => args.end = NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|e| bad(&e))?,
            _ => {
                return Err(format!(
                    "unknown option {flag}; use --athletes N --years N --seed N [--end YYYY-MM-DD]"
                ));
            }
        }
    }
    Ok(args)
}

#[derive(Clone, Copy)]
enum Kind {
    Endurance(&'static str, f64), // sport, km per minute
    Gym,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_history: {e}");
            std::process::exit(2);
        }
    };
    let stdout = io::stdout();
    let mut out = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, stdout.lock()));
    out.write_record([
        "athlete",
        "date",
        "sport",
        "duration_min",
        "distance_km",
        "rpe",
        "avg_hr",
        "tonnage_kg",
        "muscle_groups",
        "temperature_c",
        "humidity_pct",
        "cramp",
        "notes",
        "source_id",
    ])
    .and_then(|_| {
        let mut rng = Rng(args.seed);
        let days = i64::from(args.years) * 365;
        let start = args.end - chrono::Duration::days(days - 1);
        let mut pending: Vec<Vec<String>> = Vec::with_capacity(4096);
        for a in 0..args.athletes {
            athlete(&mut rng, a, start, days, &mut pending);
            // Shuffle within a block of athletes so rows are not sorted by athlete or date.
            if pending.len() >= 4000 || a + 1 == args.athletes {
                for i in (1..pending.len()).rev() {
                    let j = (rng.next() % (i as u64 + 1)) as usize;
                    pending.swap(i, j);
                }
                for row in pending.drain(..) {
                    out.write_record(&row)?;
                }
            }
        }
        out.flush().map_err(csv::Error::from)
    })
    .unwrap_or_else(|e| {
        if !matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe) {
            eprintln!("gen_history: {e}");
            std::process::exit(1);
        }
    });
}

fn athlete(rng: &mut Rng, index: usize, start: NaiveDate, days: i64, out: &mut Vec<Vec<String>>) {
    let name = format!("athlete{index:04}");
    let sports = [
        Kind::Endurance("run", 1.0 / 5.8),
        Kind::Endurance("ride", 1.0 / 2.2),
        Kind::Endurance("swim", 1.0 / 25.0),
        Kind::Gym,
    ];
    let main = rng.next() as usize % 2;
    let hr_max = rng.range(170.0, 200.0);
    let mut level = rng.range(0.6, 1.4); // weekly volume multiplier, drifts with blocks
    let mut id = index as u64 * 10_000_000;
    for d in 0..days {
        let date = start + chrono::Duration::days(d);
        let weekday = date.weekday().num_days_from_monday();
        if weekday == 0 {
            // A new week: build, recover, or (rarely) a sudden jump or a week off.
            level *= match rng.unit() {
                u if u < 0.02 => 1.45,
                u if u < 0.05 => 0.2,
                u if u < 0.30 => 0.75,
                _ => 1.06,
            };
            level = level.clamp(0.3, 2.0);
        }
        // Rest days: most athletes rest once or twice a week.
        if weekday == 0 || (weekday == 4 && rng.chance(0.6)) || rng.chance(0.07) {
            continue;
        }
        let kind = if weekday == 2 || weekday == 6 && rng.chance(0.3) {
            sports[3]
        } else if weekday == 5 {
            sports[main]
        } else {
            sports[rng.next() as usize % 3]
        };
        let long = weekday == 5;
        let minutes = (rng.range(30.0, 70.0) * level * if long { 1.8 } else { 1.0 })
            .round()
            .clamp(15.0, 400.0);
        let rpe = if long { rng.range(3.0, 6.0) } else { rng.range(2.0, 9.0) }.round();
        let summer = matches!(date.month(), 6..=8);
        let temperature = if summer {
            rng.range(18.0, 35.0)
        } else {
            rng.range(-5.0, 22.0)
        };
        id += 1;
        let mut row = vec![
            name.clone(),
            date.to_string(),
            String::new(),
            format!("{minutes}"),
            String::new(),
            if rng.chance(0.9) {
                format!("{rpe}")
            } else {
                String::new()
            },
            String::new(),
            String::new(),
            String::new(),
            if rng.chance(0.5) {
                format!("{temperature:.1}")
            } else {
                String::new()
            },
            if summer && rng.chance(0.5) {
                format!("{:.0}", rng.range(30.0, 90.0))
            } else {
                String::new()
            },
            if rng.chance(0.004) {
                if rng.chance(0.3) { "severe" } else { "mild" }.to_string()
            } else {
                String::new()
            },
            String::new(),
            format!("gen:{id}"),
        ];
        match kind {
            Kind::Endurance(sport, km_per_min) => {
                row[2] = sport.to_string();
                row[4] = format!("{:.2}", minutes * km_per_min * rng.range(0.8, 1.2));
                if rng.chance(0.6) {
                    row[6] = format!("{:.0}", hr_max * rng.range(0.55, 0.9));
                }
                row[8] = if sport == "swim" { "shoulders;back" } else { "legs" }.to_string();
            }
            Kind::Gym => {
                row[2] = "strength".to_string();
                row[7] = format!("{:.0}", rng.range(2000.0, 9000.0) * level);
                row[8] = if weekday == 2 {
                    "legs;core"
                } else {
                    "chest;back;shoulders"
                }
                .to_string();
                if rng.chance(0.05) {
                    row[12] = "new PR, felt strong".to_string();
                }
            }
        }
        out.push(row);
    }
}
