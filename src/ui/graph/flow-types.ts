import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { ChainNode } from './chain-node.tsx';
import { JumpEdge } from './jump-edge.tsx';

// Module scope (STYLE.md §6): new objects per render would remount every node.
export const nodeTypes: NodeTypes = { chain: ChainNode };
export const edgeTypes: EdgeTypes = { jump: JumpEdge };
