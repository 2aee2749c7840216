// Moved to ../lib/memoize-last.ts; this re-export stays only for diff/rule-links.ts (owned by the
// rule-links work) until that file imports ../lib/ directly.
export { memoizeLast } from '../lib/memoize-last.ts';
