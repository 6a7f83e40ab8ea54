// What a case file is: a name safe to show and to save, and a type judged by its bytes as well as its name.

/** The types a case accepts: evidence a NOC trades (documents, screenshots, exports, mails, packet captures). */
const TYPES: Record<string, { contentType: string; bytes: Sniff }> = {
  pdf: { contentType: 'application/pdf', bytes: 'pdf' },
  png: { contentType: 'image/png', bytes: 'png' },
  jpg: { contentType: 'image/jpeg', bytes: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', bytes: 'jpeg' },
  gif: { contentType: 'image/gif', bytes: 'gif' },
  zip: { contentType: 'application/zip', bytes: 'zip' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: 'zip' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: 'zip' },
  gz: { contentType: 'application/gzip', bytes: 'gzip' },
  pcap: { contentType: 'application/vnd.tcpdump.pcap', bytes: 'pcap' },
  pcapng: { contentType: 'application/vnd.tcpdump.pcap', bytes: 'pcapng' },
  csv: { contentType: 'text/csv; charset=utf-8', bytes: 'text' },
  txt: { contentType: 'text/plain; charset=utf-8', bytes: 'text' },
  log: { contentType: 'text/plain; charset=utf-8', bytes: 'text' },
  eml: { contentType: 'message/rfc822', bytes: 'text' },
};

export const ACCEPTED_EXTENSIONS = Object.keys(TYPES);

type Sniff = 'pdf' | 'png' | 'jpeg' | 'gif' | 'zip' | 'gzip' | 'pcap' | 'pcapng' | 'text';

// Magic numbers of the binary kinds (each format's own specification). Hand-written: five prefixes do not
// justify a dependency, and no package on the registry judges plain text, which is half of what we take.
const MAGIC: [Exclude<Sniff, 'text'>, number[][]][] = [
  ['pdf', [[0x25, 0x50, 0x44, 0x46, 0x2d]]],
  ['png', [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]],
  ['jpeg', [[0xff, 0xd8, 0xff]]],
  [
    'gif',
    [
      [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
      [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
    ],
  ],
  [
    'zip',
    [
      [0x50, 0x4b, 0x03, 0x04],
      [0x50, 0x4b, 0x05, 0x06],
    ],
  ],
  ['gzip', [[0x1f, 0x8b]]],
  [
    'pcap',
    [
      [0xd4, 0xc3, 0xb2, 0xa1],
      [0xa1, 0xb2, 0xc3, 0xd4],
      [0x4d, 0x3c, 0xb2, 0xa1],
      [0xa1, 0xb2, 0x3c, 0x4d],
    ],
  ],
  ['pcapng', [[0x0a, 0x0d, 0x0d, 0x0a]]],
];

/** Markup a browser would run if it ever rendered the file: refused even inside a text file's name. */
const MARKUP = /^\s*<(!doctype\s+html|html|head|body|script|svg|iframe|\?xml)\b/i;

export type Judgement = { ok: true; extension: string; contentType: string } | { ok: false; reason: string };

/** Whether the bytes are what the name says, and a type the NOC accepts. */
export function judgeFile(filename: string, bytes: Buffer): Judgement {
  const dot = filename.lastIndexOf('.');
  const extension = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  const type = TYPES[extension];
  if (!type) {
    return {
      ok: false,
      reason: `${extension ? `.${extension} files are` : 'A file without an extension is'} not accepted; send one of ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`,
    };
  }
  const sniffed = sniff(bytes);
  if (sniffed !== type.bytes) {
    return {
      ok: false,
      reason: `The file is named .${extension} but its content is ${sniffed === 'text' ? 'text' : sniffed === null ? 'not a file type we accept' : sniffed.toUpperCase()}`,
    };
  }
  return { ok: true, extension, contentType: type.contentType };
}

function sniff(bytes: Buffer): Sniff | null {
  for (const [kind, prefixes] of MAGIC) {
    if (prefixes.some((p) => p.length <= bytes.length && p.every((b, i) => bytes[i] === b))) return kind;
  }
  return isPlainText(bytes) ? 'text' : null;
}

/**
 * Text: no NUL or other C0 control bytes but tab, line feed, form feed, carriage return and escape, in the
 * first 64 KiB (a UTF-8 or an 8-bit file), and no HTML or SVG at its start.
 */
function isPlainText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  const start = head
    .subarray(0, 1024)
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '');
  return !MARKUP.test(start);
}

const MAX_NAME = 150;

/**
 * The browser's name made safe to store, list and send back in Content-Disposition: its last path segment,
 * in NFC, without control characters, bidirectional overrides, zero-width characters or broken surrogates
 * (which make `invoice‮fdp.exe` look like a PDF), without the characters Windows refuses in names, no
 * leading dots, at most 150 characters with its extension kept.
 */
export function safeFilename(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  const chars = Array.from(name);
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name =
      Array.from(name.slice(0, name.length - ext.length))
        .slice(0, MAX_NAME - ext.length)
        .join('')
        .trimEnd() + ext;
  }
  return name || 'attachment';
}
