import type { ReactNode } from 'react';

/**
 * A link out of Vigil, only ever http(s): anything else (javascript:, file:) is shown as text.
 * It opens outside the app: a new tab in browser mode, the system browser in Electron (whose
 * window-open handler passes http(s) to the OS and refuses the rest).
 */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  if (!isHttpUrl(href)) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

export function isHttpUrl(href: string | null | undefined): href is string {
  if (!href) return false;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
