/** The staff window's view, kept in the address so a reload (or main's crash recovery) keeps it. */
export type StaffTab = 'console' | 'history' | 'audit' | 'settings';
export type StaffFilter = 'all' | 'active' | 'attention' | 'done';
export interface StaffView {
  tab: StaffTab;
  /** The chosen verification: a Countersign reference id or a Stripe session id, never personal data. */
  session: string | null;
  filter: StaffFilter;
}

const TABS_IN_HASH: readonly StaffTab[] = ['console', 'history', 'audit', 'settings'];
const FILTERS_IN_HASH: readonly StaffFilter[] = ['all', 'active', 'attention', 'done'];
const SESSION_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

export function staffViewFromHash(hash: string): StaffView {
  const query = hash.replace(/^#\/?/, '').split('?')[1] ?? '';
  const params = new URLSearchParams(query);
  const tab = params.get('view') as StaffTab | null;
  const filter = params.get('filter') as StaffFilter | null;
  const session = params.get('session');
  return {
    tab: tab !== null && TABS_IN_HASH.includes(tab) ? tab : 'console',
    session: session !== null && SESSION_KEY.test(session) ? session : null,
    filter: filter !== null && FILTERS_IN_HASH.includes(filter) ? filter : 'all',
  };
}

export function staffHash(view: StaffView): string {
  const params = new URLSearchParams();
  if (view.tab !== 'console') params.set('view', view.tab);
  if (view.session !== null && SESSION_KEY.test(view.session)) params.set('session', view.session);
  if (view.filter !== 'all') params.set('filter', view.filter);
  const query = params.toString();
  return query ? `#/staff?${query}` : '#/staff';
}
