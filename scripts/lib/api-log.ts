import { prettyFactory } from 'pino-pretty';
import { useColor } from './proc';

/**
 * How the API's log lines are printed. The API always writes pino JSON (one object per line, what a log
 * collector wants); in a terminal, outside production, a person reads them: one line per request
 * (method, URL, status, time, request id), other entries with their fields and an error's stack.
 */
export function apiLogFormat(): ((line: string) => string) | undefined {
  if (!process.stdout.isTTY || process.env['NODE_ENV'] === 'production') return undefined;
  const pretty = prettyFactory({
    colorize: useColor,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,route',
    messageFormat:
      '{if context}[{context}] {end}' +
      '{if req.method}{req.method} {req.url} {res.statusCode} {responseTime} ms ({req.id}) {end}{msg}',
  });
  return (line) => {
    try {
      return pretty(line).trimEnd(); // a line that is not JSON comes back as it was
    } catch {
      return line;
    }
  };
}
