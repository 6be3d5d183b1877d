/**
 * Reads org.freedesktop.Notifications.Notify calls out of `dbus-monitor` text output, so a test
 * can check what actually crossed the bus rather than what Vigil meant to send.
 *
 * dbus-monitor prints strings raw between quotes: no escaping, newlines kept. A string therefore
 * cannot be read up to "the next quote"; instead each argument is read up to the start of the
 * argument that must follow it, which the fixed Notify signature (susssasa{sv}i) tells us.
 */

export interface HintValue {
  /** The D-Bus type dbus-monitor printed: `byte`, `string`, `int64`... */
  type: string;
  value: string | number | boolean;
}

export interface NotifyCall {
  appName: string;
  replacesId: number;
  appIcon: string;
  summary: string;
  body: string;
  actions: string[];
  hints: Record<string, HintValue>;
  expireTimeout: number;
}

const NOTIFY_HEADER =
  /^method call .* path=\/org\/freedesktop\/Notifications; interface=org\.freedesktop\.Notifications; member=Notify$/gm;

export function parseNotifyCalls(monitorOutput: string): NotifyCall[] {
  const calls: NotifyCall[] = [];
  for (const header of monitorOutput.matchAll(NOTIFY_HEADER)) {
    calls.push(readNotify(monitorOutput, header.index + header[0].length));
  }
  return calls;
}

function readNotify(text: string, start: number): NotifyCall {
  let at = start;
  const where = () => `line ${text.slice(0, at).split('\n').length} of the dbus-monitor output`;
  const expect = (literal: string) => {
    if (!text.startsWith(literal, at)) {
      throw new Error(`Notify call not as expected at ${where()}: wanted ${JSON.stringify(literal)}`);
    }
    at += literal.length;
  };
  const upTo = (terminator: string) => {
    const end = text.indexOf(terminator, at);
    if (end < 0) throw new Error(`Notify call cut short at ${where()}: no ${JSON.stringify(terminator)}`);
    const value = text.slice(at, end);
    at = end;
    return value;
  };
  const stringArgument = (next: string) => {
    expect('\n   string "');
    const value = upTo(`"\n   ${next}`);
    expect('"');
    return value;
  };

  const appName = stringArgument('uint32 ');
  expect('\n   uint32 ');
  const replacesId = Number(upTo('\n'));
  const appIcon = stringArgument('string "');
  const summary = stringArgument('string "');
  const body = stringArgument('array [');
  expect('\n   array [');
  const actions = [...upTo('\n   ]').matchAll(/^ {6}string "(.*)"$/gm)].map((m) => m[1]!);
  expect('\n   ]\n   array [');
  const hintsText = upTo('\n   ]\n   int32 ');
  expect('\n   ]\n   int32 ');
  const expireTimeout = Number(/^-?\d+/.exec(text.slice(at))?.[0]);

  const hints: Record<string, HintValue> = {};
  const entry = /^ {6}dict entry\(\n {9}string "(.*)"\n {9}variant +(\w+) (.*)\n {6}\)$/gm;
  for (const [, key, type, printed] of hintsText.matchAll(entry)) {
    hints[key!] = { type: type!, value: hintValue(type!, printed!) };
  }
  return { appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout };
}

function hintValue(type: string, printed: string): number | boolean | string {
  if (type === 'string') return printed.replace(/^"|"$/g, '');
  if (type === 'boolean') return printed === 'true';
  if (/^(byte|u?int(16|32|64)|double)$/.test(type)) return Number(printed);
  return printed;
}
