import { unpluginWbrules } from './plugin.js';

/** The wbrules plugin for Rspack: `plugins: [wbrules(options)]`. */
const wbrules: typeof unpluginWbrules.rspack = unpluginWbrules.rspack;
export default wbrules;
