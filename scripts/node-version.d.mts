export function minimumOf(range: string): [number, number, number];
export function nodeSatisfies(version: string, range: string): boolean;
export function nodeTooOldMessage(version: string, range: string): string;
