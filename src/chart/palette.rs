//! The colours every chart uses, named for what they mean. Chosen to stay apart
//! for the common colour-vision deficiencies (blue/orange pairs, red only with a
//! shape or label beside it) and to print legibly in greyscale.

use plotters::style::RGBColor;

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const TEXT: RGBColor = RGBColor(33, 37, 41);
pub const MUTED_TEXT: RGBColor = RGBColor(96, 103, 112);
pub const GRID: RGBColor = RGBColor(226, 229, 233);
pub const AXIS: RGBColor = RGBColor(140, 146, 153);

/// Daily or weekly load bars from the history.
pub const LOAD_BAR: RGBColor = RGBColor(125, 160, 202);
/// Planned bars: the same hue, drawn as an outline over a pale fill.
pub const PLANNED_BAR: RGBColor = RGBColor(52, 101, 164);
pub const PLANNED_FILL: RGBColor = RGBColor(214, 227, 243);
/// A partial week (not fully on the timeline yet).
pub const PARTIAL_BAR: RGBColor = RGBColor(196, 212, 232);

/// Acute (short-term) load: warm, so it reads as "now".
pub const ACUTE: RGBColor = RGBColor(230, 120, 20);
/// Chronic (long-term) load: cool, so it reads as "base".
pub const CHRONIC: RGBColor = RGBColor(31, 74, 140);
pub const ACWR_LINE: RGBColor = RGBColor(40, 40, 48);

/// Severity colours: caution amber, danger red.
pub const CAUTION: RGBColor = RGBColor(240, 160, 0);
pub const DANGER: RGBColor = RGBColor(204, 40, 40);
/// The ACWR "sweet spot" band and the danger band, drawn translucent.
pub const SAFE_BAND: RGBColor = RGBColor(60, 170, 90);
pub const DANGER_BAND: RGBColor = RGBColor(220, 60, 60);

/// Performance Management Chart lines.
pub const FITNESS: RGBColor = RGBColor(31, 100, 180);
pub const FATIGUE: RGBColor = RGBColor(200, 60, 150);
pub const FORM_FRESH: RGBColor = RGBColor(60, 160, 90);
pub const FORM_TIRED: RGBColor = RGBColor(220, 90, 60);

/// The as-of ("today") line: a colour no series uses, so it reads as a marker.
pub const TODAY: RGBColor = RGBColor(106, 61, 154);
/// The span while fitness settles (form chart): a neutral grey.
pub const SETTLING: RGBColor = RGBColor(150, 155, 162);

/// Rest days.
pub const REST: RGBColor = RGBColor(120, 170, 130);
pub const REST_CELL: RGBColor = RGBColor(240, 241, 243);
pub const REST_TEXT: RGBColor = RGBColor(46, 120, 70);
/// Deload weeks.
pub const DELOAD: RGBColor = RGBColor(46, 139, 87);
pub const DELOAD_TINT: RGBColor = RGBColor(234, 245, 236);
/// The ramp cap line on the plan chart.
pub const CAP: RGBColor = RGBColor(204, 40, 40);

/// Session kinds on the calendar.
pub const EASY: RGBColor = RGBColor(120, 180, 120);
pub const MODERATE: RGBColor = RGBColor(90, 140, 200);
pub const HARD: RGBColor = RGBColor(214, 80, 60);
pub const LONG: RGBColor = RGBColor(140, 90, 190);
pub const STRENGTH: RGBColor = RGBColor(230, 150, 30);
