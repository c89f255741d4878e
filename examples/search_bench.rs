//! Search benchmark (not a test): Pagefind index time and size per language.
//!
//! Renders the site once, then indexes each language's pages on their own, timing each
//! run, and the whole site together as `normsite build` does. Sizes count the files a
//! language's search loads from: its metadata, word index, filter and fragment chunks, and
//! its WebAssembly (the stemmer differs per language).
//!
//! Run: `cargo run --release --example search_bench -- [ROOT] [RUNS]` (see BENCHMARKS.md).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use normsite::render::{RenderOptions, Rendered};
use normsite::site::{LoadOptions, Site};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: u32 = args.next().map(|r| r.parse().expect("RUNS is a number")).unwrap_or(5);
    let opts = LoadOptions { root, register: None, base_url: None, date: None };
    let (site, _) = Site::load(&opts).unwrap_or_else(|diags| {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        std::process::exit(1);
    });
    let rendered = normsite::render::render(&site, &RenderOptions::default()).expect("the site renders");

    println!("| language | pages indexed | index time ms (median of {runs}) | index files | index KB | of which wasm KB |");
    println!("|---|---|---|---|---|---|");
    for lang in site.config.lang_codes() {
        let subset = only_language(&rendered, lang);
        let (time, files) = timed(&site, &subset, runs);
        let ours: Vec<_> = files.iter().filter(|(name, _)| belongs_to(name, lang)).collect();
        let bytes: usize = ours.iter().map(|(_, b)| **b).sum();
        let wasm: usize = ours.iter().filter(|(n, _)| n.contains("wasm.")).map(|(_, b)| **b).sum();
        println!(
            "| {lang} | {} | {} | {} | {} | {} |",
            searchable_pages(&subset),
            time.as_millis(),
            ours.len(),
            bytes / 1000,
            wasm / 1000
        );
    }
    let (time, files) = timed(&site, &rendered, runs);
    let bytes: usize = files.values().sum();
    println!(
        "| all (as in a build) | {} | {} | {} | {} | |",
        searchable_pages(&rendered),
        time.as_millis(),
        files.len(),
        bytes / 1000
    );
}

/// The language's pages only, as if the site had no other language.
fn only_language(rendered: &Rendered, lang: &str) -> Rendered {
    let prefix = format!("{lang}/");
    let files: BTreeMap<String, Vec<u8>> =
        rendered.files.iter().filter(|(p, _)| p.starts_with(&prefix)).map(|(p, b)| (p.clone(), b.clone())).collect();
    Rendered { pages: files.keys().filter(|p| p.ends_with(".html")).count(), files, ..Rendered::default() }
}

/// Median wall time of `runs` index runs, and the files (name → bytes) of the last one.
fn timed(site: &Site, rendered: &Rendered, runs: u32) -> (Duration, BTreeMap<String, usize>) {
    let mut times = Vec::new();
    let mut files = BTreeMap::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = normsite::search::index(site, rendered).expect("indexing succeeds");
        times.push(start.elapsed());
        files = out.into_iter().map(|f| (f.path, f.bytes.len())).collect();
    }
    times.sort();
    (times[times.len() / 2], files)
}

/// Pagefind names a language's files `…/{lang}_…`, `pagefind.{lang}_….pf_meta` and
/// `wasm.{lang}.pagefind`; shared files (the client script) carry no language.
fn belongs_to(name: &str, lang: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.starts_with(&format!("{lang}_"))
        || file.starts_with(&format!("pagefind.{lang}_"))
        || file == format!("wasm.{lang}.pagefind")
}

fn searchable_pages(rendered: &Rendered) -> usize {
    rendered.files.iter().filter(|(p, b)| p.ends_with("index.html") && contains(b, b"data-pagefind-body")).count()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
