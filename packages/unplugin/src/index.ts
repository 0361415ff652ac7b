/**
 * @wbrules/unplugin: import `.wbrules` files from a bundler. Each import
 * yields the file's compiled automations, as `wbrules compile` prints them.
 * The bundler entry points are `@wbrules/unplugin/vite`, `/rollup`,
 * `/esbuild`, `/webpack` and `/rspack`; `@wbrules/unplugin/client` declares
 * `*.wbrules` modules for TypeScript.
 */

export type { WbrulesAutomation } from './automation.js';
export { type IdMapFile, readIdMapFile } from './id-map-file.js';
export type { WbrulesOptions } from './options.js';
export { unpluginFactory, unpluginWbrules, unpluginWbrules as wbrules } from './plugin.js';
export { type WbrulesModule, wbrulesModule } from './wbrules-module.js';
