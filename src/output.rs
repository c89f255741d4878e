//! Writing the site: the only step that touches the output folder.
//!
//! The new site is written to a hidden folder beside the output folder ([`Staging`]) and
//! swapped in with two renames only when every file was written. The renderer may write
//! pages into it as they render; a build that fails — before, during or after that — removes
//! it and leaves the previous output exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The hidden folder a build writes its new site into, beside the output folder, and
/// swaps in only once everything is written. Dropped without [`Staging::commit`] (a
/// failed build), it is removed and the output folder stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder for `out_dir`.
    ///
    /// Refuses to replace the site root or a folder that contains it, so a mistyped
    /// `--output` cannot delete the sources.
    pub fn create(out_dir: &Path, site_root: &Path) -> io::Result<Staging> {
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
        let dir = parent.join(format!(".{name}.normsite-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.normsite-old-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging { dir, out: out_abs, old, committed: false })
    }

    /// Writes one file (`en/register/X/index.html`) into the staging folder. Safe to call
    /// from several threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        match fs::write(&target, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&target, bytes)
            }
            other => other,
        }
    }

    /// Creates the file `path` in the staging folder and lets `write` fill it; returns the
    /// file's size.
    pub fn write_with(&self, path: &str, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) -> io::Result<usize> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::File::create(&target)?;
        write(&mut file)?;
        Ok(file.metadata()?.len() as usize)
    }

    /// Writes `files`, then swaps the staging folder in as the output folder.
    pub fn commit(mut self, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
        write_tree(&self.dir, files)?;
        swap(&self.dir, &self.out, &self.old)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
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
