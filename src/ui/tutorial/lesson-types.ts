import type { BookinfoRouting, DiagnosticCode, IstioVersion } from '@core';
import type { Backend, MainView, PacketForm } from '../store/store.ts';
import type { TypicalPacketId } from '../workbench/typical-packets.ts';

/**
 * A lesson: Markdown text per language (one section per step, `<!-- step: id -->` markers) plus
 * the steps' specs. Lessons are data: adding one needs no code, only this shape.
 */
export interface Lesson {
  readonly id: string;
  readonly title: { readonly en: string; readonly zh: string };
  /** The Markdown of each language, sections marked `<!-- step: <id> -->`. */
  readonly text: { readonly en: string; readonly zh: string };
  readonly steps: readonly StepSpec[];
}

/** One step: what the explorer shows, what lights up, and an optional exercise. */
export interface StepSpec {
  readonly id: string;
  readonly state: StepState;
  readonly highlight?: StepHighlight;
  readonly exercise?: ExerciseSpec;
}

/** The explorer state a step sets; fields left out keep the reader's current value. */
export interface StepState {
  /** The editor's istio-init args; `'profile'` = the chosen version's default args. */
  readonly args?: string;
  readonly version?: IstioVersion;
  /** The rule backend; a step that sets `args` without it goes back to iptables. */
  readonly backend?: Backend;
  readonly ipv6?: boolean;
  readonly dnsServers?: string;
  readonly view?: MainView;
  /** A typical packet of the workbench, or a composed one. */
  readonly packet?: TypicalPacketId | Partial<Omit<PacketForm, 'preset'>>;
  readonly routing?: BookinfoRouting;
  /** The ambient or CNI-plugin settings text (switches the data plane; `args` switches back). */
  readonly pod?: { readonly plane: 'ambient' | 'cni'; readonly text: string };
  /** Ambient: show the node's host-probe rules (true) or the pod's. */
  readonly node?: boolean;
  /** The Bookinfo routing YAML as text (instead of a `routing` preset). */
  readonly routingText?: string;
  /** Ambient: the Bookinfo Services given a waypoint. */
  readonly waypoints?: readonly string[];
}

/** What the text talks about: chains (`nat/ISTIO_INBOUND`), rules (`nat/ISTIO_INBOUND#5`), flags. */
export interface StepHighlight {
  readonly chains?: readonly string[];
  /** One rule to select in the graph and the rules pane. */
  readonly rule?: string;
  /** A flag (long name, e.g. `proxy-uid`) to select in the editor. */
  readonly flag?: string;
}

/** A task the reader solves by editing; solved when every check holds on the computed result. */
export interface ExerciseSpec {
  readonly checks: readonly CheckSpec[];
  readonly hint: { readonly en: string; readonly zh: string };
  /** One way to solve it, as the state it leads to (the lesson tests apply it and expect a pass). */
  readonly solution: StepState;
}

/** A packet as the workbench form takes it (strings; empty = the core's default). */
export type CheckPacket = Partial<Omit<PacketForm, 'preset'>>;

/**
 * Declarative checks over what the app computed (never over the text the reader typed):
 * - `trace`: a packet through the current rules ends in `expectFinal` (or anything but `expectNotFinal`);
 * - `rule-present` / `rule-absent`: an `-A <chain>` line of `table` containing `contains`;
 * - `path`: the Bookinfo path has (`hasDiagnostic`) or lacks (`noDiagnostic`) a diagnostic;
 * - `path-hop-present` / `path-hop-absent`: a hop whose label contains `label`;
 * - `version`: the chosen profile; `backend`: the chosen rule backend (iptables / nftables);
 * - `no-errors`: the args have no error diagnostics.
 */
export type CheckSpec =
  | {
      readonly kind: 'trace';
      readonly packet: CheckPacket;
      readonly expectFinal?: string;
      readonly expectNotFinal?: string;
    }
  | {
      readonly kind: 'rule-present' | 'rule-absent';
      readonly table: string;
      readonly chain?: string;
      readonly contains: string;
    }
  | {
      readonly kind: 'path';
      readonly noDiagnostic?: DiagnosticCode;
      readonly hasDiagnostic?: DiagnosticCode;
    }
  | { readonly kind: 'path-hop-present' | 'path-hop-absent'; readonly label: string }
  | { readonly kind: 'version'; readonly equals: IstioVersion }
  | { readonly kind: 'backend'; readonly equals: Backend }
  | { readonly kind: 'no-errors' };
