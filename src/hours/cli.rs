//! `normsite hours`: the calculator on the command line (SPEC 3.1).
//!
//! It reads only `norms/*/audit-hours.yaml` under the root, not the whole site. Exit status:
//! 0 with a result, 1 when the rules data is invalid, 2 on wrong usage (bad or missing input);
//! bad input never produces a number.

use std::path::PathBuf;

use clap::Args as ClapArgs;
use serde_json::json;

use super::calc::{calculate, grid, Input, Outcome};
use super::rules::{Rounding, RuleSet};
use crate::diag::Diagnostics;

/// Arguments of `normsite hours`.
///
/// Every value is taken as text and checked here, so that a negative or non-numeric value gets
/// the same clear message (and exit status 2) as any other bad input.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct Args {
    /// Site root folder (only its `norms/` folder is read).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Level: QM10, QM20 or QM30.
    #[arg(long, value_name = "LEVEL", allow_hyphen_values = true)]
    pub level: Option<String>,
    /// Organisation type: `supplier` (not itself a NIS2 entity) or `nis2` (essential or important entity).
    #[arg(long, value_name = "supplier|nis2", allow_hyphen_values = true)]
    pub org_type: Option<String>,
    /// Number of employees (FTE), a whole number of at least 1.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub fte: Option<String>,
    /// Number of locations to be certified (at least 1).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub locations: Option<String>,
    /// Number of legal entities to be certified (at least 1).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub legal_entities: Option<String>,
    /// Whether IT is arranged centrally.
    #[arg(long, value_name = "central|decentral", allow_hyphen_values = true)]
    pub it: Option<String>,
    /// Certificate held (assessed within the last 2 years).
    #[arg(long, value_name = "none|iso27001|nen7510", default_value = "none", allow_hyphen_values = true)]
    pub certified: String,
    /// Failed items to re-assess (0–2).
    #[arg(long, value_name = "N", default_value = "0", allow_hyphen_values = true)]
    pub failed_items: String,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Scheme version whose rules to use [default: the current version].
    #[arg(long, value_name = "V")]
    pub scheme_version: Option<String>,
    /// Print the expected results of the whole input grid as JSON (for the JavaScript agreement test).
    #[arg(long, hide = true)]
    pub grid: bool,
}

/// Runs the command; returns the process exit status.
pub fn run(args: &Args) -> i32 {
    let mut diags = Diagnostics::new();
    let hours = super::load_dir(&args.root, &mut diags);
    if diags.has_errors() {
        for d in diags.sorted() {
            eprintln!("{d}\n");
        }
        eprintln!("normsite hours: the audit-hours rules are invalid ({} error(s))", diags.error_count());
        return 1;
    }
    let rules = match &args.scheme_version {
        Some(v) => match hours.get(v) {
            Some(r) => r,
            None => {
                eprintln!("error: --scheme-version: version `{v}` has no audit-hours rules ({})", available(&hours));
                return 2;
            }
        },
        None => match hours.current(current_version(args).as_deref()) {
            Some(r) => r,
            None => {
                eprintln!(
                    "error: no audit-hours rules found: expected {}/norms/<version>/audit-hours.yaml",
                    args.root.display()
                );
                return 1;
            }
        },
    };
    if args.grid {
        let cases: Vec<_> = grid(rules)
            .into_iter()
            .map(|input| {
                let result = calculate(rules, &input);
                json!({ "input": input, "result": result.as_ref().ok(), "errors": result.as_ref().err() })
            })
            .collect();
        println!("{}", json!({ "rules": rules, "cases": cases }));
        return 0;
    }
    let input = match parse_input(args) {
        Ok(i) => i,
        Err(msgs) => return usage(&msgs),
    };
    match calculate(rules, &input) {
        Ok(out) => {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&out).expect("result serialises"));
            } else {
                print!("{}", human(rules, &input, &out));
            }
            0
        }
        Err(errs) => usage(&errs.iter().map(|e| format!("--{}: {}", e.field.replace('_', "-"), e.message)).collect::<Vec<_>>()),
    }
}

fn available(hours: &super::Hours) -> String {
    if hours.sets.is_empty() {
        "no version has any".into()
    } else {
        format!("versions with rules: {}", hours.sets.keys().cloned().collect::<Vec<_>>().join(", "))
    }
}

/// The norms' current version, when the site configuration and norms can be read; the
/// calculator does not fail on problems elsewhere in the site.
fn current_version(args: &Args) -> Option<String> {
    let config = crate::config::Config::load(&args.root).ok()?;
    let mut ignored = Diagnostics::new();
    let norms = crate::norms::load(&args.root, &config, &mut ignored);
    norms.current_version().map(str::to_string)
}

fn usage(msgs: &[String]) -> i32 {
    for m in msgs {
        eprintln!("error: {m}");
    }
    eprintln!("\nUsage: normsite hours --level QM20 --org-type supplier --fte 30 --locations 3 --legal-entities 1 --it central [--certified none|iso27001|nen7510] [--failed-items N] [--json]");
    2
}

fn count(name: &str, v: Option<&str>, errs: &mut Vec<String>) -> u32 {
    let Some(v) = v else {
        errs.push(format!("--{name} is required"));
        return 0;
    };
    match v.trim().parse::<i64>() {
        Ok(n) if n < 1 && name != "failed-items" => {
            errs.push(format!("--{name}: `{v}` must be a whole number of at least 1"));
            0
        }
        Ok(n) if n < 0 => {
            errs.push(format!("--{name}: `{v}` must not be negative"));
            0
        }
        Ok(n) => match u32::try_from(n) {
            Ok(n) => n,
            Err(_) => {
                errs.push(format!("--{name}: `{v}` is too large"));
                0
            }
        },
        Err(_) => {
            errs.push(format!("--{name}: `{v}` is not a whole number"));
            0
        }
    }
}

fn parse_input(args: &Args) -> Result<Input, Vec<String>> {
    let mut errs = Vec::new();
    let mut text = |name: &str, v: &Option<String>| match v {
        Some(s) => s.trim().to_string(),
        None => {
            errs.push(format!("--{name} is required"));
            String::new()
        }
    };
    let level = text("level", &args.level).to_uppercase();
    let org_type = text("org-type", &args.org_type).to_lowercase();
    let it = text("it", &args.it).to_lowercase();
    let fte = count("fte", args.fte.as_deref(), &mut errs);
    let locations = count("locations", args.locations.as_deref(), &mut errs);
    let legal_entities = count("legal-entities", args.legal_entities.as_deref(), &mut errs);
    let failed_items = count("failed-items", Some(&args.failed_items), &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Input {
        level,
        org_type,
        fte,
        locations,
        legal_entities,
        it,
        certified: args.certified.trim().to_lowercase(),
        failed_items,
    })
}

fn band(from: u32, to: Option<u32>) -> String {
    match to {
        Some(t) if t == from => format!("{from}"),
        Some(t) => format!("{from}–{t}"),
        None => format!("{from} or more"),
    }
}

fn hours_or_request(h: Option<u32>) -> String {
    h.map(|h| format!("{h} h")).unwrap_or_else(|| "on request".into())
}

fn certificate_name(c: &str) -> &str {
    match c {
        "iso27001" => "ISO/IEC 27001",
        "nen7510" => "NEN 7510",
        other => other,
    }
}

/// The result for people, in English.
pub fn human(rules: &RuleSet, input: &Input, out: &Outcome) -> String {
    use std::fmt::Write;
    let b = &out.breakdown;
    let mut s = String::new();
    let org = if input.org_type == "nis2" { "NIS2 entity" } else { "supplier (not a NIS2 entity)" };
    let _ = writeln!(s, "Audit hours for {}, scheme version {}", out.level, rules.version);
    let _ = writeln!(
        s,
        "  1. Base hours (table A, {org}, {} FTE, band {}): {}",
        b.base.fte,
        band(b.base.band.from, b.base.band.to),
        hours_or_request(b.base.hours)
    );
    let counted = match b.extra.counted {
        "locations" => format!("{} locations (more than the {} legal entities)", b.extra.locations, b.extra.legal_entities),
        "legal_entities" => format!("{} legal entities (more than the {} locations)", b.extra.legal_entities, b.extra.locations),
        _ => format!("{} locations and {} legal entities", b.extra.locations, b.extra.legal_entities),
    };
    let it = if b.extra.it == "central" { "IT central" } else { "IT not central" };
    let _ = writeln!(
        s,
        "  1. Extra hours (table B, {it}, {counted}, band {}): {}",
        band(b.extra.band.from, b.extra.band.to),
        hours_or_request(b.extra.hours)
    );
    if out.on_request {
        let _ = writeln!(s, "  The foundation sets the audit hours for this organisation on request.");
    } else {
        let _ = writeln!(s, "  2. Sum: {}", hours_or_request(b.subtotal));
        match &b.discount {
            Some(d) => {
                let _ = writeln!(
                    s,
                    "  2. {} certificate, {} % off: {} h",
                    certificate_name(&d.certificate),
                    (d.fraction * 10_000.0).round() / 100.0,
                    d.hours.unwrap_or_default()
                );
            }
            None => {
                let _ = writeln!(s, "  2. No certificate discount");
            }
        }
        let how = match b.rounding {
            Rounding::Up => "rounded up",
            Rounding::Down => "rounded down",
            Rounding::Nearest => "rounded",
        };
        let _ = writeln!(s, "  3. {how} to a whole hour: {}", hours_or_request(b.rounded_hours));
        if b.minimum_applied {
            let _ = writeln!(s, "  4. Raised to the minimum audit time of {} h", b.minimum_hours);
        } else {
            let _ = writeln!(s, "  4. At least the minimum audit time of {} h", b.minimum_hours);
        }
    }
    let _ = writeln!(s, "Audit hours: {}", hours_or_request(out.audit_hours));
    let _ = writeln!(
        s,
        "  5. Re-assessment: {} failed item(s) × {} h = {} h",
        b.reassessment.failed_items, b.reassessment.hours_per_item, b.reassessment.hours
    );
    let _ = writeln!(s, "Total: {}", hours_or_request(out.total_hours));
    let where_ = match (out.on_site_required, out.min_on_site_hours) {
        (false, _) => "online; no on-site part required".to_string(),
        (true, Some(m)) => format!("online and on site, at least {m} h on site"),
        (true, None) => "online and on site".to_string(),
    };
    let _ = writeln!(s, "  6. Where: {where_}");
    let a = out.auditors;
    let auditors = if a.min == a.max { format!("{}", a.min) } else { format!("{}–{}", a.min, a.max) };
    let _ = writeln!(s, "Auditors: {auditors}, each paired with a review auditor");
    s
}
