/** Headers that carry no secret: their values may stay in a message. */
const PLAIN_HEADERS = new Set(['accept', 'content-type', 'from', 'user-agent']);
// Shorter values would blank ordinary words; a secret that short protects little anyway.
const MIN_LENGTH = 4;
const REDACTED = '[secret]';

/**
 * The source clients' redaction boundary: every text built from a server's reply (an error body,
 * Prometheus's or PagerDuty's explanation, a JSON parser's complaint quoting the body) passes
 * here before it becomes an error, so whatever the server echoes of the request, the values of
 * the credentials and extra headers it was sent never leave the client. Covers the header value
 * whole, the credential after its scheme (`Bearer`, `Basic`, `Token token=`), and a basic-auth
 * pair decoded (a proxy may print "user:password").
 */
export function redactSentHeaders(text: string, headers: Record<string, string> | undefined): string {
  const needles = sentSecrets(headers);
  if (needles.length === 0 || text === '') return text;
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/** Every secret value a set of request headers carries, longest first. */
export function sentSecrets(headers: Record<string, string> | undefined): string[] {
  const found = new Set<string>();
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (PLAIN_HEADERS.has(name.toLowerCase())) continue;
    const value = raw.trim();
    // "Bearer [secret]" still says which scheme was refused; the credential itself goes.
    const scheme = /^(Bearer|Basic|Token)\s+(.+)$/i.exec(value);
    if (!scheme) found.add(value);
    else {
      const credential = scheme[2]!.replace(/^token=/i, '');
      found.add(credential);
      if (scheme[1]!.toLowerCase() === 'basic') {
        const pair = Buffer.from(credential, 'base64').toString('utf8');
        found.add(pair);
        const colon = pair.indexOf(':');
        if (colon >= 0) found.add(pair.slice(colon + 1));
      }
    }
  }
  return [...found].filter((s) => s.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}
