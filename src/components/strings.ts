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
  /** Over a long bill scrolled to its newest line; `{count}` is the number of lines above. */
  moreAbove: string;
  amountDue: string;
  paymentMethod: string;
  tendered: string;
  change: string;
  scanToPay: string;
  expiresIn: string;
  qrExpired: string;
  paymentPending: string;
  paymentApproved: string;
  paymentDeclined: string;
  thankYou: string;
  comeAgain: string;
  welcome: string;
  welcomeDetail: string;
  connecting: string;
  connectionLost: string;
  reconnecting: string;
  stale: string;
  /** `{time}` is replaced by how long ago, e.g. "2 min". */
  lastUpdate: string;
  debugTitle: string;
  /** Names of payment methods, by the `method` value the cashier sends. */
  methods: Record<string, string>;
}

export const STRINGS: Record<'en' | 'id', DisplayStrings> = {
  en: {
    order: 'Your order',
    billNumber: 'Bill',
    subtotal: 'Subtotal',
    tax: 'Tax',
    discount: 'Discount',
    total: 'Total',
    moreAbove: '▲ {count} more',
    amountDue: 'Amount due',
    paymentMethod: 'Payment method',
    tendered: 'Paid',
    change: 'Change',
    scanToPay: 'Scan to pay',
    expiresIn: 'Expires in',
    qrExpired: 'This QR code has expired. Please ask the cashier for a new one.',
    paymentPending: 'Waiting for payment…',
    paymentApproved: 'Payment received',
    paymentDeclined: 'Payment declined',
    thankYou: 'Thank you!',
    comeAgain: 'See you again soon',
    welcome: 'Welcome',
    welcomeDetail: 'Your order will appear here',
    connecting: 'Connecting…',
    connectionLost: 'Connection lost',
    reconnecting: 'reconnecting…',
    stale: 'Waiting for updates…',
    lastUpdate: 'last update {time} ago',
    debugTitle: 'Display events',
    methods: { cash: 'Cash', qris: 'QRIS', qr: 'QR', card: 'Card', debit: 'Debit card', credit: 'Credit card', ewallet: 'E-wallet', transfer: 'Bank transfer' },
  },
  id: {
    order: 'Pesanan Anda',
    billNumber: 'No. Bill',
    subtotal: 'Subtotal',
    tax: 'Pajak',
    discount: 'Diskon',
    total: 'Total',
    moreAbove: '▲ {count} lainnya',
    amountDue: 'Total bayar',
    paymentMethod: 'Metode pembayaran',
    tendered: 'Dibayar',
    change: 'Kembalian',
    scanToPay: 'Pindai untuk membayar',
    expiresIn: 'Berlaku',
    qrExpired: 'Kode QR sudah kedaluwarsa. Silakan minta kode baru ke kasir.',
    paymentPending: 'Menunggu pembayaran…',
    paymentApproved: 'Pembayaran diterima',
    paymentDeclined: 'Pembayaran ditolak',
    thankYou: 'Terima kasih!',
    comeAgain: 'Sampai jumpa lagi',
    welcome: 'Selamat datang',
    welcomeDetail: 'Pesanan Anda akan tampil di sini',
    connecting: 'Menghubungkan…',
    connectionLost: 'Koneksi terputus',
    reconnecting: 'menyambung ulang…',
    stale: 'Menunggu pembaruan…',
    lastUpdate: 'pembaruan terakhir {time} yang lalu',
    debugTitle: 'Peristiwa layar',
    methods: { cash: 'Tunai', qris: 'QRIS', qr: 'QR', card: 'Kartu', debit: 'Kartu debit', credit: 'Kartu kredit', ewallet: 'Dompet digital', transfer: 'Transfer bank' },
  },
};

/** The nearest `lang` attribute in the composed tree (through shadow roots), like CSS `:lang()`. */
export function closestLang(element: Element): string | null {
  let node: Element | null = element;
  while (node) {
    const found = node.closest('[lang]');
    if (found) return found.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** The language in effect for `element`: the nearest `lang`, else the page's, else English. */
export function languageOf(element: Element): keyof typeof STRINGS {
  const lang = (closestLang(element) || document.documentElement.lang || 'en').toLowerCase();
  return lang.startsWith('id') || lang.startsWith('in') ? 'id' : 'en';
}

export function resolveStrings(element: Element, overrides?: Partial<DisplayStrings>): DisplayStrings {
  const base = STRINGS[languageOf(element)];
  return { ...base, ...overrides, methods: { ...base.methods, ...overrides?.methods } };
}

/** The shopper-facing name of a payment method: built-in word, else the value as sent. */
export function methodName(strings: DisplayStrings, method: string): string {
  return strings.methods[method.toLowerCase()] ?? method;
}
