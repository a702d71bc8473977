/**
 * A 53-bit string hash (cyrb53, public domain) as 11 base-36 digits (zero-padded, so ids line up).
 *
 * Why not `crypto.subtle.digest`: it is async and needs an encoder pass; paragraph hashes are
 * computed on every keystroke for up to 100k characters, so a synchronous, allocation-free loop over
 * UTF-16 code units is what fits. Why 53 bits: it is the widest integer a JS number holds exactly, so
 * collisions stay negligible (≈1 in 10^9 among 5,000 paragraphs) while the arithmetic stays
 * in 32-bit `Math.imul`. Not a cryptographic hash: it only keys caches and ids.
 */
export function hashText(text: string): string {
  return hashRange(text, 0, text.length);
}

/** `hashText(text.slice(start, end))`, read straight from `text` (how `splitParagraphs` hashes a field). */
export function hashRange(text: string, start: number, end: number): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return toBase36(4294967296 * (2097151 & h2) + (h1 >>> 0));
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const SIX_DIGITS = 36 ** 6;

/**
 * `n.toString(36).padStart(11, '0')` for an integer 0 ≤ n < 2^53, ~8× faster: V8's radix conversion
 * takes ≈1.4 µs a call, which was most of `splitParagraphs`' time on a field cut into hundreds of
 * pieces. Split in two below 2^32 so every division is exact; one string allocation.
 */
function toBase36(n: number): string {
  const codes = new Array<number>(11);
  let low = n % SIX_DIGITS;
  let high = (n - low) / SIX_DIGITS;
  for (let k = 10; k >= 5; k--) {
    const quotient = Math.floor(low / 36);
    codes[k] = DIGITS.charCodeAt(low - quotient * 36);
    low = quotient;
  }
  for (let k = 4; k >= 0; k--) {
    const quotient = Math.floor(high / 36);
    codes[k] = DIGITS.charCodeAt(high - quotient * 36);
    high = quotient;
  }
  return String.fromCharCode(...codes);
}
