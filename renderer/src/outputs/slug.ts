import { OUTPUT_LIMITS } from '@shared/contract/outputs';

/** An address name suggested from a title: "Soirée au salon" → `soiree-au-salon` (the contract's OutputSlug checks it). */
export function slugOf(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, OUTPUT_LIMITS.slugMax)
    .replace(/^-+|-+$/g, '');
}
