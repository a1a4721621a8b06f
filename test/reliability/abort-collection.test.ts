// Ctrl-C during live collection (issue 19 bug 7): the run's AbortSignal reaches every SDK call, so a
// call in flight is cancelled at once instead of running to its timeout, and no progress line is
// printed after the "interrupted" line. In-process, against the fake endpoint.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { run } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { tempDir } from '../support/cli.js';
import { useDummyAwsEnvironment } from '../support/aws-env.js';
import type { FakeAws } from '../fake-aws/index.js';
import { DEMO_REGIONS, startDemoFake } from './support/fault-scan.js';

useDummyAwsEnvironment();
let fake: FakeAws;
beforeAll(async () => {
  // One slow API: the scan is certainly in flight on it when the signal comes.
  fake = await startDemoFake({
    faults: [{ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'delay', delayMs: 20_000 }],
  });
});
afterAll(() => fake.close());

describe('an interrupt during live collection', () => {
  it('cancels the calls in flight, returns promptly, and prints nothing after it', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const io: CliIo = {
      stdout: (text) => lines.push(`stdout: ${text}`),
      stderr: (text) => lines.push(text),
      stdoutIsTty: true,
      stderrIsTty: true, // the live progress line on
      env: {},
      cwd: process.cwd(),
      abortSignal: controller.signal,
    };
    const running = run(
      ['scan', '--endpoint-url', fake.url, '--region', DEMO_REGIONS.join(','), '--out-dir', await tempDir()],
      io,
    );
    // Wait until the slow call is in flight and other kinds have reported progress.
    for (let i = 0; i < 200 && !fake.requests.some((r) => r.operation === 'DescribeSecurityGroups'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    lines.push('-- interrupted --');
    const aborted = Date.now();
    controller.abort(new Error('interrupted by SIGINT'));
    const code = await running;
    const elapsed = Date.now() - aborted;
    expect(code).toBe(130);
    // The 20 s call was cancelled, not waited for.
    expect(elapsed).toBeLessThan(5_000);
    // Only the erasing of the live progress line, at the abort itself (signals.ts prints its
    // "interrupted" line right after it, on the clean line).
    const after = lines.slice(lines.indexOf('-- interrupted --') + 1);
    expect(after).toEqual(['\r\x1b[2K']);
    // Progress was being shown before the signal.
    expect(lines.some((line) => /aws-audit: collecting \d+\/\d+ region×kind/.test(line))).toBe(true);
  }, 30_000);
});
