// The sandboxed Liquid engines. Templates are written by club staff and rendered for every member, so a
// template may not read files (include/render/layout refused when parsed; no file system configured), may not
// loop without end (at most MAX_LOOP_ITERATIONS loop iterations per render, counted, not timed), may not
// allocate without bound (LiquidJS's memoryLimit) nor produce more than MAX_OUTPUT characters. Variables are
// strict: an unknown one is an error, never an empty string in a customer's inbox.
import {
  Context,
  ForTag,
  Liquid,
  Output,
  TokenKind,
  toValueSync,
  TablerowTag,
  Tag,
  type Template,
  type TagToken,
  type TopLevelToken,
} from 'liquidjs';
import {
  FilterArgumentError,
  localDateFilter,
  localeDigits,
  moneyFilter,
  numberFilter,
  type ReaderFormat,
} from './filters.ts';
import { fastOutputOf, NOT_FAST, renderFast, type FastOutput } from './fast-output.ts';

export const MAX_LOOP_ITERATIONS = 10_000;
export const MAX_OUTPUT = 512 * 1024;
const MEMORY_LIMIT = 1_000_000;
/** A safety net only; the counted limits above are what bound a template. */
const RENDER_TIME_LIMIT_MS = 2_000;

/** The reader's format rides on the scope under a symbol: templates cannot see or change it. */
export const READER = Symbol('reader');

export class TemplateLimitError extends Error {}

class RefusedTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    throw new Error(`the ${token.name} tag is not allowed: templates cannot read other files`);
  }
  render(): void {}
}

/** One zero-output template at the head of every loop body: counts iterations across the whole render. */
function iterationCounter(token: TagToken): Template {
  return {
    token,
    render(ctx: Context) {
      const loops = ctx.getRegister<{ n: number }>('moadon:loops', { n: 0 });
      ctx.setRegister('moadon:loops', loops);
      loops.n += 1;
      if (loops.n > MAX_LOOP_ITERATIONS) {
        throw new TemplateLimitError(`loops ran more than ${MAX_LOOP_ITERATIONS} times in one message`);
      }
    },
  } as unknown as Template;
}

class CountedFor extends ForTag {
  constructor(...args: ConstructorParameters<typeof ForTag>) {
    super(...args);
    this.templates.unshift(iterationCounter(args[0]));
  }
}

class CountedTablerow extends TablerowTag {
  constructor(...args: ConstructorParameters<typeof TablerowTag>) {
    super(...args);
    this.templates.unshift(iterationCounter(args[0]));
  }
}

/** What LiquidJS binds `this` to in a filter. */
interface FilterThis {
  context: Context;
}

function readerOf(impl: FilterThis): ReaderFormat {
  const reader = (impl.context.environments as Record<symbol, ReaderFormat | undefined>)[READER];
  if (!reader) throw new Error('rendered without a reader format');
  return reader;
}

function createEngine(outputEscape: 'escape' | undefined): Liquid {
  const engine = new Liquid({
    templates: {}, // in-memory and empty: no file system, whatever a template asks for
    strictVariables: true,
    strictFilters: true,
    lenientIf: true, // `{% if coupon.code %}` and `| default:` on a missing value are fine
    ownPropertyOnly: true,
    jsTruthy: false,
    memoryLimit: MEMORY_LIMIT,
    renderLimit: RENDER_TIME_LIMIT_MS,
    parseLimit: 1_000_000,
    ...(outputEscape ? { outputEscape } : {}),
  });
  for (const name of ['include', 'render', 'layout']) engine.registerTag(name, RefusedTag);
  engine.registerTag('for', CountedFor);
  engine.registerTag('tablerow', CountedTablerow);
  engine.registerFilter('money', function (this: FilterThis, value: unknown, currency?: unknown) {
    return moneyFilter(readerOf(this), value, currency);
  });
  engine.registerFilter('number', function (this: FilterThis, value: unknown) {
    return numberFilter(readerOf(this), value);
  });
  engine.registerFilter(
    'local_date',
    function (this: FilterThis, value: unknown, style?: unknown, calendar?: unknown) {
      return localDateFilter(readerOf(this), value, style, calendar);
    },
  );
  engine.registerFilter('digits', function (this: FilterThis, value: unknown) {
    return localeDigits(value === null || value === undefined ? '' : String(value), readerOf(this).locale);
  });
  return engine;
}

/** For HTML: every output is HTML-escaped (a member named `<b>` stays text). */
export const htmlLiquid = createEngine('escape');
/** For subjects, SMS and the text part. */
export const textLiquid = createEngine(undefined);

export type ParsedLiquid = Template[];

/** Synchronous: every filter is, and a mail merge should not pay a promise per output. */
export function renderLiquid(
  engine: Liquid,
  parsed: ParsedLiquid,
  scope: object,
  reader: ReaderFormat,
): string {
  const out: string = engine.renderSync(parsed, { ...scope, [READER]: reader });
  if (out.length > MAX_OUTPUT) {
    throw new TemplateLimitError(`the message is longer than ${MAX_OUTPUT} characters`);
  }
  return out;
}

/** Where a Liquid error happened in its source, and a sentence without LiquidJS's own position suffix. */
export function describeLiquidError(error: unknown): { message: string; line?: number; column?: number } {
  const e = error as {
    message?: string;
    token?: { getPosition?: () => [number, number] };
    originalError?: unknown;
  };
  const inner = e.originalError instanceof Error ? e.originalError : undefined;
  const cause =
    inner instanceof TemplateLimitError || inner instanceof FilterArgumentError ? inner : undefined;
  const message = (cause?.message ?? e.message ?? String(error)).replace(/, line:\d+, col:\d+$/, '');
  const position = e.token?.getPosition?.();
  return position ? { message, line: position[0], column: position[1] } : { message };
}

/**
 * A parsed part (subject, HTML or text) as steps: static text, or a node to render. A top-level output
 * (`{{ … }}` outside any tag) is keyed by its source, so within one message it is evaluated once even when the
 * subject, the HTML and the text part all say `{{ member.first_name | default: "…" }}`. Keys are only given
 * when nothing in the template can change a variable (no assign, capture, increment, decrement).
 */
export type RenderStep =
  | string
  | {
      node: ParsedLiquid[number];
      key: string | undefined;
      escape: boolean;
      /** The node's direct form when it has one (fast-output.ts); LiquidJS renders it otherwise. */
      fast: FastOutput | undefined;
    };

/** LiquidJS's own escape (outputEscape: 'escape'), so both ways of escaping write the same bytes. */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function planOf(engine: Liquid, parsed: ParsedLiquid, memoizable: boolean): RenderStep[] {
  const step = (node: ParsedLiquid[number], key: string | undefined, escape: boolean): RenderStep => ({
    node,
    key,
    escape,
    fast: fastOutputOf(node),
  });
  return parsed.map((node) => {
    if (node.token.kind === TokenKind.HTML) return (node as unknown as { str: string }).str;
    if (!memoizable || !(node instanceof Output)) return step(node, undefined, false);
    const source = node.token.getText();
    if (engine === textLiquid) return step(node, source, false);
    // An HTML output is its text twin escaped (unless it opts out with `| raw`): one evaluation serves the
    // subject, the HTML and the text part.
    if (/\|\s*raw\b/.test(source)) return step(node, `raw:${source}`, false);
    return step(textLiquid.parse(source)[0]!, source, true);
  });
}

export const mutatesVariables = (source: string) =>
  /\{%-?\s*(assign|capture|increment|decrement|liquid)\b/.test(source);

/** Per message: one Liquid context (loop counts and memory limits span the whole message) and the output memo. */
export class MessageRender {
  private readonly ctx: Context;
  private readonly env: Record<string | symbol, unknown>;
  private readonly memo = new Map<string, string>();
  constructor(scope: object, reader: ReaderFormat) {
    this.env = { ...scope, [READER]: reader };
    this.ctx = new Context(this.env, textLiquid.options);
  }

  run(engine: Liquid, steps: RenderStep[]): string {
    let out = '';
    for (const step of steps) {
      if (typeof step === 'string') {
        out += step;
        continue;
      }
      let value = step.key === undefined ? undefined : this.memo.get(step.key);
      if (value === undefined) {
        const fast = step.fast ? renderFast(step.fast, this.env, this.ctx) : NOT_FAST;
        value =
          fast !== NOT_FAST
            ? fast
            : (toValueSync(engine.renderer.renderTemplates([step.node], this.ctx)) as string);
        if (step.key !== undefined) this.memo.set(step.key, value);
      }
      out += step.escape ? escapeHtml(value) : value;
      if (out.length > MAX_OUTPUT) {
        throw new TemplateLimitError(`the message is longer than ${MAX_OUTPUT} characters`);
      }
    }
    return out;
  }
}
