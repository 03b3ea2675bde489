import { PassThrough, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@api/common/errors';

/** The encodings a request body may arrive in (`Content-Encoding`), as body-parser accepted them. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** A stream Fastify reads the body from; `receivedEncodedLength` lets it check `Content-Length`. */
type DecodedBody = PassThrough & { receivedEncodedLength: number };

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * `preParsing` hook: a body sent with `Content-Encoding: gzip | x-gzip | deflate | br` is decompressed
 * before the body parser reads it, so Fastify's `bodyLimit` counts the decompressed bytes (a small "zip
 * bomb" is 413, not memory). A body that claims an encoding but is not encoded so is 400 VALIDATION_FAILED
 * (it was a 500); an encoding this API does not know is 415 UNSUPPORTED_MEDIA_TYPE.
 */
export function decodeBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
  done: (error: Error | null, body?: Readable) => void,
): void {
  const header = request.headers['content-encoding'];
  if (header === undefined || !hasBody(request)) {
    done(null, payload);
    return;
  }
  const encoding = header.trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    done(null, payload);
    return;
  }
  const createDecoder = DECODERS[encoding];
  if (!createDecoder) {
    done(
      new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body must be sent as is or with Content-Encoding gzip, deflate or br.',
      ),
    );
    return;
  }
  done(null, decode(payload, createDecoder(), encoding));
}

function decode(payload: Readable, decoder: Transform, encoding: string): DecodedBody {
  const decoded = new PassThrough() as DecodedBody;
  decoded.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decoded.receivedEncodedLength += chunk.length;
  });
  payload.once('error', (error) => decoded.destroy(error));
  decoder.once('error', () =>
    decoded.destroy(
      new DomainError(
        'VALIDATION_FAILED',
        `The request body is not valid ${encoding} (its Content-Encoding).`,
      ),
    ),
  );
  payload.pipe(decoder).pipe(decoded);
  return decoded;
}
