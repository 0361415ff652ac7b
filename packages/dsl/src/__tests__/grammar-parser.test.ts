import { EmbeddedActionsParser } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { WbrulesParser } from '../grammar-parser.js';

// The DSL methods Chevrotain's recording phase swaps on the instance (gast_recorder.js, chevrotain 11).
const dslMethods = [
  ...['', '1', '2', '3', '4', '5', '6', '7', '8', '9'].flatMap((suffix) =>
    ['CONSUME', 'SUBRULE', 'OPTION', 'OR', 'MANY', 'MANY_SEP', 'AT_LEAST_ONE', 'AT_LEAST_ONE_SEP'].map(
      (name) => `${name}${suffix}`,
    ),
  ),
  ...['consume', 'subrule', 'option', 'or', 'many', 'atLeastOne', 'ACTION', 'BACKTRACK', 'LA'],
];

describe('the parser ends recording', () => {
  for (const validate of [false, true]) {
    it(`leaves every DSL method as Chevrotain's own (validate: ${validate})`, () => {
      const parser = new WbrulesParser({ validate }) as unknown as Record<string, unknown>;
      expect(parser.RECORDING_PHASE).toBe(false);
      const chevrotain = EmbeddedActionsParser.prototype as unknown as Record<string, unknown>;
      const differing = dslMethods.filter((name) => parser[name] !== chevrotain[name]);
      expect(differing).toEqual([]);
      expect(dslMethods.every((name) => typeof chevrotain[name] === 'function')).toBe(true);
    });
  }
});
