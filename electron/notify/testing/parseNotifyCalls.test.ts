import { describe, expect, it } from 'vitest';
import { parseNotifyCalls } from './parseNotifyCalls';

// Shaped like dbus-monitor 1.14's output: the monitor's own NameAcquired/NameLost come first, and
// strings are printed raw, so a body can hold quotes and newlines.
const header = (serial: number) =>
  `method call time=1795618352.914509 sender=:1.4 -> destination=:1.2 serial=${serial} ` +
  'path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify';
const output = [
  'signal time=1795618351.958328 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired',
  '   string ":1.0"',
  header(9),
  '   string "Vigil"',
  '   uint32 0',
  '   string ""',
  '   string "P0 "quoted" title"',
  '   string "first line',
  'second "line" with quotes"',
  '   array [',
  '   ]',
  '   array [',
  '      dict entry(',
  '         string "category"',
  '         variant             string "vigil.incident"',
  '      )',
  '      dict entry(',
  '         string "urgency"',
  '         variant             byte 2',
  '      )',
  '   ]',
  '   int32 10000',
  header(12),
  '   string "other"',
  '   uint32 7',
  '   string "dialog-warning"',
  '   string "summary"',
  '   string ""',
  '   array [',
  '      string "default"',
  '      string "Open"',
  '   ]',
  '   array [',
  '   ]',
  '   int32 -1',
  '',
].join('\n');

describe('parseNotifyCalls', () => {
  it('reads every Notify call, keeping quotes and newlines inside strings', () => {
    expect(parseNotifyCalls(output)).toEqual([
      {
        appName: 'Vigil',
        replacesId: 0,
        appIcon: '',
        summary: 'P0 "quoted" title',
        body: 'first line\nsecond "line" with quotes',
        actions: [],
        hints: { category: { type: 'string', value: 'vigil.incident' }, urgency: { type: 'byte', value: 2 } },
        expireTimeout: 10000,
      },
      {
        appName: 'other',
        replacesId: 7,
        appIcon: 'dialog-warning',
        summary: 'summary',
        body: '',
        actions: ['default', 'Open'],
        hints: {},
        expireTimeout: -1,
      },
    ]);
  });

  it('finds nothing when no Notify call was seen', () => {
    expect(parseNotifyCalls(output.split(header(9))[0]!)).toEqual([]);
  });

  it('says where a cut-off call stops making sense', () => {
    const cut = output.slice(0, output.indexOf('   array ['));
    expect(() => parseNotifyCalls(cut)).toThrow(/Notify call cut short at line \d+ of the dbus-monitor output/);
  });
});
