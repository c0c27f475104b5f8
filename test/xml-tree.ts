import { SaxesParser } from 'saxes';

/**
 * A conforming XML 1.0 parser (saxes: well-formedness, the characters XML allows, entities), reading a document into
 * a small tree, so tests check both that a report is XML at all and the structure its consumer reads. Throws the
 * parser's first error, with its line and column.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(document: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, children: [], text: '' };
    open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  const addText = (text: string) => {
    const current = open.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(document).close();
  if (failure) throw failure;
  const [element, ...more] = root.children;
  if (!element || more.length > 0) throw new Error('an XML document has exactly one root element');
  return element;
}

/** The element's children of one name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}
