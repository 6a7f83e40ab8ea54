import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { AppError, badInput } from '../../common/app-error.js';
import { CdrErrorCode } from '../../common/error-codes.js';

/**
 * The uploaded file as a stream, never buffered whole: a raw `text/csv` body, or the `file` field
 * of a multipart form (the browser's upload).
 */
export async function uploadSource(
  req: Request,
  maxBytes: number,
): Promise<{ stream: Readable; filename: string | null }> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > maxBytes)
    throw new AppError(
      CdrErrorCode.UploadTooLarge,
      `The file is ${length} bytes; the limit is ${maxBytes} (MAX_UPLOAD_BYTES)`,
    );
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return multipartFile(req, maxBytes);
  if (!type || /^(text\/csv|application\/(octet-stream|csv|vnd\.ms-excel))/.test(type)) {
    return { stream: req, filename: null };
  }
  throw new AppError(
    CdrErrorCode.UploadTypeUnsupported,
    `Send the CDRs as text/csv or as the "file" field of multipart/form-data, not ${type}`,
  );
}

function multipartFile(req: Request, maxBytes: number): Promise<{ stream: Readable; filename: string | null }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } });
    } catch (e) {
      return reject(badInput(`Malformed multipart body: ${(e as Error).message}`, CdrErrorCode.UploadMalformed));
    }
    let found = false;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      stream.on('limit', () =>
        stream.destroy(
          new AppError(CdrErrorCode.UploadTooLarge, `The file is larger than ${maxBytes} bytes (MAX_UPLOAD_BYTES)`),
        ),
      );
      resolve({ stream, filename: displayName(info.filename) });
    });
    bb.on('error', (e) =>
      reject(badInput(`Malformed multipart body: ${(e as Error).message}`, CdrErrorCode.UploadMalformed)),
    );
    bb.on('close', () => {
      if (!found) reject(badInput('The form has no "file" field', CdrErrorCode.UploadMalformed));
    });
    req.pipe(bb);
  });
}

/**
 * The browser's file name, kept as a label only: its last path segment, without control characters or
 * broken surrogates (PostgreSQL text cannot hold NUL), at most 255 characters.
 */
export function displayName(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = (raw.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return name || null;
}

/**
 * A small text body read whole (the rate deck), decoded once at the end so a multi-byte UTF-8
 * character split across two chunks stays one character.
 */
export async function readTextBody(req: Readable, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
