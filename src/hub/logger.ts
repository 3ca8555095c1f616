/** A levelled line logger for the hub; `silent` logs nothing. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(line: string): void;
  warn(line: string): void;
  info(line: string): void;
  debug(line: string): void;
}

export const SILENT_LOGGER: Logger = { error() {}, warn() {}, info() {}, debug() {} };

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (min: LogLevel) => (rank >= LOG_LEVELS.indexOf(min) ? write : () => {});
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
