import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badInput } from '../common/app-error.js';
import { AttachmentErrorCode } from '../common/error-codes.js';

export interface UploadedFile {
  /** The name as the browser sent it (not yet made safe). */
  filename: string;
  content: Buffer;
  /** The form's `visibility` field, if any. */
  visibility: string | undefined;
}

const tooLarge = (max: number) =>
  new AppError(AttachmentErrorCode.TooLarge, `The file is larger than ${max} bytes (ATTACHMENT_MAX_BYTES)`);

/** Room for the multipart framing and the visibility field around the file itself. */
const FORM_OVERHEAD = 16 * 1024;

/**
 * The `file` field of a multipart form, read as it streams in and never held beyond `maxBytes`: past the limit
 * the request is refused at once and the rest of the body is read and thrown away (so the client sees the
 * 413 rather than a reset connection).
 */
export function readUploadedFile(req: Request, maxBytes: number): Promise<UploadedFile> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + FORM_OVERHEAD) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    req.resume();
    return Promise.reject(
      new AppError(
        AttachmentErrorCode.TypeRefused,
        `Send the file as the "file" field of multipart/form-data, not ${type.split(';')[0] || 'a bare body'}`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        // One byte over the limit, so that a file of exactly `maxBytes` is whole and one more byte is refused.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 4, fieldSize: 64, parts: 6 },
        defParamCharset: 'utf8',
      });
    } catch (e) {
      req.resume();
      return reject(invalid(`Malformed multipart body: ${(e as Error).message}`));
    }
    let failed = false;
    const fail = (e: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    const chunks: Buffer[] = [];
    let filename: string | null = null;
    let fileDone: Promise<void> | null = null;
    let visibility: string | undefined;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || fileDone) {
        stream.resume();
        return;
      }
      filename = info.filename ?? '';
      fileDone = new Promise<void>((done) => {
        let size = 0;
        const over = () => {
          chunks.length = 0;
          stream.resume();
          fail(tooLarge(maxBytes));
        };
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) over();
          else if (!failed) chunks.push(chunk);
        });
        stream.on('limit', over);
        stream.on('end', done);
        stream.on('error', done);
      });
    });
    bb.on('field', (name, value) => {
      if (name === 'visibility') visibility = value;
    });
    bb.on('filesLimit', () => fail(invalid('Send one file at a time')));
    bb.on('error', (e) => fail(invalid(`Malformed multipart body: ${(e as Error).message}`)));
    bb.on('close', () => {
      if (failed) return;
      if (!fileDone || filename === null) return fail(invalid('The form has no "file" field'));
      void fileDone.then(() => {
        if (failed) return;
        const content = Buffer.concat(chunks);
        if (content.length === 0) return fail(invalid('file: the file is empty'));
        resolve({ filename: filename ?? '', content, visibility });
      });
    });
    req.pipe(bb);
  });
}

const invalid = (message: string) => badInput(message, AttachmentErrorCode.UploadInvalid);
