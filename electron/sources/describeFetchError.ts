import { redactSentHeaders } from './redactSentHeaders';
import { RedirectRefusedError, sameOriginFetch } from './sameOriginFetch';
import { parseJsonInSlices } from './parseJsonInSlices';
import { runInSlices } from './yieldToLoop';

/**
 * Turns a failed fetch into words an on-call engineer can act on, with the technical cause kept
 * separately. Node's fetch (undici) hides the socket error in `cause`.
 */
export interface FetchFailure {
  status: 'unreachable' | 'bad-reply' | 'auth-rejected' | 'rate-limited';
  message: string;
  detail: string;
  /** No request before this time, ISO 8601: the server asked to wait (Retry-After). */
  until?: string | null;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly bodySnippet: string,
    /** When the server said to ask again (its Retry-After), epoch ms; null when it did not say. */
    readonly retryAt: number | null = null,
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * A request not sent: the server answered an earlier one with a Retry-After that has not passed
 * (`retryAfterHold.ts`). `status` is that answer's (429, or 503 from a gateway).
 */
export class RequestHeldError extends Error {
  constructor(
    readonly status: number,
    readonly until: number,
  ) {
    super(`held back until ${new Date(until).toISOString()} (HTTP ${status} with Retry-After)`);
  }
}

/** Retry-After (seconds, or an HTTP date) as epoch ms; null when absent or unreadable. */
export function retryAtOf(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return now + Number(value) * 1000;
  // An HTTP date names its day and month ("Mon, 07 Dec 2026 04:05:00 GMT"); V8 would read "-5" as a year.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? Math.max(now, at) : null;
}

const clockOf = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

export class BadReplyError extends Error {}

export function describeFetchError(what: string, target: string, err: unknown, timeoutMs: number): FetchFailure {
  if (err instanceof RequestHeldError) {
    return {
      status: err.status === 429 ? 'rate-limited' : 'unreachable',
      message: `${what} at ${target} asked Vigil to wait (HTTP ${err.status}): next request at ${clockOf(err.until)}`,
      detail: err.message,
      until: new Date(err.until).toISOString(),
    };
  }
  if (err instanceof HttpStatusError && err.status === 429) {
    const until = err.retryAt === null ? null : new Date(err.retryAt).toISOString();
    return {
      status: 'rate-limited',
      message: `${what} at ${target} is limiting Vigil's requests (HTTP 429): ${
        err.retryAt === null
          ? 'Vigil asks again after a pause that grows while it lasts'
          : `Vigil asks again at ${clockOf(err.retryAt)}, as it said`
      }`,
      detail: `HTTP 429${until ? ` (Retry-After: until ${until})` : ''}: ${err.bodySnippet}`,
      until,
    };
  }
  if (err instanceof HttpStatusError) {
    if (err.status === 401) {
      return {
        status: 'auth-rejected',
        message: `${what} at ${target} rejected the credentials (HTTP 401): check the user and password or the token in Sources`,
        detail: `HTTP 401: ${err.bodySnippet}`,
      };
    }
    if (err.status === 403) {
      // 403 is "who you are is known, and not allowed": a permission or tenant problem, not a typo.
      return {
        status: 'auth-rejected',
        message: `${what} at ${target} refused access (HTTP 403): these credentials are not allowed to read it (check their permissions or the tenant header)`,
        detail: `HTTP 403: ${err.bodySnippet}`,
      };
    }
    return {
      status: err.status >= 500 ? 'unreachable' : 'bad-reply',
      message: `${what} at ${target} answered HTTP ${err.status}${err.status === 404 ? ' (is the URL right?)' : ''}`,
      detail: `HTTP ${err.status}: ${err.bodySnippet}`,
    };
  }
  if (err instanceof BadReplyError || err instanceof RedirectRefusedError) {
    return {
      status: 'bad-reply',
      message: `${what} at ${target} sent a reply Vigil cannot use: ${err.message}`,
      detail: err.message,
    };
  }
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return {
      status: 'unreachable',
      message: `${what} at ${target} did not answer within ${timeoutMs / 1000} s`,
      detail: 'timeout',
    };
  }
  const code = e?.cause?.code ?? '';
  const detail = [code, e?.cause?.message ?? e?.message].filter(Boolean).join(': ');
  switch (code) {
    case 'ECONNREFUSED':
      return { status: 'unreachable', message: `${what} at ${target} refused the connection (is it running?)`, detail };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        status: 'unreachable',
        message: `${what} at ${target}: the host name does not resolve (check the URL)`,
        detail,
      };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { status: 'unreachable', message: `${what} at ${target} closed the connection mid-reply`, detail };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        status: 'unreachable',
        message: `${what} at ${target} is not reachable from this machine (network down?)`,
        detail,
      };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return {
        status: 'unreachable',
        message: `${what} at ${target}: TLS failed: its certificate is not trusted (${e?.cause?.message ?? code}). If your organisation signs it, add that CA's PEM to the source.`,
        detail,
      };
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return {
        status: 'unreachable',
        message: `${what} at ${target}: TLS failed: its certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (or this machine's clock is wrong)`,
        detail,
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        status: 'unreachable',
        message: `${what} at ${target}: TLS failed: its certificate is for another host name (${e?.cause?.message ?? code})`,
        detail,
      };
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return {
        status: 'unreachable',
        message: `${what} at ${target}: TLS failed: nothing speaks https on that port (should the URL start with http://?)`,
        detail,
      };
    default:
      if (/certificate|SSL|TLS/i.test(detail)) {
        return { status: 'unreachable', message: `${what} at ${target}: TLS failed (${detail})`, detail };
      }
      return {
        status: 'unreachable',
        message: `${what} at ${target} could not be reached (${detail || 'unknown error'})`,
        detail,
      };
  }
}

/** Fetches JSON with a timeout; throws HttpStatusError, BadReplyError or the fetch error. */
export async function fetchJson(
  url: string,
  /** `fetch`: another implementation, e.g. one trusting a private CA (caFetch.ts). */
  init: RequestInit & {
    timeoutMs: number;
    fetch?: typeof fetch;
    /**
     * Where the reply's bulk is, when it is one array of many items ([] for the reply itself): it
     * is then parsed in slices (parseJsonInSlices), not in one turn of the event loop.
     */
    bulk?: readonly string[];
  },
  maxBytes = 64 * 1024 * 1024,
): Promise<unknown> {
  const { timeoutMs, fetch: doFetch = fetch, bulk, ...rest } = init;
  const sent = rest.headers as Record<string, string> | undefined;
  const res = await sameOriginFetch(doFetch)(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  const text = await readCapped(res, maxBytes);
  if (!res.ok) throw new HttpStatusError(res.status, errorSnippet(text, sent), retryAtOf(res.headers));
  const type = res.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type) || /^\s*</.test(text)) {
    throw new BadReplyError(
      'it answered with an HTML page instead of JSON (is this the API URL, not a dashboard or a login page?)',
    );
  }
  try {
    return bulk ? await runInSlices(parseJsonInSlices(text, bulk)) : JSON.parse(text);
  } catch (err) {
    // The parser quotes the body, which may echo the request.
    throw new BadReplyError(`the JSON is malformed or truncated (${redactSentHeaders((err as Error).message, sent)})`);
  }
}

/** The start of an error body, with every credential and header value the request carried blanked. */
export function errorSnippet(text: string, sentHeaders: Record<string, string> | undefined): string {
  // Redact before cutting, so a secret straddling the cut cannot leave half of itself.
  return redactSentHeaders(text.slice(0, 4096), sentHeaders).slice(0, 200).replace(/\s+/g, ' ');
}

/** Reads a reply body as text, refusing one over `maxBytes` before it fills memory. */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new BadReplyError(
      `the reply is ${Math.round(declared / 1e6)} MB, over the ${Math.round(maxBytes / 1e6)} MB limit`,
    );
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  // Decoded chunk by chunk as it arrives: a storm's reply of many megabytes is never copied and
  // decoded in one long turn of the event loop.
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BadReplyError(`the reply is over the ${Math.round(maxBytes / 1e6)} MB limit`);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
