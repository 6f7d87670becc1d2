// The API version is pinned once (contract/stripe-api-version.ts). Upgrading the `stripe` package without
// moving the pin and regenerating the shapes fixture must fail here, not in a shop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../../../contract/stripe-api-version.ts';
import { SIMULATED_API_VERSION } from '../../../main/simulator/version.ts';
import { deriveSdkShapes, loadSdkShapes } from '../../support/sdk-shapes.ts';

const HOW_TO_UPGRADE =
  "after upgrading stripe: set STRIPE_API_VERSION in contract/stripe-api-version.ts to the package's version, run `npx tsx test/support/sdk-shapes.ts --write`, and update the simulator to the new shapes";

test('the pin is the installed SDK’s own API version', () => {
  assert.equal(STRIPE_API_VERSION, Stripe.API_VERSION, HOW_TO_UPGRADE);
  assert.equal(SIMULATED_API_VERSION, STRIPE_API_VERSION, 'the simulator renders the pinned version');
});

test('the shapes fixture is for the pinned version and matches the installed SDK’s declarations', () => {
  const committed = loadSdkShapes();
  assert.equal(committed.source.apiVersion, STRIPE_API_VERSION, HOW_TO_UPGRADE);
  const derived = deriveSdkShapes();
  assert.deepEqual(derived.source, committed.source, HOW_TO_UPGRADE);
  assert.deepEqual(derived, committed, HOW_TO_UPGRADE);
});
