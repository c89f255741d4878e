//! `normsite hours` as a user runs it (SPEC 3.1): JSON output, human output, exit statuses.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn hours(root: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_normsite"))
        .arg("hours")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("runs normsite")
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = hours(&repo(), &a);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

const EXAMPLE_1: &[&str] =
    &["--level", "QM20", "--org-type", "supplier", "--fte", "30", "--locations", "3", "--legal-entities", "1", "--it", "central"];

#[test]
fn json_output_has_the_keys_of_the_spec() {
    let v = json(EXAMPLE_1);
    assert_eq!(v["audit_hours"], 24);
    assert_eq!(v["reassessment_hours"], 0);
    assert_eq!(v["total_hours"], 24);
    assert_eq!(v["on_request"], false);
    assert_eq!(v["on_site_required"], false);
    assert_eq!(v["min_on_site_hours"], Value::Null);
    assert_eq!(v["scheme_version"], "3.2");
    assert_eq!(v["breakdown"]["base"]["hours"], 20);
    assert_eq!(v["breakdown"]["base"]["band"]["from"], 26);
    assert_eq!(v["breakdown"]["base"]["band"]["to"], 100);
    assert_eq!(v["breakdown"]["extra"]["hours"], 4);
    assert_eq!(v["breakdown"]["extra"]["counted"], "locations");
    assert_eq!(v["breakdown"]["discount"], Value::Null);
    assert_eq!(v["auditors"]["max"], 2);
}

#[test]
fn worked_example_with_certificate_failed_item_and_on_site_day() {
    let v = json(&[
        "--level", "QM30", "--org-type", "supplier", "--fte", "200", "--locations", "3", "--legal-entities", "7", "--it",
        "decentral", "--certified", "nen7510", "--failed-items", "1",
    ]);
    assert_eq!(v["breakdown"]["subtotal"], 64);
    assert_eq!(v["breakdown"]["discount"]["hours"], 25.6);
    assert_eq!(v["breakdown"]["extra"]["counted"], "legal_entities");
    assert_eq!((v["audit_hours"].as_u64(), v["reassessment_hours"].as_u64(), v["total_hours"].as_u64()), (Some(26), Some(2), Some(28)));
    assert_eq!(v["on_site_required"], true);
    assert_eq!(v["min_on_site_hours"], 8);
}

#[test]
fn on_request_gives_null_hours() {
    let v = json(&["--level", "QM10", "--org-type", "nis2", "--fte", "600", "--locations", "1", "--legal-entities", "1", "--it", "central"]);
    assert_eq!(v["on_request"], true);
    assert_eq!(v["audit_hours"], Value::Null);
    assert_eq!(v["total_hours"], Value::Null);
}

#[test]
fn human_output_explains_the_steps() {
    let out = hours(
        &repo(),
        &["--level", "QM10", "--org-type", "supplier", "--fte", "5", "--locations", "1", "--legal-entities", "1", "--it", "central", "--certified", "iso27001"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ISO/IEC 27001 certificate, 60 % off: 1.6 h"), "{text}");
    assert!(text.contains("Raised to the minimum audit time of 4 h"), "{text}");
    assert!(text.contains("Total: 4 h"), "{text}");
    assert!(text.contains("online; no on-site part required"), "{text}");
}

fn bad(args: &[&str]) -> String {
    let out = hours(&repo(), args);
    assert_eq!(out.status.code(), Some(2), "args {args:?}, stdout {}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty(), "no number on bad input: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

fn with(replace: &str, value: &str) -> Vec<String> {
    let mut v: Vec<String> = EXAMPLE_1.iter().map(|s| s.to_string()).collect();
    let i = v.iter().position(|a| a == replace).expect("flag present");
    v[i + 1] = value.to_string();
    v
}

fn bad_with(flag: &str, value: &str, extra: &[&str]) -> String {
    let mut v = with(flag, value);
    v.extend(extra.iter().map(|s| s.to_string()));
    bad(&v.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    assert!(bad_with("--fte", "0", &["--json"]).contains("--fte: `0` must be a whole number of at least 1"));
    assert!(bad_with("--fte", "-3", &[]).contains("--fte: `-3` must be a whole number of at least 1"));
    assert!(bad_with("--fte", "abc", &[]).contains("--fte: `abc` is not a whole number"));
    assert!(bad_with("--fte", "2.5", &[]).contains("--fte: `2.5` is not a whole number"));
    assert!(bad_with("--locations", "0", &[]).contains("--locations: `0` must be a whole number of at least 1"));
    assert!(bad_with("--level", "QM40", &[]).contains("--level: unknown level `QM40` (scheme version 3.2 has QM10, QM20, QM30)"));
    assert!(bad_with("--org-type", "bank", &[]).contains("--org-type: unknown organisation type `bank`"));
    assert!(bad_with("--it", "cloud", &[]).contains("--it: unknown IT arrangement `cloud`"));
    let e = bad_with("--fte", "30", &["--failed-items", "3", "--json"]);
    assert!(e.contains("--failed-items: 3 failed items: a certificate can be issued with at most 2"), "{e}");
    assert!(bad_with("--fte", "30", &["--certified", "iso9001"]).contains("--certified: unknown certificate `iso9001`"));
}

#[test]
fn every_bad_or_missing_value_is_reported_at_once() {
    let e = bad(&["--level", "QM20", "--fte", "zero", "--locations", "-1"]);
    for want in ["--org-type is required", "--it is required", "--fte: `zero` is not a whole number", "--locations: `-1` must be", "--legal-entities is required"] {
        assert!(e.contains(want), "missing {want:?} in {e}");
    }
}

#[test]
fn invalid_rules_exit_1_with_every_error_and_its_position() {
    let out = hours(&fixture("hours-bad"), EXAMPLE_1);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let e = String::from_utf8(out.stderr).unwrap();
    for want in [
        "norms/3.2/audit-hours.yaml:8:15",
        "overlaps the previous band, which ends at 10",
        "norms/3.2/audit-hours.yaml:12:15",
        "gap between bands: the previous band ends at 24 and this one starts at 26",
        "norms/3.2/audit-hours.yaml:17:27",
        "unknown level `QM11`",
        "norms/3.2/audit-hours.yaml:19:13",
        "`certificate_discount.fraction` is -0.5; it must be between 0 and 1",
    ] {
        assert!(e.contains(want), "missing {want:?} in {e}");
    }
}

#[test]
fn scheme_version_picks_the_rules_and_the_highest_is_the_default() {
    let root = fixture("hours-versions");
    let args = ["--level", "QM10", "--org-type", "supplier", "--fte", "5", "--locations", "1", "--legal-entities", "1", "--it", "central", "--certified", "iso27001", "--json"];
    // No normsite.yaml in the fixture, so no current version is known: the highest version's rules.
    let out = hours(&root, &args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["scheme_version"].as_str(), v["audit_hours"].as_u64()), (Some("4.0"), Some(6)), "4.0 has a 6-hour minimum");
    let mut a = args.to_vec();
    a.extend(["--scheme-version", "3.2"]);
    let v: Value = serde_json::from_slice(&hours(&root, &a).stdout).unwrap();
    assert_eq!((v["scheme_version"].as_str(), v["audit_hours"].as_u64()), (Some("3.2"), Some(4)));
    let mut a = args.to_vec();
    a.extend(["--scheme-version", "9.9"]);
    let out = hours(&root, &a);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version `9.9` has no audit-hours rules (versions with rules: 3.2, 4.0)"));
}

#[test]
fn a_root_without_rules_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = hours(&dir.path().to_path_buf(), EXAMPLE_1);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no audit-hours rules found"));
}
