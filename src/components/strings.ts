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
  /** The name of a bill's list of lines (it scrolls, so it is a keyboard stop and needs a name). */
  billItems: string;
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
  /** The mirrored payment dialog's accessible name, when its HTML has no heading. */
  paymentDialog: string;
  thankYou: string;
  comeAgain: string;
  welcome: string;
  welcomeDetail: string;
  connecting: string;
  connectionLost: string;
  reconnecting: string;
  /** What is still owed when the amount received is less than the amount due. */
  shortfall: string;
  /** The hub refused this screen's stream (401/403): pairing, not the network, is the problem. */
  notPaired: string;
  stale: string;
  /** `{time}` is replaced by how long ago, e.g. "2 min". */
  lastUpdate: string;
  debugTitle: string;
  /** A display waiting to be paired: the title, how to pair it, and while no code has come yet. */
  pairTitle: string;
  /** `{admin}` is replaced by the hub's admin page address (`http://192.168.1.10:5000/admin/`). */
  pairHint: string;
  pairWaiting: string;
  /** Names of payment methods, by the `method` value the cashier sends. */
  methods: Record<string, string>;
  /** The words of `<shopper-prompt>`. */
  prompts: PromptStrings;
}

/** The words of the shopper's prompts. `{…}` are replaced. */
export interface PromptStrings {
  /** Titles when the cashier sends none, by kind. */
  titles: Record<'tip' | 'receipt' | 'phone' | 'confirm' | 'rating' | 'choice', string>;
  noTip: string;
  otherAmount: string;
  /** Receipt channels, by value. */
  channels: Record<'print' | 'email' | 'whatsapp' | 'sms' | 'none', string>;
  yes: string;
  no: string;
  send: string;
  back: string;
  erase: string;
  emailAddress: string;
  phoneNumber: string;
  /** `{max}`: the largest amount accepted. */
  atMost: string;
  /** `{n}` of `{max}` stars. */
  stars: string;
  /** `{time}`: e.g. 0:12. */
  timeLeft: string;
  sending: string;
  received: string;
  /** `{reason}`: the hub's words. */
  notSent: string;
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
    billItems: 'Bill items',
    amountDue: 'Amount due',
    paymentMethod: 'Payment method',
    tendered: 'Paid',
    change: 'Change',
    shortfall: 'Short',
    scanToPay: 'Scan to pay',
    expiresIn: 'Expires in',
    qrExpired: 'This QR code has expired. Please ask the cashier for a new one.',
    paymentPending: 'Waiting for payment…',
    paymentApproved: 'Payment received',
    paymentDeclined: 'Payment declined',
    paymentDialog: 'Payment',
    thankYou: 'Thank you!',
    comeAgain: 'See you again soon',
    welcome: 'Welcome',
    welcomeDetail: 'Your order will appear here',
    connecting: 'Connecting…',
    connectionLost: 'Connection lost',
    reconnecting: 'reconnecting…',
    notPaired: 'This screen is not paired, or not allowed on this till: pair it on the hub’s admin page',
    pairTitle: 'Pair this display',
    pairHint: 'On the hub’s admin page, {admin}, enter this code and choose a till.',
    pairWaiting: 'Waiting for the hub…',
    stale: 'Waiting for updates…',
    lastUpdate: 'last update {time} ago',
    debugTitle: 'Display events',
    methods: { cash: 'Cash', qris: 'QRIS', qr: 'QR', card: 'Card', debit: 'Debit card', credit: 'Credit card', ewallet: 'E-wallet', transfer: 'Bank transfer' },
    prompts: {
      titles: {
        tip: 'Would you like to add a tip?',
        receipt: 'How would you like your receipt?',
        phone: 'Your phone number',
        confirm: 'Please confirm',
        rating: 'How was our service?',
        choice: 'Please choose',
      },
      noTip: 'No tip',
      otherAmount: 'Other amount',
      channels: { print: 'Printed', email: 'Email', whatsapp: 'WhatsApp', sms: 'SMS', none: 'No receipt' },
      yes: 'Yes',
      no: 'No',
      send: 'Send',
      back: 'Back',
      erase: 'Delete',
      emailAddress: 'Email address',
      phoneNumber: 'Phone number',
      atMost: 'At most {max}',
      stars: '{n} of {max}',
      timeLeft: '{time} left',
      sending: 'Sending…',
      received: 'Thank you, received',
      notSent: 'Not sent: {reason}',
    },
  },
  id: {
    order: 'Pesanan Anda',
    billNumber: 'No. Bill',
    subtotal: 'Subtotal',
    tax: 'Pajak',
    discount: 'Diskon',
    total: 'Total',
    moreAbove: '▲ {count} lainnya',
    billItems: 'Daftar belanja',
    amountDue: 'Total bayar',
    paymentMethod: 'Metode pembayaran',
    tendered: 'Dibayar',
    change: 'Kembalian',
    shortfall: 'Kurang',
    scanToPay: 'Pindai untuk membayar',
    expiresIn: 'Berlaku',
    qrExpired: 'Kode QR sudah kedaluwarsa. Silakan minta kode baru ke kasir.',
    paymentPending: 'Menunggu pembayaran…',
    paymentApproved: 'Pembayaran diterima',
    paymentDeclined: 'Pembayaran ditolak',
    paymentDialog: 'Pembayaran',
    thankYou: 'Terima kasih!',
    comeAgain: 'Sampai jumpa lagi',
    welcome: 'Selamat datang',
    welcomeDetail: 'Pesanan Anda akan tampil di sini',
    connecting: 'Menghubungkan…',
    connectionLost: 'Koneksi terputus',
    reconnecting: 'menyambung ulang…',
    notPaired: 'Layar ini belum dipasangkan atau tidak diizinkan untuk kasir ini: pasangkan di halaman admin hub',
    pairTitle: 'Pasangkan layar ini',
    pairHint: 'Di halaman admin hub, {admin}, masukkan kode ini dan pilih kasirnya.',
    pairWaiting: 'Menunggu hub…',
    stale: 'Menunggu pembaruan…',
    lastUpdate: 'pembaruan terakhir {time} yang lalu',
    debugTitle: 'Peristiwa layar',
    methods: { cash: 'Tunai', qris: 'QRIS', qr: 'QR', card: 'Kartu', debit: 'Kartu debit', credit: 'Kartu kredit', ewallet: 'Dompet digital', transfer: 'Transfer bank' },
    prompts: {
      titles: {
        tip: 'Ingin memberi tip?',
        receipt: 'Struk mau dikirim lewat apa?',
        phone: 'Nomor telepon Anda',
        confirm: 'Mohon konfirmasi',
        rating: 'Bagaimana pelayanan kami?',
        choice: 'Silakan pilih',
      },
      noTip: 'Tanpa tip',
      otherAmount: 'Jumlah lain',
      channels: { print: 'Cetak', email: 'Email', whatsapp: 'WhatsApp', sms: 'SMS', none: 'Tanpa struk' },
      yes: 'Ya',
      no: 'Tidak',
      send: 'Kirim',
      back: 'Kembali',
      erase: 'Hapus',
      emailAddress: 'Alamat email',
      phoneNumber: 'Nomor telepon',
      atMost: 'Maksimal {max}',
      stars: '{n} dari {max}',
      timeLeft: 'Sisa {time}',
      sending: 'Mengirim…',
      received: 'Terima kasih, sudah diterima',
      notSent: 'Belum terkirim: {reason}',
    },
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

/** `upper` over `lower`, the nested tables (payment methods, prompt words) merged entry by entry. */
export function layerStrings<T extends Partial<DisplayStrings>>(lower: T, upper: Partial<DisplayStrings> | undefined): T {
  if (!upper) return lower;
  return { ...lower, ...upper, methods: { ...lower.methods, ...upper.methods }, prompts: { ...lower.prompts, ...upper.prompts } } as T;
}

/** The words for `element`: the table of its language, with `overrides` over it. */
export function resolveStrings(element: Element, overrides?: Partial<DisplayStrings>): DisplayStrings {
  return layerStrings(STRINGS[languageOf(element)], overrides);
}

/** The shopper-facing name of a payment method: built-in word, else the value as sent. */
export function methodName(strings: DisplayStrings, method: string): string {
  return strings.methods[method.toLowerCase()] ?? method;
}
