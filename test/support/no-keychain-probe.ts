// Run by vault.test.ts in a child process whose environment points at no D-Bus at all: the
// vault must fail with a typed error, not crash or hang. Prints the error payload as JSON.
//   node --import tsx test/support/no-keychain-probe.ts <store|read|describe|remove>
// The key to store comes from COUNTERSIGN_PROBE_KEY so the parent can check it never leaks.
import { toErrorPayload } from '../../contract/errors.ts';
import { createVault, loadSystemKeychain } from '../../main/core/keychain/index.ts';

const operation = process.argv[2] ?? 'store';
const service = process.env.COUNTERSIGN_PROBE_SERVICE ?? 'Countersign-test-probe';

try {
  const vault = createVault({ keychain: await loadSystemKeychain(), service });
  let result: unknown;
  if (operation === 'store') result = await vault.store(process.env.COUNTERSIGN_PROBE_KEY);
  else if (operation === 'read') result = (await vault.read()) === null ? null : 'a key';
  else if (operation === 'describe') result = await vault.describe();
  else if (operation === 'remove') result = await vault.remove();
  else throw new Error(`unknown operation ${operation}`);
  console.log(JSON.stringify({ code: 'ok', result }));
} catch (error) {
  console.log(JSON.stringify(toErrorPayload(error)));
  process.exitCode = 1;
}
