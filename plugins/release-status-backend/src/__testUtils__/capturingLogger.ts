import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/** A logger that keeps what it is told, for tests that read the log. */
export function capturingLogger(lines: LogLine[] = []): LoggerService & {
  lines: LogLine[];
} {
  const log =
    (level: LogLine['level']) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  const logger = {
    lines,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

/** Every plugin's logger writes into `lines`. */
export function capturingLoggerFactory(lines: LogLine[]) {
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => capturingLogger(lines),
  });
}
