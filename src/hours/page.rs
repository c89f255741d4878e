//! The calculator page: the form of SPEC 3.4 and, for every reader, the tables and rules in
//! full, rendered from the same rule set the script reads as JSON.

use serde_json::{json, Value};

use super::rules::{Band, RuleSet, CERTIFICATES, IT_ARRANGEMENTS, ORG_TYPES};
use crate::render::{PageJob, PageKind};
use crate::site::Site;

/// Page key of the calculator below `/{lang}/`.
pub const KEY: &str = "calculator/";

fn band_rows(rules: &RuleSet, bands: &[Band]) -> Vec<Value> {
    bands
        .iter()
        .map(|b| {
            json!({
                "from": b.from,
                "to": b.to,
                "on_request": b.on_request,
                "hours": rules.levels.keys().map(|l| b.hours.get(l).copied()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The page's data (also used by tests): the rule set digested into rows in display order.
pub fn page_data(rules: &RuleSet, strings: &Value) -> Value {
    let levels: Vec<Value> = rules
        .levels
        .iter()
        .map(|(id, l)| {
            json!({
                "id": id,
                "auditors_min": l.auditors.min,
                "auditors_max": l.auditors.max,
                "on_site_always": l.on_site.always,
                "on_site_above": l.on_site.above_hours,
                "on_site_min": l.on_site.min_hours,
            })
        })
        .collect();
    let base: Vec<Value> = ORG_TYPES
        .iter()
        .filter_map(|o| rules.base_hours.get(*o).map(|b| json!({ "id": o, "rows": band_rows(rules, b) })))
        .collect();
    let extra: Vec<Value> = IT_ARRANGEMENTS
        .iter()
        .filter_map(|o| rules.extra_hours.get(*o).map(|b| json!({ "id": o, "rows": band_rows(rules, b) })))
        .collect();
    // The strings the script needs, as a JSON data block; `<` is escaped so no string can
    // close the element.
    let strings_json = serde_json::to_string(strings).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c");
    // "60", or "12.5": a whole percentage has no decimals for people to stumble over.
    let scaled = rules.certificate_discount.fraction_scaled;
    let percent = if scaled % 100 == 0 { (scaled / 100).to_string() } else { (scaled as f64 / 100.0).to_string() };
    json!({
        "version": rules.version,
        "rules_url": super::rules_url(&rules.version),
        "levels": levels,
        "org_types": ORG_TYPES,
        "it_arrangements": IT_ARRANGEMENTS,
        "certificate_choices": std::iter::once("none").chain(CERTIFICATES).collect::<Vec<_>>(),
        // Central first: most organisations with several sites arrange IT centrally.
        "it_choices": ["central", "decentral"],
        "discount_certificates": rules.certificate_discount.certificates,
        "base": base,
        "extra": extra,
        "discount_percent": percent,
        "rounding": rules.rounding,
        "minimum_hours": rules.minimum_hours,
        "reassessment_hours_per_item": rules.reassessment.hours_per_item,
        "max_failed_items": rules.reassessment.max_items,
        "failed_item_choices": (0..=rules.reassessment.max_items).collect::<Vec<_>>(),
        "strings_json": strings_json,
    })
}

/// One calculator page per configured language.
pub fn pages(site: &Site) -> Vec<PageJob> {
    let Some(rules) = super::site_rules(site) else { return Vec::new() };
    site.config
        .lang_codes()
        .map(|lang| {
            let strings = site.i18n.table(lang).get("calculator").cloned().unwrap_or(Value::Null);
            let mut job = PageJob::new(lang, KEY, "calculator.html", site.i18n.get(lang, "calculator.title"), PageKind::Calculator)
                .with_data(page_data(rules, &strings));
            job.description = Some(site.i18n.get(lang, "calculator.description").to_string());
            job
        })
        .collect()
}
