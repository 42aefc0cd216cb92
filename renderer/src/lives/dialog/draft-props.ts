import type { Dispatch, SetStateAction } from 'react';
import type { FieldErrors } from '../field-errors';
import type { LiveDraft } from '../live-draft';

/** What every section of the live dialog receives: the draft, its setter, and the field errors. */
export interface DraftSectionProps {
  readonly draft: LiveDraft;
  readonly setDraft: Dispatch<SetStateAction<LiveDraft>>;
  readonly errors: FieldErrors;
}
