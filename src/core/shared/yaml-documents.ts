import { isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Document } from 'yaml';
import { MAX_YAML_DEPTH, yamlNestingProblem } from './yaml-bounds.ts';

/** A problem the yaml package (or the nesting guard) found, by offsets into the text. */
export interface YamlTextProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface YamlDocuments {
  readonly docs: readonly Document.Parsed[];
  readonly problems: readonly YamlTextProblem[];
}

/**
 * Every document of a YAML text, after the nesting guard (yaml-bounds.ts): text nested deeper
 * than MAX_YAML_DEPTH is not handed to the yaml package at all and gives one located problem.
 * The package reports syntax problems as data; a throw would be its bug, and becomes a problem.
 */
export function parseYamlDocuments(text: string): YamlDocuments {
  const deep = yamlNestingProblem(text);
  if (deep)
    return {
      docs: [],
      problems: [
        {
          severity: 'error',
          message: `YAML nested more than ${MAX_YAML_DEPTH} levels deep here; the text is not read`,
          start: deep.offset,
          end: deep.offset + 1,
        },
      ],
    };
  let docs: Document.Parsed[];
  try {
    // uniqueKeys is checked below in linear time (the package's own check is quadratic: 20k keys
    // took 8.5 s).
    const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      docs: [],
      problems: [
        { severity: 'error', message: `YAML could not be read: ${message}`, start: 0, end: 0 },
      ],
    };
  }
  const problems: YamlTextProblem[] = [];
  for (const doc of docs) {
    for (const e of doc.errors)
      problems.push({
        severity: 'error',
        message: firstLine(e.message),
        start: e.pos[0],
        end: e.pos[1],
      });
    for (const w of doc.warnings)
      problems.push({
        severity: 'warning',
        message: firstLine(w.message),
        start: w.pos[0],
        end: w.pos[1],
      });
  }
  for (const doc of docs) duplicateKeys(doc, problems);
  return { docs, problems };
}

/** `Map keys must be unique`, as the package words it, at each repeated scalar key. */
function duplicateKeys(doc: Document.Parsed, problems: YamlTextProblem[]): void {
  visit(doc, {
    Map(_, map) {
      if (!isMap(map) || map.items.length < 2) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        if (seen.has(key.value) && key.range)
          problems.push({
            severity: 'error',
            message: 'Map keys must be unique',
            start: key.range[0],
            end: key.range[1],
          });
        seen.add(key.value);
      }
    },
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
