import { filterFieldsCheck } from '../../checks/filter-fields.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(filterFieldsCheck, {
  rejects: [
    {
      source: `${p}on run state failed where [[alias]] == "prod" -> nothing`,
      code: 'WR3015',
      message: '"alias" is a field of artifact events; "run state" rules can filter on "run.name" only',
    },
    {
      source: `${p}on artifact linked where [[run.name]] == "x" -> nothing`,
      code: 'WR3015',
      message: '"run.name" is a field of run events; "artifact linked" rules can filter on "alias" and "tag" only',
    },
    {
      source: `${p}on run metric "m" > 1 where [[run.nme]] matches "x" -> nothing`,
      code: 'WR3015',
      message: 'unknown field "run.nme" for "run metric" rules, which can filter on "run.name" only',
      fixed: `${p}on run metric "m" > 1 where run.name matches "x" -> nothing`,
    },
    {
      source: `${p}on run state failed where [[name]] == "x" -> nothing`,
      code: 'WR3015',
      fixed: `${p}on run state failed where run.name == "x" -> nothing`,
    },
    { source: `${p}on run state failed where [[run.user]] == "x" -> nothing`, code: 'WR3015' },
    {
      source: `${p}on alias added where [[aliases]] in ["a"] -> nothing`,
      code: 'WR3015',
      fixed: `${p}on alias added where alias in ["a"] -> nothing`,
    },
    {
      source: `${p}on tag added where [[tags]] exists -> nothing`,
      code: 'WR3015',
      fixed: `${p}on tag added where tag exists -> nothing`,
    },
    {
      source: `${p}on collection tag added where not ([[version]] == "1" or tag == "x") and [[alias.name]] contains "q" -> nothing`,
      code: 'WR3015',
    },
  ],
  accepts: [
    `${p}on run metric "m" > 1 where run.name == "a" -> nothing`,
    `${p}on run state failed where not run.name exists -> nothing`,
    `${p}on artifact linked where alias matches "x" and tag == "y" -> nothing`,
    `${p}on collection tag removed where tag in ["a", "b"] -> nothing`,
    `${p}on alias "prod" added where tag contains "q" -> nothing`,
  ],
});
