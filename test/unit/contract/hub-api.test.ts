/**
 * The contract's hub methods: which hub addresses a station accepts (https, or http only on
 * this machine), the enrollment code's bounds, and that nothing about a hub that reaches a
 * window can carry the station token.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hubStatusSchema, isAllowedHubUrl, methods, parseMethodArgs } from '../../../contract/ipc.ts';

test('a hub is reached over https, or over http only on this machine', () => {
  for (const ok of [
    'https://hub.example.com',
    'https://hub.example.com:8443/',
    'http://127.0.0.1:8787',
    'http://localhost:8787',
    'http://[::1]:8787',
  ]) {
    assert.equal(isAllowedHubUrl(ok), true, ok);
  }
  for (const bad of [
    'http://hub.example.com',
    'http://192.168.1.10:8787',
    'ftp://hub.example.com',
    'https://user:pass@hub.example.com',
    'https://hub.example.com/?token=x',
    'https://hub.example.com/#x',
    // The SDK calls /v1/… at the root: a path prefix could not be honoured.
    'https://hub.example.com/countersign',
    'hub.example.com',
    '',
  ]) {
    assert.equal(isAllowedHubUrl(bad), false, bad);
  }
});

test('hub.connect takes an address and a code, bounded, and is for staff only', () => {
  assert.deepEqual(parseMethodArgs('hub.connect', { hubUrl: ' https://hub.example.com ', code: ' AB-12 ' }), {
    hubUrl: 'https://hub.example.com',
    code: 'AB-12',
  });
  for (const args of [
    { hubUrl: 'https://hub.example.com', code: '' },
    { hubUrl: 'https://hub.example.com', code: 'A B' },
    { hubUrl: 'https://hub.example.com', code: 'x'.repeat(65) },
    { hubUrl: 'https://' + 'a'.repeat(3000), code: 'x' },
    { hubUrl: 'https://hub.example.com', code: 'x', token: 'cs_station_x' },
  ]) {
    assert.throws(() => parseMethodArgs('hub.connect', args), { code: 'invalid_input' });
  }
  assert.deepEqual(methods['hub.connect'].callers, ['staff']);
  assert.deepEqual(methods['hub.disconnect'].callers, ['staff']);
});

test('what a window learns about the hub has no room for the token', () => {
  const status = {
    host: 'hub.example.com',
    stationName: 'Till 1',
    store: 'Ginza',
    kind: 'counter',
    problem: null,
  };
  assert.deepEqual(hubStatusSchema.parse(status), status);
  assert.equal(hubStatusSchema.safeParse({ ...status, token: 'cs_station_abc' }).success, false);
});
