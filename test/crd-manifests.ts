/*
 * CustomResourceDefinition manifests for tests: a CRD of `example.com/v1` whose objects' spec has the properties a
 * test gives, and Widgets to lint against the Widget one.
 */

/** A CRD for `example.com/v1` `kind` whose spec has the given properties (YAML flow mappings, by name). */
export function crdManifest(kind: string, properties: Record<string, string>): string {
  const plural = `${kind.toLowerCase()}s`;
  // Names longer than go-yaml's implicit keys (1,024 characters) are written as explicit keys.
  const lines = Object.entries(properties).map(([name, schema]) =>
    name.length > 1_000 ? `                ? ${name}\n                : ${schema}` : `                ${JSON.stringify(name)}: ${schema}`,
  );
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  names: {kind: ${kind}, plural: ${plural}}
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

/** A CRD for `example.com/v1` Widget. */
export const widgetCrd = (properties: Record<string, string>) => crdManifest('Widget', properties);

/** A Widget whose spec holds `body` (lines indented by four spaces). */
export const widget = (body: string, name = 'w') => `---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\nspec:\n${body}`;
