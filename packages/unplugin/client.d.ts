// `/// <reference types="@wbrules/unplugin/client" />` (or `"types": ["@wbrules/unplugin/client"]`
// in tsconfig.json) types every `import automations from './alerts.wbrules'`.
declare module '*.wbrules' {
  /** The file's compiled automations, in source order, as `wbrules compile` prints them. */
  const automations: readonly import('./dist/automation.js').WbrulesAutomation[];
  export default automations;
}
