//! Reading and checking the register export: every rule of SPEC 3.2, every error at once.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::countries::is_country;
use super::jsonpos::{self, Lines, OwnedStep, Step};
use super::model::*;
use super::Register;
use crate::diag::Diagnostic;

/// One problem inside an element, before it is given a line and column.
struct Issue {
    /// Steps below the element (`certificates`, 0, `expires`).
    steps: Vec<OwnedStep>,
    message: String,
}

fn issue(steps: Vec<OwnedStep>, message: String) -> Issue {
    Issue { steps, message }
}

fn key(k: &str) -> OwnedStep {
    OwnedStep::Key(k.to_string())
}

/// Letters, digits, `.`, `_`, `-`, starting with a letter or digit: registration numbers,
/// certificate numbers and auditor ids become URL segments and shard keys.
pub fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Where errors of one document go: the file, its source and its line index.
pub(super) struct Reporter<'a> {
    file: &'a Path,
    src: &'a str,
    lines: Lines,
    out: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(super) fn new(file: &'a Path, src: &'a str) -> Self {
        Reporter { file, src, lines: Lines::new(src), out: Vec::new() }
    }

    /// An error at byte `offset` with JSON path `path`.
    fn at(&mut self, offset: usize, path: String, message: String) {
        let (l, c) = self.lines.line_col(self.src, offset);
        self.out.push(Diagnostic::error(self.file, message).at_in(self.src, l, c).json_path(path));
    }

    /// An error about the value at `steps` below the element at `start` whose path is `base`.
    fn below(&mut self, start: usize, base: &str, steps: &[OwnedStep], message: String) {
        let borrowed: Vec<Step> = steps
            .iter()
            .map(|s| match s {
                OwnedStep::Key(k) => Step::Key(k),
                OwnedStep::Index(n) => Step::Index(*n),
            })
            .collect();
        let offset = jsonpos::locate(self.src, start, &borrowed);
        let mut path = base.to_string();
        jsonpos::push_path(&mut path, steps);
        self.at(offset, path, message);
    }

    /// A serde error inside the element `src[start..end]`, mapped to the whole file.
    fn serde(&mut self, start: usize, base: &str, who: &str, e: &serde_json::Error) {
        let offset = self.lines.offset_in(self.src, start, e.line(), e.column());
        // serde_json reports "missing field" at the closing brace, inside the object it
        // concerns; other errors just past the offending token.
        let msg = e.to_string();
        let probe = if msg.starts_with("missing field") { offset } else { offset.saturating_sub(1).max(start) };
        let steps = jsonpos::path_at(self.src, start, probe);
        let mut path = base.to_string();
        jsonpos::push_path(&mut path, &steps);
        let msg = msg.rfind(" at line ").map(|i| msg[..i].to_string()).unwrap_or(msg);
        let mut offset = offset.min(self.src.len());
        if msg.starts_with("unknown field") {
            // serde_json stops on the key's closing quote: point at its opening one.
            let b = self.src.as_bytes();
            let mut j = offset.saturating_sub(1);
            while j > start && !(b[j] == b'"' && b[j - 1] != b'\\') {
                j -= 1;
            }
            offset = j;
        }
        self.at(offset, path, format!("{who}{msg}"));
    }

    pub(super) fn into_vec(self) -> Vec<Diagnostic> {
        self.out
    }
}

fn who(reg: &str) -> String {
    if reg.is_empty() { String::new() } else { format!("organisation {reg}: ") }
}

fn date_field(value: &DateText, steps: Vec<OwnedStep>, what: &str, issues: &mut Vec<Issue>) -> Option<Date> {
    let d = parse_date(&value.0);
    if d.is_none() {
        issues.push(issue(steps, format!("`{what}` must be a date written YYYY-MM-DD, not `{}`", value.0)));
    }
    d
}

/// Parses a register export. Returns the register (organisations and auditors that passed
/// every check) and every problem found.
pub fn parse(file: &Path, src: &str) -> (Register, Vec<Diagnostic>) {
    let mut rep = Reporter::new(file, src);
    let mut reg = Register { present: true, ..Register::default() };
    // One allocation-free pass finds syntax errors, which make positions meaningless.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(src) {
        let msg = e.to_string();
        let msg = msg.rfind(" at line ").map(|i| msg[..i].to_string()).unwrap_or(msg);
        let (l, c) = (e.line() as u32, e.column().max(1) as u32);
        rep.out.push(Diagnostic::error(file, format!("invalid JSON: {msg}")).at_in(src, l, c));
        return (reg, rep.into_vec());
    }
    let start = src.len() - src.trim_start().len();
    if src.as_bytes().get(start) != Some(&b'{') {
        rep.at(start, "$".into(), "the register must be a JSON object".into());
        return (reg, rep.into_vec());
    }
    let top = jsonpos::members(src, start);
    let mut orgs_at = None;
    let mut auds_at = None;
    let mut seen = std::collections::BTreeSet::new();
    for (k, kpos, vs, ve) in &top {
        if !seen.insert(k.as_str()) {
            rep.at(*kpos, k.clone(), format!("`{k}` appears twice"));
            continue;
        }
        match k.as_str() {
            "format_version" => {
                if serde_json::from_str::<u32>(&src[*vs..*ve]).ok() != Some(1) {
                    rep.at(*vs, k.clone(), format!("`format_version` must be 1, not {}", &src[*vs..*ve]));
                }
            }
            "exported_at" => match serde_json::from_str::<String>(&src[*vs..*ve]) {
                Ok(s) => match s.parse::<jiff::Timestamp>() {
                    Ok(ts) => {
                        reg.exported_at = ts.to_string();
                        reg.export_date = Some(jiff::ZonedDateTime::new(ts, jiff::tz::TimeZone::UTC).date());
                    }
                    Err(_) => rep.at(*vs, k.clone(), format!("`exported_at` must be an RFC 3339 time such as 2026-11-30T09:00:00Z, not `{s}`")),
                },
                Err(_) => rep.at(*vs, k.clone(), "`exported_at` must be a string".into()),
            },
            "organisations" | "auditors" => {
                if src.as_bytes()[*vs] != b'[' {
                    rep.at(*vs, k.clone(), format!("`{k}` must be an array"));
                } else if k == "organisations" {
                    orgs_at = Some(*vs);
                } else {
                    auds_at = Some(*vs);
                }
            }
            _ => rep.at(
                *kpos,
                k.clone(),
                format!("unknown field `{k}`, expected one of `format_version`, `exported_at`, `organisations`, `auditors`"),
            ),
        }
    }
    for required in ["format_version", "exported_at", "organisations", "auditors"] {
        if !seen.contains(required) {
            rep.at(start, "$".into(), format!("missing field `{required}`"));
        }
    }

    // Auditors first: certificates refer to them.
    let mut auditor_levels: HashMap<String, Vec<Level>> = HashMap::new();
    let mut auditor_first: HashMap<String, usize> = HashMap::new();
    if let Some(at) = auds_at {
        for (i, (s, e)) in jsonpos::elements(src, at).into_iter().enumerate() {
            let base = format!("auditors[{i}]");
            let parsed: Result<AuditorIn, _> = serde_json::from_str(&src[s..e]);
            match parsed {
                Err(err) => rep.serde(s, &base, "", &err),
                Ok(a) => {
                    let mut issues = Vec::new();
                    let model = check_auditor(a, &mut issues);
                    for is in &issues {
                        rep.below(s, &base, &is.steps, is.message.clone());
                    }
                    if let Some(a) = model {
                        if let Some(first) = auditor_first.get(&a.id) {
                            rep.below(s, &base, &[key("id")], format!("duplicate auditor id `{}` (first at auditors[{first}])", a.id));
                            continue;
                        }
                        auditor_first.insert(a.id.clone(), i);
                        auditor_levels.insert(a.id.clone(), a.qualified_for.clone());
                        reg.auditors.push(a);
                    }
                }
            }
        }
    }

    if let Some(at) = orgs_at {
        let els = jsonpos::elements(src, at);
        let results: Vec<OrgResult> = els
            .par_iter()
            .map(|&(s, e)| check_org_src(&src[s..e], &auditor_levels))
            .collect();
        let mut first_reg: HashMap<&str, usize> = HashMap::with_capacity(els.len());
        let mut first_cert: HashMap<String, (usize, usize)> = HashMap::with_capacity(els.len());
        let mut orgs = Vec::with_capacity(els.len());
        let mut dup_issues: Vec<(usize, Vec<OwnedStep>, String)> = Vec::new();
        for (i, (res, issues, _, ids)) in results.iter().enumerate() {
            let (s, e) = els[i];
            let base = format!("organisations[{i}]");
            let reg_no = match res {
                Ok(o) => o.registration_number.clone(),
                Err(_) => registration_of(&src[s..e]),
            };
            let w = who(&reg_no);
            if let Err(Some(err)) = res {
                rep.serde(s, &base, &w, err);
            }
            for is in issues {
                rep.below(s, &base, &is.steps, format!("{w}{}", is.message));
            }
            if let Some((reg_id, cert_ids)) = ids {
                if let Some(&first) = first_reg.get(reg_id.as_str()) {
                    dup_issues.push((i, vec![key("registration_number")], format!("duplicate registration number (first at organisations[{first}])")));
                } else {
                    first_reg.insert(reg_id, i);
                }
                for (j, c) in cert_ids.iter().enumerate() {
                    if let Some((fi, fj)) = first_cert.get(c) {
                        dup_issues.push((
                            i,
                            vec![key("certificates"), OwnedStep::Index(j), key("certificate_number")],
                            format!("duplicate certificate number `{c}` (first at organisations[{fi}].certificates[{fj}])"),
                        ));
                    } else {
                        first_cert.insert(c.clone(), (i, j));
                    }
                }
            }
        }
        for (i, steps, msg) in dup_issues {
            let (s, _) = els[i];
            let w = results[i].3.as_ref().map(|(r, _)| who(r)).unwrap_or_default();
            rep.below(s, &format!("organisations[{i}]"), &steps, format!("{w}{msg}"));
        }
        for (i, (res, issues, versions, _)) in results.into_iter().enumerate() {
            if let (Ok(o), true) = (res, issues.is_empty()) {
                orgs.push(o);
                reg.source_index.push(i as u32);
            } else if !versions.is_empty() {
                let (s, e) = els[i];
                let r = registration_of(&src[s..e]);
                reg.rejected_versions.extend(versions.into_iter().map(|(j, v)| (i as u32, j, v, r.clone())));
            }
        }
        reg.organisations = orgs;
    }
    (reg, rep.into_vec())
}

fn registration_of(el: &str) -> String {
    jsonpos::members(el, 0)
        .into_iter()
        .find(|(k, ..)| k == "registration_number")
        .and_then(|(_, _, s, e)| serde_json::from_str::<String>(&el[s..e]).ok())
        .unwrap_or_default()
}

fn parse_el<T: DeserializeOwned>(el: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(el)
}

type OrgResult = (Result<Organisation, Option<serde_json::Error>>, Vec<Issue>, Vec<(u32, String)>, Option<(String, Vec<String>)>);

fn check_org_src(el: &str, auditors: &HashMap<String, Vec<Level>>) -> OrgResult {
    match parse_el::<OrganisationIn>(el) {
        Err(e) => (Err(Some(e)), Vec::new(), Vec::new(), None),
        Ok(o) => {
            let mut issues = Vec::new();
            let versions: Vec<(u32, String)> =
                o.certificates.iter().enumerate().map(|(j, c)| (j as u32, c.scheme_version.clone())).collect();
            // Numbers are checked for duplicates even when the organisation has other errors.
            let ids = (o.registration_number.clone(), o.certificates.iter().map(|c| c.certificate_number.clone()).collect());
            match check_org(o, auditors, &mut issues) {
                Some(o) => (Ok(o), issues, Vec::new(), Some(ids)),
                None => (Err(None), issues, versions, Some(ids)),
            }
        }
    }
}

fn check_auditor(a: AuditorIn, issues: &mut Vec<Issue>) -> Option<Auditor> {
    if !is_identifier(&a.id) {
        issues.push(issue(vec![key("id")], format!("auditor id `{}` may only hold letters, digits, `.`, `_` and `-`", a.id)));
    }
    if a.name.trim().is_empty() {
        issues.push(issue(vec![key("name")], "`name` is empty".into()));
    }
    if !is_country(&a.country) {
        issues.push(issue(vec![key("country")], format!("unknown country `{}` (expected an ISO 3166-1 alpha-2 code such as NL)", a.country)));
    }
    let mut levels = Vec::new();
    for (i, l) in a.qualified_for.iter().enumerate() {
        match Level::parse(l) {
            Some(l) => levels.push(l),
            None => issues.push(issue(vec![key("qualified_for"), OwnedStep::Index(i)], format!("unknown norm `{l}` (expected QM10, QM20 or QM30)"))),
        }
    }
    let until = a.recognised_until.as_ref().and_then(|d| date_field(d, vec![key("recognised_until")], "recognised_until", issues));
    if !issues.is_empty() {
        return None;
    }
    levels.sort();
    levels.dedup();
    Some(Auditor {
        id: a.id,
        name: a.name,
        kind: a.kind,
        country: a.country,
        qualified_for: levels,
        accreditation: a.accreditation,
        recognised_until: until,
    })
}

fn check_org(o: OrganisationIn, auditors: &HashMap<String, Vec<Level>>, issues: &mut Vec<Issue>) -> Option<Organisation> {
    if !is_identifier(&o.registration_number) {
        issues.push(issue(
            vec![key("registration_number")],
            format!("registration number `{}` may only hold letters, digits, `.`, `_` and `-`", o.registration_number),
        ));
    }
    if o.name.trim().is_empty() {
        issues.push(issue(vec![key("name")], "`name` is empty".into()));
    }
    if !is_country(&o.country) {
        issues.push(issue(vec![key("country")], format!("unknown country `{}` (expected an ISO 3166-1 alpha-2 code such as NL)", o.country)));
    }
    let pre = date_field(&o.pre_registered, vec![key("pre_registered")], "pre_registered", issues);
    let temp = o
        .temporary_status_until
        .as_ref()
        .and_then(|d| date_field(d, vec![key("temporary_status_until")], "temporary_status_until", issues));
    let mut certs = Vec::with_capacity(o.certificates.len());
    for (j, c) in o.certificates.into_iter().enumerate() {
        let at = |k: &str| vec![key("certificates"), OwnedStep::Index(j), key(k)];
        let before = issues.len();
        if !is_identifier(&c.certificate_number) {
            issues.push(issue(
                at("certificate_number"),
                format!("certificate number `{}` may only hold letters, digits, `.`, `_` and `-`", c.certificate_number),
            ));
        }
        let norm = Level::parse(&c.norm);
        if norm.is_none() {
            issues.push(issue(at("norm"), format!("unknown norm `{}` (expected QM10, QM20 or QM30)", c.norm)));
        }
        let issued = date_field(&c.issued, at("issued"), "issued", issues);
        let expires = date_field(&c.expires, at("expires"), "expires", issues);
        if let (Some(i), Some(e)) = (issued, expires) {
            match expiry_for(i) {
                Some(want) if want == e => {}
                Some(want) => issues.push(issue(
                    at("expires"),
                    format!("`expires` must be 3 years after `issued` ({i}): {want}, not {e}"),
                )),
                None => issues.push(issue(at("issued"), format!("`issued` {i} is too late in the calendar"))),
            }
        }
        match auditors.get(&c.auditor_id) {
            None => issues.push(issue(at("auditor_id"), format!("unknown auditor `{}` (not in `auditors`)", c.auditor_id))),
            Some(levels) => {
                if let Some(n) = norm {
                    if !levels.contains(&n) {
                        issues.push(issue(
                            at("auditor_id"),
                            format!("auditor `{}` is not qualified for {} (qualified for: {})", c.auditor_id, n.as_str(),
                                levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")),
                        ));
                    }
                }
            }
        }
        let remediation = c.remediation.as_ref().and_then(|r| {
            let rs = |k: &str| vec![key("certificates"), OwnedStep::Index(j), key("remediation"), key(k)];
            let mut ok = true;
            if !(1..=2).contains(&r.items) {
                issues.push(issue(rs("items"), format!("`remediation.items` must be 1 or 2, not {}", r.items)));
                ok = false;
            }
            let deadline = date_field(&r.deadline, rs("deadline"), "remediation.deadline", issues);
            if let (Some(d), Some(i)) = (deadline, issued) {
                if let Some(latest) = latest_deadline(i) {
                    if d > latest {
                        issues.push(issue(
                            rs("deadline"),
                            format!("the remediation deadline {d} is more than 3 months after `issued` ({i}); the latest allowed is {latest}"),
                        ));
                    }
                }
            }
            let completed = match &r.completed {
                Some(cd) => {
                    let v = date_field(cd, rs("completed"), "remediation.completed", issues);
                    ok &= v.is_some();
                    v
                }
                None => None,
            };
            Some(Remediation { items: u8::try_from(r.items).ok().filter(|_| ok)?, deadline: deadline?, completed })
        });
        let withdrawn = c.withdrawn.as_ref().and_then(|w| {
            let d = date_field(&w.date, vec![key("certificates"), OwnedStep::Index(j), key("withdrawn"), key("date")], "withdrawn.date", issues)?;
            Some(Withdrawal { date: d, reason: w.reason.clone() })
        });
        if issues.len() == before {
            if let (Some(norm), Some(issued), Some(expires)) = (norm, issued, expires) {
                certs.push(Certificate {
                    certificate_number: c.certificate_number,
                    norm,
                    scheme_version: c.scheme_version,
                    issued,
                    expires,
                    auditor_id: c.auditor_id,
                    remediation,
                    withdrawn,
                });
            }
        }
    }
    if !issues.is_empty() {
        return None;
    }
    Some(Organisation {
        registration_number: o.registration_number,
        name: o.name,
        company_number: o.company_number,
        country: o.country,
        city: o.city,
        pre_registered: pre?,
        temporary_status_until: temp,
        certificates: certs,
    })
}

/// The published scheme versions of SPEC 2.2, used while the norms model publishes none
/// (the norms module is developed alongside; once it loads versions, they decide).
pub const FALLBACK_VERSIONS: [&str; 5] = ["1.0", "2.0", "3.0", "3.1", "3.2"];

/// Checks each certificate's scheme version against the published versions.
pub fn check_versions(reg: &Register, file: &Path, src: Option<&str>, published: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut bad: BTreeMap<usize, Vec<(usize, String, String)>> = BTreeMap::new();
    for (o, &i) in reg.organisations.iter().zip(&reg.source_index) {
        for (j, c) in o.certificates.iter().enumerate() {
            if !published(&c.scheme_version) {
                bad.entry(i as usize).or_default().push((j, c.scheme_version.clone(), o.registration_number.clone()));
            }
        }
    }
    for (i, j, v, r) in &reg.rejected_versions {
        if !published(v) {
            bad.entry(*i as usize).or_default().push((*j as usize, v.clone(), r.clone()));
        }
    }
    if bad.is_empty() {
        return Vec::new();
    }
    let Some(src) = src else {
        return bad
            .into_iter()
            .flat_map(|(i, v)| {
                v.into_iter().map(move |(j, ver, r)| {
                    Diagnostic::error(file, format!("organisation {r}: scheme version `{ver}` is not published by this site"))
                        .json_path(format!("organisations[{i}].certificates[{j}].scheme_version"))
                })
            })
            .collect();
    };
    let mut rep = Reporter::new(file, src);
    let start = src.len() - src.trim_start().len();
    let orgs_at = jsonpos::members(src, start).into_iter().find(|(k, ..)| k == "organisations").map(|m| m.2);
    let els = orgs_at.map(|a| jsonpos::elements(src, a)).unwrap_or_default();
    for (i, v) in bad {
        let s = els.get(i).map(|e| e.0).unwrap_or(start);
        for (j, ver, r) in v {
            rep.below(
                s,
                &format!("organisations[{i}]"),
                &[key("certificates"), OwnedStep::Index(j), key("scheme_version")],
                format!("organisation {r}: scheme version `{ver}` is not published by this site"),
            );
        }
    }
    rep.into_vec()
}
