// The signature is HTML the user edits in a contentEditable box. Whatever the server holds is cleaned before it is put
// in the page (and again before it is saved): an allow-list of formatting elements and attributes, no script, no
// event handlers, links only to http(s), mailto and tel. The page's CSP blocks inline script as a second line.

const DROP = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'FORM', 'INPUT', 'BUTTON',
  'TEXTAREA', 'SELECT', 'OPTION', 'LINK', 'META', 'BASE', 'SVG', 'MATH', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'AUDIO', 'VIDEO', 'SOURCE', 'TRACK', 'CANVAS']);

const KEEP = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'S', 'STRIKE', 'BR', 'P', 'DIV', 'SPAN', 'UL', 'OL', 'LI', 'A', 'IMG', 'FONT',
  'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'HR', 'SUB', 'SUP', 'SMALL', 'BIG', 'CENTER', 'PRE', 'CODE']);

const ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'color', 'size', 'face', 'align', 'valign', 'style',
  'colspan', 'rowspan', 'border', 'cellpadding', 'cellspacing', 'bgcolor', 'dir']);

const SAFE_HREF = /^(https?:|mailto:|tel:)/i;
const SAFE_SRC = /^(https?:|data:image\/(png|gif|jpe?g|webp);|cid:)/i;

function cleanStyle(style: string): string {
  // No url(), expression() or behaviours: colours, fonts, sizes and alignment stay.
  return /url\s*\(|expression\s*\(|javascript:|behavior|-moz-binding|@import/i.test(style) ? '' : style;
}

function clean(node: Element): void {
  for (const child of Array.from(node.children)) {
    const tag = child.tagName.toUpperCase();
    if (DROP.has(tag)) {
      child.remove();
      continue;
    }
    clean(child);
    if (!KEEP.has(tag)) {
      child.replaceWith(...Array.from(child.childNodes));
      continue;
    }
    for (const attr of Array.from(child.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim();
      let keep = ATTRIBUTES.has(name);
      if (keep && name === 'href') keep = SAFE_HREF.test(value);
      if (keep && name === 'src') keep = SAFE_SRC.test(value);
      if (keep && name === 'style') {
        const s = cleanStyle(value);
        if (s !== value) keep = false;
      }
      if (!keep) child.removeAttribute(attr.name);
    }
    if (tag === 'A') {
      child.setAttribute('target', '_blank');
      child.setAttribute('rel', 'noopener noreferrer');
    }
  }
  // Comments and processing instructions go too.
  for (const n of Array.from(node.childNodes)) if (n.nodeType === Node.COMMENT_NODE) n.remove();
}

export function sanitizeSignature(html: string): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}
