/**
 * What the shopper types on the on-screen keypads, as pure functions: digits for amounts
 * and phone numbers, a small character set for email. Nothing else can be entered, so the
 * display never sends markup or spaces; the hub checks the answer again anyway.
 */
import { isEmail, isPhone, type PhonePrompt, type Prompt, type TipPrompt } from '../../protocol/index.js';

/** `erase` deletes the last character; anything else is appended (when allowed). */
export type Key = string;

export const ERASE = 'erase';

/** Keys of the numeric pad; `000` only for amounts (rupiah are typed in thousands). */
export const DIGIT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The email keyboard's rows. */
export const EMAIL_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map((row) => [...row]).concat([['@', '.', '_', '-', '.com']]);

const EMAIL_CHAR = /^[a-z0-9@._+-]$/;

/** The text after a key, within `limit` characters. */
export function typeKey(text: string, key: Key, limit: number): string {
  if (key === ERASE) return text.slice(0, -1);
  const next = text + key;
  return next.length <= limit ? next : text;
}

/** A key from a physical keyboard, for the pad on screen (`null`: not one of ours). */
export function keyFromKeyboard(key: string, pad: 'digits' | 'email'): Key | null {
  if (key === 'Backspace') return ERASE;
  if (pad === 'digits') return /^\d$/.test(key) ? key : null;
  const lower = key.toLowerCase();
  return EMAIL_CHAR.test(lower) ? lower : null;
}

/** An amount typed in whole units (the pad has no decimal point): `'05000'` → 5000. */
export function typedAmount(text: string): number {
  return text ? Number(text) : 0;
}

/** The tip a typed amount would send, or why not. */
export function checkTypedTip(prompt: TipPrompt, amount: number, max: number): 'ok' | 'empty' | 'too-much' {
  if (amount <= 0) return 'empty';
  return amount > max ? 'too-much' : 'ok';
}

/** The number sent: the country code before the national number, whose leading 0 goes. */
export function phoneValue(typed: string, countryCode: string | null | undefined): string {
  return countryCode ? countryCode + typed.replace(/^0+/, '') : typed;
}

export function phoneLimits(prompt: Prompt): { min: number; max: number } {
  const phone = prompt.kind === 'phone' ? (prompt as PhonePrompt) : null;
  return { min: phone?.min_length ?? 6, max: phone?.max_length ?? 15 };
}

export function phoneComplete(prompt: Prompt, typed: string): boolean {
  const { min, max } = phoneLimits(prompt);
  const countryCode = 'country_code' in prompt ? (prompt.country_code as string | null | undefined) : null;
  return isPhone(phoneValue(typed, countryCode), min, max);
}

export function emailComplete(typed: string): boolean {
  return isEmail(typed);
}
