/** One HTTP exchange of `nova-etl doctor`: status and headers, the body only when asked for. */
export interface Answer {
  status: number;
  headers: Headers;
  body?: string;
}

/** Requests `url`; the body is read only with `text: true` (otherwise it is cancelled unread). */
export async function ask(url: string, init: RequestInit & { text?: boolean; timeoutMs?: number } = {}): Promise<Answer> {
  const { text, timeoutMs = 15_000, ...rest } = init;
  const res = await fetch(url, { redirect: 'follow', ...rest, signal: AbortSignal.timeout(timeoutMs) });
  if (text) return { status: res.status, headers: res.headers, body: await res.text() };
  await res.body?.cancel().catch(() => undefined);
  return { status: res.status, headers: res.headers };
}

/** The comma-separated tokens of a header, lower-cased. */
export function tokens(h: string | null): string[] {
  return (h ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** Message of a failed fetch, with its cause (Node puts ECONNREFUSED and the like there). */
export function failure(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return [e?.message, e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ');
}
