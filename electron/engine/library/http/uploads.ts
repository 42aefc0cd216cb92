import { engineMessage } from '@shared/messages/engine-message';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RpcError } from '@shared/contract/errors';
import { LIBRARY_LIMITS } from '@shared/contract/library';
import { sendText } from '../../http/responses';
import type { HttpService } from '../../http/http-service';
import { cleanFileName, freePath } from '../imports/file-names';
import type { Importer } from '../imports/importer';
import type { LibraryFolders, PathOwner } from '../library-folders';

interface Ticket {
  readonly caller: PathOwner;
  readonly name: string;
  readonly sizeBytes: number;
  readonly expiresAt: number;
}

export interface UploadsDeps {
  readonly http: HttpService;
  readonly folders: LibraryFolders;
  readonly importer: Pick<Importer, 'registerInPlace'>;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

export const UPLOAD_PATH = ['library', 'upload'] as const;

/**
 * Uploads into the library over the preview listener (loopback; an agent's through its SSH
 * tunnel): `library.uploadUrl` hands out a single-use URL holding a random token bound to the
 * caller, the file's name and size, for 15 minutes. The body is written under a temporary name
 * and registered only once complete (no RPC frame carries media).
 */
export class Uploads {
  readonly #tickets = new Map<string, Ticket>();

  constructor(private readonly deps: UploadsDeps) {}

  issue(caller: PathOwner, name: string, sizeBytes: number): { url: string; expiresAt: string } {
    this.#forgetExpired();
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.deps.now() + LIBRARY_LIMITS.uploadUrlMs;
    const url = this.deps.http.url('preview', [...UPLOAD_PATH, token]);
    if (url === null) throw RpcError.of('UNAVAILABLE', engineMessage('library.uploadsNeedPreviewListener'));
    this.#tickets.set(token, { caller, name, sizeBytes, expiresAt });
    return { url, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** `PUT /library/upload/:token`. */
  async receive(token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ticket = this.#tickets.get(token);
    this.#tickets.delete(token);
    if (!ticket || ticket.expiresAt < this.deps.now()) {
      return sendText(res, 404, 'This upload link is not valid any more: ask the app for a new one.');
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) !== ticket.sizeBytes) {
      return sendText(res, 400, `This upload link is for ${ticket.sizeBytes} bytes, not ${declared}.`);
    }
    const folder = await this.deps.folders.ensureFolderOf(ticket.caller.userId);
    const final = await freePath(folder, cleanFileName(ticket.name));
    const partial = `${final}.upload-${randomBytes(4).toString('hex')}`;
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > ticket.sizeBytes) done(new Error('too large'));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(partial, { flags: 'wx', mode: 0o640 }));
    } catch {
      await rm(partial, { force: true });
      if (received > ticket.sizeBytes) return sendText(res, 413, `More than the ${ticket.sizeBytes} bytes announced.`);
      return sendText(res, 400, 'The upload was interrupted: nothing was kept.');
    }
    if (received !== ticket.sizeBytes) {
      await rm(partial, { force: true });
      return sendText(res, 400, `The upload stopped at ${received} of ${ticket.sizeBytes} bytes: nothing was kept.`);
    }
    await rename(partial, final);
    const { item, duplicate } = await this.deps.importer.registerInPlace(ticket.caller, final);
    const body = JSON.stringify({ itemId: item.id, duplicate });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  #forgetExpired(): void {
    const now = this.deps.now();
    for (const [token, ticket] of this.#tickets) if (ticket.expiresAt < now) this.#tickets.delete(token);
  }
}
