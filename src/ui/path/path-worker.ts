// Worker entry: the Bookinfo path (tens of ms of simulation) off the main thread, so typing in
// the editor with the path view open stays responsive.
import { serveWorkerCalls } from '../lib/worker-call.ts';
import { computePathJob } from './path-model.ts';

serveWorkerCalls(self, computePathJob);
