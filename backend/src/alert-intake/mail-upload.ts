import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badInput } from '../common/app-error.js';
import { AlertEmailErrorCode } from '../common/error-codes.js';

const tooLarge = (max: number) =>
  new AppError(AlertEmailErrorCode.TooLarge, `The message is larger than ${max} bytes (INBOUND_MAIL_MAX_BYTES)`);

/** The uploaded message's bytes: a raw message/rfc822 body, or the `file` field of a form (the web app). */
export async function readMailUpload(req: Request, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return formFile(req, maxBytes);
  if (!type || /^(message\/rfc822|application\/octet-stream)\b/.test(type)) return readAll(req, maxBytes);
  throw new AppError(
    AlertEmailErrorCode.TypeUnsupported,
    `Send the message as message/rfc822 or as the "file" field of multipart/form-data, not ${type.split(';')[0]}`,
  );
}

async function readAll(req: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function formFile(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } });
    } catch (e) {
      return reject(badInput(`Malformed multipart body: ${(e as Error).message}`, AlertEmailErrorCode.MessageInvalid));
    }
    let file: Promise<Buffer> | null = null;
    bb.on('file', (name, stream) => {
      if (name !== 'file' || file) return void stream.resume();
      stream.on('limit', () => stream.destroy(tooLarge(maxBytes)));
      file = readAll(stream, maxBytes);
      file.catch(() => undefined);
    });
    bb.on('error', (e) =>
      reject(badInput(`Malformed multipart body: ${(e as Error).message}`, AlertEmailErrorCode.MessageInvalid)),
    );
    bb.on('close', () => {
      if (!file) return reject(badInput('The form has no "file" field', AlertEmailErrorCode.MessageInvalid));
      file.then(resolve, reject);
    });
    req.pipe(bb);
  });
}
