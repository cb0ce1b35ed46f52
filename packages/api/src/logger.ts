// The service's structured logger (pino): JSON lines on stdout, silent under tests.
import { pino, type Logger } from 'pino';
import type { NodeEnvironment } from './config.js';

export function createLogger(nodeEnv: NodeEnvironment): Logger {
  return pino({
    level: nodeEnv === 'test' ? 'silent' : 'info',
    base: { service: 'linli-api' },
    // A second line of defence: if a header object is ever logged, its secrets are not.
    redact: {
      paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
