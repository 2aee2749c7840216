// Moved to ../store/store.ts; this re-export stays only for diff/rule-links.ts (another
// engineer's file this round) until that file imports ../store/store.ts directly.
export type { InputMode } from '../store/store.ts';
