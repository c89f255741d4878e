//! The register format of SPEC 3.2: the input types (what the export may contain, which
//! also generate the JSON Schema) and the validated model the pages are built from.

use std::borrow::Cow;

use jiff::civil::Date;
use jiff::ToSpan;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A date as written in the export. Kept as text while loading so that one malformed
/// date is reported with its JSON path instead of aborting the whole organisation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct DateText(pub String);

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar day written YYYY-MM-DD."
        })
    }
}

/// Parses a date that must be written exactly `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    s.parse::<Date>().ok()
}

/// One of the three norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Level {
    /// Basic.
    QM10,
    /// Substantial.
    QM20,
    /// High.
    QM30,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 3] = [Level::QM10, Level::QM20, Level::QM30];

    /// `QM20`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::QM10 => "QM10",
            Level::QM20 => "QM20",
            Level::QM30 => "QM30",
        }
    }

    /// Parses `QM20`.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What kind of auditor an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuditorKind {
    /// A recognised individual auditor.
    Individual,
    /// A recognised audit organisation.
    AuditOrganisation,
    /// An accredited certification body (ISO/IEC 17021-1).
    CertificationBody,
}

impl AuditorKind {
    /// The keyword of the format (`certification-body`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditorKind::Individual => "individual",
            AuditorKind::AuditOrganisation => "audit-organisation",
            AuditorKind::CertificationBody => "certification-body",
        }
    }
}

/// The whole export as written (`register-data/register.json`). The JSON Schema of the
/// format is generated from this type and its parts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "NIS2 Quality Mark register export", extend("$id" = "https://normsite.invalid/register.schema.json"))]
pub struct RegisterFile {
    /// Version of this format; always 1.
    #[schemars(range(min = 1, max = 1))]
    pub format_version: u32,
    /// When the export was made (RFC 3339, for example `2026-11-30T09:00:00Z`).
    #[schemars(extend("format" = "date-time"))]
    pub exported_at: String,
    /// Registered organisations (certified or pre-registered).
    pub organisations: Vec<OrganisationIn>,
    /// Recognised auditors and audit organisations.
    pub auditors: Vec<AuditorIn>,
}

/// One organisation as written in the export.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Organisation")]
pub struct OrganisationIn {
    /// Registration number, unique; letters, digits, `.`, `_` and `-` (it is part of a URL).
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))]
    pub registration_number: String,
    /// Registered name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Chamber of commerce (or equivalent) number.
    #[serde(default)]
    pub company_number: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[schemars(regex(pattern = r"^[A-Z]{2}$"))]
    pub country: String,
    /// City of the registered office.
    #[serde(default)]
    pub city: Option<String>,
    /// Day of pre-registration.
    pub pre_registered: DateText,
    /// Last day of a temporary status after a self-assessment, while waiting for an audit.
    #[serde(default)]
    pub temporary_status_until: Option<DateText>,
    /// Certificates, current and past; empty for an organisation that is only pre-registered.
    #[serde(default)]
    pub certificates: Vec<CertificateIn>,
}

/// One certificate as written in the export.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Certificate")]
pub struct CertificateIn {
    /// Certificate number, unique over the register; letters, digits, `.`, `_` and `-`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))]
    pub certificate_number: String,
    /// The norm certified against.
    #[schemars(with = "Level")]
    pub norm: String,
    /// The scheme version the certificate was issued under (`3.1`).
    pub scheme_version: String,
    /// Day of issue.
    pub issued: DateText,
    /// Last day of validity: `issued` + 3 years.
    pub expires: DateText,
    /// The auditor (an `id` of `auditors`).
    pub auditor_id: String,
    /// A conditional issue: items to remediate within 3 months.
    #[serde(default)]
    pub remediation: Option<RemediationIn>,
    /// The withdrawal, if the certificate was withdrawn.
    #[serde(default)]
    pub withdrawn: Option<WithdrawalIn>,
}

/// A remediation as written in the export.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Remediation")]
pub struct RemediationIn {
    /// Number of failed items to remediate (1 or 2).
    #[schemars(range(min = 1, max = 2))]
    pub items: i64,
    /// Last day to demonstrate remediation (at most 3 months after `issued`).
    pub deadline: DateText,
    /// Day remediation was demonstrated, if it was.
    #[serde(default)]
    pub completed: Option<DateText>,
}

/// A withdrawal as written in the export.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Withdrawal")]
pub struct WithdrawalIn {
    /// Day the withdrawal takes effect.
    pub date: DateText,
    /// Public reason.
    pub reason: String,
}

/// One auditor as written in the export.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Auditor")]
pub struct AuditorIn {
    /// Identifier used by certificates' `auditor_id`; letters, digits, `.`, `_` and `-`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))]
    pub id: String,
    /// Name of the auditor or audit organisation.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Individual, audit organisation or certification body.
    pub kind: AuditorKind,
    /// ISO 3166-1 alpha-2 country code.
    #[schemars(regex(pattern = r"^[A-Z]{2}$"))]
    pub country: String,
    /// Norms the auditor may audit.
    #[schemars(with = "Vec<Level>")]
    pub qualified_for: Vec<String>,
    /// Accreditation (`ISO/IEC 17021-1`).
    #[serde(default)]
    pub accreditation: Option<String>,
    /// Last day of recognition.
    #[serde(default)]
    pub recognised_until: Option<DateText>,
}

/// A remediation, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remediation {
    /// Items to remediate (1–2).
    pub items: u8,
    /// Last day to remediate.
    pub deadline: Date,
    /// Day remediation was demonstrated.
    pub completed: Option<Date>,
}

/// A withdrawal, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// Effective day.
    pub date: Date,
    /// Public reason.
    pub reason: String,
}

/// A certificate, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// Certificate number.
    pub certificate_number: String,
    /// Norm.
    pub norm: Level,
    /// Scheme version issued under.
    pub scheme_version: String,
    /// Day of issue.
    pub issued: Date,
    /// Last day of validity.
    pub expires: Date,
    /// Auditor id.
    pub auditor_id: String,
    /// Conditional issue.
    pub remediation: Option<Remediation>,
    /// Withdrawal.
    pub withdrawn: Option<Withdrawal>,
}

/// An organisation, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// Registration number.
    pub registration_number: String,
    /// Name.
    pub name: String,
    /// Company number.
    pub company_number: Option<String>,
    /// Country code.
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// Day of pre-registration.
    pub pre_registered: Date,
    /// Last day of a temporary status.
    pub temporary_status_until: Option<Date>,
    /// Certificates.
    pub certificates: Vec<Certificate>,
}

/// An auditor, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Auditor {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: AuditorKind,
    /// Country code.
    pub country: String,
    /// Levels the auditor may audit.
    pub qualified_for: Vec<Level>,
    /// Accreditation.
    pub accreditation: Option<String>,
    /// Last day of recognition.
    pub recognised_until: Option<Date>,
}

/// A certificate's status on a given day (SPEC 3.2 keywords).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertStatus {
    /// Issued, in force, nothing pending.
    Valid,
    /// Issued with a remediation pending, before its deadline.
    Conditional,
    /// A remediation not completed by its deadline.
    RemediationOverdue,
    /// Past its expiry day.
    Expired,
    /// Withdrawn on or before the day.
    Withdrawn,
    /// Issue day still in the future.
    NotYetValid,
}

impl CertStatus {
    /// Every status, in a stable order for filters.
    pub const ALL: [CertStatus; 6] = [
        CertStatus::Valid,
        CertStatus::Conditional,
        CertStatus::RemediationOverdue,
        CertStatus::Expired,
        CertStatus::Withdrawn,
        CertStatus::NotYetValid,
    ];

    /// The keyword (`remediation-overdue`).
    pub fn as_str(self) -> &'static str {
        match self {
            CertStatus::Valid => "valid",
            CertStatus::Conditional => "conditional",
            CertStatus::RemediationOverdue => "remediation-overdue",
            CertStatus::Expired => "expired",
            CertStatus::Withdrawn => "withdrawn",
            CertStatus::NotYetValid => "not-yet-valid",
        }
    }
}

/// An organisation's status on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgStatus {
    /// Holds at least one valid or conditional certificate.
    Certified,
    /// No certificate in force and none issued yet: waiting for a first audit.
    PreRegistered,
    /// Had certificates, none of them valid or conditional now.
    NoValidCertificate,
}

impl OrgStatus {
    /// Every status.
    pub const ALL: [OrgStatus; 3] = [OrgStatus::Certified, OrgStatus::PreRegistered, OrgStatus::NoValidCertificate];

    /// The keyword (`pre-registered`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Certified => "certified",
            OrgStatus::PreRegistered => "pre-registered",
            OrgStatus::NoValidCertificate => "no-valid-certificate",
        }
    }
}

/// `issued` + 3 years; a 29 February issue ends on 28 February (jiff clamps to the month's
/// last day, which is the reading of SPEC 2.5).
pub fn expiry_for(issued: Date) -> Option<Date> {
    issued.checked_add(3.years()).ok()
}

/// The latest allowed remediation deadline: `issued` + 3 months, clamped to month end.
pub fn latest_deadline(issued: Date) -> Option<Date> {
    issued.checked_add(3.months()).ok()
}

impl Certificate {
    /// The status on day `d`, exactly as SPEC 3.2 orders the rules.
    pub fn status(&self, d: Date) -> CertStatus {
        if self.withdrawn.as_ref().is_some_and(|w| w.date <= d) {
            return CertStatus::Withdrawn;
        }
        if d > self.expires {
            return CertStatus::Expired;
        }
        if d < self.issued {
            return CertStatus::NotYetValid;
        }
        match &self.remediation {
            // A completion dated after `d` had not happened yet on `d`.
            Some(r) if r.completed.is_none_or(|c| c > d) => {
                if d <= r.deadline {
                    CertStatus::Conditional
                } else {
                    CertStatus::RemediationOverdue
                }
            }
            _ => CertStatus::Valid,
        }
    }
}

impl Organisation {
    /// The organisation's status on day `d`. *Project reading* of SPEC 3.2: without a valid
    /// or conditional certificate, an organisation none of whose certificates has been
    /// issued yet (or that has none) is `pre-registered`; one whose certificates have all
    /// lapsed is `no-valid-certificate`.
    pub fn status(&self, d: Date) -> OrgStatus {
        let statuses: Vec<CertStatus> = self.certificates.iter().map(|c| c.status(d)).collect();
        if statuses.iter().any(|s| matches!(s, CertStatus::Valid | CertStatus::Conditional)) {
            OrgStatus::Certified
        } else if statuses.iter().all(|s| *s == CertStatus::NotYetValid) {
            OrgStatus::PreRegistered
        } else {
            OrgStatus::NoValidCertificate
        }
    }

    /// Whether a pre-registered organisation shows its temporary status on day `d`.
    pub fn temporary_status(&self, d: Date) -> bool {
        self.status(d) == OrgStatus::PreRegistered && self.temporary_status_until.is_some_and(|t| t >= d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    fn cert() -> Certificate {
        Certificate {
            certificate_number: "QM20-2025-0042".into(),
            norm: Level::QM20,
            scheme_version: "3.1".into(),
            issued: d("2025-05-01"),
            expires: d("2028-05-01"),
            auditor_id: "AUD-0007".into(),
            remediation: None,
            withdrawn: None,
        }
    }

    #[test]
    fn three_years_from_a_leap_day_ends_on_28_february() {
        assert_eq!(expiry_for(d("2024-02-29")), Some(d("2027-02-28")));
        assert_eq!(expiry_for(d("2025-05-01")), Some(d("2028-05-01")));
        assert_eq!(latest_deadline(d("2025-11-30")), Some(d("2026-02-28")));
    }

    #[test]
    fn strict_date_format() {
        assert!(parse_date("2025-05-01").is_some());
        for bad in ["2025-5-01", "2025-05-1", "20250501", "2025-02-30", "2025-05-01T00:00:00", " 2025-05-01", "+02025-05-01"] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn expiry_boundary_the_day_of_expiry_is_still_valid() {
        let c = cert();
        assert_eq!(c.status(d("2028-05-01")), CertStatus::Valid);
        assert_eq!(c.status(d("2028-05-02")), CertStatus::Expired);
        assert_eq!(c.status(d("2025-04-30")), CertStatus::NotYetValid);
        assert_eq!(c.status(d("2025-05-01")), CertStatus::Valid);
    }

    #[test]
    fn remediation_deadline_boundary() {
        let mut c = cert();
        c.remediation = Some(Remediation { items: 2, deadline: d("2025-08-01"), completed: None });
        assert_eq!(c.status(d("2025-08-01")), CertStatus::Conditional);
        assert_eq!(c.status(d("2025-08-02")), CertStatus::RemediationOverdue);
        c.remediation = Some(Remediation { items: 2, deadline: d("2025-08-01"), completed: Some(d("2025-07-20")) });
        assert_eq!(c.status(d("2025-07-19")), CertStatus::Conditional);
        assert_eq!(c.status(d("2025-07-20")), CertStatus::Valid);
        assert_eq!(c.status(d("2025-08-02")), CertStatus::Valid);
    }

    #[test]
    fn withdrawal_counts_from_its_day_and_beats_every_other_rule() {
        let mut c = cert();
        c.withdrawn = Some(Withdrawal { date: d("2026-12-31"), reason: "x".into() });
        assert_eq!(c.status(d("2026-12-30")), CertStatus::Valid);
        assert_eq!(c.status(d("2026-12-31")), CertStatus::Withdrawn);
        assert_eq!(c.status(d("2029-01-01")), CertStatus::Withdrawn);
    }

    #[test]
    fn organisation_status() {
        let mut o = Organisation {
            registration_number: "NIS2QM-2025-000042".into(),
            name: "x".into(),
            company_number: None,
            country: "NL".into(),
            city: None,
            pre_registered: d("2025-01-15"),
            temporary_status_until: Some(d("2025-03-01")),
            certificates: vec![],
        };
        assert_eq!(o.status(d("2025-02-01")), OrgStatus::PreRegistered);
        assert!(o.temporary_status(d("2025-03-01")));
        assert!(!o.temporary_status(d("2025-03-02")));
        o.certificates.push(cert());
        assert_eq!(o.status(d("2025-04-30")), OrgStatus::PreRegistered);
        assert_eq!(o.status(d("2025-05-01")), OrgStatus::Certified);
        assert_eq!(o.status(d("2028-05-02")), OrgStatus::NoValidCertificate);
    }
}
