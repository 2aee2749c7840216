// Worker entry: parses a big pasted dump off the main thread (a kube-proxy dump is 100k rules).
import { parseIptables, renderIptablesSave } from '@core';
import type { PastedReply, PastedRequest } from './pasted-async.ts';

self.onmessage = (e: MessageEvent<PastedRequest>) => {
  const parsed = parseIptables(e.data.text);
  const reply: PastedReply = { id: e.data.id, parsed, save: renderIptablesSave(parsed.value) };
  self.postMessage(reply);
};
