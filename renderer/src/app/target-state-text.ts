import type { TargetRecord } from '@shared/contract/host-targets';
import type { TFunction } from 'i18next';

/**
 * A target's state as the switcher says it: "unreachable, retrying in 4 s" while it retries,
 * "host key changed" when it waits for the user, else the coarse state.
 */
export function targetStateText(target: TargetRecord, now: number, t: TFunction): string {
  const problem = target.kind === 'ssh' ? target.problem : undefined;
  if (target.state === 'failed' && problem?.kind === 'retrying') {
    const seconds = Math.ceil((problem.retryAt - now) / 1000);
    return seconds > 0 ? t('nav.targetRetrying', { seconds }) : t('nav.targetRetryingNow');
  }
  if (target.state === 'failed' && problem?.kind === 'hostKeyChanged') return t('nav.targetHostKeyChanged');
  return t(`nav.targetState.${target.state}`);
}

/** Whether any target counts down to its next attempt (the switcher then ticks each second). */
export function anyRetrying(targets: readonly TargetRecord[]): boolean {
  return targets.some((target) => target.kind === 'ssh' && target.state === 'failed' && target.problem?.kind === 'retrying');
}
