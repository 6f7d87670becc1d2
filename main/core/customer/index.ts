/** The customer room's door: what the rest of the app may use of it. */
export { WAITING_TIMEOUT_MS } from './customer-flow.ts';
export { createCustomerScreen, type CustomerScreenModel } from './customer-screen.ts';
