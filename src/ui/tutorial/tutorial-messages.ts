import type { Lang } from '../i18n/messages.ts';
import { useExplorer } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';

/** The tutorial's strings (kept with the tutorial's lazy chunk, not the app dictionary). */
const EN = {
  open: 'Tutorial',
  openTitle: 'Open the guided tutorial beside the explorer',
  close: 'Close the tutorial',
  panel: 'Tutorial',
  lesson: 'Lesson',
  steps: 'Steps',
  stepOf: 'Step {n} of {total}',
  prev: 'Previous',
  next: 'Next',
  apply: 'Reset this step',
  applyTitle: 'Set the explorer back to this step’s starting state',
  exercise: 'Exercise',
  check: 'Check',
  checking: 'Checking…',
  passed: 'Solved. Well done!',
  failed: 'Not yet.',
  hint: 'Hint',
  found: 'The app computed: {actual}',
  done: '✓',
  lookAt: 'Look at',
  showFlag: 'Show {flag} in the editor',
  stepLink: 'Link to this step',
  copyLink: 'Copy link',
  copied: 'Copied.',
  embedStep: 'Embed this step',
  embedHelp: 'Paste into a docs page; the loader script turns it into a live explorer.',
  embedView: 'View',
  embedLoader: 'Loader snippet',
  embedIframe: 'iframe snippet',
  loading: 'Loading the tutorial…',
  changedArgs: 'The tutorial changed {flags}. Closing it gives your own args back.',
  changedText: 'The tutorial changed your input. Closing it gives your own input back.',
  keepArgs: 'Keep the tutorial’s',
  keepArgsTitle: 'Close later without restoring: keep the args the tutorial set',
} as const;

export type TutorialKey = keyof typeof EN;

const ZH: Readonly<Record<TutorialKey, string>> = {
  open: '教程',
  openTitle: '在浏览器旁边打开交互式教程',
  close: '关闭教程',
  panel: '教程',
  lesson: '课程',
  steps: '步骤',
  stepOf: '第 {n} 步，共 {total} 步',
  prev: '上一步',
  next: '下一步',
  apply: '重置本步',
  applyTitle: '把浏览器恢复到这一步的初始状态',
  exercise: '练习',
  check: '检查',
  checking: '检查中…',
  passed: '答对了，漂亮！',
  failed: '还不对。',
  hint: '提示',
  found: '当前计算结果：{actual}',
  done: '✓',
  lookAt: '关注',
  showFlag: '在编辑器里显示 {flag}',
  stepLink: '本步链接',
  copyLink: '复制链接',
  copied: '已复制。',
  embedStep: '嵌入这一步',
  embedHelp: '粘贴到文档页面里，加载脚本会把它变成一个可交互的浏览器。',
  embedView: '视图',
  embedLoader: '加载脚本片段',
  embedIframe: 'iframe 片段',
  loading: '正在加载教程…',
  changedArgs: '教程修改了 {flags}。关闭教程会恢复你自己的参数。',
  changedText: '教程修改了你的输入。关闭教程会恢复你自己的输入。',
  keepArgs: '保留教程的参数',
  keepArgsTitle: '关闭时不恢复：保留教程设置的参数',
};

const TABLES: Readonly<Record<Lang, Readonly<Record<TutorialKey, string>>>> = { en: EN, zh: ZH };

export type TutorialT = (
  key: TutorialKey,
  params?: Readonly<Record<string, string | number>>,
) => string;

function createTutorialT(lang: Lang): TutorialT {
  const table = TABLES[lang];
  return (key, params) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
}

const TRANSLATORS: Readonly<Record<Lang, TutorialT>> = {
  en: createTutorialT('en'),
  zh: createTutorialT('zh'),
};

/** The tutorial's translate function in the page language. */
export function useTutorialT(): TutorialT {
  return TRANSLATORS[useExplorer(selectLang)];
}
