// The cleaning rules of a sales history import and the grouping of its lines into orders. Pure: lines go in
// in file order, closed orders and cancellations come out, and every line that a rule drops comes out with
// the rule's name, so the report can count what each rule dropped and the error file can say why.
//
// Lines of one order are consecutive in till exports and in the public retail files; an order closes when a
// line of another order arrives. (An order whose lines come back later in the file is merged into the first
// part when it is recorded.) Exact duplicate lines are recognised within their order.
import { AppError } from '../../platform/http/errors.ts';
import type { DateOrder, HistoryLine } from './history-line.ts';

/** The cleaning rules, as chosen; stored with the import so a resumed run applies the same. */
export interface HistoryOptions {
  /** Customers matching no member: create the member (default) or skip their lines. */
  unknownCustomers?: 'create' | 'skip';
  /** Lines with a zero price (samples, staff meals): drop (default) or keep in the order. */
  zeroPrices?: 'drop' | 'keep';
  /** Exact copies of a line within its order: drop (default) or keep. */
  duplicates?: 'drop' | 'keep';
  /** Cancellations: refund the order they undo (default) or drop them. */
  cancellations?: 'refund' | 'drop';
  /** The order id marker of a cancellation; default "C". An empty string: no marker. */
  cancellationPrefix?: string;
  /** Slashed dates: day first (default) or month first (US files). */
  dateOrder?: DateOrder;
  /** The zone of times written without an offset; default the program's. */
  timeZone?: string;
}

export const HISTORY_DEFAULTS: Required<Omit<HistoryOptions, 'timeZone'>> = {
  unknownCustomers: 'create',
  zeroPrices: 'drop',
  duplicates: 'drop',
  cancellations: 'refund',
  cancellationPrefix: 'C',
  dateOrder: 'dmy',
};

const CHOICES: Record<keyof typeof HISTORY_DEFAULTS, readonly string[] | null> = {
  unknownCustomers: ['create', 'skip'],
  zeroPrices: ['drop', 'keep'],
  duplicates: ['drop', 'keep'],
  cancellations: ['refund', 'drop'],
  dateOrder: ['dmy', 'mdy'],
  cancellationPrefix: null,
};

/** The options with their defaults; throws invalid_history_option for a value that is not one of the choices. */
export function historyOptions(given: HistoryOptions): Required<Omit<HistoryOptions, 'timeZone'>> {
  const options = { ...HISTORY_DEFAULTS };
  for (const key of Object.keys(CHOICES) as (keyof typeof HISTORY_DEFAULTS)[]) {
    const value = given[key];
    if (value === undefined) continue;
    const choices = CHOICES[key];
    if (choices ? !choices.includes(value) : typeof value !== 'string' || value.length > 10) {
      throw new AppError(
        'invalid_history_option',
        400,
        `${key} "${String(value)}" should be ${choices ? choices.join(' or ') : 'a marker of at most 10 characters'}`,
        { option: key, value, choices },
      );
    }
    (options as Record<string, unknown>)[key] = value;
  }
  return options;
}

/** What a rule dropped, by rule: the report's cleaning counters. */
export const CLEANING_RULES = [
  'no_customer',
  'zero_price',
  'negative_price',
  'duplicate_line',
  'other_currency',
  'unknown_customer',
  'cancellation_dropped',
  'cancellation_unmatched',
  'negative_order',
] as const;
export type CleaningRule = (typeof CLEANING_RULES)[number];

export interface HistoryItem {
  sku: string;
  category?: string;
  description?: string;
  quantity: number;
  /** Minor units per unit. */
  price: number;
}

interface Group {
  orderId: string;
  customer: NonNullable<HistoryLine['customer']>;
  occurredAt: Date;
  currency: string;
  channel: string | null;
  store: string | null;
  /** Row numbers of its lines. */
  rows: number[];
}

export interface HistoryOrder extends Group {
  kind: 'order';
  items: HistoryItem[];
  /** Minor units, the lines' totals summed. */
  total: number;
}

export interface HistoryCancellation extends Group {
  kind: 'cancellation';
  originalOrderId: string | null;
  /** Minor units to refund (positive). */
  amount: number;
}

export type HistoryGroup = HistoryOrder | HistoryCancellation;

export interface DroppedLine {
  row: number;
  rule: CleaningRule;
}

interface OpenGroup {
  line: HistoryLine;
  group: HistoryGroup;
  seen: Set<string>;
}

/** Groups lines into orders and cancellations and applies the line rules. */
export class OrderAssembler {
  readonly #options: Required<Omit<HistoryOptions, 'timeZone'>>;
  readonly #currency: string;
  #open: OpenGroup | undefined;

  constructor(options: Required<Omit<HistoryOptions, 'timeZone'>>, programCurrency: string) {
    this.#options = options;
    this.#currency = programCurrency;
  }

  /** The first row of the order still open: everything before it is settled. */
  get openSince(): number | undefined {
    return this.#open?.group.rows[0];
  }

  /**
   * Takes a line (its raw cells for duplicate detection). Returns the group the line closed, if it closed one,
   * and the rule that dropped the line, if one did.
   */
  push(
    row: number,
    line: HistoryLine,
    cells: readonly string[],
  ): { closed?: HistoryGroup; dropped?: CleaningRule } {
    const closed = this.#open && this.#open.group.orderId !== line.orderId ? this.close() : undefined;
    const dropped = this.#add(row, line, cells);
    return { ...(closed ? { closed } : {}), ...(dropped ? { dropped } : {}) };
  }

  #add(row: number, line: HistoryLine, cells: readonly string[]): CleaningRule | undefined {
    if (!line.customer) return 'no_customer';
    if (line.currency !== this.#currency) return 'other_currency';
    if (line.cancellation && this.#options.cancellations === 'drop') return 'cancellation_dropped';
    if (line.unitPrice < 0) return 'negative_price';
    if (line.unitPrice === 0 && this.#options.zeroPrices === 'drop') return 'zero_price';
    let open = this.#open;
    if (open && open.group.orderId === line.orderId) {
      const key = cells.join('\u0000');
      if (this.#options.duplicates === 'drop' && open.seen.has(key)) return 'duplicate_line';
      open.seen.add(key);
    } else {
      open = this.#open = { line, group: this.#start(line), seen: new Set([cells.join('\u0000')]) };
    }
    const group = open.group;
    group.rows.push(row);
    if (group.kind === 'cancellation') {
      group.amount -= line.lineTotal;
    } else {
      group.total += line.lineTotal;
      group.items.push({
        sku: line.sku ?? line.description ?? '',
        ...(line.category ? { category: line.category } : {}),
        ...(line.description ? { description: line.description } : {}),
        quantity: line.quantity,
        price: line.unitPrice,
      });
    }
    return undefined;
  }

  #start(line: HistoryLine): HistoryGroup {
    const base = {
      orderId: line.orderId,
      customer: line.customer!,
      occurredAt: line.occurredAt,
      currency: line.currency,
      channel: line.channel,
      store: line.store,
      rows: [],
    };
    return line.cancellation
      ? { ...base, kind: 'cancellation', originalOrderId: line.originalOrderId, amount: 0 }
      : { ...base, kind: 'order', items: [], total: 0 };
  }

  /** Closes the open group (at the end of the file, or when the next order begins). */
  close(): HistoryGroup | undefined {
    const group = this.#open?.group;
    this.#open = undefined;
    return group;
  }
}
