//! Writing the site: the only step that touches the output folder.
//!
//! The new site is written to a hidden folder beside the output folder and swapped in
//! with two renames only when every file was written. A build that fails — before or
//! during writing — leaves the previous output exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Writes `files` as the new content of `out_dir`, atomically replacing what was there.
///
/// Refuses to replace the site root or a folder that contains it, so a mistyped
/// `--output` cannot delete the sources.
pub fn write_atomically(out_dir: &Path, site_root: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    let out_abs = absolute(out_dir)?;
    let root_abs = absolute(site_root)?;
    if root_abs.starts_with(&out_abs) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write the site over {}: it contains the site's sources", out_dir.display()),
        ));
    }
    let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
    fs::create_dir_all(&parent)?;
    let name = out_abs.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.normsite-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.normsite-old-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let result = write_tree(&staging, files).and_then(|()| swap(&staging, &out_abs, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|(p, bytes)| fs::write(dir.join(p), bytes))
}

fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if out.exists() {
        fs::rename(out, old)?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(old, out);
            return Err(e);
        }
        // The old tree is no longer reachable under the output name; removing it can fail
        // (a file held open elsewhere) without harming the new site.
        let _ = fs::remove_dir_all(old);
        Ok(())
    } else {
        fs::rename(staging, out)
    }
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    // Resolve what exists (symlinks, `..`) so the containment check compares real paths.
    let mut existing = abs.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(n), Some(parent)) => {
                tail.push(n);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for n in tail.into_iter().rev() {
        real.push(n);
    }
    Ok(real)
}
