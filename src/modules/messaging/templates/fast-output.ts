// A direct evaluator for the common Liquid output, `{{ a.b.c | filter: "literal", … }}`: the variable path is
// read from the scope and the filters (LiquidJS's own implementations and ours, bound as LiquidJS binds them)
// applied to literal arguments — without LiquidJS's generator machinery, which costs more than the filters
// themselves in a mail merge. Anything outside that subset (a Drop, an array, a missing key, a filter argument
// that is a variable, a thrown error) answers NOT_FAST, and the caller renders the node through LiquidJS, so
// every edge case and every error message stays LiquidJS's own. render.test.ts compares both on a corpus.
import { Output, toValueSync, type Context, type Liquid } from 'liquidjs';

export const NOT_FAST = Symbol('not fast');

type Literal = string | number | boolean | null | undefined;
type FilterArg = Literal | [string, Literal];

interface FastFilter {
  handler: (...args: unknown[]) => unknown;
  binding: { token: unknown; liquid: Liquid };
  args: FilterArg[];
}

export interface FastOutput {
  path: string[];
  filters: FastFilter[];
}

/** Liquidjs's token shapes, as far as this file reads them. */
interface TokenLike {
  content?: unknown;
  variable?: unknown;
  props?: TokenLike[];
  constructor: { name: string };
}
interface FilterLike {
  handler: (...args: unknown[]) => unknown;
  token: unknown;
  liquid: Liquid;
  args: Array<TokenLike | [string, TokenLike]>;
}

const isLiteralToken = (t: TokenLike): boolean => 'content' in t && t.constructor.name !== 'RangeToken';

/** The direct form of a parsed top-level output, or undefined when it is outside the subset. */
export function fastOutputOf(node: unknown): FastOutput | undefined {
  if (!(node instanceof Output)) return undefined;
  const value = (node as unknown as { value: { initial: { postfix: TokenLike[] }; filters: FilterLike[] } })
    .value;
  const postfix = value.initial.postfix;
  if (postfix.length !== 1) return undefined;
  const token = postfix[0]!;
  if (token.constructor.name !== 'PropertyAccessToken' || token.variable || !token.props?.length) {
    return undefined;
  }
  const path: string[] = [];
  for (const prop of token.props) {
    if (!isLiteralToken(prop) || typeof prop.content !== 'string') return undefined;
    path.push(prop.content);
  }
  const filters: FastFilter[] = [];
  for (const filter of value.filters) {
    const args: FilterArg[] = [];
    for (const arg of filter.args) {
      if (Array.isArray(arg)) {
        if (!isLiteralToken(arg[1])) return undefined;
        args.push([arg[0], arg[1].content as Literal]);
      } else {
        if (!isLiteralToken(arg)) return undefined;
        args.push(arg.content as Literal);
      }
    }
    filters.push({ handler: filter.handler, binding: { token: filter.token, liquid: filter.liquid }, args });
  }
  return { path, filters };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** The output's text, or NOT_FAST when LiquidJS must decide (including every error). */
export function renderFast(
  fast: FastOutput,
  scope: Record<string | symbol, unknown>,
  ctx: Context,
): string | typeof NOT_FAST {
  // What Context.findScope and readProperty would do for plain data, ownPropertyOnly and strict variables.
  const root = fast.path[0]!;
  for (const local of (ctx as unknown as { scopes: object[] }).scopes) if (root in local) return NOT_FAST; // an assign or a loop variable
  let value: unknown = scope;
  for (const key of fast.path) {
    if (value === null) continue; // reading a property of nil is nil
    if (!isPlainObject(value) || !Object.hasOwn(value, key) || typeof value.toLiquid === 'function') {
      return NOT_FAST;
    }
    value = value[key];
    if (value === undefined || typeof value === 'function') return NOT_FAST;
  }
  try {
    for (const filter of fast.filters) {
      value = toValueSync(filter.handler.apply({ context: ctx, ...filter.binding }, [value, ...filter.args]));
    }
  } catch {
    return NOT_FAST;
  }
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return NOT_FAST;
}
