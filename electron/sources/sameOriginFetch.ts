const MAX_REDIRECTS = 5;

/** A redirect that was not followed; describeFetchError says it in words in the source's health. */
export class RedirectRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
  }
}

function crossOrigin(to: string): RedirectRefusedError {
  return new RedirectRefusedError(
    `it redirects to ${to}, another address: Vigil does not follow a redirect to another address, since the source's credentials and extra headers would go with it. If that address is right, put it in the source's URL`,
  );
}

/**
 * fetch that follows redirects only within the origin it was asked for. The platform's fetch
 * follows any redirect and strips only Authorization and Cookie on the way, so a tenant header
 * or an API key in an extra header would reach whatever server the redirect names.
 */
export function sameOriginFetch(base: typeof fetch = fetch): typeof fetch {
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const origin = url.origin;
    let current: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const res = await base(url.href, current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || location === null) return res;
      await res.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== origin) throw crossOrigin(next.origin);
      if (hop >= MAX_REDIRECTS) throw new RedirectRefusedError(`it redirects more than ${MAX_REDIRECTS} times`);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST')) {
        current = { ...current, method: 'GET', body: undefined };
      }
      url = next;
    }
  };
  return guarded as typeof fetch;
}
