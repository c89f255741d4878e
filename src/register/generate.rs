//! Synthetic registers of any size, for tests and benchmarks (`normsite gen-register`).
//!
//! Deterministic for a given seed; every status of SPEC 3.2 occurs; names mix words from
//! several EU languages, with diacritics, and are clearly invented.

use std::io::{self, Write};

use jiff::civil::Date;
use jiff::ToSpan;

use super::model::{expiry_for, latest_deadline};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, fast and reproducible across platforms.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Bakkerij", "Bäckerei", "Zahnradwerk", "Ōrbita", "Kovárna", "Tłocznia", "Société", "Fabrică", "Ütőmű", "Vīnogradi",
    "Ljubljanska", "Øresund", "Garðar", "Éclat", "Quercus", "Nordlys", "Sāls", "Mlýn", "Porto", "Dębowy",
];
const SECOND: &[&str] = &[
    "Voorbeeld", "Muster", "Exemple", "Esempio", "Ejemplo", "Przykład", "Příklad", "Példa", "Näide", "Pavyzdys",
    "Logistiek", "Datenwerk", "Čistírna", "Żegluga", "Ingénierie", "Cloudhaven", "Zöldfa", "Ābele", "Åkerlund", "Ñandú",
];
const SUFFIX: &[&str] = &["B.V.", "GmbH", "S.A.", "S.r.l.", "Sp. z o.o.", "s.r.o.", "Kft.", "OÜ", "AB", "Oy", "N.V.", "SARL"];
const PLACES: &[(&str, &str)] = &[
    ("NL", "Leiden"), ("NL", "Zwolle"), ("BE", "Liège"), ("DE", "München"), ("DE", "Köln"), ("FR", "Besançon"),
    ("PL", "Łódź"), ("CZ", "České Budějovice"), ("HU", "Győr"), ("EE", "Tartu"), ("LT", "Šiauliai"), ("ES", "A Coruña"),
    ("SE", "Göteborg"), ("FI", "Jyväskylä"), ("AT", "Wörgl"), ("IT", "Forlì"), ("PT", "Évora"), ("RO", "Brașov"),
    ("DK", "Århus"), ("SI", "Kranj"),
];
const VERSIONS: &[&str] = &["1.0", "2.0", "3.0", "3.1", "3.2"];

fn esc(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// Writes a synthetic register of `orgs` organisations and ten auditors, exported on
/// `export` (the "today" the statuses are spread around).
pub fn write(orgs: usize, seed: u64, export: Date, w: &mut impl Write) -> io::Result<()> {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    writeln!(w, "{{\n  \"format_version\": 1,\n  \"exported_at\": \"{export}T09:00:00Z\",\n  \"organisations\": [")?;
    let auditors = ["AUD-0001", "AUD-0002", "AUD-0003", "AUD-0004", "AUD-0005", "AUD-0006", "AUD-0007", "AUD-0008", "AUD-0009", "AUD-0010"];
    for i in 0..orgs {
        let year = 2023 + (i % 4) as i16;
        let reg = format!("NIS2QM-{year}-{:06}", i + 1);
        let name = format!("{} {} {} {}", r.pick(FIRST), r.pick(SECOND), i + 1, r.pick(SUFFIX));
        let (country, city) = PLACES[r.below(PLACES.len() as u64) as usize];
        let pre = Date::new(year, 1 + r.below(12) as i8, 1 + r.below(28) as i8).expect("date");
        let kind = r.below(20);
        let mut certs = Vec::new();
        let mut temp = "null".to_string();
        if kind < 2 {
            // Pre-registered only, half of them with a temporary status.
            if kind == 0 {
                temp = format!("\"{}\"", export.checked_add((r.below(200) as i64 - 60).days()).expect("date"));
            }
        } else {
            let n = 1 + (kind % 2) as usize;
            for j in 0..n {
                let back = r.below(365 * 4) as i64 - 30;
                let issued = export.checked_sub(back.days()).expect("date");
                let expires = expiry_for(issued).expect("date");
                let level = ["QM10", "QM20", "QM30"][r.below(3) as usize];
                let aud = if level == "QM30" { auditors[r.below(4) as usize] } else { auditors[r.below(10) as usize] };
                let remediation = if r.below(6) == 0 {
                    let deadline = latest_deadline(issued).expect("date");
                    let completed = if r.below(2) == 0 { format!("\"{}\"", issued.checked_add(40.days()).expect("date")) } else { "null".into() };
                    format!("{{\"items\": {}, \"deadline\": \"{deadline}\", \"completed\": {completed}}}", 1 + r.below(2))
                } else {
                    "null".into()
                };
                let withdrawn = if r.below(25) == 0 {
                    format!("{{\"date\": \"{}\", \"reason\": \"Remediation not demonstrated in time\"}}", issued.checked_add(100.days()).expect("date"))
                } else {
                    "null".into()
                };
                certs.push(format!(
                    "{{\"certificate_number\": \"{level}-{year}-{:06}-{j}\", \"norm\": \"{level}\", \"scheme_version\": \"{}\", \"issued\": \"{issued}\", \"expires\": \"{expires}\", \"auditor_id\": \"{aud}\", \"remediation\": {remediation}, \"withdrawn\": {withdrawn}}}",
                    i + 1,
                    r.pick(VERSIONS)
                ));
            }
        }
        write!(
            w,
            "    {{\"registration_number\": \"{reg}\", \"name\": {}, \"company_number\": \"{:08}\", \"country\": \"{country}\", \"city\": {}, \"pre_registered\": \"{pre}\", \"temporary_status_until\": {temp}, \"certificates\": [{}]}}{}\n",
            esc(&name),
            r.below(100_000_000),
            esc(city),
            certs.join(", "),
            if i + 1 < orgs { "," } else { "" }
        )?;
    }
    writeln!(w, "  ],\n  \"auditors\": [")?;
    for (k, id) in auditors.iter().enumerate() {
        let (kind, levels, acc) = match k {
            0..=3 => ("certification-body", "[\"QM10\", \"QM20\", \"QM30\"]", "\"ISO/IEC 17021-1\""),
            4..=6 => ("audit-organisation", "[\"QM10\", \"QM20\"]", "null"),
            _ => ("individual", "[\"QM10\", \"QM20\"]", "null"),
        };
        let (country, _) = PLACES[k * 2];
        writeln!(
            w,
            "    {{\"id\": \"{id}\", \"name\": \"Synthetic Auditor {}\", \"kind\": \"{kind}\", \"country\": \"{country}\", \"qualified_for\": {levels}, \"accreditation\": {acc}, \"recognised_until\": \"2028-12-31\"}}{}",
            k + 1,
            if k + 1 < auditors.len() { "," } else { "" }
        )?;
    }
    writeln!(w, "  ]\n}}")
}
