//! The norm pages, per language:
//! - `norms/` — the ladder explained, how to choose, every version;
//! - `norms/{level}/{version}/` — a norm, grouped by NIS2 point (and `norms/{level}/latest/`);
//! - `norms/{level}/{version}/{measure}/` — one measure with its history;
//! - `norms/{level}/{version}/changes/` — what changed since the previous version;
//! - `norms/{level}/{version}/print/` — the whole norm on one page, for paper;
//! - `norms/ladder/{lower}-{higher}/` — what the next level adds (current version).

use serde_json::{json, Value};

use super::diff::{differs, words_html};
use super::{nis2_key, Level, Measure, Norms, Status, Version, NIS2_POINTS};
use crate::markdown;
use crate::render::{PageJob, PageKind};
use crate::site::Site;

/// Language-bound helpers for building page data.
struct Cx<'a> {
    site: &'a Site,
    lang: &'a str,
    default: &'a str,
}

impl<'a> Cx<'a> {
    fn t(&self, key: &str) -> String {
        self.site.i18n.get(self.lang, key).to_string()
    }

    fn norms(&self) -> &'a Norms {
        &self.site.norms
    }

    fn norm_url(&self, level: Level, v: &str) -> String {
        format!("/{}/{}", self.lang, norm_key(level, v))
    }

    fn measure_url(&self, level: Level, v: &str, id: &str) -> String {
        format!("/{}/{}", self.lang, measure_key(level, v, id))
    }

    fn status_label(&self, s: Status) -> String {
        self.t(&format!("norms.status.{}", s.as_str()))
    }

    fn nis2(&self, point: &str) -> Value {
        json!({
            "code": point,
            "key": nis2_key(point),
            "label": self.t(&format!("norms.nis2.{}", nis2_key(point))),
            "short": self.t(&format!("norms.nis2_short.{}", nis2_key(point))),
        })
    }

    fn level(&self, level: Level) -> Value {
        json!({
            "id": level.as_str(),
            "slug": level.slug(),
            "name": self.t(&format!("norms.levels.{}.name", level.slug())),
        })
    }

    fn version_meta(&self, v: &Version) -> Value {
        json!({
            "version": v.version,
            "status": v.status.as_str(),
            "status_label": self.status_label(v.status),
            "published": v.published.to_string(),
            "published_human": self.site.i18n.format_date(self.lang, v.published),
            "summary_html": markdown::render(self.localized(&v.summary).0).html,
        })
    }

    fn localized<'b>(&self, m: &'b super::Localized<String>) -> (&'b str, bool) {
        match m.get(self.lang) {
            Some(s) => (s, false),
            None => (m.get(self.default).map(String::as_str).unwrap_or(""), true),
        }
    }

    /// A measure as a list entry (norm page, changes, ladder).
    fn item(&self, v: &Version, level: Level, m: &Measure) -> Value {
        let (title, title_lang) = m.title_in(self.lang, self.default);
        json!({
            "id": m.id,
            "title": title,
            "title_lang": if title_lang == self.lang { Value::Null } else { json!(title_lang) },
            "url": if v.level(level).contains(&m.id) { json!(self.measure_url(level, &v.version, &m.id)) } else { Value::Null },
            "mandatory": v.level(level).is_mandatory(&m.id),
            "nis2": m.nis2.iter().map(|p| self.nis2(p)).collect::<Vec<_>>(),
            "primary": m.nis2.first().map(|p| nis2_key(p)),
        })
    }

    /// A measure in full (measure page, print page).
    fn full(&self, v: &Version, level: Level, m: &Measure) -> Value {
        let mut item = self.item(v, level, m);
        let (text, text_lang) = m.text_in(self.lang, self.default);
        let obj = item.as_object_mut().expect("object");
        let text_html = markdown::render(text);
        obj.insert("text_html".into(), json!(text_html.html));
        obj.insert("has_code".into(), json!(text_html.has_code));
        obj.insert("text_lang".into(), if text_lang == self.lang { Value::Null } else { json!(text_lang) });
        obj.insert(
            "criteria".into(),
            json!(m.criteria_in(self.lang, self.default).iter().map(|c| markdown::render_inline(c)).collect::<Vec<_>>()),
        );
        obj.insert("why_html".into(), json!(m.why_in(self.lang, self.default).map(markdown::render_inline)));
        item
    }

    /// Measures of a level grouped by their primary NIS2 point, in NIS2 order.
    fn groups(&self, v: &Version, level: Level, full: bool) -> Vec<Value> {
        NIS2_POINTS
            .iter()
            .filter_map(|point| {
                let items: Vec<Value> = v
                    .measures_at(level)
                    .filter(|m| m.nis2.first().map(String::as_str) == Some(*point))
                    .map(|m| if full { self.full(v, level, m) } else { self.item(v, level, m) })
                    .collect();
                if items.is_empty() {
                    return None;
                }
                let mut p = self.nis2(point);
                p.as_object_mut().expect("object").insert("measures".into(), json!(items));
                Some(p)
            })
            .collect()
    }

    /// The superseded / draft banner: where the reader should go instead.
    fn banner(&self, v: &Version, level: Level, measure: Option<&str>) -> Value {
        let current = self.norms().current();
        match (v.status, current) {
            (Status::Superseded, Some(cur)) => {
                let same = measure.filter(|id| cur.level(level).contains(id));
                let url = match same {
                    Some(id) => self.measure_url(level, &cur.version, id),
                    None => self.norm_url(level, &cur.version),
                };
                let text_key = match (measure, same) {
                    (Some(_), Some(_)) => "norms.banner.superseded_measure",
                    (Some(_), None) => "norms.banner.superseded_gone",
                    _ => "norms.banner.superseded_norm",
                };
                json!({
                    "kind": "superseded",
                    "text": self.t("norms.banner.superseded").replace("{version}", &v.version).replace("{current}", &cur.version),
                    "link_text": self.t(text_key).replace("{current}", &cur.version).replace("{id}", measure.unwrap_or("")),
                    "url": url,
                })
            }
            (Status::Draft, cur) => json!({
                "kind": "draft",
                "text": self.t("norms.banner.draft").replace("{version}", &v.version),
                "link_text": cur.map(|c| self.t("norms.banner.draft_link").replace("{current}", &c.version)),
                "url": cur.map(|c| self.norm_url(level, &c.version)),
            }),
            _ => Value::Null,
        }
    }

    /// The version switcher: every version, linking to the same measure where it exists at
    /// this level, otherwise to that version's norm.
    fn switcher(&self, this: &Version, level: Level, measure: Option<&str>, changes: bool) -> Vec<Value> {
        self.norms()
            .versions()
            .iter()
            .map(|v| {
                let has = measure.map(|id| v.level(level).contains(id));
                let url = match (measure, has, changes) {
                    (Some(id), Some(true), _) => self.measure_url(level, &v.version, id),
                    (None, _, true) if self.norms().previous(&v.version).is_some() => {
                        format!("{}changes/", self.norm_url(level, &v.version))
                    }
                    _ => self.norm_url(level, &v.version),
                };
                json!({
                    "version": v.version,
                    "status": v.status.as_str(),
                    "status_label": self.status_label(v.status),
                    "url": url,
                    "this": v.version == this.version,
                    "missing": has == Some(false),
                })
            })
            .collect()
    }

    fn common(&self, v: &Version, level: Level, measure: Option<&str>, changes: bool) -> serde_json::Map<String, Value> {
        let base = self.norm_url(level, &v.version);
        let mut m = serde_json::Map::new();
        m.insert("level".into(), self.level(level));
        m.insert("version".into(), self.version_meta(v));
        m.insert("banner".into(), self.banner(v, level, measure));
        m.insert("versions".into(), json!(self.switcher(v, level, measure, changes)));
        m.insert("norm_url".into(), json!(base));
        m.insert(
            "changes_url".into(),
            json!(self.norms().previous(&v.version).map(|_| format!("{base}changes/"))),
        );
        m.insert("print_url".into(), json!(format!("{base}print/")));
        m.insert("json_url".into(), json!(format!("/api/norms/{}/{}.json", level.slug(), v.version)));
        m.insert(
            "levels".into(),
            json!(Level::ALL
                .iter()
                .map(|l| {
                    let mut x = self.level(*l);
                    let url = match measure.filter(|id| v.level(*l).contains(id)) {
                        Some(id) => self.measure_url(*l, &v.version, id),
                        None => self.norm_url(*l, &v.version),
                    };
                    x.as_object_mut().expect("object").insert("url".into(), json!(url));
                    x.as_object_mut().expect("object").insert("this".into(), json!(*l == level));
                    x
                })
                .collect::<Vec<_>>()),
        );
        m
    }
}

fn norm_key(level: Level, v: &str) -> String {
    format!("norms/{}/{v}/", level.slug())
}

fn measure_key(level: Level, v: &str, id: &str) -> String {
    format!("norms/{}/{v}/{}/", level.slug(), id.to_ascii_lowercase())
}

fn title_of(cx: &Cx, level: Level, v: &Version) -> String {
    format!("{} {} · {} {}", level.as_str(), cx.t(&format!("norms.levels.{}.name", level.slug())), cx.t("norms.version"), v.version)
}

pub(super) fn pages(site: &Site) -> Vec<PageJob> {
    let norms = &site.norms;
    if norms.is_empty() {
        return Vec::new();
    }
    let default = site.config.default_language.as_str();
    let mut jobs = Vec::new();
    for lang in site.config.lang_codes() {
        let cx = Cx { site, lang, default };
        jobs.push(overview(&cx));
        for v in norms.versions() {
            for level in Level::ALL {
                norm_pages(&cx, v, level, &mut jobs);
            }
        }
        if let Some(cur) = norms.current() {
            for (lower, higher) in [(Level::Qm10, Level::Qm20), (Level::Qm20, Level::Qm30)] {
                jobs.push(ladder(&cx, cur, lower, higher));
            }
        }
    }
    // Languages a page really exists in, for hreflang: a page shown with fallback text is
    // not a translation.
    let mut real: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for j in &jobs {
        if j.fallback_from.is_none() {
            real.entry(j.key.clone()).or_default().push(j.lang.clone());
        }
    }
    for j in &mut jobs {
        j.translations = real.get(&j.key).cloned().unwrap_or_default();
    }
    jobs
}

fn filters(job: &mut PageJob, level: Level, v: &Version) {
    job.search_filters.insert("level".into(), level.as_str().into());
    job.search_filters.insert("version".into(), v.version.clone());
}

fn norm_pages(cx: &Cx, v: &Version, level: Level, jobs: &mut Vec<PageJob>) {
    let lang = cx.lang;
    let sel = v.level(level);
    let falls_back = v.measures_at(level).any(|m| m.falls_back(lang)) || !v.summary.contains_key(lang);
    let fallback = falls_back.then(|| cx.default.to_string());
    let title = title_of(cx, level, v);
    let filter_points: Vec<Value> = NIS2_POINTS
        .iter()
        .filter(|p| v.measures_at(level).any(|m| m.nis2.iter().any(|x| x == *p)))
        .map(|p| cx.nis2(p))
        .collect();

    // The norm itself.
    let mut data = cx.common(v, level, None, false);
    data.insert("groups".into(), json!(cx.groups(v, level, false)));
    data.insert("count".into(), json!(sel.measures.len()));
    data.insert("mandatory_count".into(), json!(sel.mandatory.len()));
    data.insert(
        "count_text".into(),
        json!(cx
            .t("norms.count")
            .replace("{n}", &sel.measures.len().to_string())
            .replace("{m}", &sel.mandatory.len().to_string())),
    );
    data.insert("filter_points".into(), json!(filter_points));
    data.insert("latest".into(), json!(false));
    let data = Value::Object(data);
    let key = norm_key(level, &v.version);
    let mut job = PageJob::new(lang, key.clone(), "norms/norm.html", title.clone(), PageKind::Norm).with_data(&data);
    job.description = Some(cx.t(&format!("norms.levels.{}.description", level.slug())));
    job.fallback_from = fallback.clone();
    filters(&mut job, level, v);
    // Superseded versions are indexed too, in the archive index the search page loads
    // only when the reader picks an older version in its version filter. Drafts stay out.
    job.searchable = v.status != Status::Draft && fallback.is_none();
    job.search_archive = v.status == Status::Superseded;
    jobs.push(job);

    if v.is_current() {
        let mut data = data.clone();
        data["latest"] = json!(true);
        let mut alias = PageJob::new(lang, format!("norms/{}/latest/", level.slug()), "norms/norm.html", title.clone(), PageKind::Norm)
            .with_data(&data);
        alias.canonical_key = Some(key.clone());
        alias.fallback_from = fallback.clone();
        alias.searchable = false;
        alias.in_sitemap = false;
        jobs.push(alias);
    }

    // The print view: everything on one page.
    let mut pdata = cx.common(v, level, None, false);
    let groups = cx.groups(v, level, true);
    let print_has_code = groups
        .iter()
        .flat_map(|g| g["measures"].as_array().into_iter().flatten())
        .any(|m| m["has_code"] == json!(true));
    pdata.insert("groups".into(), json!(groups));
    pdata.insert(
        "count_text".into(),
        json!(cx
            .t("norms.count")
            .replace("{n}", &sel.measures.len().to_string())
            .replace("{m}", &sel.mandatory.len().to_string())),
    );
    let mut print =
        PageJob::new(lang, format!("{key}print/"), "norms/print.html", format!("{title} · {}", cx.t("norms.print")), PageKind::Norm)
            .with_data(Value::Object(pdata));
    print.fallback_from = fallback.clone();
    print.has_code = print_has_code;
    print.searchable = false;
    print.in_sitemap = false;
    jobs.push(print);

    // What changed since the previous version.
    if let Some(prev) = cx.norms().previous(&v.version) {
        let mut c = cx.common(v, level, None, true);
        c.extend(changes(cx, prev, v, level));
        let mut job = PageJob::new(
            lang,
            format!("{key}changes/"),
            "norms/changes.html",
            format!("{title} · {}", cx.t("norms.changes_title").replace("{previous}", &prev.version)),
            PageKind::Norm,
        )
        .with_data(Value::Object(c));
        job.fallback_from = fallback.clone();
        job.searchable = false;
        filters(&mut job, level, v);
        jobs.push(job);
    }

    // One page per measure.
    for m in v.measures_at(level) {
        let mut d = cx.common(v, level, Some(&m.id), false);
        d.insert("measure".into(), cx.full(v, level, m));
        d.insert("history".into(), json!(history(cx, level, &m.id)));
        d.insert(
            "derived_from".into(),
            json!(m
                .derived_from
                .iter()
                .map(|id| {
                    let prev = cx.norms().previous(&v.version);
                    let url = prev.filter(|p| p.level(level).contains(id)).map(|p| cx.measure_url(level, &p.version, id));
                    json!({"id": id, "url": url})
                })
                .collect::<Vec<_>>()),
        );
        let has_code = d["measure"]["has_code"] == json!(true);
        let (mtitle, _) = m.title_in(lang, cx.default);
        let fb = m.falls_back(lang).then(|| cx.default.to_string());
        let mut job = PageJob::new(
            lang,
            measure_key(level, &v.version, &m.id),
            "norms/measure.html",
            format!("{} {mtitle} · {level} {}", m.id, v.version),
            PageKind::Measure,
        )
        .with_data(Value::Object(d));
        job.description = m.why_in(lang, cx.default).map(str::to_string);
        job.has_code = has_code;
        job.searchable = v.status != Status::Draft && fb.is_none();
        job.search_archive = v.status == Status::Superseded;
        job.fallback_from = fb;
        filters(&mut job, level, v);
        jobs.push(job);
    }
}

/// Word diffs of a measure's title, text and criteria between two versions, in the page's
/// language; `None` for the parts that did not change.
fn measure_diff(cx: &Cx, old: &Measure, new: &Measure) -> Value {
    let (ot, _) = old.title_in(cx.lang, cx.default);
    let (nt, _) = new.title_in(cx.lang, cx.default);
    let (ox, _) = old.text_in(cx.lang, cx.default);
    let (nx, _) = new.text_in(cx.lang, cx.default);
    let oc = old.criteria_in(cx.lang, cx.default).join("\n");
    let nc = new.criteria_in(cx.lang, cx.default).join("\n");
    let part = |a: &str, b: &str| if differs(a, b) { json!(words_html(a, b)) } else { Value::Null };
    json!({
        "title": part(ot, nt),
        "text": part(ox, nx),
        "criteria": part(&oc, &nc),
    })
}

/// The life of a measure across every version, at one level.
fn history(cx: &Cx, level: Level, id: &str) -> Vec<Value> {
    let norms = cx.norms();
    let mut out = Vec::new();
    let mut prev: Option<&Version> = None;
    for v in norms.versions() {
        let here = v.measure(id);
        let before = prev.and_then(|p| p.measure(id));
        let at_level = v.level(level).contains(id);
        let mandatory = v.level(level).is_mandatory(id);
        let was_mandatory = prev.is_some_and(|p| p.level(level).is_mandatory(id));
        let was_at_level = prev.is_some_and(|p| p.level(level).contains(id));
        let mut entry = serde_json::Map::new();
        let what = match (before, here) {
            (None, None) => {
                prev = Some(v);
                continue;
            }
            (Some(_), None) => {
                let replaced: Vec<Value> = v
                    .measures
                    .values()
                    .filter(|m| m.derived_from.iter().any(|d| d == id))
                    .map(|m| {
                        let url = v.level(level).contains(&m.id).then(|| cx.measure_url(level, &v.version, &m.id));
                        json!({"id": m.id, "url": url})
                    })
                    .collect();
                entry.insert("replaced_by".into(), json!(replaced));
                "removed"
            }
            (None, Some(m)) => {
                entry.insert("derived_from".into(), json!(m.derived_from));
                "introduced"
            }
            (Some(old), Some(new)) => {
                if new.content_differs(old) {
                    entry.insert("diff".into(), measure_diff(cx, old, new));
                    "changed"
                } else {
                    "unchanged"
                }
            }
        };
        let mut notes = Vec::new();
        if here.is_some() {
            if at_level && !was_at_level && before.is_some() {
                notes.push(cx.t("norms.history.added_to_level").replace("{level}", level.as_str()));
            }
            if !at_level && was_at_level {
                notes.push(cx.t("norms.history.left_level").replace("{level}", level.as_str()));
            }
            if at_level && mandatory && !was_mandatory && before.is_some() && was_at_level {
                notes.push(cx.t("norms.history.became_mandatory").replace("{level}", level.as_str()));
            }
            if at_level && !mandatory && was_mandatory {
                notes.push(cx.t("norms.history.no_longer_mandatory").replace("{level}", level.as_str()));
            }
        }
        entry.insert("version".into(), json!(v.version));
        entry.insert("status_label".into(), json!(cx.status_label(v.status)));
        entry.insert("published".into(), json!(v.published.to_string()));
        entry.insert("published_human".into(), json!(cx.site.i18n.format_date(cx.lang, v.published)));
        entry.insert("what".into(), json!(what));
        entry.insert("what_label".into(), json!(cx.t(&format!("norms.history.{what}"))));
        entry.insert("at_level".into(), json!(at_level));
        entry.insert("mandatory".into(), json!(mandatory));
        entry.insert("notes".into(), json!(notes));
        entry.insert("url".into(), json!(at_level.then(|| cx.measure_url(level, &v.version, id))));
        out.push(Value::Object(entry));
        prev = Some(v);
    }
    out
}

/// The difference between one level of two versions.
fn changes(cx: &Cx, prev: &Version, v: &Version, level: Level) -> serde_json::Map<String, Value> {
    let now = v.level(level);
    let before = prev.level(level);
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut newly_mandatory = Vec::new();
    let mut no_longer_mandatory = Vec::new();
    for m in v.measures_at(level) {
        let mut item = cx.item(v, level, m);
        match prev.measure(&m.id).filter(|_| before.contains(&m.id)) {
            None => {
                let obj = item.as_object_mut().expect("object");
                let origin = if prev.measure(&m.id).is_some() { "other_level" } else { "new" };
                obj.insert("origin".into(), json!(origin));
                obj.insert(
                    "derived_from".into(),
                    json!(m
                        .derived_from
                        .iter()
                        .map(|id| json!({"id": id, "url": before.contains(id).then(|| cx.measure_url(level, &prev.version, id))}))
                        .collect::<Vec<_>>()),
                );
                added.push(item);
            }
            Some(old) => {
                if now.is_mandatory(&m.id) && !before.is_mandatory(&m.id) {
                    newly_mandatory.push(item.clone());
                }
                if !now.is_mandatory(&m.id) && before.is_mandatory(&m.id) {
                    no_longer_mandatory.push(item.clone());
                }
                if m.content_differs(old) {
                    item.as_object_mut().expect("object").insert("diff".into(), measure_diff(cx, old, m));
                    item.as_object_mut()
                        .expect("object")
                        .insert("old_url".into(), json!(cx.measure_url(level, &prev.version, &m.id)));
                    changed.push(item);
                }
            }
        }
    }
    let removed: Vec<Value> = prev
        .measures_at(level)
        .filter(|m| !now.contains(&m.id))
        .map(|m| {
            let mut item = cx.item(prev, level, m);
            let replaced: Vec<Value> = v
                .measures_at(level)
                .filter(|n| n.derived_from.iter().any(|d| *d == m.id))
                .map(|n| json!({"id": n.id, "url": cx.measure_url(level, &v.version, &n.id)}))
                .collect();
            let obj = item.as_object_mut().expect("object");
            obj.insert("retired".into(), json!(v.measure(&m.id).is_none()));
            obj.insert("replaced_by".into(), json!(replaced));
            item
        })
        .collect();
    let mut out = serde_json::Map::new();
    out.insert("previous".into(), cx.version_meta(prev));
    out.insert("previous_url".into(), json!(cx.norm_url(level, &prev.version)));
    out.insert("added".into(), json!(added));
    out.insert("removed".into(), json!(removed));
    out.insert("changed".into(), json!(changed));
    out.insert("newly_mandatory".into(), json!(newly_mandatory));
    out.insert("no_longer_mandatory".into(), json!(no_longer_mandatory));
    out.insert(
        "nothing".into(),
        json!(added.is_empty() && removed.is_empty() && changed.is_empty() && newly_mandatory.is_empty() && no_longer_mandatory.is_empty()),
    );
    out
}

fn ladder(cx: &Cx, v: &Version, lower: Level, higher: Level) -> PageJob {
    let lo = v.level(lower);
    let hi = v.level(higher);
    let adds: Vec<Value> = v
        .measures_at(higher)
        .filter(|m| !lo.contains(&m.id))
        .map(|m| {
            let mut item = cx.item(v, higher, m);
            item.as_object_mut()
                .expect("object")
                .insert("why_html".into(), json!(m.why_in(cx.lang, cx.default).map(markdown::render_inline)));
            item
        })
        .collect();
    let stricter: Vec<Value> = v
        .measures_at(higher)
        .filter(|m| lo.contains(&m.id) && hi.is_mandatory(&m.id) && !lo.is_mandatory(&m.id))
        .map(|m| {
            let mut item = cx.item(v, higher, m);
            item.as_object_mut()
                .expect("object")
                .insert("why_html".into(), json!(m.why_in(cx.lang, cx.default).map(markdown::render_inline)));
            item
        })
        .collect();
    let fallback = v
        .measures_at(higher)
        .filter(|m| !lo.contains(&m.id))
        .any(|m| !m.title.contains_key(cx.lang) || (!m.why.is_empty() && !m.why.contains_key(cx.lang)));
    let title = cx
        .t("norms.ladder.title")
        .replace("{lower}", lower.as_str())
        .replace("{higher}", higher.as_str());
    let data = json!({
        "lower": cx.level(lower),
        "higher": cx.level(higher),
        "lower_url": cx.norm_url(lower, &v.version),
        "higher_url": cx.norm_url(higher, &v.version),
        "version": cx.version_meta(v),
        "intro": cx.t("norms.ladder.intro")
            .replace("{lower}", lower.as_str())
            .replace("{higher}", higher.as_str())
            .replace("{version}", &v.version)
            .replace("{n}", &adds.len().to_string()),
        "adds": adds,
        "stricter": stricter,
        "pairs": [
            {"url": format!("/{}/norms/ladder/qm10-qm20/", cx.lang), "label": "QM10 → QM20", "this": lower == Level::Qm10},
            {"url": format!("/{}/norms/ladder/qm20-qm30/", cx.lang), "label": "QM20 → QM30", "this": lower == Level::Qm20},
        ],
    });
    let mut job = PageJob::new(
        cx.lang,
        format!("norms/ladder/{}-{}/", lower.slug(), higher.slug()),
        "norms/ladder.html",
        title,
        PageKind::Other,
    )
    .with_data(data);
    if fallback {
        job.fallback_from = Some(cx.default.to_string());
        job.searchable = false;
    }
    job
}

fn overview(cx: &Cx) -> PageJob {
    let norms = cx.norms();
    let cur = norms.current();
    let levels: Vec<Value> = Level::ALL
        .iter()
        .map(|l| {
            let mut x = cx.level(*l);
            let o = x.as_object_mut().expect("object");
            for field in ["assurance", "method", "auditors", "description"] {
                o.insert(field.into(), json!(cx.t(&format!("norms.levels.{}.{field}", l.slug()))));
            }
            o.insert("latest_url".into(), json!(cur.map(|_| format!("/{}/norms/{}/latest/", cx.lang, l.slug()))));
            o.insert("count".into(), json!(cur.map(|c| c.level(*l).measures.len())));
            x
        })
        .collect();
    let versions: Vec<Value> = norms
        .versions()
        .iter()
        .rev()
        .map(|v| {
            let mut x = cx.version_meta(v);
            let o = x.as_object_mut().expect("object");
            o.insert(
                "links".into(),
                json!(Level::ALL
                    .iter()
                    .map(|l| json!({
                        "label": l.as_str(),
                        "url": cx.norm_url(*l, &v.version),
                        "changes_url": norms.previous(&v.version).map(|_| format!("{}changes/", cx.norm_url(*l, &v.version))),
                    }))
                    .collect::<Vec<_>>()),
            );
            x
        })
        .collect();
    let data = json!({
        "levels": levels,
        "versions": versions,
        "current": cur.map(|c| c.version.clone()),
        "ladders": if cur.is_some() { json!([
            {"url": format!("/{}/norms/ladder/qm10-qm20/", cx.lang), "label": cx.t("norms.ladder.title").replace("{lower}", "QM10").replace("{higher}", "QM20")},
            {"url": format!("/{}/norms/ladder/qm20-qm30/", cx.lang), "label": cx.t("norms.ladder.title").replace("{lower}", "QM20").replace("{higher}", "QM30")},
        ]) } else { json!([]) },
        "feed_url": format!("/{}/norms/atom.xml", cx.lang),
    });
    let mut job = PageJob::new(cx.lang, "norms/", "norms/overview.html", cx.t("norms.title"), PageKind::Other).with_data(data);
    job.description = Some(cx.t("norms.description"));
    job
}
