import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorSelection, EditorState, Prec, StateEffect, StateField, type Range } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  highlightActiveLine,
  hoverTooltip,
  keymap,
  type DecorationSet,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { BlamelessHint } from '../../../shared/postmortem/blamelessHints';
import type { MarkdownAnalysis } from './analyzeMarkdown';

export interface MarkdownEditorOptions {
  /** An empty element; the editor lives in its shadow root (see below for why). */
  host: HTMLElement;
  doc: string;
  label: string;
  /** Hints and problems for a text; run a short pause after typing, not on every keystroke. */
  analyze(text: string): MarkdownAnalysis;
  onAnalysis(analysis: MarkdownAnalysis): void;
  onChange(text: string): void;
  onBlur(): void;
  /** Ctrl/Cmd-S: save now. */
  onSave(): void;
  /** Esc: give the centre pane back to the incident. */
  onEscape(): void;
}

export interface MarkdownEditor {
  text(): string;
  /** Replaces the text with `next`, touching only the part that differs (cursor and undo stay sane). */
  replaceText(next: string): void;
  select(from: number, to: number): void;
  goToLine(line: number): void;
  focus(): void;
  destroy(): void;
}

const ANALYSIS_DELAY_MS = 250;

/*
 * Why a shadow root. CodeMirror themes itself through style-mod, which on a document inserts a
 * <style> element, and the app's CSP (`style-src 'self'`, in the host's header and in
 * index.html's meta) refuses inline <style> elements: the editor would come up unstyled (no
 * cursor layer, no selection, no tooltips). In a shadow root, style-mod adopts a constructed
 * stylesheet (`adoptedStyleSheets`) instead: that is CSSOM, which CSP does not govern, so the
 * policy stays exactly as strict and no nonce has to be minted per page load (the Electron
 * shell loads a static file, where a fresh nonce is not possible). The app's CSS variables
 * inherit into the shadow tree, so the editor follows both themes.
 */
const HOST_SHEET = `
:host { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
.pm-cm-mount { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.pm-cm-mount > .cm-editor { flex: 1; min-height: 0; }
`;

const setAnalysis = StateEffect.define<MarkdownAnalysis>();

interface AnalysisDecorations {
  hints: DecorationSet;
  lines: DecorationSet;
}

/** Hint underlines and problem / front-matter line marks, mapped through edits until the next analysis. */
const analysisField = StateField.define<AnalysisDecorations>({
  create: () => ({ hints: Decoration.none, lines: Decoration.none }),
  update(value, tr) {
    let next = tr.docChanged ? { hints: value.hints.map(tr.changes), lines: value.lines.map(tr.changes) } : value;
    for (const effect of tr.effects) if (effect.is(setAnalysis)) next = decorationsOf(tr.state, effect.value);
    return next;
  },
  provide: (field) => [
    EditorView.decorations.from(field, (v) => v.hints),
    EditorView.decorations.from(field, (v) => v.lines),
  ],
});

function decorationsOf(state: EditorState, analysis: MarkdownAnalysis): AnalysisDecorations {
  const length = state.doc.length;
  const hints = analysis.hints
    .filter((h) => h.end <= length && h.start < h.end)
    .map((h) => Decoration.mark({ class: 'cm-blameless', hint: h }).range(h.start, h.end));
  const lines: Range<Decoration>[] = [];
  const lineMark = (n: number, cls: string) => {
    if (n >= 1 && n <= state.doc.lines) lines.push(Decoration.line({ class: cls }).range(state.doc.line(n).from));
  };
  for (let n = 1; n <= analysis.frontMatterLines; n++) lineMark(n, 'cm-frontmatter');
  const worst = new Map<number, 'error' | 'warning'>();
  for (const p of analysis.problems) if (worst.get(p.line) !== 'error') worst.set(p.line, p.severity);
  for (const [n, severity] of worst) lineMark(n, severity === 'error' ? 'cm-problem-line' : 'cm-warning-line');
  return { hints: Decoration.set(hints, true), lines: Decoration.set(lines, true) };
}

/** The explanation of a hint where the pointer rests on its underline. */
const hintTooltip = hoverTooltip((view, pos) => {
  let found: { from: number; to: number; hint: BlamelessHint } | null = null;
  view.state.field(analysisField).hints.between(pos, pos, (from, to, deco) => {
    found = { from, to, hint: (deco.spec as { hint: BlamelessHint }).hint };
    return false;
  });
  if (!found) return null;
  const { from, to, hint } = found as { from: number; to: number; hint: BlamelessHint };
  return {
    pos: from,
    end: to,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-blameless-tip';
      const why = document.createElement('p');
      why.textContent = hint.why;
      const instead = document.createElement('p');
      instead.className = 'cm-blameless-instead';
      instead.textContent = `Instead: ${hint.suggestion}`;
      dom.append(why, instead);
      return { dom };
    },
  };
});

/** Colours from the app's variables, so both themes hold; sizes stay one size (dense and calm). */
const highlight = HighlightStyle.define([
  { tag: tags.heading, fontWeight: '600', color: 'var(--accent)' },
  { tag: tags.strong, fontWeight: '600' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: [tags.link, tags.url], color: 'var(--accent)' },
  { tag: tags.monospace, color: 'var(--warn)' },
  { tag: [tags.processingInstruction, tags.contentSeparator, tags.list, tags.quote], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--bg-raised)',
    fontSize: '13px',
    height: '100%',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
    lineHeight: '1.55',
    overflow: 'auto',
  },
  '.cm-content': { padding: '12px 0 40vh', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0 16px' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--bg-selected)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--bg-hover) 55%, transparent)' },
  // The YAML front matter reads to Markdown as a rule and a setext heading; it is data: keep it quiet.
  '.cm-frontmatter, .cm-frontmatter span': { color: 'var(--muted) !important', fontWeight: 'normal !important' },
  '.cm-problem-line': { backgroundColor: 'color-mix(in srgb, var(--bad) 14%, transparent)' },
  '.cm-warning-line': { backgroundColor: 'color-mix(in srgb, var(--warn) 10%, transparent)' },
  '.cm-blameless': {
    textDecoration: 'underline wavy color-mix(in srgb, var(--warn) 80%, transparent)',
    textDecorationThickness: '1px',
    textUnderlineOffset: '3px',
    textDecorationSkipInk: 'none',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--bg-raised)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    boxShadow: '0 4px 14px rgb(0 0 0 / 25%)',
  },
  '.cm-blameless-tip': {
    maxWidth: '360px',
    padding: '8px 10px',
    fontFamily: 'system-ui, sans-serif',
    fontSize: '12.5px',
    lineHeight: '1.4',
  },
  '.cm-blameless-tip p': { margin: '0 0 4px' },
  '.cm-blameless-instead': { color: 'var(--muted)', marginBottom: '0' },
});

/** The post-mortem's Markdown editor: CodeMirror 6 in a shadow root, with hints and problem lines. */
export function createMarkdownEditor(opts: MarkdownEditorOptions): MarkdownEditor {
  const shadow = opts.host.shadowRoot ?? opts.host.attachShadow({ mode: 'open' });
  shadow.replaceChildren();
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(HOST_SHEET);
  shadow.adoptedStyleSheets = [sheet];
  const mount = document.createElement('div');
  mount.className = 'pm-cm-mount';
  shadow.append(mount);
  /*
   * Out of a shadow root a key event is retargeted to the host, a plain div, so the app's
   * single-key shortcuts (n, a, m, s...) cannot tell that someone is typing and would fire on
   * every letter. Typing stays in the editor; chords (Ctrl-K for the palette) still go up.
   */
  const keepTyping = (e: KeyboardEvent) => {
    if (!e.ctrlKey && !e.metaKey && !e.altKey) e.stopPropagation();
  };
  opts.host.addEventListener('keydown', keepTyping);

  let timer: ReturnType<typeof setTimeout> | null = null;
  const analyzeNow = () => {
    timer = null;
    const analysis = opts.analyze(view.state.doc.toString());
    view.dispatch({ effects: setAnalysis.of(analysis) });
    opts.onAnalysis(analysis);
  };

  const view: EditorView = new EditorView({
    parent: mount,
    root: shadow,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-s',
              run: () => {
                opts.onSave();
                return true;
              },
            },
            {
              key: 'Escape',
              run: () => {
                opts.onEscape();
                return true;
              },
            },
          ]),
        ),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        markdown(),
        syntaxHighlighting(highlight),
        highlightActiveLine(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': opts.label, spellcheck: 'true' }),
        analysisField,
        hintTooltip,
        theme,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          opts.onChange(update.state.doc.toString());
          if (timer) clearTimeout(timer);
          timer = setTimeout(analyzeNow, ANALYSIS_DELAY_MS);
        }),
        EditorView.domEventHandlers({
          blur: () => {
            opts.onBlur();
          },
        }),
      ],
    }),
  });
  analyzeNow();

  return {
    text: () => view.state.doc.toString(),
    replaceText(next) {
      const current = view.state.doc.toString();
      if (next === current) return;
      let start = 0;
      while (start < current.length && start < next.length && current[start] === next[start]) start++;
      let endCur = current.length;
      let endNext = next.length;
      while (endCur > start && endNext > start && current[endCur - 1] === next[endNext - 1]) {
        endCur--;
        endNext--;
      }
      view.dispatch({ changes: { from: start, to: endCur, insert: next.slice(start, endNext) } });
    },
    select(from, to) {
      const len = view.state.doc.length;
      view.dispatch({
        selection: EditorSelection.range(Math.min(from, len), Math.min(to, len)),
        effects: EditorView.scrollIntoView(Math.min(from, len), { y: 'center' }),
      });
      view.focus();
    },
    goToLine(line) {
      const n = Math.max(1, Math.min(line, view.state.doc.lines));
      const at = view.state.doc.line(n);
      view.dispatch({ selection: { anchor: at.from }, effects: EditorView.scrollIntoView(at.from, { y: 'center' }) });
      view.focus();
    },
    focus: () => view.focus(),
    destroy() {
      if (timer) clearTimeout(timer);
      opts.host.removeEventListener('keydown', keepTyping);
      view.destroy();
      shadow.replaceChildren();
    },
  };
}
