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
        paths: ['text', 'value', 'note', 'activity.text', 'activity.value', 'err.activity', '*.text'],
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
