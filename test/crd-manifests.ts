/*
 * CustomResourceDefinition manifests for tests: one CRD, `example.com/v1` Widget, whose spec has the properties a
 * test gives, and Widgets to lint against it.
 */

/** A CRD for `example.com/v1` Widget whose spec has the given properties (YAML flow mappings, by name). */
export function widgetCrd(properties: Record<string, string>): string {
  // Names longer than go-yaml's implicit keys (1,024 characters) are written as explicit keys.
  const lines = Object.entries(properties).map(([name, schema]) =>
    name.length > 1_000 ? `                ? ${name}\n                : ${schema}` : `                ${JSON.stringify(name)}: ${schema}`,
  );
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${lines.join('\n')}
`;
}

/** A Widget whose spec holds `body` (lines indented by four spaces). */
export const widget = (body: string, name = 'w') => `---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\nspec:\n${body}`;
