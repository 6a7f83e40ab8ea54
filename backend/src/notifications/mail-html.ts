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
