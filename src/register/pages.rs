//! Page jobs and data files of the register.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::{CertStatus, Level, OrgStatus, Organisation};
use super::{index, qr, text, Register, BROWSABLE_LIMIT};
use crate::config::RegisterMode;
use crate::render::{OutFile, PageJob, PageKind};
use crate::site::{escape_xml, Site};

fn human(site: &Site, lang: &str, d: Date) -> String {
    site.i18n.format_date(lang, d)
}

fn status_label(site: &Site, lang: &str, keyword: &str) -> String {
    site.i18n.get(lang, &format!("register.status.{keyword}")).to_string()
}

/// JSON for a `<script type="application/json">` block: `<` escaped so no data can close it.
fn json_block(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The labels the page scripts need, in the page's language.
fn labels(site: &Site, lang: &str) -> Value {
    let mut statuses = serde_json::Map::new();
    for s in CertStatus::ALL.iter().map(|s| s.as_str()).chain(OrgStatus::ALL.iter().map(|s| s.as_str())) {
        statuses.insert(s.to_string(), Value::String(status_label(site, lang, s)));
    }
    let months: Vec<String> = (1..=12).map(|m| site.i18n.get(lang, &format!("common.months.{m}")).to_string()).collect();
    let t = |k: &str| site.i18n.get(lang, &format!("register.{k}")).to_string();
    json!({
        "lang": lang,
        "status": statuses,
        "months": months,
        "date_format": site.i18n.get(lang, "common.date_format"),
        "as_of_today": t("as_of_today"),
        "temporary": t("temporary_status"),
        "results_none": t("results_none"),
        "results_count": t("results_count"),
        "results_more": t("results_more"),
        "query_short": t("query_short"),
        "loading": t("loading"),
        "load_error": t("load_error"),
        "not_found": t("not_found"),
        "certificate": t("certificate"),
        "issued": t("issued"),
        "expires": t("expires"),
        "scheme_version": t("scheme_version"),
        "withdrawn_on": t("withdrawn_on"),
        "remediation_deadline": t("remediation_deadline"),
        "no_certificates": t("no_certificates"),
        "pages_mode": site.config.register_mode == RegisterMode::Pages,
        "view_title": t("view_title"),
    })
}

fn org_summary(site: &Site, lang: &str, o: &Organisation, d: Date) -> Value {
    let status = o.status(d);
    json!({
        "registration_number": o.registration_number,
        "name": o.name,
        "city": o.city,
        "country": o.country,
        "status": status.as_str(),
        "status_label": status_label(site, lang, status.as_str()),
        "levels": o.certificates.iter().map(|c| c.norm.as_str()).collect::<BTreeSet<_>>(),
    })
}

/// One organisation's page; `labels_json` is the language's [`labels`] block, made once
/// per language rather than once per page. The page's data (and its QR code) is made only
/// when the page renders.
fn org_page(site: &Site, lang: &str, index: usize, labels_json: &Arc<str>) -> PageJob {
    let o = &site.register.organisations[index];
    let mut job = PageJob::new(lang, format!("register/{}/", o.registration_number), "register/organisation.html", o.name.clone(), PageKind::Register);
    job.description = Some(format!("{} — {}", site.i18n.get(lang, "register.org_description"), o.registration_number));
    job.searchable = false;
    job.minify = false;
    let (lang, labels) = (lang.to_string(), Arc::clone(labels_json));
    job.with_data_later(move |site| tera::Value::from_serializable(&org_data(site, &lang, &site.register.organisations[index], &labels)))
}

/// The template data of one organisation's page (`data` in `register/organisation.html`).
/// Typed rather than a JSON value: it is made once per organisation and language, and goes
/// straight into a template value.
#[derive(Serialize)]
struct OrgPage<'a> {
    org: OrgView<'a>,
    certificates: Vec<CertView<'a>>,
    as_of: String,
    as_of_human: String,
    absolute_url: String,
    qr_svg: String,
    labels_json: &'a str,
}

#[derive(Serialize)]
struct OrgView<'a> {
    registration_number: &'a str,
    name: &'a str,
    company_number: Option<&'a str>,
    country: &'a str,
    city: Option<&'a str>,
    pre_registered: String,
    pre_registered_human: String,
    temporary_status_until: Option<String>,
    temporary_status_until_human: Option<String>,
    temporary: bool,
    status: &'static str,
    status_label: String,
}

#[derive(Serialize)]
struct CertView<'a> {
    number: &'a str,
    norm: &'static str,
    norm_name: String,
    scheme_version: &'a str,
    version_url: Option<String>,
    issued: String,
    issued_human: String,
    expires: String,
    expires_human: String,
    auditor_id: &'a str,
    auditor_name: Option<&'a str>,
    auditor_url: String,
    remediation: Option<RemediationView>,
    withdrawn: Option<WithdrawalView<'a>>,
    status: &'static str,
    status_label: String,
}

#[derive(Serialize)]
struct RemediationView {
    items: u8,
    deadline: String,
    deadline_human: String,
    completed: Option<String>,
    completed_human: Option<String>,
}

#[derive(Serialize)]
struct WithdrawalView<'a> {
    date: String,
    date_human: String,
    reason: &'a str,
}

fn org_data<'a>(site: &'a Site, lang: &str, o: &'a Organisation, labels_json: &'a str) -> OrgPage<'a> {
    let d = site.build_date;
    let reg: &Register = &site.register;
    let status = o.status(d);
    let abs = site.absolute(&format!("/{lang}/register/{}/", o.registration_number));
    let certificates = o
        .certificates
        .iter()
        .map(|c| {
            let st = c.status(d);
            CertView {
                number: &c.certificate_number,
                norm: c.norm.as_str(),
                norm_name: site.i18n.get(lang, &format!("register.level.{}", c.norm.as_str())).to_string(),
                scheme_version: &c.scheme_version,
                version_url: site
                    .norms
                    .is_published(&c.scheme_version)
                    .then(|| format!("/{lang}/norms/{}/{}/", c.norm.as_str().to_ascii_lowercase(), c.scheme_version)),
                issued: c.issued.to_string(),
                issued_human: human(site, lang, c.issued),
                expires: c.expires.to_string(),
                expires_human: human(site, lang, c.expires),
                auditor_id: &c.auditor_id,
                auditor_name: reg.auditor(&c.auditor_id).map(|a| a.name.as_str()),
                auditor_url: format!("/{lang}/auditors/{}/", c.auditor_id),
                remediation: c.remediation.as_ref().map(|r| RemediationView {
                    items: r.items,
                    deadline: r.deadline.to_string(),
                    deadline_human: human(site, lang, r.deadline),
                    completed: r.completed.map(|x| x.to_string()),
                    completed_human: r.completed.map(|x| human(site, lang, x)),
                }),
                withdrawn: c.withdrawn.as_ref().map(|w| WithdrawalView {
                    date: w.date.to_string(),
                    date_human: human(site, lang, w.date),
                    reason: &w.reason,
                }),
                status: st.as_str(),
                status_label: status_label(site, lang, st.as_str()),
            }
        })
        .collect();
    let qr_label = format!("{} {}", site.i18n.get(lang, "register.qr_label"), abs);
    OrgPage {
        org: OrgView {
            registration_number: &o.registration_number,
            name: &o.name,
            company_number: o.company_number.as_deref(),
            country: &o.country,
            city: o.city.as_deref(),
            pre_registered: o.pre_registered.to_string(),
            pre_registered_human: human(site, lang, o.pre_registered),
            temporary_status_until: o.temporary_status_until.map(|x| x.to_string()),
            temporary_status_until_human: o.temporary_status_until.map(|x| human(site, lang, x)),
            temporary: o.temporary_status(d),
            status: status.as_str(),
            status_label: status_label(site, lang, status.as_str()),
        },
        certificates,
        as_of: d.to_string(),
        as_of_human: human(site, lang, d),
        qr_svg: qr::svg(&abs, &qr_label).unwrap_or_default(),
        absolute_url: abs,
        labels_json,
    }
}

/// Every register page in every language.
pub fn pages(site: &Site) -> Vec<PageJob> {
    let reg = &site.register;
    let d = site.build_date;
    let mut jobs = Vec::new();
    let mode = site.config.register_mode;
    // Sorted by folded name so the browsable list reads alphabetically in every language.
    let mut order: Vec<(String, usize)> = if reg.organisations.len() <= BROWSABLE_LIMIT {
        reg.organisations.iter().enumerate().map(|(i, o)| (text::fold(&o.name), i)).collect()
    } else {
        Vec::new()
    };
    order.sort();
    let countries: BTreeSet<&str> = reg.organisations.iter().map(|o| o.country.as_str()).collect();
    for lang in site.config.lang_codes() {
        let list: Vec<Value> = order.iter().map(|(_, i)| org_summary(site, lang, &reg.organisations[*i], d)).collect();
        let mut search = PageJob::new(lang, "register/", "register/search.html", site.i18n.get(lang, "register.title"), PageKind::Register)
            .with_data(json!({
                "count": reg.organisations.len(),
                "browsable": reg.organisations.len() <= BROWSABLE_LIMIT,
                "list": list,
                "link_orgs": mode == RegisterMode::Pages,
                "levels": Level::ALL.iter().map(|l| json!({"id": l.as_str(), "name": site.i18n.get(lang, &format!("register.level.{}", l.as_str()))})).collect::<Vec<_>>(),
                "statuses": CertStatus::ALL.iter().map(|s| s.as_str()).chain(OrgStatus::ALL.iter().map(|s| s.as_str()))
                    .map(|s| json!({"id": s, "label": status_label(site, lang, s)})).collect::<Vec<_>>(),
                "countries": countries,
                "as_of": d.to_string(),
                "as_of_human": human(site, lang, d),
                "exported_human": reg.export_date.map(|x| human(site, lang, x)),
                "labels_json": json_block(&labels(site, lang)),
            }));
        search.description = Some(site.i18n.get(lang, "register.description").to_string());
        jobs.push(search);

        let auditors: Vec<Value> = reg
            .auditors
            .iter()
            .map(|a| {
                let certs = reg.organisations.iter().flat_map(|o| &o.certificates).filter(|c| c.auditor_id == a.id).count();
                json!({
                    "id": a.id,
                    "name": a.name,
                    "kind": a.kind.as_str(),
                    "kind_label": site.i18n.get(lang, &format!("register.kind.{}", a.kind.as_str())),
                    "country": a.country,
                    "qualified_for": a.qualified_for.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                    "accreditation": a.accreditation,
                    "recognised_until": a.recognised_until.map(|x| x.to_string()),
                    "recognised_until_human": a.recognised_until.map(|x| human(site, lang, x)),
                    "recognised_now": a.recognised_until.is_none_or(|u| u >= d),
                    "certificates": certs,
                    "url": format!("/{lang}/auditors/{}/", a.id),
                })
            })
            .collect();
        let mut list = PageJob::new(lang, "auditors/", "auditors/list.html", site.i18n.get(lang, "register.auditors_title"), PageKind::Register)
            .with_data(json!({ "auditors": auditors, "as_of_human": human(site, lang, d) }));
        list.searchable = false;
        jobs.push(list);
        for a in &auditors {
            let mut job = PageJob::new(lang, format!("auditors/{}/", a["id"].as_str().unwrap_or_default()), "auditors/auditor.html",
                a["name"].as_str().unwrap_or_default().to_string(), PageKind::Register)
                .with_data(json!({ "auditor": a, "as_of_human": human(site, lang, d) }));
            job.searchable = false;
            jobs.push(job);
        }
        if mode == RegisterMode::Shards {
            let mut view = PageJob::new(lang, "register/view/", "register/view.html", site.i18n.get(lang, "register.view_title"), PageKind::Register)
                .with_data(json!({ "labels_json": json_block(&labels(site, lang)), "as_of_human": human(site, lang, d) }));
            view.searchable = false;
            view.in_sitemap = false;
            jobs.push(view);
        }
    }
    if mode == RegisterMode::Pages {
        let langs: Vec<(&str, Arc<str>)> = site.config.lang_codes().map(|l| (l, Arc::from(json_block(&labels(site, l))))).collect();
        let org_jobs: Vec<PageJob> = (0..reg.organisations.len())
            .into_par_iter()
            .flat_map_iter(|i| langs.iter().map(move |(l, labels)| org_page(site, l, i, labels)))
            .collect();
        jobs.extend(org_jobs);
    }
    jobs
}

/// `/api/register.json`, written to `w` straight from the model: at a million
/// organisations it is half a gigabyte, and a `serde_json::Value` of it would be several.
/// Large registers are written compactly; small ones stay readable.
pub fn write_export(site: &Site, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let reg = &site.register;
    #[derive(serde::Serialize)]
    struct Export<'a> {
        format_version: u32,
        exported_at: &'a str,
        organisations: &'a [Organisation],
        auditors: &'a [super::Auditor],
    }
    let export = Export { format_version: 1, exported_at: &reg.exported_at, organisations: &reg.organisations, auditors: &reg.auditors };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    if reg.organisations.len() <= 1000 {
        serde_json::to_writer_pretty(&mut w, &export)?;
    } else {
        serde_json::to_writer(&mut w, &export)?;
    }
    w.write_all(b"\n")?;
    w.flush()
}

/// The schema, the index, feeds and rewrite rules (the export is [`write_export`]).
pub fn files(site: &Site, emit: &mut dyn FnMut(OutFile)) {
    let reg = &site.register;
    // The index first: it is the largest, and its working data is gone before the export
    // text is made.
    index::build(reg, emit);
    emit(OutFile::new("api/register.schema.json", super::schema_text()));
    for lang in site.config.lang_codes() {
        emit(feed(site, lang));
    }
    if site.config.register_mode == RegisterMode::Shards {
        let langs: Vec<&str> = site.config.lang_codes().collect();
        let mut redirects = String::from("# Organisation pages are served by one view page per language (register_mode: shards).\n");
        let mut nginx = String::from("# Include inside the server block: organisation pages are served by one view page per language.\n");
        for l in &langs {
            redirects.push_str(&format!("/{l}/register/*  /{l}/register/view/index.html  200\n"));
        }
        nginx.push_str(&format!(
            "location ~ ^/({})/register/[A-Za-z0-9][A-Za-z0-9._-]*/?$ {{\n  try_files $uri $uri/index.html /$1/register/view/index.html;\n}}\n",
            langs.join("|")
        ));
        emit(OutFile::new("_redirects", redirects));
        emit(OutFile::new("nginx-register.conf", nginx));
    }
}

/// One register event for the feed.
struct Event<'a> {
    date: Date,
    kind: &'static str,
    org: &'a Organisation,
    cert: &'a super::Certificate,
}

/// Atom feed of register changes: new, renewed and withdrawn certificates up to the
/// build date, newest first (the 100 latest).
fn feed(site: &Site, lang: &str) -> OutFile {
    let d = site.build_date;
    let mut events: Vec<Event> = Vec::new();
    for o in &site.register.organisations {
        for c in &o.certificates {
            if c.issued <= d {
                let renewed = o.certificates.iter().any(|p| p.norm == c.norm && p.issued < c.issued);
                events.push(Event { date: c.issued, kind: if renewed { "renewed" } else { "new" }, org: o, cert: c });
            }
            if let Some(w) = c.withdrawn.as_ref().filter(|w| w.date <= d) {
                events.push(Event { date: w.date, kind: "withdrawn", org: o, cert: c });
            }
        }
    }
    events.sort_by(|a, b| {
        b.date.cmp(&a.date).then_with(|| a.cert.certificate_number.cmp(&b.cert.certificate_number)).then(a.kind.cmp(b.kind))
    });
    events.truncate(100);
    let feed_url = site.absolute(&format!("/{lang}/register/atom.xml"));
    let updated = events.first().map(|e| e.date).unwrap_or(d);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n",
        escape_xml(site.i18n.get(lang, "register.feed_title")),
        escape_xml(&feed_url),
        escape_xml(&feed_url),
        escape_xml(&site.absolute(&format!("/{lang}/register/"))),
    );
    for e in events {
        let page = match site.config.register_mode {
            RegisterMode::Pages => format!("/{lang}/register/{}/", e.org.registration_number),
            RegisterMode::Shards => format!("/{lang}/register/{}/", e.org.registration_number),
        };
        let url = site.absolute(&page);
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("{}#{}:{}", site.config.base_url, e.cert.certificate_number, e.kind).as_bytes());
        let title = format!(
            "{}: {} — {} {}",
            site.i18n.get(lang, &format!("register.event.{}", e.kind)),
            e.org.name,
            e.cert.norm.as_str(),
            e.cert.certificate_number
        );
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>urn:uuid:{id}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(&title),
            escape_xml(&url),
            e.date,
            escape_xml(&format!("{} ({})", title, human(site, lang, e.date))),
        ));
    }
    xml.push_str("</feed>\n");
    OutFile::new(format!("{lang}/register/atom.xml"), xml)
}
