/**
 * True when `url` is the app's own page (the built renderer's index.html as a file:// URL).
 * The hash and query are ignored so in-page state never locks the page out of its own IPC;
 * paths are compared decoded because Chromium and Node do not percent-encode exactly alike.
 */
export function isAppPageUrl(url: string, appPageUrl: string): boolean {
  const a = parseFileUrl(url);
  const b = parseFileUrl(appPageUrl);
  return a !== null && b !== null && a.host === b.host && a.path === b.path;
}

function parseFileUrl(url: string): { host: string; path: string } | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return null;
    const path = decodeURIComponent(u.pathname);
    // Windows drive letters may come back in either case from Chromium.
    return { host: u.host.toLowerCase(), path: process.platform === 'win32' ? path.toLowerCase() : path };
  } catch {
    return null;
  }
}
