import type { CompiledAutomation } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { firingValues, type RenderOptions, renderPayload } from '../render-payload.js';
import { artifact, automations, evaluateRules, run } from './harness.js';

/** The one automation of `rule` (the harness puts it in project "acme/vision"; `ci` is a webhook). */
function automation(rule: string): CompiledAutomation {
  const [a] = automations(`webhook ci = "github-dispatch"\n${rule}`);
  return a as CompiledAutomation;
}

function render(rule: string, options: RenderOptions = {}) {
  const rendered = renderPayload(automation(rule), options);
  if (rendered === undefined) throw new Error('neither a webhook nor an ARIA rule');
  return rendered;
}

const common = '"${automation_name}|${event_type}|${event_author}|${entity_name}|${project_name}"';
const artifactVars =
  '"${artifact_collection_name}|${artifact_version}|${artifact_version_string}|${artifact_version_index}"';
const runMetricVars = '"${run_name}|${metric_name}|${metric_values}|${metric_filter_short}|${metric_current_status}"';
const inCollection = 'in collection "acme/vision/resnet-weights"';
const artifactBody = (type: string) =>
  `{"c":"a|${type}|alice|acme|vision","v":"resnet-weights|v12|acme/vision/resnet-weights:v12|12"`;

describe('the built-in sample of each event family', () => {
  test.each([
    [
      'artifact created',
      `automation "a" on artifact created ${inCollection} -> webhook ci { "c": ${common}, "v": ${artifactVars} }`,
      `${artifactBody('CREATE_ARTIFACT')}}`,
    ],
    [
      'artifact linked (LINK_MODEL renders as LINK_ARTIFACT)',
      `automation "a" on artifact linked ${inCollection} -> webhook ci { "c": ${common}, "v": ${artifactVars} }`,
      `${artifactBody('LINK_ARTIFACT')}}`,
    ],
    [
      'artifact unlinked',
      `automation "a" on artifact unlinked ${inCollection} -> webhook ci { "c": ${common}, "v": ${artifactVars} }`,
      `${artifactBody('UNLINK_ARTIFACT')}}`,
    ],
    [
      'alias added (the alias the filter names)',
      `automation "a" on alias "staging" added ${inCollection} -> webhook ci { "c": ${common}, "v": ${artifactVars}, "x": "\${alias}" }`,
      `${artifactBody('ADD_ARTIFACT_ALIAS')},"x":"staging"}`,
    ],
    [
      'artifact tag added',
      `automation "a" on tag added ${inCollection} -> webhook ci { "c": ${common}, "v": ${artifactVars}, "x": "\${tag}" }`,
      `${artifactBody('ADD_ARTIFACT_TAG')},"x":"candidate"}`,
    ],
    [
      'collection tag removed',
      `automation "a" on collection tag removed ${inCollection} -> webhook ci { "c": ${common}, "x": "\${artifact_collection_name}/\${tag}" }`,
      '{"c":"a|REMOVE_COLLECTION_TAG|alice|acme|vision","x":"resnet-weights/candidate"}',
    ],
    [
      'run metric threshold (the metric and a window that satisfies it)',
      `automation "a" on run metric "val/acc" avg over 5 < 0.8 -> webhook ci { "c": ${common}, "r": ${runMetricVars}, "f": "\${metric_filter}" }`,
      '{"c":"a|RUN_METRIC|alice|acme|vision","r":"resnet-50-lr3e-4|val/acc|[0.776,0.768,0.76,0.752,0.744]|val/acc < 0.8|avg(val/acc) = 0.76","f":"avg(val/acc) over 5 < 0.8"}',
    ],
    [
      'run metric change',
      `automation "a" on run metric "loss" increases by 10% -> webhook ci { "r": ${runMetricVars} }`,
      '{"r":"resnet-50-lr3e-4|loss|[1.15]|loss increases by 10%|loss went from 1 to 1.15"}',
    ],
    [
      'run metric z-score',
      `automation "a" on run metric "loss" zscore over 4 > 3 -> webhook ci { "r": ${runMetricVars} }`,
      '{"r":"resnet-50-lr3e-4|loss|[1.01,0.98,1.03,1.1]|z-score of loss > 3|loss = 1.1"}',
    ],
    [
      'run state (the run the filter names)',
      `automation "a" on run state failed where run.name == "nightly" -> webhook ci { "c": ${common}, "s": "\${run_name} \${run_status}" }`,
      '{"c":"a|RUN_STATE|alice|acme|vision","s":"nightly failed"}',
    ],
  ])('%s', (_name, rule, body) => {
    const rendered = render(rule);
    expect(rendered.text).toBe(body);
    expect(rendered.shown).toBe(body);
    expect(rendered.notApplicable).toEqual([]);
    expect(() => JSON.parse(rendered.text)).not.toThrow();
  });
});

describe('webhook bodies', () => {
  test('values are JSON-escaped inside strings, so the body stays valid JSON; keys are never filled in', () => {
    const rendered = render(
      'automation "a" on run state failed -> webhook ci { "${run_name}": "run \\"${run_name}\\"" }',
      {
        values: { run_name: 'say "hi"\nnow\\' },
      },
    );
    expect(rendered.text).toBe('{"${run_name}":"run \\"say \\"hi\\"\\nnow\\\\\\""}');
    expect(JSON.parse(rendered.text)).toEqual({ '${run_name}': 'run "say "hi"\nnow\\"' });
    expect(rendered.overridden).toEqual(['run_name']);
    expect(rendered.assumed).toEqual(['body-bytes', 'template-escaping']);
  });

  test('the stored compact payload is the body, numbers as the SDK spells them', () => {
    const rendered = render(
      'automation "a" on run state failed -> webhook ci { "n": [1.50, 1E2, true, null], "o": {} }',
    );
    expect(rendered.text).toBe('{"n":[1.5,100.0,true,null],"o":{}}');
    expect(rendered.assumed).toEqual(['body-bytes']);
  });

  test('a webhook without a payload sends {}', () => {
    const rendered = render('automation "a" on run state failed -> webhook ci');
    expect(rendered.text).toBe('{}');
    expect(rendered.assumed).toEqual(['body-bytes', 'empty-payload']);
  });

  test('a variable that does not apply to the event renders as an empty string', () => {
    const rendered = render(
      'automation "a" on run state failed -> webhook ci { "t": "[${tag}] [${artifact_metadata.x}]" }',
      {
        values: { tag: 'ignored' },
      },
    );
    expect(rendered.text).toBe('{"t":"[] []"}');
    expect(rendered.notApplicable).toEqual(['tag', 'artifact_metadata.x']);
    expect(rendered.assumed).toContain('not-applicable-empty');
  });

  test('a lower-case name W&B does not document is left as written', () => {
    const rendered = render('automation "a" on run state failed -> webhook ci { "t": "${nope} ${run_name}" }');
    expect(rendered.text).toBe('{"t":"${nope} resnet-50-lr3e-4"}');
    expect(rendered.unknown).toEqual(['nope']);
    expect(rendered.assumed).toContain('unknown-verbatim');
  });

  test('secrets: the value is sent, the shown text is masked; without a value the placeholder is both', () => {
    const rule = 'automation "a" on run state failed -> webhook ci { "t": "${ACCESS_TOKEN}", "k": "${API_KEY}" }';
    const given = render(rule, { secrets: { ACCESS_TOKEN: 'tok"en', API_KEY: 's3cret' } });
    expect(given.text).toBe('{"t":"tok\\"en","k":"s3cret"}');
    expect(given.shown).toBe('{"t":"<secret ACCESS_TOKEN>","k":"<secret API_KEY>"}');
    expect(given.secrets).toEqual(['ACCESS_TOKEN', 'API_KEY']);
    expect(given.unsetSecrets).toEqual([]);
    const unset = render(rule, { secrets: { ACCESS_TOKEN: 'x' } });
    expect(unset.text).toBe('{"t":"x","k":"<secret API_KEY>"}');
    expect(unset.unsetSecrets).toEqual(['API_KEY']);
  });

  test('${event_type}: LINK_ARTIFACT for LINK_MODEL, the wire value for the others', () => {
    const linked = render(`automation "a" on artifact linked ${inCollection} -> webhook ci { "e": "\${event_type}" }`);
    expect(linked.text).toBe('{"e":"LINK_ARTIFACT"}');
    expect(linked.assumed).toContain('event-type-value');
    const alias = render(`automation "a" on alias "p" added ${inCollection} -> webhook ci { "e": "\${event_type}" }`);
    expect(alias.text).toBe('{"e":"ADD_ARTIFACT_ALIAS"}');
  });

  test('artifact metadata: strings as they are, other values as compact JSON, a missing key as ""', () => {
    const rendered = render(
      `automation "a" on artifact created ${inCollection} -> webhook ci { "m": "\${artifact_metadata.framework} \${artifact_metadata.accuracy} \${artifact_metadata.dataset} \${artifact_metadata.quantized} [\${artifact_metadata.missing}]" }`,
    );
    expect(JSON.parse(rendered.text)).toEqual({
      m: 'pytorch 0.931 {"name":"imagenet-1k","split":"val"} false []',
    });
    expect(rendered.missingMetadata).toEqual(['artifact_metadata.missing']);
    expect(rendered.assumed).toContain('metadata-rendering');
    const overridden = render(
      `automation "a" on artifact created ${inCollection} -> webhook ci { "m": "\${artifact_metadata.framework}" }`,
      { values: { 'artifact_metadata.framework': 'jax' } },
    );
    expect(overridden.text).toBe('{"m":"jax"}');
  });

  test('numbers render as their shortest round-trip text', () => {
    const rendered = render('automation "a" on run metric "loss" > 1 -> webhook ci { "v": "${metric_values}" }', {
      values: { metric_values: [0.1 + 0.2, 1e21, -0, 3] },
    });
    expect(rendered.text).toBe('{"v":"[0.30000000000000004,1e+21,0,3]"}');
    expect(rendered.assumed).toContain('number-rendering');
  });
});

describe('ARIA prompts', () => {
  test('plain text substitution, nothing escaped; a variable of another event is empty', () => {
    const rendered = render(
      'automation "explain" on run state failed -> aria "Why did ${run_name} fail? [${alias}] ${x}"',
      {
        values: { run_name: 'a "quoted"\nname' },
      },
    );
    expect(rendered.action).toBe('aria');
    expect(rendered.text).toBe('Why did a "quoted"\nname fail? [] ${x}');
    expect(rendered.notApplicable).toEqual(['alias']);
    expect(rendered.unknown).toEqual(['x']);
    // Documented for ARIA prompts: not an assumption there.
    expect(rendered.assumed).toEqual(['unknown-verbatim']);
  });

  test('a rule that is neither a webhook nor ARIA renders nothing', () => {
    expect(renderPayload(automation('automation "a" on run state failed -> nothing'))).toBeUndefined();
  });
});

describe('values from a firing', () => {
  test('a metric firing gives its run, metric and window', () => {
    const evaluation = evaluateRules(
      'webhook ci = "x"\nautomation "a" on run metric "loss" avg over 2 > 1 -> webhook ci { "t": "${run_name} ${metric_name} ${metric_values}" }',
      [run('prod-3', { loss: '0.5 1.5 2' }, { project: 'acme/vision' })],
    );
    const firing = evaluation.firings[0];
    if (firing === undefined) throw new Error('no firing');
    const a = evaluation.automations[0] as CompiledAutomation;
    expect(renderPayload(a, { values: firingValues(firing) })?.text).toBe('{"t":"prod-3 loss [1.5,2]"}');
  });

  test('an artifact firing gives its collection, version and alias', () => {
    const rule = `webhook ci = "x"\nautomation "a" on alias "prod" added ${inCollection} -> webhook ci { "t": "\${artifact_version_string} \${alias} \${project_name}" }`;
    const evaluation = evaluateRules(
      rule,
      [],
      [artifact({ event: 'alias_added', collection: 'acme/vision/resnet-weights', version: 3, alias: 'prod' })],
    );
    const firing = evaluation.firings[0];
    if (firing === undefined) throw new Error('no firing');
    expect(firingValues(firing)).toMatchObject({
      artifact_version: 'v3',
      alias: 'prod',
      artifact_collection_name: 'resnet-weights',
    });
    expect(renderPayload(evaluation.automations[0] as CompiledAutomation, { values: firingValues(firing) })?.text).toBe(
      '{"t":"acme/vision/resnet-weights:v3 prod vision"}',
    );
  });

  test('a state firing gives the run and its state (crashed is failed)', () => {
    const evaluation = evaluateRules('automation "a" on run state failed -> aria "${run_name} ${run_status}"', [
      run('r', { loss: '1 1' }, { states: 'crashed@1' }),
    ]);
    const firing = evaluation.firings[0];
    if (firing === undefined) throw new Error('no firing');
    expect(renderPayload(evaluation.automations[0] as CompiledAutomation, { values: firingValues(firing) })?.text).toBe(
      'r failed',
    );
  });
});
