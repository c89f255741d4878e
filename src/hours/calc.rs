//! The calculation of SPEC 2.6, step by step, with a breakdown of every step.
//!
//! `themes/default/static/js/calculator.js` implements the same steps for the page; the
//! grid test (`tests/hours_js.rs`) checks that both give identical results for every input
//! combination, so a change here must be made there too.

use serde::{Deserialize, Serialize};

use super::rules::{Auditors, Band, OnSite, Rounding, RuleSet, DISCOUNT_SCALE};

/// What the calculator is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// Level id (`QM20`).
    pub level: String,
    /// `supplier` or `nis2`.
    pub org_type: String,
    /// Number of employees (FTE), at least 1.
    pub fte: u32,
    /// Number of locations, at least 1.
    pub locations: u32,
    /// Number of legal entities to be certified, at least 1.
    pub legal_entities: u32,
    /// `central` or `decentral`.
    pub it: String,
    /// `none`, `iso27001` or `nen7510`.
    pub certified: String,
    /// Failed items to re-assess (0 up to the rule set's maximum).
    pub failed_items: u32,
}

/// A problem with the input: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The field's name (as in the form and the query string: `fte`, `failed_items`).
    pub field: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// The band a count fell into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BandUsed {
    /// First count of the band.
    pub from: u32,
    /// Last count, `None` when open-ended.
    pub to: Option<u32>,
}

/// Step 1, table A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseStep {
    /// Organisation type.
    pub org_type: String,
    /// FTE.
    pub fte: u32,
    /// The FTE band used.
    pub band: BandUsed,
    /// Hours, `None` when on request.
    pub hours: Option<u32>,
}

/// Step 1, table B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraStep {
    /// Number of locations.
    pub locations: u32,
    /// Number of legal entities.
    pub legal_entities: u32,
    /// The larger of the two.
    pub count: u32,
    /// Which number was used: `locations`, `legal_entities`, or `both` when they are equal.
    pub counted: &'static str,
    /// IT arrangement.
    pub it: String,
    /// The band used.
    pub band: BandUsed,
    /// Hours, `None` when on request.
    pub hours: Option<u32>,
}

/// Step 2, table C.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscountStep {
    /// The certificate held.
    pub certificate: String,
    /// Share taken off (0.6).
    pub fraction: f64,
    /// Hours after the discount, before rounding (25.6); `None` when on request.
    pub hours: Option<f64>,
}

/// Step 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReassessmentStep {
    /// Failed items.
    pub failed_items: u32,
    /// Hours per item.
    pub hours_per_item: u32,
    /// Their product.
    pub hours: u32,
}

/// Every step of a calculation, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// Table A.
    pub base: BaseStep,
    /// Table B.
    pub extra: ExtraStep,
    /// Base + extra hours; `None` when on request.
    pub subtotal: Option<u32>,
    /// Table C, when the certificate held gives a discount.
    pub discount: Option<DiscountStep>,
    /// The rounding rule applied.
    pub rounding: Rounding,
    /// Hours after rounding; `None` when on request.
    pub rounded_hours: Option<u32>,
    /// The minimum audit time.
    pub minimum_hours: u32,
    /// Whether the minimum raised the hours.
    pub minimum_applied: bool,
    /// Re-assessment of failed items.
    pub reassessment: ReassessmentStep,
    /// The level's on-site rule.
    pub on_site: OnSite,
}

/// The result: the keys of SPEC 3.1 plus the breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Scheme version of the rules used.
    pub scheme_version: String,
    /// Level.
    pub level: String,
    /// Audit hours (after discount, rounding and minimum); `None` when on request.
    pub audit_hours: Option<u32>,
    /// Re-assessment hours (shown separately).
    pub reassessment_hours: u32,
    /// Audit plus re-assessment hours; `None` when on request.
    pub total_hours: Option<u32>,
    /// Whether the foundation sets the hours on request.
    pub on_request: bool,
    /// Whether part of the audit must happen on site.
    pub on_site_required: bool,
    /// The least on-site time, where the rules state one.
    pub min_on_site_hours: Option<u32>,
    /// Number of auditors.
    pub auditors: Auditors,
    /// Every step.
    pub breakdown: Breakdown,
}

fn band_used(b: &Band) -> BandUsed {
    BandUsed { from: b.from, to: b.to }
}

fn error(field: &str, message: String) -> InputError {
    InputError { field: field.to_string(), message }
}

/// Runs the calculation of SPEC 2.6. Every problem with the input is returned, never a number
/// computed from bad input.
pub fn calculate(rules: &RuleSet, input: &Input) -> Result<Outcome, Vec<InputError>> {
    let mut errs = Vec::new();
    let level = rules.levels.get(&input.level);
    if level.is_none() {
        errs.push(error(
            "level",
            format!(
                "unknown level `{}` (scheme version {} has {})",
                input.level,
                rules.version,
                rules.levels.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let base_table = rules.base_hours.get(&input.org_type);
    if base_table.is_none() {
        errs.push(error(
            "org_type",
            format!(
                "unknown organisation type `{}` (use {})",
                input.org_type,
                rules.base_hours.keys().cloned().collect::<Vec<_>>().join(" or ")
            ),
        ));
    }
    let extra_table = rules.extra_hours.get(&input.it);
    if extra_table.is_none() {
        errs.push(error(
            "it",
            format!(
                "unknown IT arrangement `{}` (use {})",
                input.it,
                rules.extra_hours.keys().cloned().collect::<Vec<_>>().join(" or ")
            ),
        ));
    }
    if input.certified != "none" && !super::rules::CERTIFICATES.contains(&input.certified.as_str()) {
        errs.push(error(
            "certified",
            format!("unknown certificate `{}` (use none, {})", input.certified, super::rules::CERTIFICATES.join(", ")),
        ));
    }
    for (field, v, what) in [
        ("fte", input.fte, "the number of employees (FTE)"),
        ("locations", input.locations, "the number of locations"),
        ("legal_entities", input.legal_entities, "the number of legal entities"),
    ] {
        if v < 1 {
            errs.push(error(field, format!("{what} must be at least 1")));
        }
    }
    let max = rules.reassessment.max_items;
    if input.failed_items > max {
        errs.push(error(
            "failed_items",
            format!(
                "{} failed items: a certificate can be issued with at most {max}; with more there is nothing to re-assess",
                input.failed_items
            ),
        ));
    }
    let (Some(level), Some(base_table), Some(extra_table)) = (level, base_table, extra_table) else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    // Tables are validated to start at 1 and end open, so every count ≥ 1 has a band.
    let (Some(base_band), Some(extra_band)) = (
        RuleSet::band(base_table, input.fte),
        RuleSet::band(extra_table, input.locations.max(input.legal_entities)),
    ) else {
        return Err(vec![error("fte", "no band of the tables holds this input".into())]);
    };

    let a = if base_band.on_request { None } else { base_band.hours.get(&input.level).copied() };
    let count = input.locations.max(input.legal_entities);
    let counted = match input.locations.cmp(&input.legal_entities) {
        std::cmp::Ordering::Greater => "locations",
        std::cmp::Ordering::Less => "legal_entities",
        std::cmp::Ordering::Equal => "both",
    };
    let b = if extra_band.on_request { None } else { extra_band.hours.get(&input.level).copied() };
    let subtotal = a.zip(b).map(|(a, b)| a + b);
    let on_request = subtotal.is_none();

    let d = &rules.certificate_discount;
    let discounted = d.certificates.iter().any(|c| c == &input.certified);
    let kept = if discounted { DISCOUNT_SCALE - d.fraction_scaled } else { DISCOUNT_SCALE };
    let scaled = subtotal.map(|s| u64::from(s) * kept);
    let discount = discounted.then(|| DiscountStep {
        certificate: input.certified.clone(),
        fraction: d.fraction,
        hours: scaled.map(|s| s as f64 / DISCOUNT_SCALE as f64),
    });
    let rounded = scaled.map(|s| {
        let whole = match rules.rounding {
            Rounding::Up => s.div_ceil(DISCOUNT_SCALE),
            Rounding::Down => s / DISCOUNT_SCALE,
            Rounding::Nearest => (s + DISCOUNT_SCALE / 2) / DISCOUNT_SCALE,
        };
        whole as u32
    });
    let audit_hours = rounded.map(|r| r.max(rules.minimum_hours));
    let minimum_applied = rounded.is_some_and(|r| r < rules.minimum_hours);
    let reassessment = ReassessmentStep {
        failed_items: input.failed_items,
        hours_per_item: rules.reassessment.hours_per_item,
        hours: input.failed_items * rules.reassessment.hours_per_item,
    };
    let os = level.on_site;
    let above = match (audit_hours, os.above_hours) {
        (Some(h), Some(limit)) => h > limit,
        _ => false,
    };
    Ok(Outcome {
        scheme_version: rules.version.clone(),
        level: input.level.clone(),
        audit_hours,
        reassessment_hours: reassessment.hours,
        total_hours: audit_hours.map(|h| h + reassessment.hours),
        on_request,
        on_site_required: os.always || above,
        min_on_site_hours: if above { os.min_hours } else { None },
        auditors: level.auditors,
        breakdown: Breakdown {
            base: BaseStep { org_type: input.org_type.clone(), fte: input.fte, band: band_used(base_band), hours: a },
            extra: ExtraStep {
                locations: input.locations,
                legal_entities: input.legal_entities,
                count,
                counted,
                it: input.it.clone(),
                band: band_used(extra_band),
                hours: b,
            },
            subtotal,
            discount,
            rounding: rules.rounding,
            rounded_hours: rounded,
            minimum_hours: rules.minimum_hours,
            minimum_applied,
            reassessment,
            on_site: os,
        },
    })
}

/// The input grid the page's script is checked against: every band edge of every table (and
/// one count past the last edge), for every level, organisation type, IT arrangement,
/// certificate and number of failed items; the larger count once from the locations, once
/// from the legal entities and once from both.
pub fn grid(rules: &RuleSet) -> Vec<Input> {
    fn edges(tables: &[&Vec<Band>]) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::new();
        for t in tables {
            for b in t.iter() {
                v.push(b.from);
                match b.to {
                    Some(to) => v.push(to),
                    None => v.push(b.from.saturating_mul(4)),
                }
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }
    let counts = edges(&rules.extra_hours.values().collect::<Vec<_>>());
    let mut pairs = Vec::new();
    for &c in &counts {
        pairs.push((c, 1));
        if c != 1 {
            pairs.push((1, c));
        }
        pairs.push((c, c));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut certs = vec!["none".to_string()];
    certs.extend(super::rules::CERTIFICATES.iter().map(|s| s.to_string()));
    let mut out = Vec::new();
    for level in rules.levels.keys() {
        for (org, table) in &rules.base_hours {
            for fte in edges(&[table]) {
                for &(locations, legal_entities) in &pairs {
                    for it in rules.extra_hours.keys() {
                        for certified in &certs {
                            for failed_items in 0..=rules.reassessment.max_items {
                                out.push(Input {
                                    level: level.clone(),
                                    org_type: org.clone(),
                                    fte,
                                    locations,
                                    legal_entities,
                                    it: it.clone(),
                                    certified: certified.clone(),
                                    failed_items,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}
