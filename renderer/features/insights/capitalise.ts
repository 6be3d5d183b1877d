/** Messages from the main side start lower-case so they read inside a sentence; alone they need a capital. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
