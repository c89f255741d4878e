//! The mapping pages, per language:
//! - `mappings/` — overview: levels × versions, frameworks, downloads;
//! - `mappings/{level}/{version}/` — the matrix: each measure with its ISO, NEN and NIS2 edges;
//! - `mappings/{level}/{version}/exemptions/` — what an ISO 27001 or NEN 7510 certificate covers;
//! - `mappings/{level}/{version}/coverage/` — controls and NIS2 points no measure relates to;
//! - `mappings/{framework}/` and `mappings/{framework}/{control}/` — the reverse view.

use serde_json::{json, Value};

use super::{Edge, Framework, Relationship, VersionMappings, FRAMEWORKS, NIS2, STANDARDS};
use crate::norms::{Level, Measure, Version};
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

    fn loc(&self, m: &'a crate::norms::Localized<String>) -> Option<&'a str> {
        m.get(self.lang).or_else(|| m.get(self.default)).map(String::as_str)
    }

    fn level(&self, level: Level) -> Value {
        json!({
            "id": level.as_str(),
            "slug": level.slug(),
            "name": self.t(&format!("mappings.levels.{}", level.slug())),
        })
    }

    fn framework(&self, f: &Framework) -> Value {
        json!({
            "id": f.id,
            "short": f.short,
            "name": self.loc(&f.name),
            "url": format!("/{}/mappings/{}/", self.lang, f.id),
            "standard": f.is_standard(),
        })
    }

    fn control_url(&self, fw: &str, control: &str) -> String {
        format!("/{}/mappings/{fw}/{control}/", self.lang)
    }

    fn measure_url(&self, level: Level, v: &str, m: &Measure) -> String {
        format!("/{}/norms/{}/{v}/{}/", self.lang, level.slug(), m.slug())
    }

    fn rel(&self, r: Relationship) -> Value {
        json!({
            "key": r.as_str(),
            "label": self.t(&format!("mappings.rel.{}", rel_key(r))),
            "explain": self.t(&format!("mappings.rel_explain.{}", rel_key(r))),
            "covers": r.covers(),
        })
    }

    fn edge(&self, e: &Edge) -> Value {
        let name = self
            .site
            .mappings
            .framework(&e.framework)
            .and_then(|f| f.control(&e.control))
            .and_then(|c| self.loc(&c.name));
        json!({
            "framework": e.framework,
            "control": e.control,
            "control_name": name,
            "url": self.control_url(&e.framework, &e.control),
            "rel": self.rel(e.relationship),
            "strength": e.strength,
            "rationale": self.loc(&e.rationale),
        })
    }

    fn measure(&self, level: Level, v: &Version, m: &Measure) -> Value {
        let (title, title_lang) = m.title_in(self.lang, self.default);
        json!({
            "id": m.id,
            "title": title,
            "title_lang": if title_lang == self.lang { Value::Null } else { json!(title_lang) },
            "url": self.measure_url(level, &v.version, m),
            "mandatory": v.level(level).is_mandatory(&m.id),
        })
    }

    fn exports(&self, level: Level, v: &Version, vm: &VersionMappings) -> Value {
        let base = format!("/api/mappings/{}/{}", level.slug(), v.version);
        let oscal = format!("/api/oscal/{}/{}", level.slug(), v.version);
        let mut files = vec![
            json!({ "label": "JSON", "url": format!("{base}.json") }),
            json!({ "label": "CSV", "url": format!("{base}.csv") }),
            json!({ "label": self.t("mappings.oscal_catalog"), "url": format!("{oscal}/catalog.json") }),
        ];
        for s in STANDARDS {
            let has_edges = v.measures_at(level).any(|m| vm.for_measure(s, &m.id).next().is_some());
            if let (true, Some(f)) = (has_edges, self.site.mappings.framework(s)) {
                files.push(json!({
                    "label": format!("{} ({})", self.t("mappings.oscal_mapping"), f.short),
                    "url": format!("{oscal}/mapping-{s}.json"),
                }));
            }
        }
        json!(files)
    }

    fn version(&self, v: &Version) -> Value {
        json!({
            "version": v.version,
            "status": v.status.as_str(),
            "published": v.published.to_string(),
            "published_human": self.site.i18n.format_date(self.lang, v.published),
            "current": v.is_current(),
        })
    }

    fn nav(&self, level: Level, v: &Version, here: &str) -> Value {
        let base = format!("/{}/mappings/{}/{}/", self.lang, level.slug(), v.version);
        json!([
            { "label": self.t("mappings.matrix"), "url": base, "current": here == "matrix" },
            { "label": self.t("mappings.exemptions"), "url": format!("{base}exemptions/"), "current": here == "exemptions" },
            { "label": self.t("mappings.coverage"), "url": format!("{base}coverage/"), "current": here == "coverage" },
        ])
    }
}

fn rel_key(r: Relationship) -> &'static str {
    match r {
        Relationship::Equal => "equal",
        Relationship::SubsetOf => "subset_of",
        Relationship::SupersetOf => "superset_of",
        Relationship::IntersectsWith => "intersects_with",
        Relationship::NoRelationship => "no_relationship",
    }
}

fn job(lang: &str, key: String, template: &str, title: String, data: Value) -> PageJob {
    PageJob::new(lang, key, template, title, PageKind::Mapping).with_data(data)
}

pub(super) fn pages(site: &Site) -> Vec<PageJob> {
    let maps = &site.mappings;
    let published = maps.published(&site.norms);
    if published.is_empty() || maps.frameworks.len() < FRAMEWORKS.len() {
        return Vec::new();
    }
    let mut jobs = Vec::new();
    let default = site.config.default_language.as_str();
    for lang in site.config.lang_codes() {
        let cx = Cx { site, lang, default };
        jobs.push(index(&cx, &published));
        for &(level, v) in &published {
            let vm = &maps.versions[&v.version];
            let mut js = vec![matrix(&cx, level, v, vm), exemptions(&cx, level, v, vm), coverage(&cx, level, v, vm)];
            for j in &mut js {
                j.search_filters.insert("level".into(), level.as_str().into());
                j.search_filters.insert("version".into(), v.version.clone());
                // Old versions stay readable but should not crowd search results.
                j.searchable = v.is_current();
            }
            jobs.extend(js);
        }
        if let Some(v) = maps.reference_version(&site.norms) {
            let vm = &maps.versions[&v.version];
            for fw in FRAMEWORKS {
                let f = &maps.frameworks[fw];
                jobs.push(framework_page(&cx, f, v, vm));
                for c in &f.controls {
                    jobs.push(control_page(&cx, f, c, v, vm));
                }
            }
        }
    }
    jobs
}

fn index(cx: &Cx, published: &[(Level, &Version)]) -> PageJob {
    let maps = &cx.site.mappings;
    let mut versions: Vec<&Version> = Vec::new();
    for (_, v) in published {
        if !versions.iter().any(|x| x.version == v.version) {
            versions.push(v);
        }
    }
    versions.reverse();
    let rows: Vec<Value> = versions
        .iter()
        .map(|v| {
            let levels: Vec<Value> = Level::ALL
                .iter()
                .map(|&l| {
                    let base = format!("/{}/mappings/{}/{}/", cx.lang, l.slug(), v.version);
                    json!({
                        "level": cx.level(l),
                        "matrix": base,
                        "exemptions": format!("{base}exemptions/"),
                        "coverage": format!("{base}coverage/"),
                        "exports": cx.exports(l, v, &maps.versions[&v.version]),
                    })
                })
                .collect();
            json!({ "version": cx.version(v), "levels": levels })
        })
        .collect();
    let frameworks: Vec<Value> = FRAMEWORKS.iter().map(|f| cx.framework(&maps.frameworks[*f])).collect();
    let without: Vec<Value> = cx
        .site
        .norms
        .versions()
        .iter()
        .filter(|v| !maps.versions.contains_key(&v.version))
        .map(|v| json!(v.version))
        .collect();
    job(
        cx.lang,
        "mappings/".into(),
        "mappings/index.html",
        cx.t("mappings.title"),
        json!({
            "versions": rows,
            "frameworks": frameworks,
            "without": without,
            "reference_version": maps.reference_version(&cx.site.norms).map(|v| v.version.clone()),
            "relationships": Relationship::ALL.iter().map(|r| cx.rel(*r)).collect::<Vec<_>>(),
        }),
    )
    .describe(cx.t("mappings.description"))
}

fn level_title(cx: &Cx, level: Level, v: &Version, what: &str) -> String {
    format!("{} · {} {} · {}", level.as_str(), cx.t("mappings.version"), v.version, cx.t(what))
}

fn matrix(cx: &Cx, level: Level, v: &Version, vm: &VersionMappings) -> PageJob {
    let rows: Vec<Value> = v
        .measures_at(level)
        .map(|m| {
            let mut item = cx.measure(level, v, m);
            let cols: Vec<Value> = FRAMEWORKS
                .iter()
                .map(|fw| {
                    let edges: Vec<Value> = vm.for_measure(fw, &m.id).map(|e| cx.edge(e)).collect();
                    json!({ "framework": fw, "short": cx.site.mappings.frameworks[*fw].short, "edges": edges })
                })
                .collect();
            item.as_object_mut().expect("object").insert("cols".into(), json!(cols));
            item
        })
        .collect();
    let frameworks: Vec<Value> = FRAMEWORKS.iter().map(|f| cx.framework(&cx.site.mappings.frameworks[*f])).collect();
    job(
        cx.lang,
        format!("mappings/{}/{}/", level.slug(), v.version),
        "mappings/matrix.html",
        level_title(cx, level, v, "mappings.matrix"),
        json!({
            "level": cx.level(level),
            "version": cx.version(v),
            "rows": rows,
            "frameworks": frameworks,
            "nav": cx.nav(level, v, "matrix"),
            "exports": cx.exports(level, v, vm),
            "relationships": Relationship::ALL.iter().map(|r| cx.rel(*r)).collect::<Vec<_>>(),
        }),
    )
}

fn exemptions(cx: &Cx, level: Level, v: &Version, vm: &VersionMappings) -> PageJob {
    let sections: Vec<Value> = STANDARDS
        .iter()
        .map(|s| {
            let f = &cx.site.mappings.frameworks[*s];
            let mapped = vm.standards.contains(*s);
            let (mut covered, mut remaining) = (Vec::new(), Vec::new());
            for m in v.measures_at(level) {
                let mut item = cx.measure(level, v, m);
                let by: Vec<Value> =
                    vm.for_measure(s, &m.id).filter(|e| e.relationship.covers()).map(|e| cx.edge(e)).collect();
                let partial: Vec<Value> = vm
                    .for_measure(s, &m.id)
                    .filter(|e| !e.relationship.covers() && e.relationship != Relationship::NoRelationship)
                    .map(|e| cx.edge(e))
                    .collect();
                let obj = item.as_object_mut().expect("object");
                obj.insert("partial".into(), json!(partial));
                if mapped && !by.is_empty() {
                    obj.insert("by".into(), json!(by));
                    covered.push(item);
                } else {
                    remaining.push(item);
                }
            }
            json!({
                "framework": cx.framework(f),
                "mapped": mapped,
                "covered": covered,
                "remaining": remaining,
            })
        })
        .collect();
    job(
        cx.lang,
        format!("mappings/{}/{}/exemptions/", level.slug(), v.version),
        "mappings/exemptions.html",
        level_title(cx, level, v, "mappings.exemptions"),
        json!({
            "level": cx.level(level),
            "version": cx.version(v),
            "sections": sections,
            "nav": cx.nav(level, v, "exemptions"),
        }),
    )
}

fn coverage(cx: &Cx, level: Level, v: &Version, vm: &VersionMappings) -> PageJob {
    let selected: Vec<&str> = v.level(level).measures.iter().map(String::as_str).collect();
    let frameworks: Vec<Value> = FRAMEWORKS
        .iter()
        .filter(|fw| **fw == NIS2 || vm.standards.contains(**fw))
        .map(|fw| {
            let f = &cx.site.mappings.frameworks[*fw];
            let related = |cid: &str| {
                vm.for_control(fw, cid)
                    .any(|e| e.relationship != Relationship::NoRelationship && selected.contains(&e.measure.as_str()))
            };
            let groups: Vec<Value> = f
                .groups
                .iter()
                .filter_map(|g| {
                    let open: Vec<Value> = f
                        .controls
                        .iter()
                        .filter(|c| c.group == g.id && !related(&c.id))
                        .map(|c| json!({ "id": c.id, "name": cx.loc(&c.name), "url": cx.control_url(fw, &c.id) }))
                        .collect();
                    (!open.is_empty()).then(|| json!({ "name": cx.loc(&g.name), "controls": open }))
                })
                .collect();
            let uncovered = f.controls.iter().filter(|c| !related(&c.id)).count();
            json!({
                "framework": cx.framework(f),
                "total": f.controls.len(),
                "uncovered": uncovered,
                "groups": groups,
                // NEN's catalogue here lists only the controls the mappings use: a count of it says little.
                "partial_catalogue": *fw == "nen7510",
            })
        })
        .collect();
    job(
        cx.lang,
        format!("mappings/{}/{}/coverage/", level.slug(), v.version),
        "mappings/coverage.html",
        level_title(cx, level, v, "mappings.coverage"),
        json!({
            "level": cx.level(level),
            "version": cx.version(v),
            "frameworks": frameworks,
            "nav": cx.nav(level, v, "coverage"),
        }),
    )
}

fn framework_page(cx: &Cx, f: &Framework, v: &Version, vm: &VersionMappings) -> PageJob {
    let groups: Vec<Value> = f
        .groups
        .iter()
        .map(|g| {
            let controls: Vec<Value> = f
                .controls
                .iter()
                .filter(|c| c.group == g.id)
                .map(|c| {
                    let n = vm.for_control(&f.id, &c.id).filter(|e| e.relationship != Relationship::NoRelationship).count();
                    json!({ "id": c.id, "name": cx.loc(&c.name), "url": cx.control_url(&f.id, &c.id), "measures": n })
                })
                .collect();
            json!({ "id": g.id, "name": cx.loc(&g.name), "controls": controls })
        })
        .filter(|g| g["controls"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    job(
        cx.lang,
        format!("mappings/{}/", f.id),
        "mappings/framework.html",
        cx.loc(&f.name).unwrap_or(&f.short).to_string(),
        json!({ "framework": cx.framework(f), "groups": groups, "version": cx.version(v) }),
    )
}

fn control_page(cx: &Cx, f: &Framework, c: &super::Control, v: &Version, vm: &VersionMappings) -> PageJob {
    let levels: Vec<Value> = Level::ALL
        .iter()
        .map(|&level| {
            let sel = v.level(level);
            let items: Vec<Value> = vm
                .for_control(&f.id, &c.id)
                .filter(|e| sel.contains(&e.measure))
                .filter_map(|e| {
                    let m = v.measure(&e.measure)?;
                    let mut item = cx.measure(level, v, m);
                    let obj = item.as_object_mut().expect("object");
                    obj.insert("edge".into(), cx.edge(e));
                    // Seen from the measure: the derived inverse relationship.
                    obj.insert("inverse".into(), json!(e.relationship.inverse().as_str()));
                    Some(item)
                })
                .collect();
            json!({
                "level": cx.level(level),
                "items": items,
                "exemptions": format!("/{}/mappings/{}/{}/exemptions/", cx.lang, level.slug(), v.version),
            })
        })
        .collect();
    let name = cx.loc(&c.name).unwrap_or("");
    let group = f.groups.iter().find(|g| g.id == c.group).and_then(|g| cx.loc(&g.name));
    job(
        cx.lang,
        format!("mappings/{}/{}/", f.id, c.id),
        "mappings/control.html",
        format!("{} {} · {name}", f.short, c.id),
        json!({
            "framework": cx.framework(f),
            "control": { "id": c.id, "name": name, "group": group },
            "version": cx.version(v),
            "levels": levels,
        }),
    )
}

trait Describe {
    fn describe(self, d: String) -> Self;
}

impl Describe for PageJob {
    fn describe(mut self, d: String) -> Self {
        self.description = Some(d);
        self
    }
}
