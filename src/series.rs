//! Daily series over a timeline: acute and chronic load, the acute:chronic workload
//! ratio (three methods), and fitness/fatigue/form (the Performance Management Chart).
//! Every function takes the daily loads (one per calendar day, zeros included) and
//! returns one value per day; formulas are in docs/methodology.md.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{AcwrConfig, AcwrMethod, PmcConfig};
use crate::timeline::Timeline;

/// One day of the series, as `check --format json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayMetrics {
    pub date: NaiveDate,
    pub load: f64,
    /// Acute load, AU per day; null for the first `acute_days - 1` days.
    pub acute: Option<f64>,
    /// Chronic load, AU per day; null for the first `chronic_days - 1` days.
    pub chronic: Option<f64>,
    /// acute / chronic; null while chronic is null or 0.
    pub acwr: Option<f64>,
    pub fitness: f64,
    pub fatigue: f64,
    pub form: f64,
    pub rest: bool,
}

/// Acute load, chronic load and their ratio for one day.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ratio {
    pub acute: Option<f64>,
    pub chronic: Option<f64>,
    pub acwr: Option<f64>,
}

/// Acute, chronic and ACWR for every day of `loads`.
///
/// - rolling: acute = mean of days i-6..i; chronic = mean of days i-27..i.
/// - uncoupled: acute as rolling; chronic = mean of days i-27..i-7.
/// - ewma: E(0) = load(0), E(i) = a*load(i) + (1-a)*E(i-1), a = 2/(N+1).
///
/// (Shown for 7 and 28 days.) Acute is null for i < 6, chronic and acwr for
/// i < 27, acwr also when chronic is 0.
pub fn acwr(loads: &[f64], config: &AcwrConfig) -> Vec<Ratio> {
    let (a_days, c_days) = (config.acute_days, config.chronic_days);
    let mut out = Vec::with_capacity(loads.len());
    let alpha = |n: usize| 2.0 / (n as f64 + 1.0);
    let (mut ewma_acute, mut ewma_chronic) = (0.0, 0.0);
    for i in 0..loads.len() {
        if config.method == AcwrMethod::Ewma {
            if i == 0 {
                (ewma_acute, ewma_chronic) = (loads[0], loads[0]);
            } else {
                ewma_acute = alpha(a_days) * loads[i] + (1.0 - alpha(a_days)) * ewma_acute;
                ewma_chronic = alpha(c_days) * loads[i] + (1.0 - alpha(c_days)) * ewma_chronic;
            }
        }
        let acute = (i + 1 >= a_days).then(|| match config.method {
            AcwrMethod::Ewma => ewma_acute,
            AcwrMethod::Rolling | AcwrMethod::Uncoupled => mean(&loads[i + 1 - a_days..=i]),
        });
        let chronic = (i + 1 >= c_days).then(|| match config.method {
            AcwrMethod::Ewma => ewma_chronic,
            AcwrMethod::Rolling => mean(&loads[i + 1 - c_days..=i]),
            AcwrMethod::Uncoupled => mean(&loads[i + 1 - c_days..=i - a_days]),
        });
        let acwr = match (acute, chronic) {
            (Some(a), Some(c)) if c != 0.0 => Some(a / c),
            _ => None,
        };
        out.push(Ratio { acute, chronic, acwr });
    }
    out
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Fitness, fatigue and form of one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pmc {
    pub fitness: f64,
    pub fatigue: f64,
    pub form: f64,
}

/// The Performance Management Chart: fitness(i) = fitness(i-1) + (load(i) -
/// fitness(i-1))/42, fatigue likewise with 7, seeded with fitness(-1) and
/// fatigue(-1) from the config (0 by default); form(i) = fitness(i-1) - fatigue(i-1),
/// i.e. the balance you start the day with.
pub fn pmc(loads: &[f64], config: &PmcConfig) -> Vec<Pmc> {
    let (mut fitness, mut fatigue) = (config.fitness_seed, config.fatigue_seed);
    loads
        .iter()
        .map(|&load| {
            let form = fitness - fatigue;
            fitness += (load - fitness) / config.fitness_days;
            fatigue += (load - fatigue) / config.fatigue_days;
            Pmc { fitness, fatigue, form }
        })
        .collect()
}

/// The daily series of a timeline.
pub fn daily(timeline: &Timeline, acwr_config: &AcwrConfig, pmc_config: &PmcConfig) -> Vec<DayMetrics> {
    let loads = timeline.loads();
    let ratios = acwr(&loads, acwr_config);
    let pmc = pmc(&loads, pmc_config);
    timeline
        .days
        .iter()
        .zip(ratios)
        .zip(pmc)
        .map(|((day, r), p)| DayMetrics {
            date: day.date,
            load: day.load,
            acute: r.acute,
            chronic: r.chronic,
            acwr: r.acwr,
            fitness: p.fitness,
            fatigue: p.fatigue,
            form: p.form,
            rest: day.rest,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(method: AcwrMethod) -> AcwrConfig {
        AcwrConfig {
            method,
            ..AcwrConfig::default()
        }
    }

    /// The golden vector from the issue (and the Python `acwr` package's README):
    /// 28 days at 50 then 7 days at 100.
    fn golden_loads() -> Vec<f64> {
        let mut loads = vec![50.0; 28];
        loads.extend([100.0; 7]);
        loads
    }

    #[test]
    fn golden_rolling_is_1_6() {
        let last = *acwr(&golden_loads(), &config(AcwrMethod::Rolling)).last().unwrap();
        assert_eq!(last.acute, Some(100.0));
        assert_eq!(last.chronic, Some(62.5));
        assert_eq!(last.acwr, Some(1.6));
    }

    #[test]
    fn golden_uncoupled_is_2_0() {
        let last = *acwr(&golden_loads(), &config(AcwrMethod::Uncoupled)).last().unwrap();
        assert_eq!(last.chronic, Some(50.0));
        assert_eq!(last.acwr, Some(2.0));
    }

    #[test]
    fn golden_ewma_is_1_339350() {
        let last = *acwr(&golden_loads(), &config(AcwrMethod::Ewma)).last().unwrap();
        let value = last.acwr.unwrap();
        assert_eq!(format!("{value:.6}"), "1.339350");
        // Recomputed by hand from the recurrence: acute and chronic are exact powers.
        let acute = 100.0 - 50.0 * 0.75f64.powi(7);
        let chronic = 100.0 - 50.0 * (27.0f64 / 29.0).powi(7);
        assert!((value - acute / chronic).abs() < 1e-12, "{value}");
    }

    #[test]
    fn nulls_before_the_windows_fill_and_when_chronic_is_zero() {
        for method in [AcwrMethod::Rolling, AcwrMethod::Uncoupled, AcwrMethod::Ewma] {
            let r = acwr(&golden_loads(), &config(method));
            assert!(r[..6].iter().all(|d| d.acute.is_none()), "{method:?}");
            assert!(r[6].acute.is_some(), "{method:?}");
            assert!(
                r[..27].iter().all(|d| d.chronic.is_none() && d.acwr.is_none()),
                "{method:?}"
            );
            assert!(r[27].chronic.is_some() && r[27].acwr.is_some(), "{method:?}");
        }
        let zeros = acwr(&[0.0; 30], &config(AcwrMethod::Rolling));
        assert_eq!(zeros[29].chronic, Some(0.0));
        assert_eq!(zeros[29].acwr, None);
    }

    #[test]
    fn uncoupled_is_null_for_a_week_after_a_long_break_while_ewma_never_reaches_zero() {
        let mut loads = vec![60.0; 28];
        loads.extend([0.0; 30]);
        loads.extend([60.0; 3]);
        let unc = acwr(&loads, &config(AcwrMethod::Uncoupled));
        // 21 days of zeros in the chronic window: chronic 0, acwr null.
        assert_eq!(unc[28 + 28].chronic, Some(0.0));
        assert_eq!(unc[28 + 28].acwr, None);
        let ewma = acwr(&loads, &config(AcwrMethod::Ewma));
        assert!(ewma[28 + 29].chronic.unwrap() > 0.0);
    }

    #[test]
    fn pmc_definitions() {
        let p = pmc(&[42.0, 0.0], &PmcConfig::default());
        assert_eq!(p[0].fitness, 1.0);
        assert_eq!(p[0].fatigue, 6.0);
        assert_eq!(p[0].form, 0.0);
        assert_eq!(p[1].form, 1.0 - 6.0);
        assert_eq!(p[1].fitness, 1.0 - 1.0 / 42.0);
        assert_eq!(p[1].fatigue, 6.0 - 6.0 / 7.0);
        let seeded = pmc(
            &[0.0],
            &PmcConfig {
                fitness_seed: 50.0,
                fatigue_seed: 40.0,
                ..PmcConfig::default()
            },
        );
        assert_eq!(seeded[0].form, 10.0);
        assert_eq!(seeded[0].fitness, 50.0 - 50.0 / 42.0);
    }
}
