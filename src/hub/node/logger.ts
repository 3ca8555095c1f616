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

/**
 * `text`: the line as is. `json`: one object per line, `{"time", "level", "msg"}`, for log
 * collectors (journald, Loki, CloudWatch).
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`), format: 'text' | 'json' = 'text'): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const line = (at: LogLevel) => (format === 'json' ? (msg: string) => write(JSON.stringify({ time: new Date().toISOString(), level: at, msg })) : write);
  const at = (min: LogLevel) => (rank >= LOG_LEVELS.indexOf(min) ? line(min) : () => {});
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
