/**
 * The first bill, rendered by the hub into the display app's page, so the shopper sees it
 * with the page's first paint, before any script has run (on weak screen hardware the
 * scripts take most of a second to parse and run: see `bench/first-bill.ts`).
 *
 * It is a static copy of what `<customer-display>` shows in its bill phase: the same markup
 * and classes, in declarative shadow roots (`<template shadowrootmode>`), styled by the
 * elements' own style sheets, so when the page script has built the live display and it has
 * rendered, removing this copy changes no pixel that matters. Engines without declarative
 * shadow DOM keep the templates inert: they show nothing until the live display, as before.
 *
 * It never outlives its moment: the page script removes it once the live display has
 * rendered, and if no script runs (a broken bundle, an engine it fails in) a CSS animation
 * hides it after {@link FIRST_PAINT_LIFETIME_S} seconds, so it can never stay on screen as
 * an old bill while the till moves on. Text is escaped (item names are text, never HTML).
 */
import { BillUpdateEvent, type Bill } from '../../protocol/index.js';
import { FIRST_PAINT_ELEMENT_ID, FIRST_PAINT_END, FIRST_PAINT_START, type DisplaySeed } from '../../protocol/initial-state.js';
import type { ServedScreen } from '../../protocol/display-app.js';
import { billPanelStyles } from '../../components/bill-panel/bill-panel.styles.js';
import { customerDisplayStyles } from '../../components/customer-display/customer-display.styles.js';
import { formatMoney, formatQuantity } from '../../components/format.js';
import { STRINGS, type DisplayStrings } from '../../components/strings.js';
import { themeTokens } from '../../components/theme.styles.js';

/** Seconds after which the copy hides itself even if no script removed it. */
export const FIRST_PAINT_LIFETIME_S = 15;


const DEFAULT_LOCALE = 'id-ID';
const DEFAULT_CURRENCY = 'IDR';

/** What the page is shown with: the screen's settings (the lane's overrides applied) and the query's. */
export interface FirstPaintSettings {
  screen: ServedScreen;
  /** `?theme=`, `?lang=`: they win over the configuration, as in the page script. */
  theme?: string | null;
  lang?: string | null;
}

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/**
 * The bill the seed shows, when the display's phase would be the bill: a bill with lines, no
 * payment and no payment dialog (those, rarer at a page load, wait for the live display).
 */
export function firstPaintBill(seed: DisplaySeed | null | undefined): Bill | null {
  if (!seed) return null;
  let bill: Bill | null = null;
  for (const { event, data } of seed.events) {
    if (event === 'modal-show') return null;
    if (event === 'payment-update' && (data as { status?: unknown } | null)?.status !== 'cancelled') return null;
    if (event === 'bill-update') {
      const parsed = BillUpdateEvent.safeParse(data);
      bill = parsed.success ? parsed.data : null;
    }
  }
  return bill && bill.items.length > 0 ? bill : null;
}

/** The copy of the bill phase, or '' when the seed shows no bill. */
export function firstPaintHtml(seed: DisplaySeed | null | undefined, settings: FirstPaintSettings): string {
  const bill = firstPaintBill(seed);
  if (!bill) return '';
  const { screen } = settings;
  const language = (settings.lang || screen.language || 'id').toLowerCase();
  const words = STRINGS[language.startsWith('id') || language.startsWith('in') ? 'id' : 'en'];
  const locale = screen.locale || DEFAULT_LOCALE;
  const currency = screen.currency || DEFAULT_CURRENCY;
  const money = (amount: number) => escapeText(formatMoney(amount, locale, currency));
  const theme = settings.theme || screen.theme;
  const themeAttribute = theme === 'light' || theme === 'dark' ? ` theme="${theme}"` : '';
  const logo = (className: string) => (screen.logo ? `<img class="${className}" src="${escapeAttribute(screen.logo)}" alt="" />` : '');
  const shopName = screen.shopName ? escapeText(screen.shopName) : '';

  const lines = bill.items
    .map((item) => {
      const notes = item.notes ? `<span part="item-notes" class="notes">${escapeText(String(item.notes))}</span>` : '';
      return `<li part="item" class="item"><div class="item-info"><span part="item-name" class="name">${escapeText(String(item.name))}</span>${notes}</div><span part="item-quantity" class="quantity">×${escapeText(formatQuantity(item.quantity, locale))}</span><span part="item-price" class="price">${money(item.subtotal)}</span></li>`;
    })
    // Newest first, shown bottom-up (see FIRST_PAINT_LIST): a long bill opens at its newest line, as the live one does.
    .reverse()
    .join('');

  const billPanel = `<div class="first-paint-bill" part="bill"><template shadowrootmode="open"><style>${themeTokens.cssText}${billPanelStyles.cssText}${FIRST_PAINT_LIST}</style><section part="base" class="bill" aria-label="${escapeAttribute(words.order)}"><header part="header" class="header"><span part="title" class="title">${escapeText(words.order)}</span><span part="bill-number" class="bill-number">${escapeText(words.billNumber)} ${escapeText(String(bill.bill_number ?? '--'))}</span></header><ol part="items" class="items" aria-label="${escapeAttribute(words.billItems)}">${lines}</ol>${totals(bill, words, money)}</section></template></div>`;

  return `${FIRST_PAINT_START}<div id="${FIRST_PAINT_ELEMENT_ID}"${themeAttribute} lang="${escapeAttribute(language)}"><template shadowrootmode="open"><style>${themeTokens.cssText}${customerDisplayStyles.cssText.replace('bill-panel {', 'bill-panel, .first-paint-bill {')}${FIRST_PAINT_HOST}</style><div part="base" class="layout phase-bill"><header part="header" class="header">${logo('logo')} ${shopName ? `<span class="shop-name">${shopName}</span>` : ''}</header><main part="main" class="main"><section part="sale" class="region sale current"><aside part="aside" class="aside"><div class="brand">${logo('brand-logo')}<strong>${shopName || escapeText(words.welcome)}</strong>${screen.tagline ? `<span>${escapeText(screen.tagline)}</span>` : ''}</div></aside>${billPanel}</section></main><footer part="footer" class="footer${screen.footer ? '' : ' empty'}">${screen.footer ? `<span>${escapeText(screen.footer)}</span>` : ''}</footer></div></template></div>${FIRST_PAINT_END}`;
}

/** As `<bill-panel>` renders them: subtotal and tax unless 0 (a till posting the total only), the discount only when there is one. */
function totals(bill: Bill, words: DisplayStrings, money: (amount: number) => string): string {
  const row = (part: string, name: string, label: string, value: string) => `<div part="${part}" class="row ${name}"><dt>${escapeText(label)}</dt><dd>${value}</dd></div>`;
  return `<dl part="totals" class="totals">${bill.subtotal !== 0 ? row('subtotal-row', 'subtotal', words.subtotal, money(bill.subtotal)) : ''}${
    bill.tax !== 0 ? row('tax-row', 'tax', words.tax, money(bill.tax)) : ''
  }${
    bill.discount > 0 ? row('discount-row', 'discount', words.discount, `−${money(bill.discount)}`) : ''
  }${row('total-row', 'total', words.total, money(bill.total))}</dl>`;
}

/**
 * Over the page until removed, and hidden by itself after its lifetime. `:host` is the
 * copy's own element: nothing here reaches the page's other elements.
 */
const FIRST_PAINT_HOST = `:host{position:fixed;inset:0;z-index:2147483647;animation:first-paint-expires 0s linear ${FIRST_PAINT_LIFETIME_S}s forwards}@keyframes first-paint-expires{to{visibility:hidden}}`;

/**
 * The list bottom-up with its lines newest first: it shows the newest lines and clips the
 * oldest above, with no script to scroll it (a short bill still starts at the top: the newest
 * line's auto margin takes the free space below it). The separators follow the reversed
 * order. Not focusable: it is gone before anyone could reach it.
 */
const FIRST_PAINT_LIST = `.items{display:flex;flex-direction:column-reverse;overflow:hidden}.item:last-child{border-bottom:1px solid var(--_border)}.item:first-child{border-bottom:none;margin-bottom:auto}`;
