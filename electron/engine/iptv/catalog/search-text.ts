// The search helpers live in storage/fts-search (shared with the library); the fold in shared/format.
export { foldForSearch } from '@shared/format/fold-for-search';
export { likePattern, searchTerms, type SearchTerms } from '../../storage/fts-search';
