import { unpluginWbrules } from './plugin.js';

/** The wbrules plugin for Vite: `plugins: [wbrules(options)]`. */
const wbrules: typeof unpluginWbrules.vite = unpluginWbrules.vite;
export default wbrules;
