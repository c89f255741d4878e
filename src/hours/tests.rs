use std::path::Path;

use super::calc::{calculate, Input};
use super::rules::{parse, RuleSet};

const BUNDLED: &str = include_str!("../../norms/3.2/audit-hours.yaml");

fn rules() -> RuleSet {
    parse("3.2", Path::new("norms/3.2/audit-hours.yaml"), BUNDLED).expect("bundled rules are valid")
}

fn input(level: &str, org: &str, fte: u32, loc: u32, le: u32, it: &str, cert: &str, failed: u32) -> Input {
    Input {
        level: level.into(),
        org_type: org.into(),
        fte,
        locations: loc,
        legal_entities: le,
        it: it.into(),
        certified: cert.into(),
        failed_items: failed,
    }
}

fn audit(level: &str, org: &str, fte: u32, loc: u32, it: &str) -> Option<u32> {
    calculate(&rules(), &input(level, org, fte, loc, 1, it, "none", 0)).unwrap().audit_hours
}

#[test]
fn supplier_fte_band_edges() {
    // (fte, QM10, QM20, QM30); None = on request.
    let cases = [
        (1, Some((4, 8, 20))),
        (10, Some((4, 8, 20))),
        (11, Some((8, 12, 24))),
        (25, Some((8, 12, 24))),
        (26, Some((16, 20, 36))),
        (100, Some((16, 20, 36))),
        (101, Some((24, 32, 40))),
        (250, Some((24, 32, 40))),
        (251, None),
    ];
    for (fte, want) in cases {
        let got = (audit("QM10", "supplier", fte, 1, "central"), audit("QM20", "supplier", fte, 1, "central"), audit("QM30", "supplier", fte, 1, "central"));
        let want = match want {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        };
        assert_eq!(got, want, "supplier with {fte} FTE");
    }
}

#[test]
fn nis2_fte_band_edges() {
    let cases = [
        (1, Some((12, 16, 28))),
        (24, Some((12, 16, 28))),
        (25, Some((20, 24, 40))),
        (100, Some((20, 24, 40))),
        (101, Some((32, 40, 48))),
        (500, Some((32, 40, 48))),
        (501, None),
    ];
    for (fte, want) in cases {
        let got = (audit("QM10", "nis2", fte, 1, "central"), audit("QM20", "nis2", fte, 1, "central"), audit("QM30", "nis2", fte, 1, "central"));
        let want = match want {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        };
        assert_eq!(got, want, "NIS2 entity with {fte} FTE");
    }
}

#[test]
fn location_band_edges_per_it_arrangement() {
    // Extra hours over the QM10/20/30 supplier base of 16/20/36 h (26 FTE).
    let base = [("QM10", 16), ("QM20", 20), ("QM30", 36)];
    let decentral = [(1, [0, 0, 0]), (2, [4, 8, 12]), (5, [4, 8, 12]), (6, [8, 16, 24]), (10, [8, 16, 24]), (11, [16, 32, 48]), (25, [16, 32, 48])];
    let central = [(1, [0, 0, 0]), (2, [2, 4, 6]), (5, [2, 4, 6]), (6, [4, 8, 12]), (10, [4, 8, 12]), (11, [8, 16, 24]), (25, [8, 16, 24])];
    for (it, table) in [("decentral", decentral), ("central", central)] {
        for (loc, extra) in table {
            for (i, (level, a)) in base.iter().enumerate() {
                let out = calculate(&rules(), &input(level, "supplier", 26, loc, 1, it, "none", 0)).unwrap();
                assert_eq!(out.breakdown.extra.hours, Some(extra[i]), "{level}, {loc} locations, IT {it}");
                assert_eq!(out.audit_hours, Some(a + extra[i]), "{level}, {loc} locations, IT {it}");
            }
        }
        for level in ["QM10", "QM20", "QM30"] {
            let out = calculate(&rules(), &input(level, "supplier", 26, 26, 1, it, "none", 0)).unwrap();
            assert!(out.on_request, "26 locations, {level}, IT {it}");
            assert_eq!((out.audit_hours, out.total_hours), (None, None));
            assert_eq!(out.breakdown.extra.band.from, 26);
        }
    }
}

#[test]
fn the_larger_of_locations_and_legal_entities_counts() {
    let r = rules();
    let by_entities = calculate(&r, &input("QM20", "supplier", 30, 2, 7, "decentral", "none", 0)).unwrap();
    assert_eq!(by_entities.breakdown.extra.count, 7);
    assert_eq!(by_entities.breakdown.extra.counted, "legal_entities");
    assert_eq!(by_entities.breakdown.extra.hours, Some(16));
    let by_locations = calculate(&r, &input("QM20", "supplier", 30, 7, 2, "decentral", "none", 0)).unwrap();
    assert_eq!(by_locations.breakdown.extra.counted, "locations");
    assert_eq!(by_locations.audit_hours, by_entities.audit_hours);
    let equal = calculate(&r, &input("QM20", "supplier", 30, 6, 6, "decentral", "none", 0)).unwrap();
    assert_eq!((equal.breakdown.extra.counted, equal.breakdown.extra.count), ("both", 6));
    // 26 legal entities with one location is on request, like 26 locations.
    assert!(calculate(&r, &input("QM10", "supplier", 5, 1, 26, "central", "none", 0)).unwrap().on_request);
}

#[test]
fn discount_then_rounding_up_then_minimum() {
    let r = rules();
    // 8 × 0.4 = 3.2 → 4 (rounding up gives 4; the minimum does not need to raise it).
    let out = calculate(&r, &input("QM20", "supplier", 10, 1, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(out.breakdown.discount.as_ref().unwrap().hours, Some(3.2));
    assert_eq!(out.breakdown.rounded_hours, Some(4));
    assert!(!out.breakdown.minimum_applied);
    // 30 × 0.4 = 12 exactly: exact arithmetic, not 12.000000000000002 → 13.
    let out = calculate(&r, &input("QM20", "supplier", 26, 6, 1, "decentral", "nen7510", 0)).unwrap();
    assert_eq!(out.breakdown.subtotal, Some(36));
    assert_eq!(out.breakdown.discount.as_ref().unwrap().hours, Some(14.4));
    assert_eq!(out.audit_hours, Some(15));
    let out = calculate(&r, &input("QM30", "supplier", 11, 6, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(out.breakdown.subtotal, Some(36));
    assert_eq!(out.audit_hours, Some(15), "36 × 0.4 = 14.4 → 15");
    let out = calculate(&r, &input("QM10", "supplier", 26, 6, 1, "decentral", "iso27001", 0)).unwrap();
    assert_eq!(out.breakdown.subtotal, Some(24));
    assert_eq!(out.breakdown.discount.as_ref().unwrap().hours, Some(9.6));
    assert_eq!(out.audit_hours, Some(10));
    let out = calculate(&r, &input("QM10", "supplier", 26, 2, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(out.breakdown.subtotal, Some(18), "16 + 2");
    assert_eq!(out.breakdown.discount.as_ref().unwrap().hours, Some(7.2));
    assert_eq!(out.audit_hours, Some(8), "7.2 rounds up to 8");
    let out = calculate(&r, &input("QM10", "supplier", 10, 2, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(out.breakdown.subtotal, Some(6));
    assert_eq!(out.breakdown.rounded_hours, Some(3), "2.4 → 3");
    assert!(out.breakdown.minimum_applied);
    assert_eq!(out.audit_hours, Some(4));
}

#[test]
fn rounding_is_a_setting_of_the_data() {
    let down = BUNDLED.replace("rounding: up", "rounding: down");
    let r = parse("3.2", Path::new("x.yaml"), &down).unwrap();
    let out = calculate(&r, &input("QM30", "supplier", 200, 3, 7, "decentral", "nen7510", 0)).unwrap();
    assert_eq!(out.audit_hours, Some(25), "25.6 rounded down");
    let nearest = BUNDLED.replace("rounding: up", "rounding: nearest");
    let r = parse("3.2", Path::new("x.yaml"), &nearest).unwrap();
    let out = calculate(&r, &input("QM10", "nis2", 10, 1, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(out.audit_hours, Some(5), "4.8 to the nearest hour");
    let out = calculate(&r, &input("QM10", "supplier", 26, 6, 1, "decentral", "iso27001", 0)).unwrap();
    assert_eq!(out.audit_hours, Some(10), "9.6 to the nearest hour");
}

#[test]
fn on_site_above_24_hours() {
    let r = rules();
    // QM20 at exactly 24 h: online; at 26 h (101 FTE + ... ) on site, at least 4 h.
    let at24 = calculate(&r, &input("QM20", "supplier", 30, 3, 1, "central", "none", 0)).unwrap();
    assert_eq!(at24.audit_hours, Some(24));
    assert!(!at24.on_site_required);
    assert_eq!(at24.min_on_site_hours, None);
    let at28 = calculate(&r, &input("QM20", "supplier", 30, 2, 1, "decentral", "none", 0)).unwrap();
    assert_eq!(at28.audit_hours, Some(28));
    assert!(at28.on_site_required);
    assert_eq!(at28.min_on_site_hours, Some(4));
    // QM30: always on site; a stated minimum only above 24 h.
    let qm30_small = calculate(&r, &input("QM30", "supplier", 5, 1, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(qm30_small.audit_hours, Some(8));
    assert!(qm30_small.on_site_required);
    assert_eq!(qm30_small.min_on_site_hours, None);
    let qm30_24 = calculate(&r, &input("QM30", "supplier", 11, 1, 1, "central", "none", 0)).unwrap();
    assert_eq!((qm30_24.audit_hours, qm30_24.min_on_site_hours), (Some(24), None));
    let qm30_big = calculate(&r, &input("QM30", "supplier", 26, 1, 1, "central", "none", 0)).unwrap();
    assert_eq!((qm30_big.audit_hours, qm30_big.min_on_site_hours), (Some(36), Some(8)));
    // QM10 never, however many hours.
    let qm10 = calculate(&r, &input("QM10", "nis2", 400, 20, 1, "decentral", "none", 0)).unwrap();
    assert_eq!(qm10.audit_hours, Some(48));
    assert!(!qm10.on_site_required);
    assert_eq!(qm10.min_on_site_hours, None);
    // Re-assessment hours do not count towards the 24 h threshold.
    let with_failed = calculate(&r, &input("QM20", "supplier", 30, 3, 1, "central", "none", 2)).unwrap();
    assert_eq!((with_failed.audit_hours, with_failed.total_hours), (Some(24), Some(28)));
    assert!(!with_failed.on_site_required);
}

#[test]
fn on_request_has_no_numbers() {
    let r = rules();
    let out = calculate(&r, &input("QM20", "nis2", 600, 1, 1, "central", "iso27001", 1)).unwrap();
    assert!(out.on_request);
    assert_eq!((out.audit_hours, out.total_hours, out.breakdown.subtotal, out.breakdown.rounded_hours), (None, None, None, None));
    assert_eq!(out.reassessment_hours, 2);
    assert_eq!(out.min_on_site_hours, None);
    assert_eq!(out.breakdown.discount.as_ref().unwrap().hours, None);
    let qm30 = calculate(&r, &input("QM30", "supplier", 300, 1, 1, "central", "none", 0)).unwrap();
    assert!(qm30.on_request && qm30.on_site_required, "QM30 is on site whatever the hours");
}

#[test]
fn worked_examples_of_the_spec() {
    let r = rules();
    let e1 = calculate(&r, &input("QM20", "supplier", 30, 3, 1, "central", "none", 0)).unwrap();
    assert_eq!((e1.breakdown.base.hours, e1.breakdown.extra.hours), (Some(20), Some(4)));
    assert_eq!((e1.audit_hours, e1.total_hours, e1.on_site_required), (Some(24), Some(24), false));

    let e2 = calculate(&r, &input("QM30", "supplier", 200, 3, 7, "decentral", "nen7510", 1)).unwrap();
    assert_eq!((e2.breakdown.base.hours, e2.breakdown.extra.hours), (Some(40), Some(24)));
    assert_eq!(e2.breakdown.discount.as_ref().unwrap().hours, Some(25.6));
    assert_eq!((e2.audit_hours, e2.reassessment_hours, e2.total_hours), (Some(26), 2, Some(28)));
    assert_eq!((e2.on_site_required, e2.min_on_site_hours), (true, Some(8)));

    let e3 = calculate(&r, &input("QM10", "nis2", 10, 1, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(e3.breakdown.discount.as_ref().unwrap().hours, Some(4.8));
    assert_eq!((e3.audit_hours, e3.on_site_required), (Some(5), false));

    let e4 = calculate(&r, &input("QM10", "supplier", 5, 1, 1, "central", "iso27001", 0)).unwrap();
    assert_eq!(e4.breakdown.discount.as_ref().unwrap().hours, Some(1.6));
    assert_eq!(e4.breakdown.rounded_hours, Some(2));
    assert!(e4.breakdown.minimum_applied);
    assert_eq!(e4.audit_hours, Some(4));

    for level in ["QM10", "QM20", "QM30"] {
        let e5 = calculate(&r, &input(level, "nis2", 600, 1, 1, "central", "none", 0)).unwrap();
        assert!(e5.on_request, "{level}");
        assert_eq!(e5.total_hours, None);
    }
}

#[test]
fn auditors_per_level() {
    let r = rules();
    let n = |l: &str| {
        let a = calculate(&r, &input(l, "supplier", 5, 1, 1, "central", "none", 0)).unwrap().auditors;
        (a.min, a.max)
    };
    assert_eq!((n("QM10"), n("QM20"), n("QM30")), ((1, 1), (1, 2), (1, 2)));
}

#[test]
fn bad_input_is_refused_with_every_problem() {
    let r = rules();
    let errs = calculate(&r, &input("QM40", "supplier", 0, 0, 1, "central", "iso9001", 3)).unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["level", "certified", "fte", "locations", "failed_items"]);
    assert!(errs[0].message.contains("QM10, QM20, QM30"), "{}", errs[0].message);
}

fn errors_of(src: &str) -> Vec<(u32, u32, String)> {
    let mut v: Vec<_> = parse("9.9", Path::new("norms/9.9/audit-hours.yaml"), src)
        .unwrap_err()
        .into_iter()
        .map(|d| {
            assert_eq!(d.file, Path::new("norms/9.9/audit-hours.yaml"));
            (d.line.unwrap_or(0), d.column.unwrap_or(0), d.message)
        })
        .collect();
    v.sort();
    v
}

fn line_of(src: &str, needle: &str) -> u32 {
    src.lines().position(|l| l.contains(needle)).expect(needle) as u32 + 1
}

#[test]
fn every_band_problem_is_reported_with_its_position() {
    let src = BUNDLED
        .replace("- { from: 11, to: 25, hours: { QM10: 8, QM20: 12, QM30: 24 } }", "- { from: 12, to: 25, hours: { QM10: 8, QM20: 12, QM30: 24 } }")
        .replace("- { from: 25, to: 100, hours: { QM10: 20", "- { from: 20, to: 100, hours: { QM10: 20")
        .replace("- { from: 1, to: 1, hours: { QM10: 0, QM20: 0, QM30: 0 } }\n    - { from: 2, to: 5, hours: { QM10: 2", "- { from: 2, to: 5, hours: { QM10: 2")
        .replace("{ from: 6, to: 10, hours: { QM10: 8, QM20: 16, QM30: 24 } }", "{ from: 6, to: 10, hours: { QM10: 8, QM20: 16, QM40: 24 } }")
        .replace("fraction: 0.6", "fraction: 1.5");
    let errs = errors_of(&src);
    let gap = line_of(&src, "from: 12, to: 25");
    let overlap = line_of(&src, "from: 20, to: 100");
    let start = line_of(&src, "from: 2, to: 5, hours: { QM10: 2,");
    let unknown = line_of(&src, "QM40: 24");
    let frac = line_of(&src, "fraction: 1.5");
    let lines: Vec<u32> = errs.iter().map(|e| e.0).collect();
    assert_eq!(lines, vec![gap, overlap, unknown, unknown, start, frac], "{errs:#?}");
    assert!(errs[0].2.contains("gap between bands: the previous band ends at 10 and this one starts at 12"), "{}", errs[0].2);
    assert_eq!(errs[0].1, 15, "column of `from`'s value");
    assert!(errs[1].2.contains("overlaps the previous band, which ends at 24"), "{}", errs[1].2);
    assert!(errs.iter().any(|e| e.2.contains("unknown level `QM40`")), "{errs:#?}");
    assert!(errs.iter().any(|e| e.2.contains("gives no hours for QM30")), "{errs:#?}");
    assert!(errs[4].2.contains("`extra_hours.central`: the first band starts at 2; it must start at 1"), "{}", errs[4].2);
    assert!(errs[5].2.contains("must be between 0 and 1"), "{}", errs[5].2);
}

#[test]
fn open_ends_and_band_contents_are_checked() {
    let src = BUNDLED
        .replace("- { from: 251, on_request: true }", "- { from: 251, to: 1000, on_request: true }")
        .replace("- { from: 26, to: 100, hours: { QM10: 16, QM20: 20, QM30: 36 } }", "- { from: 26, hours: { QM10: 16, QM20: 20, QM30: 36 } }")
        .replace("- { from: 501, on_request: true }", "- { from: 501 }")
        .replace("rounding: up", "rounding: sideways")
        .replace("certificates: [iso27001, nen7510]", "certificates: [iso27001, iso9001]")
        .replace("  QM20:\n    auditors: { min: 1, max: 2 }", "  QM20:\n    auditors: { min: 2, max: 1 }");
    let errs = errors_of(&src);
    let msgs: Vec<&str> = errs.iter().map(|e| e.2.as_str()).collect();
    for want in [
        "level `QM20`: `auditors.max` (1) is below `auditors.min` (2)",
        "`base_hours.supplier`: the band starting at 26 has no `to`; only the last band may run on without end",
        "`base_hours.supplier`: the last band ends at 1000; leave out `to` so that larger counts have a rule",
        "`base_hours.nis2`: the band starting at 501 gives no `hours` (or `on_request: true`)",
        "unknown certificate `iso9001` (known: iso27001, nen7510)",
        "unknown rounding `sideways` (use `up`, `down` or `nearest`)",
    ] {
        assert!(msgs.iter().any(|m| m.contains(want)), "missing {want:?} in {msgs:#?}");
    }
    assert_eq!(errs.len(), 6, "{msgs:#?}");
    assert!(errs.iter().all(|e| e.0 > 0 && e.1 > 0), "every error has a position: {errs:#?}");
}

#[test]
fn syntax_and_unknown_keys_point_at_their_line() {
    let src = BUNDLED.replace("minimum_hours: 4", "minimum_hours: 4\nmaximum_hours: 80");
    let errs = errors_of(&src);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, line_of(&src, "maximum_hours"));
    let src = BUNDLED.replace("minimum_hours: 4", "minimum_hours: -4");
    let errs = errors_of(&src);
    assert_eq!(errs[0].0, line_of(&src, "minimum_hours"));
}

#[test]
fn highest_version_and_current_version() {
    let mut h = super::Hours::default();
    for v in ["3.2", "3.10", "3.9"] {
        h.sets.insert(v.into(), parse(v, Path::new("x"), BUNDLED).unwrap());
    }
    assert_eq!(h.highest().unwrap().version, "3.10");
    assert_eq!(h.current(None).unwrap().version, "3.10");
    assert_eq!(h.current(Some("3.2")).unwrap().version, "3.2");
    assert_eq!(h.current(Some("4.0")).unwrap().version, "3.10");
}

#[test]
fn grid_covers_every_band_and_choice() {
    let r = rules();
    let g = super::calc::grid(&r);
    for fte in [1, 10, 11, 25, 26, 100, 101, 250, 251, 24, 500, 501] {
        assert!(g.iter().any(|i| i.fte == fte), "FTE {fte}");
    }
    for c in [1, 2, 5, 6, 10, 11, 25, 26] {
        assert!(g.iter().any(|i| i.locations == c && i.legal_entities == 1), "{c} locations");
        assert!(g.iter().any(|i| i.legal_entities == c && i.locations == 1), "{c} legal entities");
    }
    assert!(g.iter().any(|i| i.failed_items == 2 && i.certified == "nen7510" && i.level == "QM30" && i.org_type == "nis2"));
    assert!(g.iter().all(|i| calculate(&r, i).is_ok()));
}
