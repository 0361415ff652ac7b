import { scopePathCheck } from '../../checks/scope-path.js';
import { checkTable } from '../harness.js';

checkTable(scopePathCheck, {
  rejects: [
    {
      source: 'in project [["acme"]]\non artifact linked -> nothing',
      code: 'WR3003',
      message: 'a project path has the form "entity/project", found "acme"',
    },
    { source: 'in project [["a/b/c"]]\non artifact linked -> nothing', code: 'WR3003' },
    { source: 'in project [["/b"]]\non artifact linked -> nothing', code: 'WR3003' },
    { source: 'in project [["a/"]]\non artifact linked -> nothing', code: 'WR3003' },
    {
      source: 'in project [[""]]\non artifact linked -> nothing',
      code: 'WR3003',
      message: 'a project path has the form "entity/project", found an empty path',
    },
    {
      source: 'in project [["my team/p"]]\non artifact linked -> nothing',
      code: 'WR3003',
      message: 'the project path segment "my team" contains whitespace or a control character',
    },
    {
      source: 'on artifact linked in registry [["acme/wandb-registry-model/weights"]] -> nothing',
      code: 'WR3003',
      hint: 'collection "org-entity/wandb-registry-NAME/collection"',
    },
    { source: 'on artifact linked in registry [["model"]] -> nothing', code: 'WR3003' },
    {
      source: 'on artifact linked in registry [["acme-org/wandb-registry-model"]] -> nothing',
      code: 'WR3003',
      message:
        'a registry is named without the "wandb-registry-" prefix of its project, found "acme-org/wandb-registry-model"',
      fixed: 'on artifact linked in registry "acme-org/model" -> nothing',
    },
    { source: 'on artifact linked in collection [["e/p"]] -> nothing', code: 'WR3003' },
    { source: 'on artifact linked in collection [["e//c"]] -> nothing', code: 'WR3003' },
    { source: 'on artifact linked in team [["a/b"]] -> nothing', code: 'WR3003' },
    { source: 'on artifact linked in team [["a\\tb"]] -> nothing', code: 'WR3003' },
    { source: 'on artifact linked in org [[""]] -> nothing', code: 'WR3003' },
    // Every scope as written is checked once, defaults included, even if no rule follows.
    { source: 'in team [["a b"]]\nin org [["x/y"]]', code: 'WR3003' },
  ],
  accepts: [
    'on artifact linked in project "acme/vision" -> nothing',
    'on artifact linked in registry "acme-org/model" -> nothing',
    'on artifact linked in collection "acme/vision/resnet-weights" -> nothing',
    'on artifact linked in collection "acme-org/wandb-registry-model/weights" -> nothing',
    'on artifact linked in team "acme" -> nothing',
    'on artifact linked in org "acme-org" -> nothing',
    'on artifact linked in project "ünï/çødé.v2" -> nothing',
  ],
});
