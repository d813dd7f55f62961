/**
 * A minimal XML reader for AWS query-protocol answers (`<XResponse><XResult>...`,
 * `<ErrorResponse><Error><Code>...`): elements, text, the five named entities and numeric
 * character references, CDATA, comments and the XML declaration. Attributes (xmlns) are
 * skipped; mixed content keeps only the text. Not a general XML parser: no DTDs, no
 * namespaces prefixes resolved.
 */

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

export class XmlParseError extends Error {
  override name = 'XmlParseError';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return ENTITIES[ref] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g;

/** The document's root element; throws XmlParseError on unbalanced or missing elements. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '', children: [], text: '' };
  const stack: XmlElement[] = [root];
  for (const [, cdata, closing, name, selfClosing, text] of xml.matchAll(TOKEN)) {
    const current = stack.at(-1) ?? root;
    if (cdata !== undefined) current.text += cdata;
    else if (text !== undefined) current.text += decodeEntities(text);
    else if (name !== undefined && closing) {
      if (current.name !== name.replace(/^.*:/, ''))
        throw new XmlParseError(`</${name}> closes <${current.name || '(nothing)'}>`);
      stack.pop();
    } else if (name !== undefined) {
      const element: XmlElement = { name: name.replace(/^.*:/, ''), children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1) throw new XmlParseError(`<${stack.at(-1)?.name}> is never closed`);
  const [document] = root.children;
  if (!document || root.children.length !== 1) throw new XmlParseError('not one root element');
  return document;
}
