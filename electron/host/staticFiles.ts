import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile =
  | { ok: true; body: Buffer; type: string; html: boolean }
  | { ok: false; status: 400 | 404; why: string; problem?: string };

export interface StaticFiles {
  /** The file a request path names under the built renderer, from memory while it is unchanged on disk. */
  get(urlPath: string): StaticFile;
}

/**
 * The built renderer served from memory. Files are read synchronously, once, and kept while
 * their inode, size and mtime stay the same (a rebuild is seen at the next request). Nothing here
 * waits in libuv's thread pool: in a storm that pool is busy with incident writes and their
 * fsyncs, and a page load queued behind them took over half a second.
 */
export function createStaticFiles(staticDir: string): StaticFiles {
  const cache = new Map<string, { ino: number; size: number; mtimeMs: number; body: Buffer }>();
  return {
    get(urlPath) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(urlPath);
      } catch {
        // A malformed %-escape must not take the host down with a URIError.
        return { ok: false, status: 400, why: 'malformed URL' };
      }
      const rel = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
      const file = join(staticDir, rel);
      if (!file.startsWith(staticDir + sep)) return { ok: false, status: 404, why: 'not found' };
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) {
        cache.delete(file);
        return { ok: false, status: 404, why: 'not found' };
      }
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      const html = extname(file) === '.html';
      const hit = cache.get(file);
      if (hit && hit.ino === stat.ino && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) {
        return { ok: true, body: hit.body, type, html };
      }
      try {
        const body = readFileSync(file);
        cache.set(file, { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, body });
        return { ok: true, body, type, html };
      } catch (err) {
        // Gone or unreadable between the check and the read (a rebuild): 404, said in the log.
        cache.delete(file);
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        return { ok: false, status: 404, why: 'not found', problem: `static file ${rel} could not be read: ${code}` };
      }
    },
  };
}
