/**
 * Fills a communication template written the way seed 000 writes them: placeholders in square
 * brackets ("P[X] incident declared for [model_name]"). Known placeholders with a value are
 * replaced in one pass (a value is never scanned again, so a title with brackets in it stays as
 * it is); those without a value are left in place for the person to fill, and listed.
 */
export interface FilledTemplate {
  text: string;
  /** Placeholders left in the text because nothing is known for them, in order, once each. */
  blanks: string[];
}

export function fillCommsTemplate(template: string, values: Readonly<Record<string, string | null>>): FilledTemplate {
  const blanks: string[] = [];
  const text = template.replace(/\[([A-Za-z_][A-Za-z0-9_ ]*)\]/g, (whole, key: string) => {
    if (!Object.hasOwn(values, key)) return whole;
    const value = values[key];
    if (value === null || value === undefined || value.trim() === '') {
      if (!blanks.includes(whole)) blanks.push(whole);
      return whole;
    }
    return value;
  });
  return { text, blanks };
}
