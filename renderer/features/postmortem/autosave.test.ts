import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, type AutosaveState } from './autosave';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(save: (text: string) => Promise<string>) {
  const states: AutosaveState[] = [];
  const saves: string[] = [];
  const autosave = createAutosave('v0', {
    save: (text) => {
      saves.push(text);
      return save(text);
    },
    intervalMs: 2000,
    retryMs: 5000,
    onState: (s) => states.push(s),
  });
  return { autosave, states, saves, last: () => states.at(-1)! };
}

describe('createAutosave', () => {
  it('saves steady typing every interval: later keystrokes do not push the save back', async () => {
    const a = setup(async () => 'T');
    for (let i = 1; i <= 30; i++) {
      a.autosave.changed(`v${i}`);
      await vi.advanceTimersByTimeAsync(200); // typing on for 6 s, never pausing 2 s
    }
    expect(a.saves).toEqual(['v10', 'v20', 'v30']);
    expect(a.last()).toMatchObject({ dirty: false, saving: false, error: null, savedAt: 'T' });
  });

  it('saves at once on flush (blur, Esc) and not again when nothing changed', async () => {
    const a = setup(async () => 'T');
    a.autosave.changed('typed');
    expect(await a.autosave.flush()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.saves).toEqual(['typed']);
    a.autosave.changed('v0'); // back to the original text: the file still holds "typed"
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.saves).toEqual(['typed', 'v0']);
  });

  it('keeps one save in flight; what is typed meanwhile follows', async () => {
    let release: (at: string) => void = () => {};
    const a = setup(
      (text) =>
        new Promise((resolve) => {
          if (text === 'first') release = resolve;
          else resolve('T2');
        }),
    );
    a.autosave.changed('first');
    const flushing = a.autosave.flush();
    expect(a.last()).toMatchObject({ saving: true, dirty: true });
    a.autosave.changed('second');
    const again = a.autosave.flush(); // waits for the first save instead of racing it
    release('T1');
    expect(await flushing).toBe(false); // "first" landed, but "second" is not saved yet
    expect(await again).toBe(true);
    expect(a.saves).toEqual(['first', 'second']);
    expect(a.last()).toMatchObject({ dirty: false, savedAt: 'T2' });
  });

  it('says why a save failed, keeps the text and tries again', async () => {
    let fail = true;
    const a = setup(async () => {
      if (fail) throw new Error('lost the connection to Vigil');
      return 'T';
    });
    a.autosave.changed('precious');
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.last()).toMatchObject({ dirty: true, error: 'lost the connection to Vigil' });
    fail = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.saves).toEqual(['precious', 'precious']);
    expect(a.last()).toMatchObject({ dirty: false, error: null });
  });
});
