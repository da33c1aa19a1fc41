import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

/**
 * iconv-lite, loaded when a file is not UTF-8 (Windows-1252, UTF-16): the usual logs never need
 * it, and loading it cost every process and every scan worker ~20 ms at start (ADR 0006, session 15).
 */
let iconvLite: typeof import('iconv-lite') | undefined;
const iconv = () => (iconvLite ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite'));

/** A text file decoded to a JS string. */
export interface Decoded {
  /** Text with the BOM removed and line endings normalised to `\n`. */
  text: string;
  /** 'utf-8', 'utf-16le', 'utf-16be' or 'windows-1252'. */
  encoding: string;
  /** True when a byte order mark was present (and removed). */
  bom: boolean;
}

/** Counts of UTF-8 evidence in a buffer: well-formed multibyte sequences and invalid bytes. */
function utf8Evidence(buf: Uint8Array): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) ok = i + k < buf.length && (buf[i + k] & 0xc0) === 0x80;
    if (ok) { multibyte++; i += n + 1; } else { invalid++; i++; }
  }
  return { multibyte, invalid };
}

/**
 * Detects the encoding of a raw text file and decodes it.
 * - BOM → UTF-8 / UTF-16 as marked;
 * - no invalid UTF-8 sequence → UTF-8;
 * - invalid sequences and no valid multibyte one → Windows-1252 (Excel / ERP exports on Windows);
 * - both (a UTF-8 file with a few damaged bytes) → UTF-8; damaged bytes become U+FFFD, and rows
 *   containing U+FFFD are rejected later with `encoding_error`.
 * Windows-1252's five undefined bytes (0x81 0x8D 0x8F 0x90 0x9D) also decode to U+FFFD.
 */
export function decodeText(buf: Buffer): Decoded {
  let encoding: string;
  let body: Buffer = buf;
  let bom = false;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    encoding = 'utf-8'; body = buf.subarray(3); bom = true;
  } else if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16le'; body = buf.subarray(2); bom = true;
  } else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = 'utf-16be'; body = buf.subarray(2); bom = true;
  } else {
    // Valid UTF-8 (Node's native check, stricter than utf8Evidence's: then it finds no invalid
    // byte either) is UTF-8 without counting; otherwise the evidence decides.
    const ev = isUtf8(buf) ? { invalid: 0, multibyte: 0 } : utf8Evidence(buf);
    encoding = ev.invalid > 0 && ev.multibyte === 0 ? 'windows-1252' : 'utf-8';
  }
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv().decode(body, encoding);
  // Without a CR byte there is nothing to normalise (a CR is 0x0D in every encoding read here but
  // UTF-16, which iconv decodes): skips a regex pass over multi-million-line logs.
  const cr = encoding.startsWith('utf-16') || body.includes(0x0d);
  return { text: cr ? text.replace(/\r\n?/g, '\n') : text, encoding, bom };
}

/** True when a buffer looks binary rather than text (NUL bytes in the first 8 KB, no UTF-16 BOM). */
export function looksBinary(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return buf.subarray(0, 8192).includes(0);
}
