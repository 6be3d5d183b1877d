/**
 * Hands a file to the person as a download. A save dialog would be Electron-only; a Blob and an
 * `<a download>` work in the browser host and in Electron (which asks where to save it), and
 * need no network and no permission.
 */
export function downloadFile(fileName: string, content: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the time this runs; the URL only holds the text in memory.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Copies text; false when the clipboard is refused (permission denied, no secure context, the
 * Electron shell denying permission requests), so the caller can select the text for Ctrl-C.
 */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
