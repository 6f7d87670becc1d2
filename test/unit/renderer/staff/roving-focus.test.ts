/** The key rules of the one-Tab-stop list and grid (Today and History, issue 17). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gridStep, isChooseKey, listStep, stepIndex } from '../../../../renderer/src/staff/roving-focus.ts';

describe('roving focus', () => {
  it('a listbox moves with the up and down arrows, Home and End; other keys are not its', () => {
    assert.equal(listStep('ArrowDown'), 'next');
    assert.equal(listStep('ArrowUp'), 'previous');
    assert.equal(listStep('Home'), 'first');
    assert.equal(listStep('End'), 'last');
    for (const key of ['Tab', 'ArrowLeft', 'a', 'Enter']) assert.equal(listStep(key), undefined);
  });

  it('a grid: up and down change the row, left and right the cell, Home and End (Ctrl: the table)', () => {
    assert.deepEqual(gridStep('ArrowDown', false), { row: 'next' });
    assert.deepEqual(gridStep('ArrowLeft', false), { cell: 'previous' });
    assert.deepEqual(gridStep('Home', false), { cell: 'first' });
    assert.deepEqual(gridStep('End', true), { row: 'last' });
    assert.equal(gridStep('Tab', false), undefined);
  });

  it('steps stop at either end, and an empty list has no place', () => {
    assert.equal(stepIndex(0, 15, 'previous'), 0);
    assert.equal(stepIndex(14, 15, 'next'), 14);
    assert.equal(stepIndex(7, 15, 'next'), 8);
    assert.equal(stepIndex(7, 15, 'first'), 0);
    assert.equal(stepIndex(7, 15, 'last'), 14);
    assert.equal(stepIndex(-1, 15, 'next'), 1);
    assert.equal(stepIndex(3, 0, 'next'), -1);
  });

  it('Enter and Space choose', () => {
    assert.ok(isChooseKey('Enter') && isChooseKey(' '));
    assert.ok(!isChooseKey('Tab'));
  });
});
