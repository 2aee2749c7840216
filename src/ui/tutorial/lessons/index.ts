import type { Lesson } from '../lesson-types.ts';
import interceptEn from './intercept/en.md?raw';
import interceptZh from './intercept/zh.md?raw';
import { INTERCEPT_STEPS } from './intercept/steps.ts';
import ambientEn from './ambient/en.md?raw';
import ambientZh from './ambient/zh.md?raw';
import { AMBIENT_STEPS } from './ambient/steps.ts';

/** Every lesson of the tutorial; the first one opens by default. */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'intercept',
    title: { en: 'How Istio intercepts a pod’s traffic', zh: 'Istio 如何拦截 Pod 的流量' },
    text: { en: interceptEn, zh: interceptZh },
    steps: INTERCEPT_STEPS,
  },
  {
    id: 'ambient',
    title: {
      en: 'Ambient mode: ztunnel and the istio-cni node agent',
      zh: 'Ambient 模式：ztunnel 与 istio-cni 节点代理',
    },
    text: { en: ambientEn, zh: ambientZh },
    steps: AMBIENT_STEPS,
  },
];
