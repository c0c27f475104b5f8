import { isIP } from 'node:net';
import { arrayOrEmpty, isPlainObject, objectOrUndefined, type PlainObject } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { dnsSubdomainProblems, joinProblems, qualifiedNameProblems } from './formats.js';

/*
 * Pod-level settings beside the containers (ValidatePodSpec, validatePodDNSConfig, ValidatePodCreate): the DNS
 * configuration a `dnsPolicy: None` pod must bring, its limits, the /etc/hosts entries of `hostAliases`
 * (ValidateHostAliases), readiness gates (validateReadinessGates), and a Pod bound to a node while still gated.
 */

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

/** IsValidIP, leniently: an IPv4 address with leading zeros is left alone (older releases took it). */
function isIpAddress(value: string): boolean {
  if (value.includes('%')) return false;
  if (isIP(value) !== 0) return true;
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function checkDnsConfig(context: ApiCheckContext, spec: PlainObject): void {
  const { pod } = context;
  const dnsConfigPath = [...pod.specPath, 'dnsConfig'];
  const dnsConfig = spec.dnsConfig;
  if (dnsConfig !== undefined && dnsConfig !== null && !isPlainObject(dnsConfig)) return;
  const config = objectOrUndefined(dnsConfig);
  const nameservers = config?.nameservers;
  if (nameservers !== undefined && nameservers !== null && !Array.isArray(nameservers)) return;
  if (spec.dnsPolicy === 'None') {
    if (config === undefined) {
      context.reject({
        path: dnsConfigPath,
        type: 'Required value',
        detail: 'The pod sets `dnsPolicy: None` and no dnsConfig: "must provide `dnsConfig` when `dnsPolicy` is None"',
        fix: 'Add `dnsConfig` with at least one nameserver, or use another dnsPolicy (`ClusterFirst` is the default).',
      });
      return;
    }
    if (arrayOrEmpty(nameservers).length === 0) {
      context.reject({
        path: nameservers === undefined || nameservers === null ? dnsConfigPath : [...dnsConfigPath, 'nameservers'],
        type: 'Required value',
        detail: 'The pod sets `dnsPolicy: None` and no nameserver: "must provide at least one DNS nameserver when `dnsPolicy` is None"',
        fix: 'List the resolvers in `dnsConfig.nameservers`, e.g. `[10.96.0.10]`.',
      });
    }
  }
  if (config === undefined) return;
  const servers = arrayOrEmpty(nameservers);
  if (servers.length > MAX_NAMESERVERS) {
    context.reject({
      path: [...dnsConfigPath, 'nameservers'],
      type: 'Invalid value',
      detail: `dnsConfig lists ${servers.length} nameservers: "must not have more than ${MAX_NAMESERVERS} nameservers"`,
      fix: 'Keep three at most: the resolver reads no more.',
    });
  }
  servers.forEach((server, index) => {
    if (typeof server !== 'string' || isIpAddress(server)) return;
    context.reject({
      path: [...dnsConfigPath, 'nameservers', index],
      type: 'Invalid value',
      detail: `dnsConfig nameserver \`${server}\` is not an IP address: "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"`,
      fix: 'Write the resolver by its address, not its name.',
    });
  });
  const searches = config.searches;
  if (Array.isArray(searches)) {
    if (searches.length > MAX_SEARCHES) {
      context.reject({
        path: [...dnsConfigPath, 'searches'],
        type: 'Invalid value',
        detail: `dnsConfig lists ${searches.length} search domains: "must not have more than ${MAX_SEARCHES} search paths"`,
      });
    }
    const text = searches.filter((search): search is string => typeof search === 'string').join(' ');
    if (text.length > MAX_SEARCH_CHARS) {
      context.reject({
        path: [...dnsConfigPath, 'searches'],
        type: 'Invalid value',
        detail: `dnsConfig search domains take ${text.length} characters: "must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list"`,
      });
    }
  }
  checkSearchDomains(context, searches, [...dnsConfigPath, 'searches']);
  arrayOrEmpty(config.options).forEach((option, index) => {
    if (!isPlainObject(option) || (option.name !== undefined && option.name !== '')) return;
    context.reject({
      path: option.name === undefined ? [...dnsConfigPath, 'options', index] : [...dnsConfigPath, 'options', index, 'name'],
      type: 'Required value',
      detail: 'A dnsConfig option has no name: "must not be empty"',
      fix: 'Name the resolver option, e.g. `{ name: ndots, value: "2" }`.',
    });
  });
}

/** A search domain with underscores anywhere (RelaxedDNSSearchValidation, on by default from 1.32 on here). */
const RELAXED_SEARCH_DOMAIN = /^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*$/;

/**
 * Each search domain, less one trailing dot, a DNS-1123 subdomain (validatePodDNSConfig). From 1.32 underscores
 * and a lone `.` are read as the relaxed validation allows them; before, strictly.
 */
function checkSearchDomains(context: ApiCheckContext, searches: unknown, path: JsonPath): void {
  const relaxed = context.atLeast(32);
  arrayOrEmpty(searches).forEach((search, index) => {
    if (typeof search !== 'string' || (relaxed && search === '.')) return;
    const domain = search.endsWith('.') ? search.slice(0, -1) : search;
    const valid = relaxed ? domain.length <= 253 && RELAXED_SEARCH_DOMAIN.test(domain) : dnsSubdomainProblems(domain).length === 0;
    if (valid) return;
    context.reject({
      path: [...path, index],
      type: 'Invalid value',
      detail: `dnsConfig search domain \`${search}\` is not a DNS-1123 subdomain: ${joinProblems(dnsSubdomainProblems(domain))}`,
      fix: "Write the domain in lower case: letters, digits, '-' and '.'" + (relaxed ? " (and '_')." : '.'),
    });
  });
}

/** ValidateHostAliases: each alias an IP address, each hostname a DNS-1123 subdomain. */
function checkHostAliases(context: ApiCheckContext, spec: PlainObject): void {
  const aliasesPath = [...context.pod.specPath, 'hostAliases'];
  arrayOrEmpty(spec.hostAliases).forEach((alias, index) => {
    if (!isPlainObject(alias)) return;
    const { ip } = alias;
    if (typeof ip === 'string' && !isIpAddress(ip)) {
      context.reject({
        path: [...aliasesPath, index, 'ip'],
        type: 'Invalid value',
        detail: `hostAliases entry ${index} has ip \`${ip}\`: "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"`,
        fix: 'Write the address the names resolve to; /etc/hosts takes no host names or ranges there.',
      });
    }
    arrayOrEmpty(alias.hostnames).forEach((hostname, hostnameIndex) => {
      if (typeof hostname !== 'string') return;
      const problems = dnsSubdomainProblems(hostname);
      if (problems.length === 0) return;
      context.reject({
        path: [...aliasesPath, index, 'hostnames', hostnameIndex],
        type: 'Invalid value',
        detail: `hostAliases hostname \`${hostname}\` is not a DNS-1123 subdomain: ${joinProblems(problems)}`,
        fix: "Use lower-case letters, digits, '-' and '.', e.g. `db.internal`.",
      });
    });
  });
}

/** Each readiness gate's conditionType names a pod condition: a qualified name. */
function checkReadinessGates(context: ApiCheckContext, spec: PlainObject): void {
  arrayOrEmpty(spec.readinessGates).forEach((gate, index) => {
    if (!isPlainObject(gate) || typeof gate.conditionType !== 'string') return;
    const problems = qualifiedNameProblems(gate.conditionType);
    if (problems.length === 0) return;
    context.reject({
      path: [...context.pod.specPath, 'readinessGates', index, 'conditionType'],
      type: 'Invalid value',
      detail: `Readiness gate \`${gate.conditionType}\` is not a qualified name: ${joinProblems(problems)}`,
      fix: 'Name the pod condition your controller sets, e.g. `example.com/load-balancer-ready`.',
    });
  });
}

/** A Pod may not be bound to a node while scheduling gates hold it (PodSchedulingReadiness, on from 1.27). */
function checkGatedNodeName(context: ApiCheckContext, spec: PlainObject): void {
  const { pod } = context;
  if (pod.workload.group !== '' || pod.workload.kind !== 'Pod' || !context.atLeast(27)) return;
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '' || arrayOrEmpty(spec.schedulingGates).length === 0) return;
  context.reject({
    path: [...pod.specPath, 'nodeName'],
    type: 'Forbidden',
    detail: `The Pod sets nodeName \`${spec.nodeName}\` and schedulingGates: "cannot be set until all schedulingGates have been cleared"`,
    fix: 'Remove nodeName (let the scheduler place the pod once the gates clear), or remove the schedulingGates.',
  });
}

export const checkPodSettings: ApiCheck = (context) => {
  const spec = context.pod.spec as PlainObject;
  checkDnsConfig(context, spec);
  checkHostAliases(context, spec);
  checkReadinessGates(context, spec);
  checkGatedNodeName(context, spec);
};
