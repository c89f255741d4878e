// Turns a Pagefind excerpt into DOM nodes without parsing it as HTML. Pagefind returns
// the page text HTML-escaped, with matched words wrapped in <mark>…</mark>; that is the
// only markup it adds, so the string is split on exactly those two tags, entities are
// decoded by hand, and every piece becomes a text node. Any other tag-like text stays
// visible text and can never become an element.

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references Pagefind's escaping produces. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** The excerpt as text nodes and <mark> elements, in order. */
export function excerptNodes(excerpt, doc = document) {
  const nodes = [];
  // Odd pieces sat between <mark> and </mark>.
  const pieces = String(excerpt).split(/<mark>|<\/mark>/);
  pieces.forEach((piece, i) => {
    if (!piece) return;
    const text = doc.createTextNode(decodeEntities(piece));
    if (i % 2 === 1) {
      const mark = doc.createElement('mark');
      mark.append(text);
      nodes.push(mark);
    } else {
      nodes.push(text);
    }
  });
  return nodes;
}
