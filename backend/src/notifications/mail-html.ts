/** The HTML part of a mail rendered from its text: escaped, paragraphs kept, web links clickable. */
export function htmlOfText(text: string): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((p) =>
      escape(p)
        .replace(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`)
        .replace(/\n/g, '<br>\n'),
    );
  return (
    '<!doctype html><html><body style="font-family: sans-serif; font-size: 14px; line-height: 1.45">' +
    paragraphs.map((p) => `<p>${p}</p>`).join('\n') +
    '</body></html>'
  );
}

/** A paragraph of a mail: plain lines, or links that read as `label: url` in text and as a link in HTML. */
export type MailBlock = string | string[] | { links: { label: string; url: string }[] };

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text and HTML parts of one mail, from the same paragraphs, so the two always say the same. */
export function renderMailBody(blocks: MailBlock[]): { text: string; html: string } {
  const kept = blocks.filter((b) => (typeof b === 'string' ? b.trim() : Array.isArray(b) ? b.length : b.links.length));
  const text = kept
    .map((b) =>
      typeof b === 'string'
        ? b
        : Array.isArray(b)
          ? b.join('\n')
          : b.links.map((l) => `${l.label}: ${l.url}`).join('\n'),
    )
    .join('\n\n');
  const html = kept
    .map((b) =>
      typeof b === 'string'
        ? `<p>${escapeHtml(b).replace(/\n/g, '<br>\n')}</p>`
        : Array.isArray(b)
          ? `<p>${b.map(escapeHtml).join('<br>\n')}</p>`
          : `<p>${b.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join('<br>\n')}</p>`,
    )
    .join('\n');
  return {
    text,
    html: `<!doctype html><html><body style="font-family: sans-serif; font-size: 14px; line-height: 1.45">${html}</body></html>`,
  };
}
