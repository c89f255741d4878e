//! QR benchmark (not a test): time per register QR code, normsite's against the qrcode
//! crate's own mask choice (the codes are identical; `register::qr` tests check that).
//!
//! Run: `cargo run --release --example qr_bench` (see BENCHMARKS.md).

use std::time::Instant;

fn main() {
    let n: u32 = 3000;
    let urls: Vec<String> =
        (0..n).map(|i| format!("https://nis2qm.example.org/en/register/NIS2QM-2025-{i:06}/")).collect();
    let start = Instant::now();
    let svg_bytes: usize = urls.iter().map(|u| normsite::register::qr::svg(u, "QR").map_or(0, |s| s.len())).sum();
    let ours = start.elapsed() / n;
    let start = Instant::now();
    let modules: usize = urls
        .iter()
        .map(|u| qrcode::QrCode::with_error_correction_level(u.as_bytes(), qrcode::EcLevel::M).map_or(0, |c| c.width()))
        .sum();
    let theirs = start.elapsed() / n;
    println!("{n} register addresses: normsite SVG {ours:?} per code ({svg_bytes} bytes in all);");
    println!("qrcode's own mask choice, without drawing the SVG: {theirs:?} per code ({modules} module columns in all)");
}
