import { unpluginWbrules } from './plugin.js';

/** The wbrules plugin for webpack: `plugins: [wbrules(options)]`. */
const wbrules: typeof unpluginWbrules.webpack = unpluginWbrules.webpack;
export default wbrules;
