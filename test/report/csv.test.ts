import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, csvCell } from '../../src/report/csv.js';
import { writeReports } from '../../src/report/write-reports.js';
import { demoScan, fakeMeta, plannedRegionalRule, syntheticScan } from './sarif-fixtures.js';

/** A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF row ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(field)) throw new Error(`unquoted special character in ${field}`);
      i += field.length;
    }
    row.push(field);
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`unexpected ${text[i]} at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['', ''],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('--format csv', () => {
  it('writes one row per finding under the documented header, readable by an RFC 4180 parser', async () => {
    const result = await demoScan();
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-csv-'));
    expect(await writeReports(result, ['csv'], dir)).toEqual([join(dir, 'aws-audit-report.csv')]);
    const text = await readFile(join(dir, 'aws-audit-report.csv'), 'utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(result.findings.length + 1);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const bastion = rows.find(
      (r) =>
        r[column('resourceId')] === 'sg-0a11bast' &&
        r[column('ruleId')] === 'ec2-security-group-no-public-ssh',
    )!;
    expect(bastion[column('status')]).toBe('fail');
    expect(bastion[column('severity')]).toBe('critical');
    expect(bastion[column('resourceName')]).toBe('prod-bastion');
    expect(bastion[column('evidence')]).toContain('sg-0a11bast ingress tcp 22 from 0.0.0.0/0 | ');
    expect(bastion[column('remediation')]).toContain('Session Manager');
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('neutralises formulas and quotes values that came from the account', async () => {
    const hostile = '=cmd|"/c calc"!A1,x';
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => [{ status: 'fail', id: hostile }]);
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-csv-'));
    await writeReports(
      syntheticScan([{ accountId: '111111111111', regions: ['us-east-1'] }], [rule]),
      ['csv'],
      dir,
    );
    const text = await readFile(join(dir, 'aws-audit-report.csv'), 'utf8');
    const rows = parseCsv(text);
    expect(rows[1]![CSV_COLUMNS.indexOf('resourceId')]).toBe(`'${hostile}`);
    expect(rows[1]![CSV_COLUMNS.indexOf('message')]).toBe(`Resource ${hostile} is fail.`);
    expect(text).not.toMatch(/(^|,)=/m);
  });
});
