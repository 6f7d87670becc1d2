/** The fleet page's calls for the station policy and redactions (policy-routes.ts, redaction-routes.ts). */
import type { PolicyEdit, PolicyLevel } from '../../../contract/policy.ts';
import type {
  EffectivePolicyAnswer,
  PolicyHistoryAnswer,
  PolicyLevelShown,
  PolicyLevelsAnswer,
  RedactionRow,
  RedactionsAnswer,
} from '../../src/fleet-policy-api.ts';
import { answer, post } from './api.ts';

const get = async <T>(path: string): Promise<T> =>
  answer<T>(await fetch(path, { credentials: 'same-origin' }));

export const policyApi = {
  levels: () => get<PolicyLevelsAnswer>('/fleet/api/policy'),
  history: (level: PolicyLevel, target: string) =>
    get<PolicyHistoryAnswer>(
      `/fleet/api/policy/history?level=${encodeURIComponent(level)}&target=${encodeURIComponent(target)}`,
    ),
  save: (level: PolicyLevel, target: string, policy: PolicyEdit) =>
    post<{ level: PolicyLevelShown }>('/fleet/api/policy', { level, target, policy }),
  effective: (stationId: string) =>
    get<EffectivePolicyAnswer>(`/fleet/api/stations/${encodeURIComponent(stationId)}/policy`),
  redactions: () => get<RedactionsAnswer>('/fleet/api/redactions'),
  redact: (sessionId: string) =>
    post<{ redaction: RedactionRow }>(`/fleet/api/sessions/${encodeURIComponent(sessionId)}/redact`, {}),
};
