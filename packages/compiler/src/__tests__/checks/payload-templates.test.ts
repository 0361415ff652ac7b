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
  ],
  accepts: [
    `${p}on artifact linked -> webhook w {"a": "\${automation_name} \${event_type} \${event_author} \${entity_name} \${project_name}"}`,
    `${p}on artifact created in collection "e/p/c" -> webhook w {"v": "\${artifact_version_index} \${artifact_metadata.accuracy}"}`,
    `${p}on alias added -> webhook w {"a": "\${alias} \${artifact_collection_name} \${artifact_version_string}"}`,
    `${p}on tag removed -> webhook w {"t": "\${tag} \${artifact_version}"}`,
    `${p}on collection tag removed -> webhook w {"t": "\${tag} \${artifact_collection_name}"}`,
    `${p}on run metric "m" changes by 1 -> webhook w {"r": "\${run_name} \${metric_name} \${metric_values} \${metric_filter} \${metric_filter_short} \${metric_current_status}"}`,
    `${p}on run state failed -> webhook w {"r": "\${run_name} is \${run_status}"}`,
    `${p}on run state failed -> webhook w {"auth": "Bearer \${ACCESS_TOKEN}", "s": "\${MY_SECRET_2}", "plain": "$ {x} \${unclosed"}`,
  ],
});
