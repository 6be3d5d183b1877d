/**
 * On-demand calls to an HA set (a Prometheus pair): a fetch that, when the member it asked cannot
 * be reached at all (connection refused, host down: fetch rejects before any reply), asks the
 * next member for the same path. Runbook checks, rule queries and sparklines keep working while
 * one replica is down, as polling does. A reply of any status is an answer and is returned as is;
 * a caller's abort or timeout is not retried (its signal would abort the next try too). The member
 * that answered last is asked first next time, so a dead one costs one failed connect, not one
 * per call.
 */
export function memberFailoverFetch(memberUrls: readonly string[], inner: typeof fetch = fetch): typeof fetch {
  const bases = memberUrls.map((u) => u.replace(/\/+$/, ''));
  let preferred = 0;
  const failover = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
    const asked =
      href === null ? -1 : bases.findIndex((b) => href === b || href.startsWith(`${b}/`) || href.startsWith(`${b}?`));
    if (href === null || asked < 0) return inner(input, init);
    const rest = href.slice(bases[asked]!.length);
    const order = [preferred, ...bases.keys()].filter((i, n, all) => all.indexOf(i) === n);
    let firstError: unknown;
    for (const i of order) {
      try {
        const res = await inner(bases[i]! + rest, init);
        preferred = i;
        return res;
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        firstError ??= err;
      }
    }
    throw firstError;
  };
  return failover as typeof fetch;
}
