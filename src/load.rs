//! The load model: how hard a session was (intensity, on the CR-10 RPE scale) and
//! its session-RPE load, `duration_min x intensity` in arbitrary units (Foster 2001).

use serde::Serialize;

use crate::config::Config;
use crate::history::Session;

/// Where a session's intensity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntensitySource {
    /// The athlete's own RPE.
    Rpe,
    /// Estimated from average heart rate as a percentage of `hr_max` (ACSM bands).
    HeartRate,
    /// The sport's default intensity from the config.
    SportDefault,
}

/// A session's intensity and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intensity {
    pub value: f64,
    pub source: IntensitySource,
}

/// RPE estimated from %HRmax with the ACSM intensity bands:
/// <57% -> 2 (very light), <64% -> 3 (light), <77% -> 4 (moderate),
/// <96% -> 6 (vigorous), else 9 (near-maximal).
pub fn rpe_from_heart_rate(avg_hr: f64, hr_max: f64) -> f64 {
    // `hr * 100 < band * hr_max` rather than `hr / hr_max * 100 < band`: exact for
    // whole numbers, so 114 bpm of 200 is 57%, not 56.99999999999999%.
    let below = |band: f64| avg_hr * 100.0 < band * hr_max;
    if below(57.0) {
        2.0
    } else if below(64.0) {
        3.0
    } else if below(77.0) {
        4.0
    } else if below(96.0) {
        6.0
    } else {
        9.0
    }
}

/// The intensity of `session`: its RPE when given; else an estimate from heart rate
/// when the athlete's `hr_max` is configured; else the sport's default.
pub fn intensity(session: &Session, config: &Config) -> Intensity {
    if let Some(rpe) = session.rpe {
        return Intensity {
            value: rpe,
            source: IntensitySource::Rpe,
        };
    }
    if let (Some(hr), Some(hr_max)) = (session.avg_hr, config.hr_max(&session.athlete)) {
        return Intensity {
            value: rpe_from_heart_rate(hr, hr_max),
            source: IntensitySource::HeartRate,
        };
    }
    Intensity {
        value: config.sport_intensity(&session.sport),
        source: IntensitySource::SportDefault,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn session(rpe: Option<f64>, hr: Option<f64>, sport: &str) -> Session {
        let mut s = Session::new("ana", NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), sport, 60.0);
        s.rpe = rpe;
        s.avg_hr = hr;
        s
    }

    #[test]
    fn heart_rate_bands_and_their_edges() {
        // hr_max 200: 57% = 114 bpm, 64% = 128, 77% = 154, 96% = 192.
        for (hr, want) in [
            (113.9, 2.0),
            (114.0, 3.0),
            (127.9, 3.0),
            (128.0, 4.0),
            (153.9, 4.0),
            (154.0, 6.0),
            (191.9, 6.0),
            (192.0, 9.0),
            (200.0, 9.0),
        ] {
            assert_eq!(rpe_from_heart_rate(hr, 200.0), want, "{hr} bpm");
        }
    }

    #[test]
    fn rpe_wins_then_heart_rate_then_sport_default() {
        let mut config = Config::default();
        assert_eq!(intensity(&session(Some(7.0), Some(190.0), "run"), &config).value, 7.0);
        // No hr_max configured: heart rate cannot be used.
        let i = intensity(&session(None, Some(150.0), "run"), &config);
        assert_eq!((i.value, i.source), (5.0, IntensitySource::SportDefault));
        config.load.hr_max = Some(200.0);
        let i = intensity(&session(None, Some(150.0), "run"), &config);
        assert_eq!((i.value, i.source), (4.0, IntensitySource::HeartRate));
        config.load.sport_intensity.insert("walk".into(), 2.0);
        assert_eq!(intensity(&session(None, None, "walk"), &config).value, 2.0);
    }
}
