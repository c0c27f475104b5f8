import { createHash } from 'node:crypto';
import type { Finding, ResourceId } from '../engine/finding.js';
import { formatJsonPath } from '../yaml/json-path.js';

/** `Kind/namespace/name`, the resource as people name it (`(unnamed)` for an object without a name). */
export function resourceName(resource: ResourceId): string {
  return [resource.kind ?? 'object', resource.namespace, resource.name ?? '(unnamed)'].filter((part) => part !== undefined).join('/');
}

/**
 * A fingerprint that names what a finding is about rather than where it sits: rule, file, resource and node
 * path, so that GitHub code scanning and GitLab's Code Quality widget keep one issue open while lines above it come
 * and go. Findings with no node (syntax errors) use their message, and identical keys are told apart by their order.
 */
export function findingFingerprints(findings: readonly Finding[], file: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const about = finding.jsonPath ? formatJsonPath(finding.jsonPath) : finding.message;
    const key = [finding.ruleId, file, finding.resource ? resourceName(finding.resource) : '', about].join('\u0000');
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence}`;
  });
}
