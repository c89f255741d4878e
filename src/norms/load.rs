//! Reading and validating `norms/`.
//!
//! Each version folder is loaded on its own (in parallel, and its measure files in parallel
//! too); checks that need more than one version (exactly one current version, `derived_from`
//! pointing into the previous version) run afterwards on the loaded set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use super::{Level, Localized, Measure, Norms, Selection, Status, Version, VersionKey, NIS2_POINTS, NORMS_DIR};
use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::yaml::{self, Spanned};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    version: Spanned<String>,
    published: Spanned<String>,
    status: Spanned<String>,
    summary: Spanned<Localized<String>>,
    #[serde(default)]
    keeps_lower_levels: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    #[serde(rename = "QM10")]
    qm10: Spanned<RawSelection>,
    #[serde(rename = "QM20")]
    qm20: Spanned<RawSelection>,
    #[serde(rename = "QM30")]
    qm30: Spanned<RawSelection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelection {
    measures: Vec<Spanned<String>>,
    #[serde(default)]
    mandatory: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: Spanned<String>,
    nis2: Spanned<Vec<Spanned<String>>>,
    title: Spanned<Localized<String>>,
    text: Spanned<Localized<String>>,
    criteria: Spanned<Localized<Vec<String>>>,
    #[serde(default)]
    why: Option<Spanned<Localized<String>>>,
    #[serde(default)]
    derived_from: Vec<Spanned<String>>,
}

/// A place in a file, kept for checks that run after loading.
#[derive(Debug, Clone)]
struct Pos {
    file: PathBuf,
    line: u32,
    col: u32,
    text: String,
}

impl Pos {
    fn of<T>(file: &Path, src: &str, s: &Spanned<T>) -> Pos {
        let (line, col) = yaml::pos(s);
        let text = src.lines().nth(line.saturating_sub(1) as usize).unwrap_or("").to_string();
        Pos { file: file.to_path_buf(), line, col, text }
    }

    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(&self.file, msg).at(self.line, self.col);
        d.source_line = Some(self.text.clone());
        d
    }

    fn location(&self) -> String {
        format!("{}:{}:{}", self.file.display(), self.line, self.col)
    }
}

/// What a version folder yields: the version (when its metadata could be read), the places
/// cross-version checks need, and the measures that fall back per incomplete language.
struct Loaded {
    version: Option<Version>,
    status_at: Option<Pos>,
    derived_at: BTreeMap<String, Vec<(String, Pos)>>,
    missing: BTreeMap<String, Vec<String>>,
    diags: Vec<Diagnostic>,
}

/// Whether `id` is one to three capital letters, a dot and two digits (`A.01`, `GOV.02`).
pub fn is_measure_id(id: &str) -> bool {
    let Some((letters, digits)) = id.split_once('.') else { return false };
    (1..=3).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && digits.len() == 2
        && digits.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Norms {
    let dir = root.join(NORMS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Norms::default();
    };
    let mut folders: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    let loaded: Vec<Loaded> = folders.par_iter().map(|p| load_version(root, p, config)).collect();

    let mut versions = Vec::new();
    let mut currents: Vec<(String, Pos)> = Vec::new();
    let mut derived: BTreeMap<String, BTreeMap<String, Vec<(String, Pos)>>> = BTreeMap::new();
    let mut all_loaded = true;
    for l in loaded {
        diags.extend(l.diags);
        all_loaded &= l.version.is_some();
        if let Some(v) = l.version {
            for (lang, ids) in &l.missing {
                diags.push(Diagnostic::warning(
                    v.dir.join("measures"),
                    format!(
                        "{} measure(s) of version {} have no `{lang}` title, text or criteria; the `{}` text is shown with a notice: {}",
                        ids.len(),
                        v.version,
                        config.default_language,
                        summarise(ids)
                    ),
                ));
            }
            if v.status == Status::Current {
                if let Some(p) = l.status_at {
                    currents.push((v.version.clone(), p));
                }
            }
            derived.insert(v.version.clone(), l.derived_at);
            versions.push(v);
        }
    }
    let norms = Norms::from_versions(versions);

    // Two folders may spell the same number differently (`3.2` and `3.02`).
    for pair in norms.versions().windows(2) {
        if pair[0].key == pair[1].key {
            diags.push(Diagnostic::error(
                &pair[1].dir,
                format!("version {} is the same number as version {} ({})", pair[1].version, pair[0].version, pair[0].dir.display()),
            ));
        }
    }

    // The checks below compare versions: with one of them unreadable they would only
    // repeat its error in other words (no current version, no previous version).
    if !all_loaded {
        return norms;
    }

    // Exactly one version is current: certificates and `latest/` pages point at it.
    currents.sort_by(|a, b| {
        VersionKey::parse(&a.0).cmp(&VersionKey::parse(&b.0))
    });
    if let Some((first_v, first_at)) = currents.first() {
        for (v, at) in currents.iter().skip(1) {
            diags.push(at.error(format!(
                "version {v} is marked current, but version {first_v} is current too ({}); exactly one version is current",
                first_at.location()
            )));
        }
    } else if !norms.is_empty() {
        diags.push(Diagnostic::error(
            NORMS_DIR,
            "no norm version has `status: current`; exactly one version is current",
        ));
    }

    // `derived_from` names measures of the version before.
    for v in norms.versions() {
        let Some(places) = derived.get(&v.version) else { continue };
        let prev = norms.previous(&v.version);
        for (id, refs) in places {
            for (from, at) in refs {
                match prev {
                    None => diags.push(at.error(format!(
                        "measure {id} is `derived_from` {from}, but version {} is the first version",
                        v.version
                    ))),
                    Some(p) if p.measure(from).is_none() => diags.push(at.error(format!(
                        "measure {id} is `derived_from` {from}, which is not a measure of the previous version {}",
                        p.version
                    ))),
                    _ => {}
                }
            }
        }
    }
    norms
}

fn summarise(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut s = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    s
}

fn read(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|e| crate::site::unreadable(root, path, e))
}

fn load_version(root: &Path, dir: &Path, config: &Config) -> Loaded {
    let rel_dir = rel(root, dir);
    let folder = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Loaded {
        version: None,
        status_at: None,
        derived_at: BTreeMap::new(),
        missing: BTreeMap::new(),
        diags: Vec::new(),
    };
    if VersionKey::parse(&folder).is_none() {
        out.diags.push(Diagnostic::error(
            &rel_dir,
            format!("folder `{folder}` under norms/ is not a version number such as `3.2`"),
        ));
        return out;
    }

    // The measure files and the two metadata files are independent: read them side by side.
    let measure_dir = dir.join("measures");
    let files: Vec<PathBuf> = WalkDir::new(&measure_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .map(|e| e.into_path())
        .collect();
    let (meta, measures) = rayon::join(
        || read_meta(root, dir, &folder),
        || files.par_iter().map(|p| load_measure(root, p, config)).collect::<Vec<_>>(),
    );

    let mut catalogue: BTreeMap<String, Measure> = BTreeMap::new();
    let mut first_at: BTreeMap<String, Pos> = BTreeMap::new();
    for r in measures {
        out.diags.extend(r.diags);
        let Some((m, id_at, derived)) = r.measure else { continue };
        for lang in &r.missing {
            out.missing.entry(lang.clone()).or_default().push(m.id.clone());
        }
        if let Some(prev) = first_at.get(&m.id) {
            out.diags.push(id_at.error(format!("duplicate measure id {}: already defined at {}", m.id, prev.location())));
            continue;
        }
        if !derived.is_empty() {
            out.derived_at.insert(m.id.clone(), derived);
        }
        first_at.insert(m.id.clone(), id_at);
        catalogue.insert(m.id.clone(), m);
    }
    if files.is_empty() {
        out.diags.push(Diagnostic::error(rel(root, &measure_dir), "a norm version needs its measures, one file per measure in `measures/`"));
    }

    let Some((raw, vsrc, vfile)) = meta.version else {
        out.diags.extend(meta.diags);
        return out;
    };
    out.diags.extend(meta.diags);
    let mut errors = Vec::new();
    if raw.version.value != folder {
        errors.push(yaml::error_at(
            &vfile,
            &vsrc,
            &raw.version,
            format!("`version: {}` does not match the folder name `{folder}`", raw.version.value),
        ));
    }
    let published = match parse_date(&raw.published.value) {
        Some(d) => Some(d),
        None => {
            errors.push(yaml::error_at(
                &vfile,
                &vsrc,
                &raw.published,
                format!("`published` must be a date written YYYY-MM-DD, not `{}`", raw.published.value),
            ));
            None
        }
    };
    let status = match raw.status.value.as_str() {
        "draft" => Some(Status::Draft),
        "current" => Some(Status::Current),
        "superseded" => Some(Status::Superseded),
        other => {
            errors.push(yaml::error_at(
                &vfile,
                &vsrc,
                &raw.status,
                format!("`status` must be `draft`, `current` or `superseded`, not `{other}`"),
            ));
            None
        }
    };
    for lang in config.languages.iter().filter(|l| l.complete || l.code == config.default_language) {
        if raw.summary.value.get(&lang.code).is_none_or(|s| s.trim().is_empty()) {
            errors.push(yaml::error_at(&vfile, &vsrc, &raw.summary, format!("`summary` has no `{}` text", lang.code)));
        }
    }
    out.status_at = Some(Pos::of(&vfile, &vsrc, &raw.status));
    let keeps = raw.keeps_lower_levels.unwrap_or(true);

    let levels = meta.levels.map(|(levels, lsrc, lfile)| check_levels(&levels, &lsrc, &lfile, &catalogue, keeps, &mut errors));

    out.diags.extend(errors);
    if let (Some(published), Some(status), Some(levels)) = (published, status, levels) {
        out.version = Some(Version {
            version: folder,
            key: VersionKey::parse(&raw.version.value).unwrap_or(VersionKey(Vec::new())),
            published,
            status,
            summary: raw.summary.value,
            keeps_lower_levels: keeps,
            measures: catalogue,
            levels,
            dir: rel_dir,
        });
    }
    out
}

struct Meta {
    version: Option<(RawVersion, String, PathBuf)>,
    levels: Option<(RawLevels, String, PathBuf)>,
    diags: Vec<Diagnostic>,
}

fn read_meta(root: &Path, dir: &Path, folder: &str) -> Meta {
    let mut diags = Vec::new();
    let mut one = |name: &str| -> Option<(String, PathBuf)> {
        let path = dir.join(name);
        let file = rel(root, &path);
        if !path.is_file() {
            diags.push(Diagnostic::error(&file, format!("version {folder} has no {name}")));
            return None;
        }
        match read(root, &path) {
            Ok(s) => Some((s, file)),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    };
    let v = one("version.yaml");
    let l = one("levels.yaml");
    let version = v.and_then(|(src, file)| match yaml::parse::<RawVersion>(&file, &src) {
        Ok(r) => Some((r, src, file)),
        Err(d) => {
            diags.push(d);
            None
        }
    });
    let levels = l.and_then(|(src, file)| match yaml::parse::<RawLevels>(&file, &src) {
        Ok(r) => Some((r, src, file)),
        Err(d) => {
            diags.push(d);
            None
        }
    });
    Meta { version, levels, diags }
}

fn parse_date(s: &str) -> Option<Date> {
    if s.len() != 10 {
        return None;
    }
    s.parse::<Date>().ok()
}

fn check_levels(
    raw: &RawLevels,
    src: &str,
    file: &Path,
    catalogue: &BTreeMap<String, Measure>,
    keeps_lower: bool,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<Level, Selection> {
    let mut out = BTreeMap::new();
    let raws = [(Level::Qm10, &raw.qm10), (Level::Qm20, &raw.qm20), (Level::Qm30, &raw.qm30)];
    for (level, sel) in raws {
        let mut s = Selection::default();
        let mut seen = BTreeSet::new();
        for id in &sel.value.measures {
            if !seen.insert(id.value.as_str()) {
                errors.push(yaml::error_at(file, src, id, format!("{level} selects {} twice", id.value)));
                continue;
            }
            if !catalogue.contains_key(&id.value) {
                errors.push(yaml::error_at(
                    file,
                    src,
                    id,
                    format!("{level} selects {}, which is not a measure of this version (no measures/{}.yaml)", id.value, id.value),
                ));
                continue;
            }
            s.measures.push(id.value.clone());
        }
        for id in &sel.value.mandatory {
            if !seen.contains(id.value.as_str()) {
                errors.push(yaml::error_at(
                    file,
                    src,
                    id,
                    format!("{level} marks {} mandatory, but does not select it in `measures`", id.value),
                ));
                continue;
            }
            if !s.mandatory.insert(id.value.clone()) {
                errors.push(yaml::error_at(file, src, id, format!("{level} marks {} mandatory twice", id.value)));
            }
        }
        out.insert(level, s);
    }
    if keeps_lower {
        for (level, sel) in raws.iter().skip(1) {
            let lower = level.lower().expect("QM20 and QM30 have a lower level");
            let here = &out[level];
            let dropped: Vec<String> =
                out[&lower].measures.iter().filter(|id| !here.contains(id)).cloned().collect();
            if !dropped.is_empty() {
                errors.push(yaml::error_at(
                    file,
                    src,
                    sel,
                    format!(
                        "{level} drops {} of {lower}: a higher level keeps every measure of the level below (or set `keeps_lower_levels: false` in version.yaml)",
                        dropped.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

struct MeasureResult {
    measure: Option<(Measure, Pos, Vec<(String, Pos)>)>,
    missing: Vec<String>,
    diags: Vec<Diagnostic>,
}

fn load_measure(root: &Path, path: &Path, config: &Config) -> MeasureResult {
    let file = rel(root, path);
    let mut r = MeasureResult { measure: None, missing: Vec::new(), diags: Vec::new() };
    let src = match read(root, path) {
        Ok(s) => s,
        Err(d) => {
            r.diags.push(d);
            return r;
        }
    };
    let raw: RawMeasure = match yaml::parse(&file, &src) {
        Ok(m) => m,
        Err(d) => {
            r.diags.push(d);
            return r;
        }
    };
    let errs = &mut r.diags;
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let id = &raw.id.value;
    if !is_measure_id(id) {
        errs.push(yaml::error_at(
            &file,
            &src,
            &raw.id,
            format!("measure id `{id}` is not one to three capital letters, a dot and two digits (such as `A.01`)"),
        ));
    } else if *id != stem {
        errs.push(yaml::error_at(&file, &src, &raw.id, format!("measure id {id} does not match the file name `{stem}.yaml`")));
    }
    if raw.nis2.value.is_empty() {
        errs.push(yaml::error_at(&file, &src, &raw.nis2, format!("measure {id} needs at least one NIS2 reference in `nis2`")));
    }
    let mut nis2 = Vec::new();
    for p in &raw.nis2.value {
        if NIS2_POINTS.contains(&p.value.as_str()) {
            if nis2.contains(&p.value) {
                errs.push(yaml::error_at(&file, &src, p, format!("NIS2 reference `{}` is listed twice", p.value)));
            } else {
                nis2.push(p.value.clone());
            }
        } else {
            errs.push(yaml::error_at(
                &file,
                &src,
                p,
                format!("unknown NIS2 reference `{}`: use 21.2.a … 21.2.j, 20 (governance) or 23 (reporting)", p.value),
            ));
        }
    }
    for lang in &config.languages {
        let required = lang.complete || lang.code == config.default_language;
        let has = |m: &Localized<String>| m.get(&lang.code).is_some_and(|s| !s.trim().is_empty());
        let checks: [(&str, bool, (u32, u32)); 3] = [
            ("title", has(&raw.title.value), yaml::pos(&raw.title)),
            ("text", has(&raw.text.value), yaml::pos(&raw.text)),
            (
                "criteria",
                raw.criteria.value.get(&lang.code).is_some_and(|c| !c.is_empty()),
                yaml::pos(&raw.criteria),
            ),
        ];
        let mut missing_any = false;
        for (field, present, (l, c)) in checks {
            if present {
                continue;
            }
            missing_any = true;
            if required {
                errs.push(
                    Diagnostic::error(&file, format!("measure {id} has no `{}` {field}", lang.code)).at_in(&src, l, c),
                );
            }
        }
        if let Some(why) = &raw.why {
            if required && !has(&why.value) {
                errs.push(yaml::error_at(&file, &src, why, format!("measure {id} has no `{}` why", lang.code)));
            }
        }
        if missing_any && !required {
            r.missing.push(lang.code.clone());
        }
    }
    let mut derived = Vec::new();
    for d in &raw.derived_from {
        if d.value == *id {
            errs.push(yaml::error_at(&file, &src, d, format!("measure {id} cannot be `derived_from` itself")));
        } else {
            derived.push((d.value.clone(), Pos::of(&file, &src, d)));
        }
    }
    // Only a measure without a usable id is left out of the catalogue; with any other
    // mistake it stays in, so that `levels.yaml` does not report it as unknown as well.
    let id = if is_measure_id(id) && *id == stem {
        id.clone()
    } else if is_measure_id(&stem) {
        stem.clone()
    } else {
        return r;
    };
    let non_empty = |m: Localized<String>| m.into_iter().filter(|(_, s)| !s.trim().is_empty()).collect();
    let measure = Measure {
        id: id.clone(),
        nis2,
        title: non_empty(raw.title.value),
        text: non_empty(raw.text.value),
        criteria: raw.criteria.value.into_iter().filter(|(_, c)| !c.is_empty()).collect(),
        why: raw.why.map(|w| non_empty(w.value)).unwrap_or_default(),
        derived_from: derived.iter().map(|(d, _)| d.clone()).collect(),
        file: file.clone(),
    };
    r.measure = Some((measure, Pos::of(&file, &src, &raw.id), derived));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_ids() {
        assert!(is_measure_id("A.01"));
        assert!(is_measure_id("GOV.02"));
        assert!(!is_measure_id("a.01"));
        assert!(!is_measure_id("GOVX.01"));
        assert!(!is_measure_id("A.1"));
        assert!(!is_measure_id("A01"));
    }

    #[derive(Deserialize)]
    struct V {
        version: Spanned<String>,
        published: Spanned<String>,
    }

    #[test]
    fn unquoted_version_and_date_read_as_written() {
        let v: V = yaml::parse(Path::new("v.yaml"), "version: 3.10\npublished: 2026-01-01\n").unwrap();
        assert_eq!(v.version.value, "3.10");
        assert_eq!(v.published.value, "2026-01-01");
    }
}
