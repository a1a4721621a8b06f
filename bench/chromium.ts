// Debian's chromium as the benchmarks and the browser tests start it: never a downloaded browser
// (CONTRIBUTING "Browser tests"); without the background-networking flags Chromium keeps trying
// the network this machine does not have.
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
