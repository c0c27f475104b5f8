import { escapeControlCharacters } from './escape.js';

/*
 * Text from the input (file names, messages quoting YAML values) inside the XML reports (junit, checkstyle). XML 1.0
 * cannot hold most C0 controls at all, not even as character references, and a parser normalises a tab or a line
 * break inside an attribute to a space; a report with any of them is rejected whole by Jenkins or reviewdog. So
 * every control character (and DEL, the C1 controls and the bidirectional overrides, as on a terminal) becomes a
 * visible escape first, then a lone surrogate or U+FFFE/U+FFFF (not XML characters either) its `\uXXXX`, then the
 * five markup characters their entities: `>` included, so `]]>` never appears in character data.
 */

const NOT_XML_CHARACTERS = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Any string, as XML 1.0 character data or an attribute value (either quote), showing the same text to a person. */
export function escapeXml(text: string): string {
  return escapeControlCharacters(text)
    .replace(NOT_XML_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** `name="value" ...`, each value escaped; attributes whose value is undefined are left out. */
export function xmlAttributes(attributes: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
