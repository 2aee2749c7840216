/** What the rules do to a pod's traffic, as data the UI and CLI render. See README.md. */
export type {
  CapturePacket,
  CaptureCheckOptions,
  CaptureRoles,
  Consequence,
} from './capture-check.ts';
export { checkCapture, DEFAULT_CAPTURE_ROLES } from './capture-check.ts';
export type { PathSummary } from './path-summary.ts';
export { summarizePath } from './path-summary.ts';
