// Worker entry: the Bookinfo path (tens of ms of simulation) off the main thread, so typing in
// the editor with the path view open stays responsive.
import { computeRequestPath } from '@core';
import type { PathReply, PathRequest } from './path-async.ts';
import { buildPathScenario, buildRequest, parseHeaders } from './path-model.ts';

self.onmessage = (e: MessageEvent<PathRequest>) => {
  const job = e.data;
  const request = buildRequest(job.origin, parseHeaders(job.headers).value);
  const path = computeRequestPath(buildPathScenario(job.routing).scenario, request, {
    version: job.version,
    ...(job.args === undefined ? {} : { args: job.args }),
  });
  const reply: PathReply = { id: job.id, path };
  self.postMessage(reply);
};
