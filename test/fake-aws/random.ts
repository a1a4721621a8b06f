// A string hash to derive stable filler for synthesised user data. The seeded PRNG is the one the
// synthetic accounts use (bench/random.ts).
import { mulberry32 } from '../../bench/random.js';

/** FNV-1a, 32 bits. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** `length` characters drawn from `alphabet`, deterministic in `seedText`. */
export function fillerFrom(alphabet: string, length: number, seedText: string): string {
  const next = mulberry32(hashString(seedText));
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}
