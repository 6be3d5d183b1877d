/**
 * Text an alert chose (a title, an annotation, a label, a timeline line quoting them), made inert
 * for a Markdown document people share: it reads the same, but plants no link, image, autolink
 * or HTML. Brackets and `<` are escaped (no `[x](url)`, `![x](img)`, `<http://…>`, `<img>`;
 * `>` stays, since alert text never starts a line where it would quote), as are the `://`, `www.` and `@` that GitHub-flavoured Markdown turns into links on
 * its own, and backslashes, so the text cannot undo an escape. Line breaks become spaces: alert
 * text never starts a block of its own.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[[\]<@]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
    .replace(/\s*[\r\n]+\s*/g, ' ');
}
