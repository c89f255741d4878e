//! Runs `tests/js/calculator-grid.test.mjs` with Node: the page's script must give the same
//! result as [`normsite::hours::calculate`] for every case of the input grid. The script runs on
//! the rules file the build really publishes for the bundled site.

use std::path::PathBuf;
use std::process::Command;

use normsite::render::RenderOptions;
use normsite::site::LoadOptions;

#[test]
fn javascript_agrees_with_rust_over_the_whole_grid() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = LoadOptions { root: repo.clone(), ..LoadOptions::default() };
    let (site, rendered, _) = normsite::build::build_in_memory(&opts, &RenderOptions::default())
        .unwrap_or_else(|d| panic!("bundled site builds: {:#?}", d.sorted()));
    let rules = normsite::hours::site_rules(&site).expect("the bundled site has audit-hours rules");
    let path = format!("api/hours/{}.json", rules.version);
    let bytes = rendered.files.get(&path).unwrap_or_else(|| panic!("the build publishes {path}"));
    let dir = tempfile::tempdir().unwrap();
    let rules_file = dir.path().join("rules.json");
    std::fs::write(&rules_file, bytes).unwrap();

    let out = Command::new("node")
        .arg("--test")
        .arg(repo.join("tests/js/calculator-grid.test.mjs"))
        .env("NORMSITE_BIN", env!("CARGO_BIN_EXE_normsite"))
        .env("HOURS_ROOT", &repo)
        .env("HOURS_RULES_FILE", &rules_file)
        .current_dir(&repo)
        .output()
        .expect("node is installed and runs");
    assert!(
        out.status.success(),
        "node --test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
