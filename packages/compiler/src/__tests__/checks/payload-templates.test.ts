import { payloadTemplatesCheck } from '../../checks/payload-templates.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\nwebhook w = "h"\n';

checkTable(payloadTemplatesCheck, {
  rejects: [
    {
      source: `${p}on artifact linked -> webhook w {"v": "[[\${artifact_versoin}]]"}`,
      code: 'WR3021',
      message: '"${artifact_versoin}" is not a template variable W&B documents for "artifact linked" events',
      hint: 'Did you mean "${artifact_version}"?',
      fixed: `${p}on artifact linked -> webhook w {"v": "\${artifact_version}"}`,
    },
    { source: `${p}on run state failed -> webhook w {"a": "run [[\${alias}]] of [[\${project}]]"}`, code: 'WR3021' },
    { source: `${p}on collection tag added -> webhook w {"x": ["[[\${artifact_version}]]"]}`, code: 'WR3021' },
    { source: `${p}on collection tag added -> webhook w {"x": "[[\${artifact_metadata.k}]]"}`, code: 'WR3021' },
    { source: `${p}on run metric "m" > 1 -> webhook w {"[[\${run_status}]]": 1}`, code: 'WR3021' },
    { source: `${p}on run metric "m" > 1 -> webhook w {"x": "[[\${}]] and [[\${Mixed_Case}]]"}`, code: 'WR3021' },
    // An escape inside the variable: the whole string is marked, and there is no fix.
    { source: `${p}on artifact linked -> webhook w {"v": [["\${al\\u0069as}"]]}`, code: 'WR3021' },
    {
      source: `${p}on run state failed -> webhook w {"a": "[[\${alias}]]"}`,
      code: 'WR3021',
      message: '"${alias}" does not apply to "run state" events: W&B fills it in as an empty string',
    },
    // ARIA prompts: the same variables; secrets are an error there.
    {
      source: `${p}on run state failed -> aria "Why did [[\${run_nme}]] fail?"`,
      code: 'WR3021',
      message: '"${run_nme}" is not a template variable W&B documents for "run state" events',
      fixed: `${p}on run state failed -> aria "Why did \${run_name} fail?"`,
    },
    {
      source: `${p}on run state failed -> aria "Compare [[\${artifact_version}]]"`,
      code: 'WR3021',
      message: '"${artifact_version}" does not apply to "run state" events: W&B fills it in as an empty string',
    },
    {
      source: `${p}on run state failed -> aria "Use [[\${ACCESS_TOKEN}]] and [[\${MY_SECRET}]]"`,
      code: 'WR3028',
      message:
        '"${ACCESS_TOKEN}" is a secret, and ARIA has none: the agent would get the text "${ACCESS_TOKEN}" itself',
      hint: 'Secrets and the access token are filled in only in webhook payloads.',
    },
  ],
  accepts: [
    `${p}on artifact linked -> webhook w {"a": "\${automation_name} \${event_type} \${event_author} \${entity_name} \${project_name}"}`,
    `${p}on artifact created in collection "e/p/c" -> webhook w {"v": "\${artifact_version_index} \${artifact_metadata.accuracy}"}`,
    `${p}on alias added -> webhook w {"a": "\${alias} \${artifact_collection_name} \${artifact_version_string}"}`,
    `${p}on tag removed -> webhook w {"t": "\${tag} \${artifact_version}"}`,
    `${p}on collection tag removed -> webhook w {"t": "\${tag} \${artifact_collection_name}"}`,
    `${p}on run metric "m" changes by 1 -> webhook w {"r": "\${run_name} \${metric_name} \${metric_values} \${metric_filter} \${metric_filter_short} \${metric_current_status}"}`,
    `${p}on run state failed -> webhook w {"r": "\${run_name} is \${run_status}"}`,
    `${p}on run state failed -> aria "Explain why \${run_name} (\${run_status}) failed in \${project_name}"`,
    `${p}on alias added -> aria "\${alias} on \${artifact_version_string}: \${artifact_metadata.acc}"`,
    `${p}on run state failed -> webhook w {"auth": "Bearer \${ACCESS_TOKEN}", "s": "\${MY_SECRET_2}", "plain": "$ {x} \${unclosed"}`,
  ],
});
