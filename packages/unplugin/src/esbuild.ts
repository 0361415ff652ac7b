import { unpluginWbrules } from './plugin.js';

/** The wbrules plugin for esbuild: `plugins: [wbrules(options)]`. */
const wbrules: typeof unpluginWbrules.esbuild = unpluginWbrules.esbuild;
export default wbrules;
