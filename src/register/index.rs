//! The sharded lookup index under `/api/register/index/`.
//!
//! Two sorted key lists — normalised registration and certificate numbers (`id`), and
//! folded words of names and cities (`name`) — are cut into shards of [`SHARD_KEYS`] keys.
//! A shard carries its keys and the compact records they point to, so a lookup needs no
//! further request. Shards are grouped into pages of [`PAGE_SHARDS`]; the manifest lists
//! each page's first key. A prefix query costs the manifest, one page and one or two
//! shards, whatever the size of the register.

use std::collections::BTreeSet;

use serde_json::json;

use super::text::{number_key, tokens};
use super::Register;
use crate::render::OutFile;

/// Keys per shard.
pub const SHARD_KEYS: usize = 128;
/// Shards per manifest page.
pub const PAGE_SHARDS: usize = 128;
/// Output folder of the index.
pub const DIR: &str = "api/register/index";

/// The compact record of one organisation, as the search and view scripts read it:
/// `[registration, name, city, country, pre_registered, temporary_status_until,
/// [[certificate, norm, issued, expires, withdrawn, deadline, completed, scheme_version]...]]`.
pub fn record(o: &super::Organisation) -> String {
    let certs: Vec<serde_json::Value> = o
        .certificates
        .iter()
        .map(|c| {
            json!([
                c.certificate_number,
                c.norm.as_str(),
                c.issued.to_string(),
                c.expires.to_string(),
                c.withdrawn.as_ref().map(|w| w.date.to_string()),
                c.remediation.as_ref().map(|r| r.deadline.to_string()),
                c.remediation.as_ref().and_then(|r| r.completed).map(|d| d.to_string()),
                c.scheme_version,
            ])
        })
        .collect();
    json!([
        o.registration_number,
        o.name,
        o.city,
        o.country,
        o.pre_registered.to_string(),
        o.temporary_status_until.map(|d| d.to_string()),
        certs
    ])
    .to_string()
}

fn build_one(name: &str, mut pairs: Vec<(String, u32)>, records: &[String], emit: &mut dyn FnMut(OutFile)) -> serde_json::Value {
    pairs.sort_unstable();
    pairs.dedup();
    let mut page_entries: Vec<(String, String)> = Vec::new();
    let mut shard_firsts: Vec<(String, String)> = Vec::new();
    for (n, chunk) in pairs.chunks(SHARD_KEYS).enumerate() {
        let file = format!("{name}/s{n}.json");
        let mut recs: Vec<u32> = chunk.iter().map(|(_, i)| *i).collect::<BTreeSet<_>>().into_iter().collect();
        recs.sort_unstable();
        let mut s = String::from("{\"keys\":[");
        for (k, (key, i)) in chunk.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            let local = recs.binary_search(i).expect("record present");
            s.push_str(&format!("[{},{}]", serde_json::to_string(key).expect("string"), local));
        }
        s.push_str("],\"records\":[");
        for (k, i) in recs.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            s.push_str(&records[*i as usize]);
        }
        s.push_str("]}\n");
        emit(OutFile::new(format!("{DIR}/{file}"), s));
        shard_firsts.push((chunk[0].0.clone(), file));
    }
    for (p, chunk) in shard_firsts.chunks(PAGE_SHARDS).enumerate() {
        let file = format!("{name}/p{p}.json");
        let v: Vec<serde_json::Value> = chunk.iter().map(|(k, f)| json!([k, f])).collect();
        emit(OutFile::new(format!("{DIR}/{file}"), format!("{}\n", serde_json::Value::Array(v))));
        page_entries.push((chunk[0].0.clone(), file));
    }
    serde_json::Value::Array(page_entries.into_iter().map(|(k, f)| json!([k, f])).collect())
}

/// Every index file and the manifest, handed to `emit` as each is made.
pub fn build(reg: &Register, emit: &mut dyn FnMut(OutFile)) {
    use rayon::prelude::*;
    let records: Vec<String> = reg.organisations.par_iter().map(record).collect();
    // One key list at a time: at a million organisations each is hundreds of megabytes.
    let ids: Vec<(String, u32)> = reg
        .organisations
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, o)| {
            let i = i as u32;
            std::iter::once(number_key(&o.registration_number))
                .chain(o.certificates.iter().map(|c| number_key(&c.certificate_number)))
                .map(move |k| (k, i))
        })
        .collect();
    let id_top = build_one("id", ids, &records, emit);
    let names: Vec<(String, u32)> = reg
        .organisations
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, o)| {
            let mut words: BTreeSet<String> = tokens(&o.name).into_iter().collect();
            if let Some(city) = &o.city {
                words.extend(tokens(city));
            }
            // One-letter words ("B.V." → b, v) would make huge, useless key runs.
            words.into_iter().filter(|w| w.chars().count() >= 2).map(move |w| (w, i as u32))
        })
        .collect();
    let name_top = build_one("name", names, &records, emit);
    let manifest = json!({
        "format": 1,
        "organisations": reg.organisations.len(),
        "shard_keys": SHARD_KEYS,
        "indexes": { "id": id_top, "name": name_top },
    });
    emit(OutFile::new(format!("{DIR}/manifest.json"), format!("{manifest}\n")));
}
