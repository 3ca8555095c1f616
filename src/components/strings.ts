/**
 * The words on the display, per language. Elements pick the table from the nearest `lang`
 * (their own, an ancestor's, or the page's) and let `strings` override any entry.
 */
export interface DisplayStrings {
  order: string;
  billNumber: string;
  subtotal: string;
  tax: string;
  discount: string;
  total: string;
  items: string;
}

export const STRINGS: Record<'en' | 'id', DisplayStrings> = {
  en: {
    order: 'Your order',
    billNumber: 'Bill',
    subtotal: 'Subtotal',
    tax: 'Tax',
    discount: 'Discount',
    total: 'Total',
    items: 'Items',
  },
  id: {
    order: 'Pesanan Anda',
    billNumber: 'No. Bill',
    subtotal: 'Subtotal',
    tax: 'Pajak',
    discount: 'Diskon',
    total: 'Total',
    items: 'Item',
  },
};

/** The language in effect for `element`: the closest `lang` attribute, else English. */
export function languageOf(element: Element): keyof typeof STRINGS {
  const lang = (element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase();
  return lang.startsWith('id') || lang.startsWith('in') ? 'id' : 'en';
}

export function resolveStrings(element: Element, overrides?: Partial<DisplayStrings>): DisplayStrings {
  return { ...STRINGS[languageOf(element)], ...overrides };
}
