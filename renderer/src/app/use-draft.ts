import { useState, type Dispatch, type SetStateAction } from 'react';

/**
 * A form's editable copy of something read from the engine: it starts over from `source` each
 * time a new one arrives, and otherwise holds what the person types. Adjusted during render (as
 * React advises for state derived from a prop) rather than in an effect, so no stale frame shows.
 */
export function useDraft<S, T>(source: S, derive: (source: S) => T): [T, Dispatch<SetStateAction<T>>] {
  const [seen, setSeen] = useState(source);
  const [draft, setDraft] = useState<T>(() => derive(source));
  if (seen !== source) {
    setSeen(source);
    setDraft(derive(source));
  }
  return [draft, setDraft];
}
