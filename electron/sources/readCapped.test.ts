import { describe, expect, it } from 'vitest';
import { readCapped } from './describeFetchError';

/** A reply whose body arrives in the given byte chunks, as a slow network delivers it. */
function replyOf(chunks: Uint8Array[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

describe('readCapped', () => {
  it('decodes a body chunk by chunk, even where a chunk ends inside a character', async () => {
    const bytes = new TextEncoder().encode('{"summary":"Modèle de détection: 99 % d\'erreurs 🔥"}');
    // Cut at every byte: each multi-byte character is split across chunks somewhere.
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect(JSON.parse(await readCapped(replyOf(chunks), 1e6))).toEqual({
      summary: "Modèle de détection: 99 % d'erreurs 🔥",
    });
  });

  it('refuses a body over the limit as it arrives, with the limit in words', async () => {
    const chunk = new Uint8Array(600_000).fill(32);
    await expect(readCapped(replyOf([chunk, chunk]), 1_000_000)).rejects.toThrow('over the 1 MB limit');
  });
});
