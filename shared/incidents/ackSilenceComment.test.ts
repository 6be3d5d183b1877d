import { describe, expect, it } from 'vitest';
import { formatAckComment, parseAckComment } from './ackSilenceComment';

describe('ack silence comments', () => {
  it('reads back the name and the note it wrote', () => {
    const comment = formatAckComment('Ada Okafor', 'rolling back v2.4.1');
    expect(comment).toBe('ACK by Ada Okafor: rolling back v2.4.1');
    expect(parseAckComment(comment)).toEqual({ name: 'Ada Okafor', note: 'rolling back v2.4.1' });
  });

  it('keeps a note that itself holds ": " whole', () => {
    expect(parseAckComment(formatAckComment('Ada', 'cause: bad deploy'))).toEqual({
      name: 'Ada',
      note: 'cause: bad deploy',
    });
  });

  it('a name with ": " cannot move text from the note into the name', () => {
    expect(parseAckComment(formatAckComment('Ada: the boss', 'x'))).toEqual({ name: 'Ada the boss', note: 'x' });
  });

  it('without a note says it was acknowledged in Vigil, and reads back as no note', () => {
    expect(formatAckComment('Ada', undefined)).toBe('ACK by Ada: acknowledged in Vigil');
    expect(parseAckComment('ACK by Ada: acknowledged in Vigil')).toEqual({ name: 'Ada', note: '' });
    expect(parseAckComment('ACK by Ada')).toEqual({ name: 'Ada', note: '' });
  });

  it('is not an ack for an ordinary silence, a lookalike, or an empty name', () => {
    expect(parseAckComment('maintenance window')).toBeNull();
    expect(parseAckComment('ack by Ada: lower case is not ours')).toBeNull();
    expect(parseAckComment('ACK by : nobody')).toBeNull();
  });

  it('flattens control characters and line breaks someone put in a comment', () => {
    expect(parseAckComment('ACK by Ada\u0007\nEvil: line\r\ntwo')).toEqual({ name: 'Ada Evil', note: 'line two' });
  });
});
