// The one table `npm run bench` prints, plus number formatting shared by the benchmarks.

export interface Row {
  benchmark: string;
  input: string;
  result: string;
  target: string;
  /** `ok`, `MISS`, or `—` when there is no target. */
  verdict: string;
}

export function renderTable(rows: readonly Row[]): string {
  const headers: Row = {
    benchmark: 'benchmark',
    input: 'input',
    result: 'result',
    target: 'target',
    verdict: 'verdict',
  };
  const keys = Object.keys(headers) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(headers[key].length, ...rows.map((row) => row[key].length)));
  const line = (row: Row): string =>
    `| ${keys.map((key, i) => row[key].padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function fmtMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(0)} MiB`;
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISS');
