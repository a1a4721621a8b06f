// Preloaded (`node --import`) by the start-up bench into each timed process: on exit, writes the
// process's peak RSS in KiB to $AWS_AUDIT_BENCH_RSS (children's own figure, no /usr/bin/time).
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const target = process.env.AWS_AUDIT_BENCH_RSS;
  if (target) writeFileSync(target, String(process.resourceUsage().maxRSS));
});
