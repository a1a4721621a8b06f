// Plain-text layout for the console summary: wrapping at the terminal width with a hanging indent,
// so a long finding stays readable at 80 columns and its continuation lines line up.

/** Narrower than this, wrapping makes things worse: each word gets a line of its own. */
const MIN_TEXT_WIDTH = 24;

/** SGR colour codes (chalk's): they take no column on the terminal. */
// eslint-disable-next-line no-control-regex
const COLOUR_CODE = /\u001b\[[0-9;]*m/g;

/** Columns `text` takes on a terminal: its length without colour codes. */
export function visibleWidth(text: string): number {
  return text.replace(COLOUR_CODE, '').length;
}

/**
 * `text` wrapped to `width` columns. The first line starts with `prefix` (whose visible width is
 * `prefixWidth`: it may hold colour codes); the following lines are indented by as many spaces.
 * Words longer than a line (an ARN) are kept whole rather than cut. Colour codes inside `text`
 * (a coloured path line) count for no width, so coloured text wraps where plain text does.
 */
export function wrapHanging(prefix: string, prefixWidth: number, text: string, width: number): string[] {
  const room = Math.max(MIN_TEXT_WIDTH, width - prefixWidth);
  const indent = ' '.repeat(prefixWidth);
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const wordWidth = visibleWidth(word);
    if (current === '') {
      current = word;
      currentWidth = wordWidth;
    } else if (currentWidth + 1 + wordWidth <= room) {
      current += ` ${word}`;
      currentWidth += 1 + wordWidth;
    } else {
      lines.push(current);
      current = word;
      currentWidth = wordWidth;
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
