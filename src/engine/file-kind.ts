/*
 * Which files hold Kubernetes objects to lint. pre-commit and folder runs hand over every YAML file: compose files,
 * CI workflows, Helm values and templates; those are skipped quietly but visibly (the reason is reported).
 */

/**
 * A key `apiVersion:` or `kind:` at the start of a line (or of a list item, or quoted as in JSON). A YAML file
 * without one holds no Kubernetes object.
 */
const KUBERNETES_KEY = /^[ \t]*(?:-[ \t]+)?["']?(?:apiVersion|kind)["']?[ \t]*:/m;

/**
 * A Helm template is not YAML until rendered: a template action alone on a line (`{{- if .Values.x }}`), or
 * one that reads `.Values`, `.Release`, `.Chart` or `.Capabilities`. `{{ $labels.x }}` in an alert rule's
 * text is a string, not a template, and does not match.
 */
const HELM_TEMPLATE = /^[ \t]*\{\{-?\s*(?:if|else|end|range|with|define|template|include|\/\*)\b|\{\{[^}]*\.(?:Values|Release|Chart|Capabilities)\b/m;

export interface FileKind {
  /** Why the file is not linted, when it is not. */
  skip?: string;
}

export function classifyText(text: string): FileKind {
  if (!KUBERNETES_KEY.test(text)) return { skip: 'no Kubernetes object in it (no apiVersion or kind)' };
  if (HELM_TEMPLATE.test(text)) return { skip: 'a Helm template: lint what it renders (helm template ... | sidecar-lint -)' };
  return {};
}
