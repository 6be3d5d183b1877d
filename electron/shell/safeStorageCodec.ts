import { safeStorage } from 'electron';
import type { SecretCodec } from '../store/secretStore';

const PREFIX = 'enc:';

/**
 * Secrets at rest encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) through
 * Electron's safeStorage. Values written before encryption was available (plain, in the 0600
 * file) still read back, and are encrypted the next time they are set. Returns null when the OS
 * offers no encryption (a Linux session without a keyring): the caller keeps the 0600 file.
 */
export function createSafeStorageCodec(): SecretCodec | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    encode: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) =>
      stored.startsWith(PREFIX)
        ? safeStorage.decryptString(Buffer.from(stored.slice(PREFIX.length), 'base64'))
        : stored,
  };
}
