//! The audit-hours rule set of one scheme version, read from `norms/<version>/audit-hours.yaml`.
//!
//! The tables are data, not code (SPEC 2.6): a new scheme version may change band edges, hours,
//! the discount, the rounding or the minimum without a code change. Loading checks the tables
//! as a whole (bands start at 1, follow on without gap or overlap, end open) and reports every
//! problem with its `file:line:col`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::yaml::{self, Spanned};

/// File name of the rule set inside a scheme version's folder.
pub const FILE_NAME: &str = "audit-hours.yaml";

/// Scale of the discount fraction: fractions are kept as whole ten-thousandths so that the
/// calculation is exact integer arithmetic in Rust and in JavaScript alike (a float `× 0.4`
/// followed by rounding up would turn 12.000000000000002 into 13).
pub const DISCOUNT_SCALE: u64 = 10_000;

/// Organisation types of table A, in the order they are shown.
pub const ORG_TYPES: [&str; 2] = ["supplier", "nis2"];
/// IT arrangements of table B, in the order they are shown.
pub const IT_ARRANGEMENTS: [&str; 2] = ["decentral", "central"];
/// Certificates that may give the discount of table C.
pub const CERTIFICATES: [&str; 2] = ["iso27001", "nen7510"];

/// One row of a table: an inclusive range of counts and the hours per level for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// First count of the band.
    pub from: u32,
    /// Last count of the band; `None` for the open-ended last band.
    pub to: Option<u32>,
    /// Whether the foundation sets the hours on request for this band.
    pub on_request: bool,
    /// Hours per level id; empty when on request.
    pub hours: BTreeMap<String, u32>,
}

impl Band {
    /// Whether `n` falls in this band.
    pub fn contains(&self, n: u32) -> bool {
        n >= self.from && self.to.is_none_or(|t| n <= t)
    }
}

/// How many auditors a level needs (each one paired with a review auditor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Auditors {
    /// At least this many.
    pub min: u32,
    /// At most this many.
    pub max: u32,
}

/// Where the audit of a level happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OnSite {
    /// Part of the audit is always on site.
    pub always: bool,
    /// Above this many audit hours a minimum part is on site.
    pub above_hours: Option<u32>,
    /// That minimum, in hours.
    pub min_hours: Option<u32>,
}

/// The rules of one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelRule {
    /// Number of auditors.
    pub auditors: Auditors,
    /// On-site rule.
    pub on_site: OnSite,
}

/// How the discounted hours become whole hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rounding {
    /// Any fraction of an hour counts as a whole hour.
    Up,
    /// Fractions are dropped.
    Down,
    /// To the nearest hour, halves up.
    Nearest,
}

/// Table C.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discount {
    /// Share taken off, in ten-thousandths (6000 = 60 %).
    pub fraction_scaled: u64,
    /// The share as a number (0.6), for people and for the page's script.
    pub fraction: f64,
    /// Certificates that give the discount.
    pub certificates: Vec<String>,
}

/// Re-assessment of failed items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reassessment {
    /// Extra hours per failed item.
    pub hours_per_item: u32,
    /// The most failed items a certificate can still be issued with.
    pub max_items: u32,
}

/// The audit-hours rules of one scheme version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSet {
    /// Scheme version (`3.2`): the name of the folder the file is in.
    pub version: String,
    /// Source file, relative to the site root.
    #[serde(skip)]
    pub file: PathBuf,
    /// Level id → rules, sorted by id.
    pub levels: BTreeMap<String, LevelRule>,
    /// Table A: organisation type → bands of FTE.
    pub base_hours: BTreeMap<String, Vec<Band>>,
    /// Table B: IT arrangement → bands of the larger of locations and legal entities.
    pub extra_hours: BTreeMap<String, Vec<Band>>,
    /// Table C.
    pub certificate_discount: Discount,
    /// Rounding after the discount.
    pub rounding: Rounding,
    /// The audit time is never below this.
    pub minimum_hours: u32,
    /// Hours per failed item.
    pub reassessment: Reassessment,
}

impl RuleSet {
    /// The band of `table` that holds `n`.
    pub fn band<'a>(bands: &'a [Band], n: u32) -> Option<&'a Band> {
        bands.iter().find(|b| b.contains(n))
    }
}

type SpannedMap<T> = HashMap<Spanned<String>, T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    levels: Spanned<SpannedMap<RawLevel>>,
    base_hours: Spanned<SpannedMap<Spanned<Vec<RawBand>>>>,
    extra_hours: Spanned<SpannedMap<Spanned<Vec<RawBand>>>>,
    certificate_discount: RawDiscount,
    rounding: Spanned<String>,
    minimum_hours: Spanned<u32>,
    reassessment: RawReassessment,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    auditors: Spanned<RawAuditors>,
    on_site: Spanned<RawOnSite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuditors {
    min: Spanned<u32>,
    max: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOnSite {
    always: bool,
    #[serde(default)]
    above_hours: Option<Spanned<u32>>,
    #[serde(default)]
    min_hours: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    from: Spanned<u32>,
    #[serde(default)]
    to: Option<Spanned<u32>>,
    #[serde(default)]
    on_request: Option<Spanned<bool>>,
    #[serde(default)]
    hours: Option<Spanned<SpannedMap<Spanned<u32>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiscount {
    fraction: Spanned<f64>,
    certificates: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReassessment {
    hours_per_item: Spanned<u32>,
    max_items: Spanned<u32>,
}

fn sorted<T>(m: SpannedMap<T>) -> Vec<(Spanned<String>, T)> {
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    v
}

/// Parses and validates one rule set. `file` is the path shown in messages (relative to
/// the site root); every problem found is returned, not only the first.
pub fn parse(version: &str, file: &Path, src: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    let raw: RawFile = yaml::parse(file, src).map_err(|d| vec![d])?;
    let mut errs = Vec::new();
    let err = |errs: &mut Vec<Diagnostic>, at: (u32, u32), msg: String| {
        errs.push(Diagnostic::error(file, msg).at_in(src, at.0, at.1));
    };

    // Levels first: every table is checked against them.
    let levels_pos = yaml::pos(&raw.levels);
    let mut levels = BTreeMap::new();
    for (id, l) in sorted(raw.levels.value) {
        let a = &l.auditors.value;
        if a.min.value < 1 {
            err(&mut errs, yaml::pos(&a.min), format!("level `{}`: `auditors.min` must be at least 1", id.value));
        }
        if a.max.value < a.min.value {
            err(
                &mut errs,
                yaml::pos(&a.max),
                format!("level `{}`: `auditors.max` ({}) is below `auditors.min` ({})", id.value, a.max.value, a.min.value),
            );
        }
        let o = &l.on_site.value;
        match (&o.above_hours, &o.min_hours) {
            (Some(_), None) | (None, Some(_)) => err(
                &mut errs,
                yaml::pos(&l.on_site),
                format!("level `{}`: `on_site` needs both `above_hours` and `min_hours`, or neither", id.value),
            ),
            _ => {}
        }
        levels.insert(
            id.value.clone(),
            LevelRule {
                auditors: Auditors { min: a.min.value, max: a.max.value },
                on_site: OnSite {
                    always: o.always,
                    above_hours: o.above_hours.as_ref().map(|s| s.value),
                    min_hours: o.min_hours.as_ref().map(|s| s.value),
                },
            },
        );
    }
    if levels.is_empty() {
        err(&mut errs, levels_pos, "`levels` lists no level".into());
    }

    let base_hours = tables(file, src, "base_hours", "organisation type", &ORG_TYPES, raw.base_hours, &levels, &mut errs);
    let extra_hours =
        tables(file, src, "extra_hours", "IT arrangement", &IT_ARRANGEMENTS, raw.extra_hours, &levels, &mut errs);

    let f = raw.certificate_discount.fraction.value;
    let scaled = f * DISCOUNT_SCALE as f64;
    let fraction_scaled = if !(0.0..=1.0).contains(&f) {
        err(
            &mut errs,
            yaml::pos(&raw.certificate_discount.fraction),
            format!("`certificate_discount.fraction` is {f}; it must be between 0 and 1 (0.6 = 60 % off)"),
        );
        0
    } else if (scaled - scaled.round()).abs() > 1e-6 {
        err(
            &mut errs,
            yaml::pos(&raw.certificate_discount.fraction),
            format!("`certificate_discount.fraction` is {f}; give it with at most 4 decimals"),
        );
        0
    } else {
        scaled.round() as u64
    };
    let mut certificates = Vec::new();
    for c in &raw.certificate_discount.certificates {
        if !CERTIFICATES.contains(&c.value.as_str()) {
            err(
                &mut errs,
                yaml::pos(c),
                format!("unknown certificate `{}` (known: {})", c.value, CERTIFICATES.join(", ")),
            );
        } else if certificates.contains(&c.value) {
            err(&mut errs, yaml::pos(c), format!("certificate `{}` is listed twice", c.value));
        } else {
            certificates.push(c.value.clone());
        }
    }

    let rounding = match raw.rounding.value.as_str() {
        "up" => Rounding::Up,
        "down" => Rounding::Down,
        "nearest" => Rounding::Nearest,
        other => {
            err(
                &mut errs,
                yaml::pos(&raw.rounding),
                format!("unknown rounding `{other}` (use `up`, `down` or `nearest`)"),
            );
            Rounding::Up
        }
    };

    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(RuleSet {
        version: version.to_string(),
        file: file.to_path_buf(),
        levels,
        base_hours,
        extra_hours,
        certificate_discount: Discount {
            fraction_scaled,
            fraction: fraction_scaled as f64 / DISCOUNT_SCALE as f64,
            certificates,
        },
        rounding,
        minimum_hours: raw.minimum_hours.value,
        reassessment: Reassessment {
            hours_per_item: raw.reassessment.hours_per_item.value,
            max_items: raw.reassessment.max_items.value,
        },
    })
}

#[allow(clippy::too_many_arguments)]
fn tables(
    file: &Path,
    src: &str,
    name: &str,
    what: &str,
    known: &[&str],
    raw: Spanned<SpannedMap<Spanned<Vec<RawBand>>>>,
    levels: &BTreeMap<String, LevelRule>,
    errs: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<Band>> {
    let pos = yaml::pos(&raw);
    let mut out = BTreeMap::new();
    for (key, bands) in sorted(raw.value) {
        if !known.contains(&key.value.as_str()) {
            errs.push(
                yaml::error_at(file, src, &key, format!("unknown {what} `{}` in `{name}` (known: {})", key.value, known.join(", "))),
            );
            continue;
        }
        out.insert(key.value.clone(), bands_of(file, src, &format!("{name}.{}", key.value), bands, levels, errs));
    }
    for k in known {
        if !out.contains_key(*k) {
            errs.push(Diagnostic::error(file, format!("`{name}` has no table for {what} `{k}`")).at_in(src, pos.0, pos.1));
        }
    }
    out
}

fn bands_of(
    file: &Path,
    src: &str,
    table: &str,
    raw: Spanned<Vec<RawBand>>,
    levels: &BTreeMap<String, LevelRule>,
    errs: &mut Vec<Diagnostic>,
) -> Vec<Band> {
    let at = |s: (u32, u32), msg: String| Diagnostic::error(file, msg).at_in(src, s.0, s.1);
    if raw.value.is_empty() {
        errs.push(at(yaml::pos(&raw), format!("`{table}` has no bands")));
        return Vec::new();
    }
    let n = raw.value.len();
    let mut bands = Vec::new();
    let mut prev_to: Option<u32> = None;
    for (i, b) in raw.value.into_iter().enumerate() {
        let from = b.from.value;
        let from_pos = yaml::pos(&b.from);
        if i == 0 && from != 1 {
            errs.push(at(from_pos, format!("`{table}`: the first band starts at {from}; it must start at 1")));
        }
        if i > 0 {
            match prev_to {
                Some(p) if from <= p => errs.push(at(
                    from_pos,
                    format!("`{table}`: the band starting at {from} overlaps the previous band, which ends at {p}; it should start at {}", p + 1),
                )),
                Some(p) if from > p + 1 => errs.push(at(
                    from_pos,
                    format!("`{table}`: gap between bands: the previous band ends at {p} and this one starts at {from}; counts {}–{} have no rule", p + 1, from - 1),
                )),
                _ => {}
            }
        }
        match &b.to {
            Some(t) if t.value < from => {
                errs.push(at(yaml::pos(t), format!("`{table}`: the band ends at {} before it starts at {from}", t.value)));
            }
            None if i + 1 < n => errs.push(at(
                from_pos,
                format!("`{table}`: the band starting at {from} has no `to`; only the last band may run on without end"),
            )),
            _ => {}
        }
        if i + 1 == n {
            if let Some(t) = &b.to {
                errs.push(at(
                    yaml::pos(t),
                    format!("`{table}`: the last band ends at {}; leave out `to` so that larger counts have a rule", t.value),
                ));
            }
        }
        prev_to = b.to.as_ref().map(|t| t.value);

        let on_request = b.on_request.as_ref().is_some_and(|o| o.value);
        let mut hours = BTreeMap::new();
        match (&b.hours, on_request) {
            (Some(h), true) => errs.push(at(
                yaml::pos(h),
                format!("`{table}`: the band starting at {from} has both `hours` and `on_request: true`; give one"),
            )),
            (None, false) => errs.push(at(
                from_pos,
                format!("`{table}`: the band starting at {from} gives no `hours` (or `on_request: true`)"),
            )),
            (Some(h), false) => {
                for (lvl, v) in sorted(h.value.clone()) {
                    if !levels.contains_key(&lvl.value) {
                        errs.push(yaml::error_at(
                            file,
                            src,
                            &lvl,
                            format!(
                                "`{table}`: unknown level `{}` (levels of this file: {})",
                                lvl.value,
                                levels.keys().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    } else {
                        hours.insert(lvl.value.clone(), v.value);
                    }
                }
                let missing: Vec<&str> = levels.keys().filter(|l| !hours.contains_key(*l)).map(String::as_str).collect();
                if !missing.is_empty() && !levels.is_empty() {
                    errs.push(at(
                        yaml::pos(h),
                        format!("`{table}`: the band starting at {from} gives no hours for {}", missing.join(", ")),
                    ));
                }
            }
            (None, true) => {}
        }
        bands.push(Band { from, to: b.to.map(|t| t.value), on_request, hours });
    }
    bands
}
