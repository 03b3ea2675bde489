/**
 * The dependency audit step of `npm test`: `npm audit --omit=dev --audit-level=high` over the production
 * dependencies, judged from its JSON report.
 *
 * - passed:  the registry answered and no high or critical advisory affects a production dependency;
 * - failed:  it reported one (each affected package is listed), or the audit could not be run for any
 *            other reason (an unreachable registry proves nothing, so it is not a pass);
 * - skipped: the registry does not offer npm's audit endpoint at all (it answers 404, 405 or 501, as the
 *            registry this project installs from does with 405). Reported as skipped with that reason,
 *            never as passed: nothing was checked.
 */
import { errorMessage, run } from './proc';

export const AUDIT_ARGS = ['audit', '--omit=dev', '--audit-level=high', '--json'] as const;

/** What a registry without an audit endpoint answers npm's POST to it. */
const NO_AUDIT_ENDPOINT = new Set([404, 405, 501]);
const FAILING_SEVERITIES = new Set(['high', 'critical']);

export type AuditVerdict =
  | { outcome: 'passed'; summary: string }
  | { outcome: 'failed'; summary: string }
  | { outcome: 'skipped'; reason: string };

/** npm audit's JSON report (auditReportVersion 2), or its JSON error when the request failed. */
interface AuditJson {
  vulnerabilities?: Record<string, { name?: string; severity?: string; range?: string }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  statusCode?: number;
  message?: string;
  uri?: string;
  error?: { summary?: string; detail?: string };
}

/** Judges `npm audit --json`: its exit code and standard output. Pure, so it can be checked on fixtures. */
export function judgeAudit(code: number, stdout: string): AuditVerdict {
  let report: AuditJson;
  try {
    report = JSON.parse(stdout) as AuditJson;
  } catch {
    return { outcome: 'failed', summary: `npm audit exited ${code} without a JSON report` };
  }
  const counts = report.metadata?.vulnerabilities;
  if (counts) return judgeReport(report, counts);
  if (report.statusCode !== undefined && NO_AUDIT_ENDPOINT.has(report.statusCode)) {
    const where = report.uri ? ` (${new URL(report.uri).origin})` : '';
    return {
      outcome: 'skipped',
      reason:
        `the registry${where} answers npm's audit request with HTTP ${report.statusCode}: ` +
        'it offers no audit endpoint, so nothing was checked',
    };
  }
  const why = report.message ?? report.error?.summary ?? `exit code ${code}`;
  return { outcome: 'failed', summary: `npm audit could not run: ${why}` };
}

function judgeReport(report: AuditJson, counts: Record<string, number>): AuditVerdict {
  const failing = Object.entries(report.vulnerabilities ?? {})
    .filter(([, entry]) => FAILING_SEVERITIES.has(entry.severity ?? ''))
    .map(
      ([name, entry]) => `${entry.name ?? name} (${entry.severity}${entry.range ? `, ${entry.range}` : ''})`,
    );
  const tally = ['critical', 'high', 'moderate', 'low']
    .map((severity) => `${counts[severity] ?? 0} ${severity}`)
    .join(', ');
  const high = (counts['high'] ?? 0) + (counts['critical'] ?? 0);
  if (high > 0 || failing.length > 0) {
    return { outcome: 'failed', summary: `${tally} in production dependencies: ${failing.join('; ')}` };
  }
  return { outcome: 'passed', summary: `no high or critical advisory (${tally})` };
}

/** Runs the audit in the repository and judges it. */
export async function runDependencyAudit(): Promise<AuditVerdict> {
  try {
    const result = await run('npm', AUDIT_ARGS, { output: 'capture' });
    return judgeAudit(result.code, result.stdout);
  } catch (error) {
    return { outcome: 'failed', summary: `could not run npm audit: ${errorMessage(error)}` };
  }
}
