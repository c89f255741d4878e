#!/usr/bin/env python3
"""Writes the illustrative sample register, register-data/register.json.

Every organisation and auditor is invented (names say "Voorbeeld", "Muster", "Exemple",
"Esempio"... = "example"). Statuses are chosen relative to the export day, 2026-11-30, so
that every status of SPEC 3.2 occurs. Deterministic: run it again and the file is the same.
Usage: python3 scripts/gen-register-sample.py > register-data/register.json
"""
import calendar
import datetime as dt
import json
import random

EXPORT = dt.date(2026, 11, 30)
rnd = random.Random(20261130)

def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))

def add_years(d, n):
    return add_months(d, 12 * n)

VERSIONS = [(dt.date(2023, 10, 31), "1.0"), (dt.date(2024, 2, 15), "2.0"), (dt.date(2024, 10, 16), "3.0"),
            (dt.date(2025, 4, 8), "3.1"), (dt.date(2026, 1, 1), "3.2")]

def version_at(d):
    v = "1.0"
    for since, name in VERSIONS:
        if d >= since:
            v = name
    return v

AUDITORS = [
    ("AUD-0001", "Voorbeeld Certificering B.V.", "certification-body", "NL", ["QM10", "QM20", "QM30"], "ISO/IEC 17021-1", "2028-06-30"),
    ("AUD-0002", "Musterzertifizierung GmbH", "certification-body", "DE", ["QM10", "QM20", "QM30"], "ISO/IEC 17021-1", "2027-12-31"),
    ("AUD-0003", "Certification Exemple SAS", "certification-body", "FR", ["QM10", "QM20", "QM30"], "ISO/IEC 17021-1", "2028-03-31"),
    ("AUD-0004", "Przykładowa Certyfikacja Sp. z o.o.", "certification-body", "PL", ["QM10", "QM20", "QM30"], "ISO/IEC 17021-1", "2027-09-30"),
    ("AUD-0005", "Auditbureau Voorbeeld & Zonen", "audit-organisation", "BE", ["QM10", "QM20"], None, "2027-06-30"),
    ("AUD-0006", "Esempio Revisioni S.r.l.", "audit-organisation", "IT", ["QM10", "QM20"], None, "2027-12-31"),
    ("AUD-0007", "Példa Audit Kft.", "audit-organisation", "HU", ["QM10", "QM20"], None, "2026-12-31"),
    ("AUD-0008", "Jan Voorbeeldauditor", "individual", "NL", ["QM10", "QM20"], None, "2027-03-31"),
    ("AUD-0009", "Åsa Exempelsson", "individual", "SE", ["QM10"], None, "2027-10-31"),
    ("AUD-0010", "José Ejemplo Martínez", "individual", "ES", ["QM10", "QM20"], None, "2026-06-30"),
]

PLACES = [("NL", "Leiden"), ("NL", "Zwolle"), ("NL", "’s-Hertogenbosch"), ("BE", "Liège"), ("BE", "Gent"),
          ("DE", "München"), ("DE", "Köln"), ("FR", "Besançon"), ("PL", "Łódź"), ("CZ", "České Budějovice"),
          ("HU", "Győr"), ("EE", "Tartu"), ("LT", "Šiauliai"), ("ES", "A Coruña"), ("SE", "Göteborg"),
          ("FI", "Jyväskylä"), ("AT", "Wörgl"), ("IT", "Forlì"), ("PT", "Évora"), ("RO", "Brașov"), ("DK", "Århus")]
WORDS = {
    "NL": ["Bakkerij Voorbeeld", "Voorbeeld Logistiek", "Fictief Installatiebedrijf", "Zorggroep Voorbeeld", "Drukkerij De Verzonnen Letter"],
    "BE": ["Brasserie Exemple", "Voorbeeld Transport", "Imprimerie Fictive"],
    "DE": ["Bäckerei Muster", "Musterwerk Zahnräder", "Datenmühle Beispiel", "Müller & Söhne Beispielbau"],
    "FR": ["Société Exemple", "Fromagerie Fictive", "Électricité Imaginaire"],
    "PL": ["Przykładowa Tłocznia", "Żegluga Przykład", "Łódzka Przędzalnia Fikcyjna"],
    "CZ": ["Příkladová Kovárna", "Čistírna Vzor"],
    "HU": ["Példa Ütőmű", "Győri Minta Szoftver"],
    "EE": ["Näidis Tarkvara", "Tartu Näide Pagar"],
    "LT": ["Pavyzdys Logistika", "Šiaulių Pavyzdinė Duona"],
    "ES": ["Ejemplo Ingeniería", "Panadería Ficticia Núñez"],
    "SE": ["Exempel Åkeri", "Göteborgs Påhittade Data"],
    "FI": ["Esimerkki Ohjelmisto", "Jyväskylän Keksitty Leipomo"],
    "AT": ["Beispiel Seilbahnbau", "Wörgler Mustermolkerei"],
    "IT": ["Esempio Ceramiche", "Forlì Software Immaginario"],
    "PT": ["Exemplo Cortiça", "Évora Dados Fictícios"],
    "RO": ["Exemplu Fabrică", "Brașov Software Închipuit"],
    "DK": ["Eksempel Værktøj", "Århus Opdigtet Bageri"],
}
SUFFIX = {"NL": "B.V.", "BE": "BV", "DE": "GmbH", "FR": "SAS", "PL": "Sp. z o.o.", "CZ": "s.r.o.", "HU": "Kft.",
          "EE": "OÜ", "LT": "UAB", "ES": "S.L.", "SE": "AB", "FI": "Oy", "AT": "GmbH", "IT": "S.r.l.", "PT": "Lda.",
          "RO": "S.R.L.", "DK": "ApS"}

# (scenario, count): the status each organisation's newest certificate has on EXPORT.
SCENARIOS = ([("valid", 22), ("conditional", 5), ("conditional-done", 5), ("overdue", 4), ("expired", 4),
              ("withdrawn", 4), ("withdrawal-planned", 2), ("not-yet-valid", 3), ("pre-temp", 4), ("pre", 4),
              ("renewed", 3)])

def auditor_for(level):
    ok = [a for a in AUDITORS if level in a[4]]
    return rnd.choice(ok)[0]

used_names = set()
orgs = []
n = 0
for scenario, count in SCENARIOS:
    for _ in range(count):
        n += 1
        country, city = rnd.choice(PLACES)
        base = rnd.choice(WORDS[country])
        name = f"{base} {SUFFIX[country]}"
        k = 2
        while name in used_names:
            name = f"{base} {k} {SUFFIX[country]}"
            k += 1
        used_names.add(name)
        pre = EXPORT - dt.timedelta(days=rnd.randint(60, 1100))
        year = pre.year
        reg = f"NIS2QM-{year}-{n:06d}"
        certs = []
        temp = None

        def cert(issued, level, j, remediation=None, withdrawn=None):
            return {
                "certificate_number": f"{level}-{issued.year}-{n:04d}{'' if j == 0 else '-' + str(j)}",
                "norm": level,
                "scheme_version": version_at(issued),
                "issued": issued.isoformat(),
                "expires": add_years(issued, 3).isoformat(),
                "auditor_id": auditor_for(level),
                "remediation": remediation,
                "withdrawn": withdrawn,
            }

        level = rnd.choice(["QM10", "QM20", "QM20", "QM30"])
        if scenario == "valid":
            issued = max(EXPORT - dt.timedelta(days=rnd.randint(120, 1000)), pre + dt.timedelta(days=30))
            certs.append(cert(issued, level, 0))
        elif scenario in ("conditional", "conditional-done"):
            issued = EXPORT - dt.timedelta(days=rnd.randint(10, 80))
            deadline = add_months(issued, 3)
            done = (issued + dt.timedelta(days=20)).isoformat() if scenario == "conditional-done" else None
            certs.append(cert(issued, level, 0, {"items": rnd.randint(1, 2), "deadline": deadline.isoformat(), "completed": done}))
        elif scenario == "overdue":
            issued = EXPORT - dt.timedelta(days=rnd.randint(100, 160))
            certs.append(cert(issued, level, 0, {"items": rnd.randint(1, 2), "deadline": add_months(issued, 3).isoformat(), "completed": None}))
        elif scenario == "expired":
            issued = add_years(EXPORT, -3) - dt.timedelta(days=rnd.randint(1, 40))
            pre = min(pre, issued - dt.timedelta(days=30))
            certs.append(cert(issued, level, 0))
        elif scenario == "withdrawn":
            issued = EXPORT - dt.timedelta(days=rnd.randint(200, 600))
            certs.append(cert(issued, level, 0, {"items": 2, "deadline": add_months(issued, 3).isoformat(), "completed": None},
                              {"date": (add_months(issued, 3) + dt.timedelta(days=14)).isoformat(), "reason": "Remediation not demonstrated within three months."}))
        elif scenario == "withdrawal-planned":
            issued = EXPORT - dt.timedelta(days=rnd.randint(200, 600))
            certs.append(cert(issued, level, 0, None, {"date": (EXPORT + dt.timedelta(days=31)).isoformat(), "reason": "Certificate holder ends its business activities."}))
        elif scenario == "not-yet-valid":
            issued = EXPORT + dt.timedelta(days=rnd.randint(5, 30))
            certs.append(cert(issued, level, 0))
        elif scenario == "pre-temp":
            temp = (EXPORT + dt.timedelta(days=rnd.randint(20, 150))).isoformat()
        elif scenario == "renewed":
            first = add_years(EXPORT, -3) - dt.timedelta(days=rnd.randint(1, 60))
            pre = min(pre, first - dt.timedelta(days=30))
            certs.append(cert(first, level, 0))
            certs.append(cert(add_years(first, 3) - dt.timedelta(days=rnd.randint(1, 20)), level, 1))
        if certs:
            pre = min(pre, dt.date.fromisoformat(certs[0]["issued"]) - dt.timedelta(days=14))
        orgs.append({
            "registration_number": f"NIS2QM-{pre.year}-{n:06d}",
            "name": name,
            "company_number": f"{rnd.randint(10000000, 99999999)}",
            "country": country,
            "city": city,
            "pre_registered": pre.isoformat(),
            "temporary_status_until": temp,
            "certificates": certs,
        })

# One organisation without optional fields, to show they are optional.
orgs.append({"registration_number": f"NIS2QM-2026-{n + 1:06d}", "name": "Ōrbita Voorbeeld Ruimtevaart B.V.", "country": "NL",
             "pre_registered": "2026-09-01"})

auditors = [{"id": a[0], "name": a[1], "kind": a[2], "country": a[3], "qualified_for": a[4],
             "accreditation": a[5], "recognised_until": a[6]} for a in AUDITORS]
doc = {"format_version": 1, "exported_at": "2026-11-30T09:00:00Z", "organisations": orgs, "auditors": auditors}
print(json.dumps(doc, ensure_ascii=False, indent=2))
