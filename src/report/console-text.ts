// Plain-text layout for the console summary: wrapping at the terminal width with a hanging indent,
// so a long finding stays readable at 80 columns and its continuation lines line up.

/** Narrower than this, wrapping makes things worse: each word gets a line of its own. */
const MIN_TEXT_WIDTH = 24;

/**
 * `text` wrapped to `width` columns. The first line starts with `prefix` (whose visible width is
 * `prefixWidth`: it may hold colour codes); the following lines are indented by as many spaces.
 * Words longer than a line (an ARN) are kept whole rather than cut.
 */
export function wrapHanging(prefix: string, prefixWidth: number, text: string, width: number): string[] {
  const room = Math.max(MIN_TEXT_WIDTH, width - prefixWidth);
  const indent = ' '.repeat(prefixWidth);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= room) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines.map((line, index) => `${index === 0 ? prefix : indent}${line}`);
}

/**
 * The first sentence of a rule's remediation: the console's one-line "Fix:". A sentence ends at a
 * full stop followed by a capital letter, so "e.g. sg-1" and "3.3.40.0" do not cut it short.
 */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])\s+(?=[A-Z])/s.exec(text);
  return (match?.[1] ?? text).trim();
}

export const pluralise = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;
