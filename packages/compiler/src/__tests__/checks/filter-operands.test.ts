import { filterOperandsCheck } from '../../checks/filter-operands.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(filterOperandsCheck, {
  rejects: [
    {
      source: `${p}on run state failed where run.name == [[5]] -> nothing`,
      code: 'WR3016',
      message: 'filter operands are strings, found 5',
      fixed: `${p}on run state failed where run.name == "5" -> nothing`,
    },
    {
      source: `${p}on run state failed where run.name > [[1.5]] -> nothing`,
      code: 'WR3016',
      fixed: `${p}on run state failed where run.name > "1.5" -> nothing`,
    },
    {
      source: `${p}on alias added where alias != [[true]] -> nothing`,
      code: 'WR3016',
      fixed: `${p}on alias added where alias != "true" -> nothing`,
    },
    {
      source: `${p}on alias added where alias == [[null]] -> nothing`,
      code: 'WR3016',
      message: 'filter operands are strings, found null',
      fixed: `${p}on alias added where alias not exists -> nothing`,
    },
    {
      source: `${p}on alias added where tag != [[null]] -> nothing`,
      code: 'WR3016',
      fixed: `${p}on alias added where tag exists -> nothing`,
    },
    { source: `${p}on alias added where tag < [[null]] -> nothing`, code: 'WR3016' },
    { source: `${p}on alias added where alias in ["a", [[1]], [[false]]] -> nothing`, code: 'WR3016' },
    {
      source: `${p}on alias added where alias in ⟦[]⟧ -> nothing`,
      code: 'WR3017',
      message: 'an empty "in []" list matches nothing',
    },
    {
      source: `${p}on run state failed where run.name not in ⟦[ ]⟧ -> nothing`,
      code: 'WR3017',
      message: 'an empty "not in []" list matches everything',
    },
  ],
  accepts: [
    `${p}on run state failed where run.name == "5" -> nothing`,
    `${p}on alias added where alias in ["a"] and tag not in ["b", "c"] -> nothing`,
    `${p}on alias added where alias >= "" -> nothing`,
  ],
});
