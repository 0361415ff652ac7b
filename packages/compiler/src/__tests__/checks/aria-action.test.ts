import { ariaActionCheck } from '../../checks/aria-action.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';
const emoji = '😀';

checkTable(ariaActionCheck, {
  rejects: [
    {
      source: `${p}on run state failed -> aria [[""]]`,
      code: 'WR3027',
      message: 'the ARIA prompt is empty',
    },
    {
      source: `${p}on run state failed -> aria [[" \\n\\t "]]`,
      code: 'WR3027',
      message: 'the ARIA prompt has only whitespace',
    },
    {
      source: `${p}on run state failed -> aria [["${'x'.repeat(4001)}"]]`,
      code: 'WR3027',
      message: 'the ARIA prompt has 4,001 characters; W&B allows at most 4,000',
    },
    // Code points, not UTF-16 units: 4,001 emoji are 8,002 units.
    {
      source: `${p}on run state failed -> aria [["${emoji.repeat(4001)}"]]`,
      code: 'WR3027',
      message: 'the ARIA prompt has 4,001 characters; W&B allows at most 4,000',
    },
    {
      source: 'on artifact linked in registry "o/models" -> [[aria "Summarize ${artifact_version_string}"]]',
      code: 'WR3029',
      message:
        'an ARIA action cannot be used in registry "o/models": for a registry the W&B App asks which team holds the ARIA conversation, and no field for that team is known',
      hint: 'Use a project, team or org scope for this rule, or create the registry automation in the W&B App.',
    },
    { source: 'in collection "o/wandb-registry-models/m"\non alias added -> [[aria "p"]]', code: 'WR3029' },
  ],
  accepts: [
    `${p}on run state failed -> aria "Explain why \${run_name} failed"`,
    `${p}on run state failed -> aria "${'x'.repeat(4000)}"`,
    `${p}on run state failed -> aria "${emoji.repeat(4000)}"`,
    `${p}on run state failed -> aria r"C:\\path"`,
    'in collection "e/p/c"\non artifact linked -> aria "p"',
    // A project merely named like the prefix is not a registry.
    'in collection "e/wandb-registry-/c"\non artifact linked -> aria "p"',
    'in team "t"\non artifact linked -> aria "p"',
  ],
});
