//! QR codes as SVG, drawn at build time (no external service, no inline style).

use qrcode::{Color, EcLevel, QrCode};

use crate::site::escape_xml;

/// An SVG QR code for `url`, labelled `label` for assistive technology. Dark modules are
/// one `<path>`, one horizontal run per subpath, inside a 4-module quiet zone.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let w = code.width();
    let colors = code.to_colors();
    let q = 4;
    let size = w + 2 * q;
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == Color::Dark {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                d.push_str(&format!("M{} {}h{}v1h-{}z", start + q, y + q, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>",
        px = size * 4,
        label = escape_xml(label),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_has_no_style_attribute_and_escapes_label() {
        let s = super::svg("https://example.org/en/register/NIS2QM-2025-000042/", "QR <b>").unwrap();
        assert!(!s.contains("style="));
        assert!(s.contains("aria-label=\"QR &lt;b&gt;\""));
        assert!(s.contains("<path fill=\"#000\" d=\"M"));
    }
}
