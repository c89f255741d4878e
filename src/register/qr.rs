//! QR codes as SVG, drawn at build time (no external service, no inline style).
//!
//! The qrcode crate encodes, adds error correction and masks; only the choice of mask is
//! done here. The standard picks the mask with the lowest penalty score, and qrcode's
//! scorer allocates a closure per module, which made QR codes a third of the build time of
//! a large register (one code per organisation page per language). [`penalty`] computes
//! the same score with the same rules on a plain grid, so the chosen mask, and therefore
//! every code, is exactly the one qrcode would draw (a test checks that).

use qrcode::bits::encode_auto;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::ec::construct_codewords;
use qrcode::{Color, EcLevel, Version};

use crate::site::escape_xml;

/// The eight masks of a (non-micro) QR code, in the order qrcode tries them, so a tie
/// resolves to the same mask.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// What every symbol of one version shares, per mask: which modules are functional
/// (finders, timing, alignment, format and version information) and their colours once
/// that mask's format information is drawn, and where the mask inverts data modules. Rows
/// as 128-bit words, bit x = module x.
struct Layout {
    functional: Vec<u128>,
    masked_functional: [Vec<u128>; 8],
    inverts: [Vec<u128>; 8],
}

impl Layout {
    /// The symbol under mask `m`, given its unmasked data modules (as lines of the same
    /// orientation as this layout's).
    fn masked(&self, m: usize, data: &[u128]) -> Vec<u128> {
        data.iter()
            .zip(&self.functional)
            .zip(self.inverts[m].iter().zip(&self.masked_functional[m]))
            .map(|((d, f), (inv, mf))| ((d ^ inv) & !f) | mf)
            .collect()
    }

    /// The same layout by columns (bit y = module y).
    fn transposed(&self, w: usize) -> Layout {
        Layout {
            functional: transpose(&self.functional, w),
            masked_functional: self.masked_functional.each_ref().map(|v| transpose(v, w)),
            inverts: self.inverts.each_ref().map(|v| transpose(v, w)),
        }
    }
}

/// Rows turned into columns (and columns into rows).
fn transpose(lines: &[u128], w: usize) -> Vec<u128> {
    let mut out = vec![0u128; w];
    for (y, &line) in lines.iter().enumerate() {
        let mut rest = line;
        while rest != 0 {
            out[rest.trailing_zeros() as usize] |= 1 << y;
            rest &= rest - 1;
        }
    }
    out
}

/// The colours of a canvas, row by row, as words.
fn rows_of(colors: &[Color], w: usize) -> Vec<u128> {
    (0..w)
        .map(|y| (0..w).filter(|&x| colors[y * w + x] == Color::Dark).fold(0u128, |r, x| r | 1 << x))
        .collect()
}

fn layout(canvas: &Canvas, w: usize) -> Layout {
    let mut functional = vec![0u128; w];
    for (y, row) in functional.iter_mut().enumerate() {
        for x in 0..w {
            if matches!(canvas.get(x as i16, y as i16), Module::Masked(_)) {
                *row |= 1 << x;
            }
        }
    }
    let masked_functional = MASKS.map(|mask| {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        let rows = rows_of(&c.into_colors(), w);
        rows.iter().zip(&functional).map(|(r, f)| r & f).collect()
    });
    let inverts = MASKS.map(|mask| {
        (0..w)
            .map(|y| (0..w).filter(|&x| !functional[y] >> x & 1 == 1 && mask_inverts(mask, x, y)).fold(0u128, |r, x| r | 1 << x))
            .collect()
    });
    Layout { functional, masked_functional, inverts }
}

/// Whether `mask` inverts the module in column `x`, row `y` (ISO/IEC 18004, table 10).
fn mask_inverts(mask: MaskPattern, x: usize, y: usize) -> bool {
    match mask {
        MaskPattern::Checkerboard => (x + y) % 2 == 0,
        MaskPattern::HorizontalLines => y % 2 == 0,
        MaskPattern::VerticalLines => x % 3 == 0,
        MaskPattern::DiagonalLines => (x + y) % 3 == 0,
        MaskPattern::LargeCheckerboard => (y / 2 + x / 3) % 2 == 0,
        MaskPattern::Fields => (x * y) % 2 + (x * y) % 3 == 0,
        MaskPattern::Diamonds => ((x * y) % 2 + (x * y) % 3) % 2 == 0,
        MaskPattern::Meadow => ((x + y) % 2 + (x * y) % 3) % 2 == 0,
    }
}

/// The modules of the QR code for `data` (error correction level M), as rows of words,
/// and its width.
fn modules(data: &[u8]) -> Option<(Vec<u128>, usize)> {
    thread_local! {
        static LAYOUTS: RefCell<HashMap<usize, Rc<(Layout, Layout)>>> = RefCell::new(HashMap::new());
    }
    let ec = EcLevel::M;
    let bits = encode_auto(data, ec).ok()?;
    let version = bits.version();
    let w = match version {
        // Wider symbols (addresses over ~1,500 characters) do not fit the 128-bit rows.
        Version::Normal(_) if version.width() <= 128 => version.width() as usize,
        _ => return None,
    };
    let (codewords, ec_words) = construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec_words);
    let layouts = LAYOUTS.with(|l| {
        l.borrow_mut()
            .entry(w)
            .or_insert_with(|| {
                let by_rows = layout(&canvas, w);
                let by_columns = by_rows.transposed(w);
                Rc::new((by_rows, by_columns))
            })
            .clone()
    });
    let (by_rows, by_columns) = &*layouts;
    // Unmasked data, as drawn; empty (remainder) modules read as light, as qrcode masks them.
    let data_rows = rows_of(&canvas.into_colors(), w);
    // Columns once, not once per mask: masking works on columns just as on rows.
    let data_columns = transpose(&data_rows, w);
    let mut best: Option<(u16, Vec<u128>)> = None;
    for m in 0..MASKS.len() {
        let rows = by_rows.masked(m, &data_rows);
        let score = penalty(&rows, &by_columns.masked(m, &data_columns), w);
        // Strictly lower only: the first of equal scores wins, as in qrcode.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, rows));
        }
    }
    best.map(|(_, rows)| (rows, w))
}

/// The penalty score of a masked symbol, given row by row, by the rules qrcode applies:
/// runs of five or more same-coloured modules in a row or column (length − 2 each),
/// same-coloured 2×2 blocks (3 each), finder-like `#.###.#` runs that lack a dark module
/// within four modules on either side (40 each, less the 360 per direction the three real
/// finders add), and the distance of the dark share from one half (0–100).
///
/// Each row and each column is one 128-bit word (bit x = module x), so every rule is a
/// few shifts and masks per line instead of a walk over the modules.
fn penalty(rows: &[u128], cols: &[u128], w: usize) -> u16 {
    debug_assert!(w <= 128);
    let all = if w == 128 { u128::MAX } else { (1u128 << w) - 1 };
    let mut score = 0u16;
    for lines in [rows, cols] {
        for &line in lines.iter() {
            score = score.wrapping_add(runs(line, w)).wrapping_add(finders(line, w, all));
        }
        score = score.wrapping_sub(360);
    }
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Bit x: module x equals module x+1 in both rows, and the rows agree at x.
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & (all >> 1);
        score = score.wrapping_add(3 * same.count_ones() as u16);
    }
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = dark_count as usize * 200 / (w * w);
    score.wrapping_add(ratio.abs_diff(100) as u16)
}

/// Runs of five or more equal modules in one line: length − 2 each.
fn runs(line: u128, w: usize) -> u16 {
    // Bit x of `same`: module x equals module x+1. A run of length L ≥ 5 leaves L − 4 bits
    // in `five` (a run of five starts at each), and one group of them: so the line scores
    // the bits of `five` plus two per group.
    let same = !(line ^ (line >> 1)) & ((1u128 << (w - 1)) - 1);
    let five = same & (same >> 1) & (same >> 2) & (same >> 3);
    let groups = five & !(five << 1);
    (five.count_ones() + 2 * groups.count_ones()) as u16
}

/// `#.###.#` patterns in one line lacking a dark module among the four before or the
/// four after it (outside the symbol counts as light): 40 each.
fn finders(line: u128, w: usize, all: u128) -> u16 {
    if w < 7 {
        return 0;
    }
    let d = |k: u32| line >> k;
    let l = |k: u32| !(line >> k);
    let starts = d(0) & l(1) & d(2) & d(3) & d(4) & l(5) & d(6) & (all >> 6);
    let mut score = 0u16;
    let mut rest = starts;
    while rest != 0 {
        let j = rest.trailing_zeros() as i32;
        let dark_between = |from: i32, to: i32| (from.max(0)..to.min(w as i32)).any(|k| line >> k & 1 == 1);
        if !dark_between(j - 4, j) || !dark_between(j + 7, j + 11) {
            score += 40;
        }
        rest &= rest - 1;
    }
    score
}

/// An SVG QR code for `url`, labelled `label` for assistive technology. Dark modules are
/// one stroked `<path>` inside a 4-module quiet zone: each row's runs are horizontal
/// strokes one module thick through the row's middle, written with relative moves
/// (`M4 4.5h7m3 0h1`), which is half the size of one closed rectangle per run.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let (rows, w) = modules(url.as_bytes())?;
    let q = 4;
    let size = w + 2 * q;
    let mut d = String::with_capacity(w * w / 2);
    for (y, &row) in rows.iter().enumerate() {
        // The pen's column after the last run of this row, if the row has one.
        let mut pen: Option<usize> = None;
        let mut rest = row;
        while rest != 0 {
            let start = rest.trailing_zeros() as usize;
            let len = (!(rest >> start)).trailing_zeros() as usize;
            rest &= !(((1u128 << len) - 1) << start);
            // Written without the formatting machinery: a code has a few hundred runs,
            // and this is most of drawing it.
            match pen {
                None => {
                    d.push('M');
                    push_number(&mut d, start + q);
                    d.push(' ');
                    push_number(&mut d, y + q);
                    d.push_str(".5h");
                }
                Some(at) => {
                    d.push('m');
                    push_number(&mut d, start + q - at);
                    d.push_str(" 0h");
                }
            }
            push_number(&mut d, len);
            pen = Some(start + q + len);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"{d}\"/></svg>",
        px = size * 4,
        label = escape_xml(label),
    ))
}

/// Appends `n` in decimal.
fn push_number(s: &mut String, n: usize) {
    if n >= 10 {
        push_number(s, n / 10);
    }
    s.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use qrcode::{Color, EcLevel, QrCode};

    #[test]
    fn svg_has_no_style_attribute_and_escapes_label() {
        let s = super::svg("https://example.org/en/register/NIS2QM-2025-000042/", "QR <b>").unwrap();
        assert!(!s.contains("style="));
        assert!(s.contains("aria-label=\"QR &lt;b&gt;\""));
        assert!(s.contains("<path fill=\"none\" stroke=\"#000\" d=\"M4 4.5h7m"), "{s}");
    }

    /// The dark modules an SVG of [`super::svg`] paints, read back from its path.
    fn painted(svg: &str) -> Vec<(usize, usize)> {
        let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut cells = Vec::new();
        let (mut x, mut y) = (0usize, 0usize);
        let mut chars = d.chars().peekable();
        let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
            let mut n = String::new();
            while let Some(c) = chars.peek().filter(|c| c.is_ascii_digit() || **c == '.') {
                n.push(*c);
                chars.next();
            }
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            n
        };
        while let Some(c) = chars.next() {
            match c {
                'M' => {
                    x = number(&mut chars).parse().unwrap();
                    let row = number(&mut chars);
                    y = row.strip_suffix(".5").expect("strokes run through the middle of a row").parse().unwrap();
                }
                'm' => {
                    x += number(&mut chars).parse::<usize>().unwrap();
                    assert_eq!(number(&mut chars), "0", "moves stay on the row");
                }
                'h' => {
                    let n: usize = number(&mut chars).parse().unwrap();
                    cells.extend((x..x + n).map(|cx| (cx, y)));
                    x += n;
                }
                other => panic!("unexpected path command {other:?} in {d}"),
            }
        }
        cells
    }

    #[test]
    fn the_svg_paints_exactly_the_dark_modules() {
        for url in ["https://nis2qm.example.org/nl/register/NIS2QM-2024-000731/", "https://x.eu/"] {
            let (rows, w) = super::modules(url.as_bytes()).unwrap();
            let expected: Vec<(usize, usize)> =
                (0..w).flat_map(|y| (0..w).map(move |x| (x, y))).filter(|&(x, y)| rows[y] >> x & 1 == 1).map(|(x, y)| (x + 4, y + 4)).collect();
            let mut got = painted(&super::svg(url, "QR").unwrap());
            got.sort_by_key(|&(x, y)| (y, x));
            assert_eq!(got, expected, "{url}");
        }
    }

    #[test]
    fn codes_are_exactly_the_ones_qrcode_draws() {
        // Register addresses of several lengths (so several symbol versions), and others.
        let mut urls: Vec<String> = (0..300)
            .map(|i| format!("https://nis2qm.example.org/{}/register/NIS2QM-20{:02}-{:06}/", ["en", "nl", "de"][i % 3], 23 + i % 4, i * 7919))
            .collect();
        urls.extend(["https://x.eu/", "https://a-much-longer-host-name.example.org/nl/register/ORG-1/?with=a-query"].map(String::from));
        for url in urls {
            let reference = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let expected: Vec<bool> = reference.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            let (rows, width) = super::modules(url.as_bytes()).unwrap();
            assert_eq!(width, reference.width(), "{url}");
            let ours: Vec<bool> = (0..width * width).map(|i| rows[i / width] >> (i % width) & 1 == 1).collect();
            assert!(ours == expected, "a different QR code for {url}");
        }
    }
}
