import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Callers log ids, activity types, features and error codes, never the text
 * a user typed or a note's content: the children described in notes may be at risk.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'sofs-companion' },
      // Belt and braces: if a caller ever passes one of these fields, it is censored.
      redact: {
        paths: [
          'text',
          'value',
          'note',
          'body',
          'req',
          'res',
          'activity',
          'err.activity',
          'err.body',
          '*.text',
          '*.body',
        ],
        censor: '[withheld]',
      },
      serializers: { err: errorSummary },
    },
    destination,
  );
}

/**
 * Logs an error's class, code and stack frames but not its message: messages from parsers and
 * validators can quote the input they rejected, which may be a user's text.
 */
export function errorSummary(err: unknown): Record<string, unknown> {
  if (isSummary(err)) return err;
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    status: (err as { statusCode?: unknown }).statusCode,
    stack: err.stack?.split('\n').slice(1, 8).join('\n'),
  };
}

function isSummary(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Error) && 'type' in value && 'stack' in value
  );
}

/**
 * Routes what libraries write to the console (the Bot Framework SDK prints token errors with stack
 * traces and whole public keys; the Teams AI library prints warnings) into the JSON log, with the text withheld: every line
 * the process writes is then JSON, redacted, and never carries a request's content.
 */
export function captureConsole(log: Logger): void {
  const levels = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error' } as const;
  for (const [method, level] of Object.entries(levels) as [
    keyof typeof levels,
    (typeof levels)[keyof typeof levels],
  ][]) {
    console[method] = (...args: unknown[]) => {
      const first = args[0];
      log[level](
        { source: 'library-console', kind: first instanceof Error ? first.name : typeof first },
        'a library wrote to the console (text withheld)',
      );
    };
  }
}
