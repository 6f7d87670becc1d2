/**
 * The Stripe API version every request sends, pinned here and nowhere else: the version the
 * pinned `stripe` package is written for. The gateway sends it; the simulator, which plays
 * Stripe and knows nothing of the app, renders exactly it; the tests check its shapes
 * (test/unit/api-version-pin.test.ts fails when the package moves without it).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';
