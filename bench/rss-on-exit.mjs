// Preloaded (`node --import`) by the start-up bench into each timed process: on exit, writes the
// process's peak RSS in KiB to $AWS_AUDIT_BENCH_RSS (children's own figure, no /usr/bin/time).
// On Linux the figure is VmHWM of /proc/self/status: getrusage's maxRSS (process.resourceUsage)
// survives execve, so a child spawned by the bench reports the bench's own RSS at fork time when
// that is larger (getrusage(2): "resource usages are preserved across execve"; a child of a
// 300 MiB parent reported 304 MiB where VmHWM said 39). Elsewhere, maxRSS.
import { readFileSync, writeFileSync } from 'node:fs';

function peakRssKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // No procfs: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  const target = process.env.AWS_AUDIT_BENCH_RSS;
  if (target) writeFileSync(target, String(peakRssKiB()));
});
