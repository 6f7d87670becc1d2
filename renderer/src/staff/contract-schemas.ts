/**
 * The contract's zod schemas, loaded after the first paint. Building every schema of the
 * contract costs a few hundred milliseconds of start-up on a slow kiosk; the console needs them
 * only when staff send a form, so they come in a chunk of their own (the customer screen never
 * loads it). The start form's check is still exactly the contract's.
 */
import type * as Contract from '../../../contract/ipc.ts';

type ContractModule = typeof Contract;

let loading: Promise<ContractModule> | null = null;

export function contractSchemas(): Promise<ContractModule> {
  loading ??= import('../../../contract/ipc.ts');
  return loading;
}
