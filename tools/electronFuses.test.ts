import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The packaging config as electron-builder reads it: a fuse missing here ships switched on.
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as {
  asar?: boolean;
  electronFuses?: Record<string, boolean>;
};

describe('packaging: Electron fuses', () => {
  it('the app cannot be run as plain Node, nor take Node options or an inspector from outside', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('cookies are encrypted at rest; the app loads only from its app.asar, whose integrity is checked', () => {
    expect(config.electronFuses).toMatchObject({
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // Integrity checking needs the asar archive itself (electron-builder's default: not turned off).
    expect(config.asar).not.toBe(false);
  });
});
