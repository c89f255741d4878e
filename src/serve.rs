//! `normsite serve`: builds into memory, serves on 127.0.0.1, rebuilds when a source
//! changes and reloads open tabs. When a build fails the browser shows the errors.
//!
//! Reloading is done by a tiny script that polls `/__normsite/version`; polling keeps the
//! server a plain request/response loop and works through any proxy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::diag::Diagnostics;
use crate::markdown::escape_html;
use crate::render::RenderOptions;
use crate::site::LoadOptions;

/// URL prefix of the development server's own endpoints; never part of a built site.
pub const INTERNAL_PREFIX: &str = "/__normsite/";

/// Path of the live-reload script; templates include it when `live_reload` is true.
pub const RELOAD_SCRIPT: &str = "/__normsite/reload.js";
const VERSION_PATH: &str = "/__normsite/version";

const RELOAD_JS: &str = r#"// normsite serve: reload this tab when the site is rebuilt.
const url = '/__normsite/version';
let current = null;
async function poll() {
  try {
    const v = await (await fetch(url, { cache: 'no-store' })).text();
    if (current !== null && v !== current) location.reload();
    current = v;
  } catch (_) { /* server restarting */ }
  setTimeout(poll, 500);
}
poll();
"#;

enum State {
    Site(BTreeMap<String, Vec<u8>>),
    Failed(String),
}

struct Shared {
    state: State,
    version: u64,
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(opts: LoadOptions, port: u16, quiet: bool) -> std::io::Result<()> {
    let shared = Arc::new(RwLock::new(Shared { state: State::Failed(String::new()), version: 0 }));
    rebuild(&opts, &shared, quiet);
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| std::io::Error::other(e.to_string()))?;
    eprintln!("Serving the site at http://127.0.0.1:{port}/ (Ctrl+C stops)");

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if !matches!(ev.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(ev.paths);
            }
        }
    })
    .map_err(|e| std::io::Error::other(e.to_string()))?;
    for p in watched(&opts) {
        if p.exists() {
            let mode = if p.is_dir() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            watcher.watch(&p, mode).map_err(|e| std::io::Error::other(e.to_string()))?;
        }
    }
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_opts = opts.clone();
    std::thread::spawn(move || {
        while let Ok(paths) = rx.recv() {
            // Editors save in bursts (temp file, rename, chmod): wait for quiet first.
            let mut changed = paths;
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(150)) {
                changed.extend(more);
            }
            if !quiet {
                if let Some(p) = changed.first() {
                    eprintln!("Change in {}: rebuilding", p.display());
                }
            }
            rebuild(&rebuild_opts, &rebuild_shared, quiet);
        }
    });

    for request in server.incoming_requests() {
        let url = request.url().split('?').next().unwrap_or("/").to_string();
        let guard = shared.read().expect("lock");
        let response = respond(&guard, &url);
        drop(guard);
        let _ = request.respond(response);
    }
    drop(watcher);
    Ok(())
}

fn watched(opts: &LoadOptions) -> Vec<PathBuf> {
    let root = &opts.root;
    let mut v: Vec<PathBuf> = ["content", "norms", "themes", "i18n", "register-data", crate::config::CONFIG_FILE]
        .iter()
        .map(|p| root.join(p))
        .collect();
    if let Some(r) = &opts.register {
        v.push(r.clone());
    }
    v
}

fn rebuild(opts: &LoadOptions, shared: &RwLock<Shared>, quiet: bool) {
    let start = std::time::Instant::now();
    let result = crate::build::build_in_memory(opts, &RenderOptions { live_reload: true });
    let mut s = shared.write().expect("lock");
    s.version += 1;
    match result {
        Ok((_, rendered, warnings)) => {
            print_diags(&warnings, quiet);
            if !quiet {
                eprintln!("Built {} pages in {} ms", rendered.pages, start.elapsed().as_millis());
            }
            s.state = State::Site(rendered.files);
        }
        Err(diags) => {
            print_diags(&diags, false);
            eprintln!("Build failed with {} error(s); the browser shows them", diags.error_count());
            s.state = State::Failed(diags.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n\n"));
        }
    }
}

fn print_diags(d: &Diagnostics, quiet: bool) {
    for x in d.sorted() {
        if x.is_error() || !quiet {
            eprintln!("{x}\n");
        }
    }
}

fn respond(s: &Shared, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    if url == VERSION_PATH {
        return with_type(tiny_http::Response::from_data(s.version.to_string().into_bytes()), "text/plain");
    }
    if url == RELOAD_SCRIPT {
        return with_type(tiny_http::Response::from_data(RELOAD_JS.as_bytes().to_vec()), "text/javascript");
    }
    match &s.state {
        State::Failed(text) => {
            let html = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><main><h1>The build failed</h1><p>Fix the errors below; this page reloads when the site builds again.</p><pre>{}</pre></main><script type=\"module\" src=\"{RELOAD_SCRIPT}\"></script></body></html>",
                escape_html(text)
            );
            with_type(tiny_http::Response::from_data(html.into_bytes()).with_status_code(500), "text/html; charset=utf-8")
        }
        State::Site(files) => {
            let path = url.trim_start_matches('/');
            let path = percent_decode(path);
            let candidates = if path.is_empty() || path.ends_with('/') {
                vec![format!("{path}index.html")]
            } else {
                vec![path.clone(), format!("{path}/index.html")]
            };
            for c in candidates {
                if let Some(bytes) = files.get(&c) {
                    return with_type(tiny_http::Response::from_data(bytes.clone()), content_type(&c));
                }
            }
            let lang = path.split('/').next().unwrap_or("");
            let not_found = files
                .get(&format!("{lang}/404.html"))
                .or_else(|| files.get("404.html"))
                .cloned()
                .unwrap_or_else(|| b"Not found".to_vec());
            with_type(tiny_http::Response::from_data(not_found).with_status_code(404), "text/html; charset=utf-8")
        }
    }
}

fn with_type(r: tiny_http::Response<std::io::Cursor<Vec<u8>>>, ty: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = r.with_header(tiny_http::Header::from_bytes("Content-Type", ty).expect("header"));
    // Serve with the same policy as production so CSP problems show up while editing.
    r.add_header(tiny_http::Header::from_bytes("Content-Security-Policy", crate::theme::CSP.replace("; upgrade-insecure-requests", "")).expect("header"));
    r.add_header(tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("header"));
    r
}

/// MIME type by file extension.
pub fn content_type(path: &str) -> &'static str {
    match Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pf_meta" | "pf_fragment" | "pf_index" | "pf_filter" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
