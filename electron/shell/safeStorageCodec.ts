import { safeStorage } from 'electron';
import type { SecretCodec } from '../store/secretStore';

const PREFIX = 'enc:';

/** What the person chose when Linux offers only the weak `basic_text` backend. */
export type WeakBackendChoice = 'obfuscate' | 'file-only' | 'quit';

export interface SafeStorageSetup {
  /** null: keep secrets in the 0600 file as they are. */
  codec: SecretCodec | null;
  /** Said on the notices (app:info) so the weakness is never silent. */
  notice: string | null;
  quit: boolean;
}

/**
 * Secrets at rest encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) through
 * Electron's safeStorage. Values written before encryption was available (plain, in the 0600
 * file) still read back, and are encrypted the next time they are set.
 *
 * On Linux without a keyring Electron falls back to `basic_text`: a fixed, public key, which
 * obfuscates and protects nothing. That is never accepted silently: `ask` gets the choice
 * (obfuscate anyway, keep the 0600 file only, or quit to set up a keyring), and the notices say
 * which it was.
 */
export function setUpSafeStorage(ask: () => WeakBackendChoice): SafeStorageSetup {
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      codec: null,
      notice: 'No keychain is available: secrets are kept in a file only you can read (0600), not encrypted.',
      quit: false,
    };
  }
  const codec: SecretCodec = {
    encode: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) =>
      stored.startsWith(PREFIX)
        ? safeStorage.decryptString(Buffer.from(stored.slice(PREFIX.length), 'base64'))
        : stored,
  };
  if (process.platform !== 'linux') return { codec, notice: null, quit: false };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend !== 'basic_text' && backend !== 'unknown') return { codec, notice: null, quit: false };
  switch (ask()) {
    case 'quit':
      return { codec: null, notice: null, quit: true };
    case 'obfuscate':
      return {
        codec,
        notice:
          'No keyring (GNOME Keyring, KWallet) answered: secrets are only obfuscated with a key every copy of Electron shares, in a file only you can read. Set up a keyring and restart Vigil to encrypt them.',
        quit: false,
      };
    case 'file-only':
      return {
        codec: null,
        notice:
          'No keyring (GNOME Keyring, KWallet) answered: secrets are kept unencrypted in a file only you can read (0600), as you chose. Set up a keyring and restart Vigil to encrypt them.',
        quit: false,
      };
  }
}
