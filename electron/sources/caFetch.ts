import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export interface CaFetch {
  /** fetch that trusts `pem` in addition to the system's CAs. */
  fetch: typeof fetch;
  /** Closes the connection pool; call when the source stops or is rebuilt. */
  close(): Promise<void>;
}

/**
 * A fetch for servers signed by a private CA (an internal Prometheus behind the company's PKI).
 * Node's global fetch cannot take a CA per request, and NODE_EXTRA_CA_CERTS applies to the whole
 * process at start only; so a source with a CA gets its own undici Agent. undici's own fetch goes
 * with it, since the global fetch may be built on a different undici version.
 */
export function createCaFetch(pem: string): CaFetch {
  // `ca` replaces the default trust store: keep the public roots so a public CA still works too.
  const agent = new Agent({ connect: { ca: [...rootCertificates, pem] } });
  const caFetch = (input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(typeof input === 'string' || input instanceof URL ? input : input.url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    });
  return { fetch: caFetch as unknown as typeof fetch, close: () => agent.close() };
}
