// Which CSV column of a sales history file fills which field of an order line. Header names of the public
// retail shape (InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice, CustomerID, Country) and common till
// exports in English, Hebrew and Persian map themselves; the API's `map` overrides or adds.
import { AppError } from '../../platform/http/errors.ts';
import { foldHeader, parseMapSpec } from './mapping.ts';

export const HISTORY_FIELDS = [
  'order_id',
  'original_order_id',
  'customer_id',
  'customer_email',
  'customer_phone',
  'occurred_at',
  'sku',
  'category',
  'description',
  'quantity',
  'unit_price',
  'line_total',
  'currency',
  'channel',
  'store',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

const ALIASES: Record<HistoryField, string[]> = {
  order_id: [
    'invoice',
    'invoiceno',
    'invoice no',
    'invoice number',
    'order',
    'order id',
    'order number',
    'receipt',
    'receipt number',
    'transaction id',
    'מספר הזמנה',
    'הזמנה',
    'מספר חשבונית',
    'חשבונית',
    'מספר קבלה',
    'شماره سفارش',
    'سفارش',
    'شماره فاکتور',
    'فاکتور',
  ],
  original_order_id: ['original order', 'original invoice', 'refund of', 'הזמנה מקורית', 'سفارش اصلی'],
  customer_id: [
    'customer',
    'customerid',
    'customer id',
    'client id',
    'member id',
    'external id',
    'מספר לקוח',
    'קוד לקוח',
    'לקוח',
    'מספר חבר',
    'کد مشتری',
    'شماره مشتری',
    'مشتری',
  ],
  customer_email: ['email', 'e-mail', 'customer email', 'אימייל', 'מייל', 'ایمیل'],
  customer_phone: ['phone', 'mobile', 'customer phone', 'טלפון', 'נייד', 'تلفن', 'موبایل'],
  occurred_at: [
    'invoicedate',
    'invoice date',
    'date',
    'order date',
    'time',
    'date time',
    'datetime',
    'תאריך',
    'תאריך הזמנה',
    'תאריך ושעה',
    'تاریخ',
    'تاریخ سفارش',
  ],
  sku: [
    'stockcode',
    'stock code',
    'sku',
    'product code',
    'item code',
    'barcode',
    'מק"ט',
    'מקט',
    'ברקוד',
    'کد کالا',
  ],
  category: ['category', 'department', 'product category', 'קטגוריה', 'מחלקה', 'دسته', 'دسته بندی'],
  description: ['description', 'product', 'item', 'product name', 'תיאור', 'מוצר', 'شرح', 'کالا', 'نام کالا'],
  quantity: ['quantity', 'qty', 'units', 'כמות', 'تعداد', 'مقدار'],
  unit_price: ['unitprice', 'unit price', 'price', 'מחיר', 'מחיר יחידה', 'قیمت', 'قیمت واحد'],
  line_total: ['line total', 'amount', 'total', 'סה"כ', 'סכום', 'مبلغ', 'جمع'],
  currency: ['currency', 'מטבע', 'ارز'],
  channel: ['channel', 'ערוץ', 'کانال'],
  store: ['store', 'branch', 'shop', 'country', 'סניף', 'חנות', 'شعبه', 'فروشگاه'],
};

const BY_ALIAS = new Map<string, HistoryField>();
for (const field of HISTORY_FIELDS) {
  BY_ALIAS.set(foldHeader(field), field);
  for (const alias of ALIASES[field]) BY_ALIAS.set(foldHeader(alias), field);
}

export interface HistoryMapping {
  /** field → column index */
  columns: Partial<Record<HistoryField, number>>;
  ignored: string[];
}

const isField = (name: string): name is HistoryField => (HISTORY_FIELDS as readonly string[]).includes(name);

/** The explicit mapping plus what the headers suggest; throws when a column every line needs is missing. */
export function mapHistoryColumns(
  header: string[],
  explicit: Record<string, string> | string | undefined,
): HistoryMapping {
  const columns: Partial<Record<HistoryField, number>> = {};
  const taken = new Set<number>();
  for (const [target, name] of Object.entries(parseMapSpec(explicit))) {
    if (!isField(target)) {
      throw new AppError(
        'invalid_mapping',
        400,
        `Unknown field "${target}" (use one of ${HISTORY_FIELDS.join(', ')})`,
        { field: target },
      );
    }
    const index = header.findIndex((h) => h === name || foldHeader(h) === foldHeader(name));
    if (index < 0) {
      throw new AppError('mapped_column_missing', 400, `The file has no column "${name}" for ${target}`, {
        field: target,
        column: name,
        header,
      });
    }
    columns[target] = index;
    taken.add(index);
  }
  header.forEach((h, index) => {
    const field = BY_ALIAS.get(foldHeader(h));
    if (taken.has(index) || !field || columns[field] !== undefined) return;
    columns[field] = index;
    taken.add(index);
  });
  const missing = (['order_id', 'occurred_at'] as const).filter((f) => columns[f] === undefined);
  if (columns.unit_price === undefined && columns.line_total === undefined)
    missing.push('unit_price' as never);
  if (missing.length) {
    throw new AppError(
      'history_column_missing',
      400,
      `A sales history needs columns for ${missing.join(', ')} (map them, e.g. order_id=Invoice)`,
      { fields: missing, header },
    );
  }
  return { columns, ignored: header.filter((h, i) => !taken.has(i) && !h.startsWith('_')) };
}
