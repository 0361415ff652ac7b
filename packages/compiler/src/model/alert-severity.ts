/** The severity words of a Slack action and the W&B `AlertSeverity` each lowers to (spec §3.4). */
export const severityNames: ReadonlyMap<string, 'INFO' | 'WARN' | 'ERROR'> = new Map([
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
]);
