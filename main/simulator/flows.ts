/**
 * Verification flows, as a Dashboard would configure them. The pinned version's create
 * parameters cannot turn on email or phone checks; only a flow can, so tests define flows through
 * the simulator's test API and create sessions with `verification_flow: id`.
 */
import { resourceMissing } from './stripe-errors.ts';
import { randomAlphanumeric } from './ids.ts';
import type { DocumentOptions } from './session-records.ts';

export interface VerificationFlow {
  id: string;
  /** Flows in the simulator always run a document check, with these options. */
  documentOptions: DocumentOptions;
  email: boolean;
  phone: boolean;
}

export class FlowRegistry {
  private readonly flows = new Map<string, VerificationFlow>();

  define(flow: Omit<VerificationFlow, 'id'>): string {
    const id = `vf_${randomAlphanumeric(24)}`;
    this.flows.set(id, { ...flow, id, documentOptions: { ...flow.documentOptions } });
    return id;
  }

  get(id: string): VerificationFlow {
    const flow = this.flows.get(id);
    if (!flow) throw resourceMissing('verification_flow', id, 'verification_flow');
    return flow;
  }
}
