// Shared by the instance rules: which instances are judged, and how a message names one.
import type { Instance } from '../../src/snapshot/types.js';

/**
 * Terminated (and shutting-down) instances are gone: not evaluated. Stopped ones are: they keep
 * their instance profile, user data and metadata options, and start again as they are.
 */
export function isEvaluatedInstance(instance: Instance): boolean {
  return instance.state !== 'terminated' && instance.state !== 'shutting-down';
}

/** "Instance i-0abc (web-1)", "Stopped instance i-0abc" — the state is said when not running. */
export function instanceLabel(instance: Instance): string {
  const name = instance.name ? ` (${instance.name})` : '';
  const state = instance.state === 'running' ? 'Instance' : `${capitalise(instance.state)} instance`;
  return `${state} ${instance.id}${name}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
