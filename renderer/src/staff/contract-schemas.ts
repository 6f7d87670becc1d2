/**
 * The contract's zod schemas, for the forms' checks: the start form's check is exactly the
 * contract's. Asked for once the console is up. The console also imports some of the contract's
 * lists and bounds directly (statuses, weekdays, settings bounds), so the bundler keeps
 * contract/ipc.ts, and zod with it, in the console's own chunk; the customer window never loads
 * either (test/unit/shell/bundles.test.ts weighs it).
 */
import type * as Contract from '../../../contract/ipc.ts';

type ContractModule = typeof Contract;

let loading: Promise<ContractModule> | null = null;

export function contractSchemas(): Promise<ContractModule> {
  loading ??= import('../../../contract/ipc.ts');
  return loading;
}
