import { downloadFile } from '../../components/fileDownload';

/**
 * Getting a report out of Vigil: a file download (works the same in the browser host and in
 * Electron, which asks where to save) and the clipboard. Reports are plain Markdown text made on
 * the main side; nothing here renders it.
 */
export function downloadMarkdown(fileName: string, markdown: string): void {
  downloadFile(fileName, markdown, 'text/markdown;charset=utf-8');
}

/**
 * Copies text; true when it worked. The async clipboard can be refused (no permission, the page
 * not focused); the older selection copy is tried before giving up, so the screen can say so.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      // Deprecated but still the only fallback when the async clipboard is refused.
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
