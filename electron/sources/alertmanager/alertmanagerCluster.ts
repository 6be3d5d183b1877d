import { BadReplyError, HttpStatusError } from '../describeFetchError';
import type { AlertmanagerClient } from './alertmanagerClient';

/**
 * One client for the members of an Alertmanager cluster. Members gossip silences to each other,
 * so a silence is read from, created on and expired at one member that answers, and the others
 * see it: asking every member would list each silence once per member, or set it twice. The
 * member that answered last is asked first; a member that cannot be reached is passed over.
 * A member's refusal (an HTTP status, a reply that is not Alertmanager's) is the answer, not a
 * reason to ask another: the next member would refuse the same request the same way.
 */
export function createClusterClient(members: readonly AlertmanagerClient[]): AlertmanagerClient {
  if (members.length === 0) throw new Error('an Alertmanager cluster needs at least one member');
  if (members.length === 1) return members[0]!;
  let preferred = 0;

  async function first<T>(
    call: (c: AlertmanagerClient) => Promise<T>,
    retryable: (err: unknown) => boolean,
  ): Promise<T> {
    let firstError: unknown = null;
    for (let i = 0; i < members.length; i++) {
      const index = (preferred + i) % members.length;
      try {
        const value = await call(members[index]!);
        preferred = index;
        return value;
      } catch (err) {
        firstError ??= err;
        if (!retryable(err)) throw err;
      }
    }
    throw firstError;
  }

  return {
    url: members[0]!.url,
    listAlerts: (filter) => first((c) => c.listAlerts(filter), unreachable),
    listSilences: (matchers) => first((c) => c.listSilences(matchers), unreachable),
    // A request that timed out may have been applied: asking another member could set it twice.
    createSilence: (silence) => first((c) => c.createSilence(silence), refusedBeforeSending),
    expireSilence: (id) => first((c) => c.expireSilence(id), unreachable),
    status: () => first((c) => c.status(), unreachable),
  };
}

/** The member did not answer at all (refused, unresolvable, timed out, reset). */
function unreachable(err: unknown): boolean {
  if (err instanceof HttpStatusError) return err.status === 502 || err.status === 503 || err.status === 504;
  return !(err instanceof BadReplyError);
}

/** The connection itself failed, so nothing reached the member. */
function refusedBeforeSending(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH';
}
