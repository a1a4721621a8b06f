// `aws-audit reach` on a terminal: a header saying what was asked, one table row per source →
// destination and port, and under each row its hops on one line (up to the broken hop, which is
// named with what broke it). A single path (`--from X --to Y`) is listed hop by hop instead.
// Colour only when the CLI says so (a TTY and no NO_COLOR); long lines wrap with a hanging indent.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ReachAnswer, ReachHop, ReachRow, ReachVerdict } from '../findings/reach.js';
import { pluralise, wrapHanging } from './console-text.js';

export interface ReachTableOptions {
  color: boolean;
  width?: number;
}

const DEFAULT_WIDTH = 100;
const INDENT = '    ';

const VERDICT_TEXT: Record<ReachVerdict, string> = {
  reachable: 'reachable',
  unreachable: 'blocked',
  indeterminate: 'undecided',
};

function paintVerdict(chalk: ChalkInstance, verdict: ReachVerdict, text: string): string {
  if (verdict === 'reachable') return chalk.green(text);
  return verdict === 'unreachable' ? chalk.red.bold(text) : chalk.yellow(text);
}

/** The hops by id, up to the first that breaks the way: `eni-1 → sg-1 → acl-1 ✗`. */
export function hopChain(hops: readonly ReachHop[]): string {
  const shown: string[] = [];
  for (const h of hops) {
    if (h.verdict === 'allow') {
      // A request and its reply through one ACL are two hops of one id: shown once.
      if (shown.at(-1) !== h.id) shown.push(h.id);
      continue;
    }
    shown.push(`${h.id} ${h.verdict === 'deny' ? '✗' : '?'}`);
    break;
  }
  return shown.join(' → ');
}

function sourceName(row: ReachRow): string {
  return row.from.kind === 'internet' ? `internet ${row.from.id}` : row.from.label;
}

interface Column {
  title: string;
  value: (row: ReachRow) => string;
}

function columnsFor(answer: ReachAnswer): Column[] {
  const verdict: Column = { title: 'VERDICT', value: (r) => VERDICT_TEXT[r.verdict] };
  const way: Column = { title: 'WAY', value: (r) => [r.way, r.via].filter((x) => x !== undefined).join(' ') };
  const subnet: Column = { title: 'SUBNET', value: (r) => r.subnetId ?? '' };
  if (answer.query.mode === 'from-services')
    return [{ title: 'SERVICE', value: (r) => r.to }, subnet, verdict, way];
  return [
    { title: 'FROM', value: sourceName },
    subnet,
    { title: 'PORT', value: (r) => String(r.port) },
    verdict,
    way,
  ];
}

function header(answer: ReachAnswer): string {
  const where = (r?: { accountId?: string; region?: string }): string =>
    r?.accountId !== undefined ? ` (${r.accountId}/${r.region ?? '?'})` : '';
  const q = answer.query;
  const from = answer.source ? `${answer.source.label}${where(answer.source)}` : '';
  const to = answer.target
    ? `${answer.target.label}${where(answer.target)} on ${answer.target.ports.join(', ')}`
    : '';
  const what =
    q.mode === 'from-services'
      ? `What ${from} reaches among ${pluralise(q.services?.length ?? 0, 'AWS service')} on tcp 443`
      : q.mode === 'from-to'
        ? `Path from ${from} to ${to}`
        : `Who reaches ${to}${q.whyNot ? ' (and who does not, --why-not)' : ''}`;
  return `${what} — snapshot of ${answer.collectedAt}`;
}

function brokenLine(row: ReachRow): string | undefined {
  const broken = row.firstBrokenHop;
  if (!broken) return row.verdict === 'reachable' ? undefined : row.reasons[0];
  // Undecided overall yet denied at a hop: the target may sit where this path is blocked.
  const what =
    broken.verdict === 'undecided'
      ? 'undecided at'
      : row.verdict === 'indeterminate'
        ? `${row.reasons[0] ?? 'undecided'}; blocked elsewhere at`
        : 'blocked at';
  return `${what} ${broken.kind} ${broken.id}: ${broken.decidedBy}`;
}

function table(answer: ReachAnswer, chalk: ChalkInstance, width: number): string[] {
  const columns = columnsFor(answer);
  const widths = columns.map((c) => Math.max(c.title.length, ...answer.rows.map((r) => c.value(r).length)));
  const line = (cells: string[], paint?: (i: number, text: string) => string): string =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 2);
        return paint ? paint(i, padded) : padded;
      })
      .join('')
      .trimEnd();
  const verdictColumn = columns.findIndex((c) => c.title === 'VERDICT');
  const out = [chalk.bold(line(columns.map((c) => c.title)))];
  for (const row of answer.rows) {
    out.push(
      line(
        columns.map((c) => c.value(row)),
        (i, text) => (i === verdictColumn ? paintVerdict(chalk, row.verdict, text) : text),
      ),
    );
    const chain = hopChain(row.hops);
    if (chain !== '') out.push(...wrapHanging(INDENT, INDENT.length, chain, width));
    const broken = brokenLine(row);
    if (broken !== undefined) out.push(...wrapHanging(INDENT, INDENT.length, chalk.dim(broken), width));
  }
  return out;
}

/** One path, one hop a line: `  2. security-group sg-1   allow  egress tcp 5432 to sg-db`. */
function hopByHop(answer: ReachAnswer, chalk: ChalkInstance, width: number): string[] {
  const out: string[] = [];
  for (const row of answer.rows) {
    const way = [row.way, row.via].filter((x) => x !== undefined).join(' ');
    out.push(
      `${sourceName(row)}${row.subnetId !== undefined ? ` in ${row.subnetId}` : ''} → ${row.to} on ${row.port}: ${paintVerdict(chalk, row.verdict, VERDICT_TEXT[row.verdict])}${way ? ` (${way})` : ''}`,
    );
    row.hops.forEach((h, i) => {
      const tag = h.verdict === 'allow' ? 'ok' : h.verdict === 'deny' ? 'DENY' : '?';
      const painted =
        h.verdict === 'allow' ? tag : h.verdict === 'deny' ? chalk.red.bold(tag) : chalk.yellow(tag);
      const prefix = `  ${String(i + 1).padStart(2)}. ${painted.padEnd(tag.length)} ${h.kind} ${h.id}: `;
      const visible = `  ${String(i + 1).padStart(2)}. ${tag} ${h.kind} ${h.id}: `.length;
      out.push(...wrapHanging(prefix, Math.min(visible, 40), h.decidedBy, width));
    });
    if (row.hops.length === 0 && row.reasons.length > 0) out.push(`  ${row.reasons.join('; ')}`);
  }
  return out;
}

export function renderReachTable(answer: ReachAnswer, options: ReachTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const lines = [...wrapHanging('', 0, header(answer), width), ''];
  if (answer.rows.length === 0) lines.push('No source or destination to list.');
  else if (answer.query.mode === 'from-to') lines.push(...hopByHop(answer, chalk, width));
  else lines.push(...table(answer, chalk, width));
  const counts = (['reachable', 'unreachable', 'indeterminate'] as const)
    .map((v) => [v, answer.rows.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${VERDICT_TEXT[v]}`);
  if (counts.length > 0) lines.push('', counts.join(', '));
  for (const note of answer.notes) lines.push(...wrapHanging('note: ', 6, note, width));
  return `${lines.join('\n')}\n`;
}
