/**
 * A fake but well-formed QRIS (EMVCo merchant-presented) payload for the demo: the same
 * tag-length-value layout and CRC16/CCITT-FALSE checksum a real acquirer's payload has.
 */
function tlv(tag: string, value: string): string {
  return `${tag}${String(value.length).padStart(2, '0')}${value}`;
}

export function crc16ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export function demoQrisPayload(amount: number, reference: string): string {
  const body =
    tlv('00', '01') +
    tlv('01', '12') + // dynamic QR: one payment, one amount
    tlv('26', tlv('00', 'ID.CO.QRIS.WWW') + tlv('01', '936000000000000000') + tlv('02', 'ID1020000000001') + tlv('03', 'UMI')) +
    tlv('52', '5812') +
    tlv('53', '360') + // IDR
    tlv('54', String(Math.round(amount))) +
    tlv('58', 'ID') +
    tlv('59', 'WARUNG NUSANTARA') +
    tlv('60', 'JAKARTA') +
    tlv('62', tlv('01', reference.slice(0, 25)));
  const withCrcTag = `${body}6304`;
  return withCrcTag + crc16ccitt(withCrcTag);
}
