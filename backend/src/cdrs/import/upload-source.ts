import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { AppError, ErrorCode, badInput } from '../../common/app-error.js';

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
    throw new AppError(ErrorCode.TooLarge, `The file is ${length} bytes; the limit is ${maxBytes} (MAX_UPLOAD_BYTES)`);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return multipartFile(req, maxBytes);
  if (!type || /^(text\/csv|application\/(octet-stream|csv|vnd\.ms-excel))/.test(type)) {
    return { stream: req, filename: null };
  }
  throw new AppError(
    ErrorCode.UnsupportedMedia,
    `Send the CDRs as text/csv or as the "file" field of multipart/form-data, not ${type}`,
  );
}

function multipartFile(req: Request, maxBytes: number): Promise<{ stream: Readable; filename: string | null }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } });
    } catch (e) {
      return reject(badInput(`Malformed multipart body: ${(e as Error).message}`));
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
          new AppError(ErrorCode.TooLarge, `The file is larger than ${maxBytes} bytes (MAX_UPLOAD_BYTES)`),
        ),
      );
      resolve({ stream, filename: info.filename ?? null });
    });
    bb.on('error', (e) => reject(badInput(`Malformed multipart body: ${(e as Error).message}`)));
    bb.on('close', () => {
      if (!found) reject(badInput('The form has no "file" field'));
    });
    req.pipe(bb);
  });
}
