/** The keychain room's door: what the rest of the app may use of it. */
export { loadSealKey, seal, sealedBoxSchema, unseal } from './seal.ts';
export {
  DEFAULT_SERVICE,
  createVault,
  loadSystemKeychain,
  toKeychainError,
  type Keychain,
  type Vault,
  type VaultKind,
} from './vault.ts';
