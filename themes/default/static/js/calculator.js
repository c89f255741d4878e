// The audit-hours calculation of SPEC 2.6, as a pure function over the rules JSON the build
// emits (`/api/hours/<version>.json`). It mirrors `src/hours/calc.rs` step by step and returns
// the same object, so the Rust/JS agreement test can compare them whole
// (`tests/js/calculator-grid.test.mjs`). No table lives here: everything comes from `rules`.

/** Discount fractions are whole ten-thousandths, so the arithmetic stays exact integers. */
export const DISCOUNT_SCALE = 10000;

/** Certificates the input may name (the rules say which of them give a discount). */
export const CERTIFICATE_CHOICES = ['none', 'iso27001', 'nen7510'];

const has = (obj, key) => typeof key === 'string' && Object.prototype.hasOwnProperty.call(obj, key);

function band(bands, n) {
  return bands.find((b) => n >= b.from && (b.to === null || n <= b.to)) || null;
}

function isCount(n, min) {
  return Number.isInteger(n) && n >= min && n <= 0xffffffff;
}

/**
 * Runs the calculation.
 * @param {object} rules the rule set, as published by the build
 * @param {{level: string, org_type: string, fte: number, locations: number,
 *          legal_entities: number, it: string, certified: string, failed_items: number}} input
 * @returns {{result: object|null, errors: {field: string}[]|null}} the result with its
 *   breakdown, or the fields that are wrong (never a number computed from bad input)
 */
export function calculate(rules, input) {
  const errors = [];
  const level = has(rules.levels, input.level) ? rules.levels[input.level] : null;
  if (!level) errors.push({ field: 'level' });
  const baseTable = has(rules.base_hours, input.org_type) ? rules.base_hours[input.org_type] : null;
  if (!baseTable) errors.push({ field: 'org_type' });
  const extraTable = has(rules.extra_hours, input.it) ? rules.extra_hours[input.it] : null;
  if (!extraTable) errors.push({ field: 'it' });
  if (!CERTIFICATE_CHOICES.includes(input.certified)) errors.push({ field: 'certified' });
  for (const field of ['fte', 'locations', 'legal_entities']) {
    if (!isCount(input[field], 1)) errors.push({ field });
  }
  if (!isCount(input.failed_items, 0) || input.failed_items > rules.reassessment.max_items) {
    errors.push({ field: 'failed_items' });
  }
  if (errors.length > 0) return { result: null, errors };

  const count = Math.max(input.locations, input.legal_entities);
  const baseBand = band(baseTable, input.fte);
  const extraBand = band(extraTable, count);
  const a = baseBand.on_request ? null : baseBand.hours[input.level];
  const b = extraBand.on_request ? null : extraBand.hours[input.level];
  const counted =
    input.locations > input.legal_entities ? 'locations' : input.locations < input.legal_entities ? 'legal_entities' : 'both';
  const subtotal = a === null || b === null ? null : a + b;
  const onRequest = subtotal === null;

  const d = rules.certificate_discount;
  const discounted = d.certificates.includes(input.certified);
  const kept = discounted ? DISCOUNT_SCALE - d.fraction_scaled : DISCOUNT_SCALE;
  const scaled = subtotal === null ? null : subtotal * kept;
  const discount = discounted
    ? { certificate: input.certified, fraction: d.fraction, hours: scaled === null ? null : scaled / DISCOUNT_SCALE }
    : null;
  let rounded = null;
  if (scaled !== null) {
    if (rules.rounding === 'up') rounded = Math.floor((scaled + DISCOUNT_SCALE - 1) / DISCOUNT_SCALE);
    else if (rules.rounding === 'down') rounded = Math.floor(scaled / DISCOUNT_SCALE);
    else rounded = Math.floor((scaled + DISCOUNT_SCALE / 2) / DISCOUNT_SCALE);
  }
  const auditHours = rounded === null ? null : Math.max(rounded, rules.minimum_hours);
  const minimumApplied = rounded !== null && rounded < rules.minimum_hours;
  const per = rules.reassessment.hours_per_item;
  const reassessment = { failed_items: input.failed_items, hours_per_item: per, hours: input.failed_items * per };
  const os = level.on_site;
  const above = auditHours !== null && os.above_hours !== null && auditHours > os.above_hours;

  return {
    errors: null,
    result: {
      scheme_version: rules.version,
      level: input.level,
      audit_hours: auditHours,
      reassessment_hours: reassessment.hours,
      total_hours: auditHours === null ? null : auditHours + reassessment.hours,
      on_request: onRequest,
      on_site_required: os.always || above,
      min_on_site_hours: above ? os.min_hours : null,
      auditors: { min: level.auditors.min, max: level.auditors.max },
      breakdown: {
        base: { org_type: input.org_type, fte: input.fte, band: { from: baseBand.from, to: baseBand.to }, hours: a },
        extra: {
          locations: input.locations,
          legal_entities: input.legal_entities,
          count,
          counted,
          it: input.it,
          band: { from: extraBand.from, to: extraBand.to },
          hours: b,
        },
        subtotal,
        discount,
        rounding: rules.rounding,
        rounded_hours: rounded,
        minimum_hours: rules.minimum_hours,
        minimum_applied: minimumApplied,
        reassessment,
        on_site: { always: os.always, above_hours: os.above_hours, min_hours: os.min_hours },
      },
    },
  };
}

/** The form's field names (SPEC 3.4), also the query-string keys. */
export const FIELDS = ['level', 'org_type', 'fte', 'locations', 'legal_entities', 'it', 'certified', 'failed_items'];

const NUMERIC = new Set(['fte', 'locations', 'legal_entities', 'failed_items']);

/**
 * Turns text values (from a form or a query string) into an input for `calculate`.
 * Anything that is not a plain whole number becomes NaN, which `calculate` refuses.
 * @param {(name: string) => string|null} get
 */
export function inputFrom(get) {
  const input = {};
  for (const f of FIELDS) {
    const raw = (get(f) ?? '').trim();
    input[f] = NUMERIC.has(f) ? (/^\d+$/.test(raw) ? Number(raw) : NaN) : raw;
  }
  return input;
}
