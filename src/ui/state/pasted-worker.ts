// Worker entry: parses a big pasted dump off the main thread (a kube-proxy dump is 100k rules).
import { serveWorkerCalls } from '../lib/worker-call.ts';
import { parsePasted } from './pasted-views.ts';

serveWorkerCalls(self, parsePasted);
