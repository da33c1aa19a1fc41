/**
 * Characters that change how text looks or matches without being seen: bidi embeddings,
 * overrides, isolates and marks (`U+202E` shows `exe.live` for `evil.exe`), zero-width
 * spaces and joiners, word joiners, the BOM and the soft hyphen.
 */
export const INVISIBLE_CHARS = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** Text without the invisible characters above (bidi controls, zero-width characters, BOM, soft hyphen): for display (with `dir="auto"` isolation) and matching. */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_CHARS, '');
}

/**
 * The form item search compares on both sides: NFKC (full-width and compatibility forms become
 * plain ones), invisible characters removed, accents removed, lower case.
 */
export function searchFold(s: string): string {
  return stripInvisible(s.normalize('NFKC')).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
