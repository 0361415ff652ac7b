import { unpluginWbrules } from './plugin.js';

/** The wbrules plugin for Rollup: `plugins: [wbrules(options)]`. */
const wbrules: typeof unpluginWbrules.rollup = unpluginWbrules.rollup;
export default wbrules;
