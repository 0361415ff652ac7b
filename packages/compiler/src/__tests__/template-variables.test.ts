import { describe, expect, test } from 'vitest';
import { compile } from '../index.js';
import { templateVariablesOf, templateVariablesOfEventType } from '../model/template-variables.js';
import { parse } from '@wbrules/dsl';

// One table, two keys: the variables of a wire event type are those of the
// language event that lowers to it.
describe('templateVariablesOfEventType', () => {
  test.each([
    ['on run metric "loss" > 1', 'RUN_METRIC'],
    ['on run metric "loss" increases by 10%', 'RUN_METRIC_CHANGE'],
    ['on run metric "loss" zscore > 3', 'RUN_METRIC_ZSCORE'],
    ['on run state failed', 'RUN_STATE'],
    ['on artifact created in collection "acme/vision/w"', 'CREATE_ARTIFACT'],
    ['on artifact linked', 'LINK_MODEL'],
    ['on artifact unlinked', 'UNLINK_ARTIFACT'],
    ['on alias "prod" added', 'ADD_ARTIFACT_ALIAS'],
    ['on tag added', 'ADD_ARTIFACT_TAG'],
    ['on tag removed', 'REMOVE_ARTIFACT_TAG'],
    ['on collection tag added', 'ADD_COLLECTION_TAG'],
    ['on collection tag removed', 'REMOVE_COLLECTION_TAG'],
  ])('%s (%s)', (event, eventType) => {
    const text = `in project "acme/vision"\nautomation "a" ${event} -> nothing\n`;
    const compiled = compile([{ file: 'a.wbrules', text }]);
    expect(compiled.automations[0]?.input.triggeringEventType).toBe(eventType);
    const { ast } = parse(text);
    const rule = ast.items.find((item) => item.kind === 'Rule');
    if (rule === undefined || rule.kind !== 'Rule') throw new Error('no rule');
    expect(templateVariablesOfEventType(eventType)).toEqual(templateVariablesOf(rule.event));
  });

  test('an event type the table does not know', () => {
    expect(templateVariablesOfEventType('UPDATE_ARTIFACT_ALIAS')).toBeUndefined();
  });
});
