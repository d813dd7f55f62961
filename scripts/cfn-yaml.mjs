// CloudFormation YAML: the short-form intrinsic tags (!Ref, !Sub, !GetAtt, ...) for the
// 'yaml' package, read either as a Document that keeps them as written (to edit a template
// and write it back) or as plain data in long form ({ 'Fn::Sub': ... }) to inspect it.
import YAML from 'yaml';

/** Short-form tag name -> long-form key. */
export const INTRINSICS = Object.freeze({
  Ref: 'Ref',
  Condition: 'Condition',
  And: 'Fn::And',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  Equals: 'Fn::Equals',
  FindInMap: 'Fn::FindInMap',
  ForEach: 'Fn::ForEach',
  GetAtt: 'Fn::GetAtt',
  GetAZs: 'Fn::GetAZs',
  If: 'Fn::If',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Length: 'Fn::Length',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  ToJsonString: 'Fn::ToJsonString',
  Transform: 'Fn::Transform',
});

/**
 * customTags for YAML.parseDocument: every intrinsic, on a scalar, a sequence or a mapping,
 * kept as the node it is (its tag survives doc.toString()). No "Unresolved tag" warnings.
 */
export const cfnTags = Object.keys(INTRINSICS).flatMap((name) => [
  { tag: `!${name}`, resolve: (value) => value },
  { tag: `!${name}`, collection: 'seq', resolve: (value) => value },
  { tag: `!${name}`, collection: 'map', resolve: (value) => value },
]);

const PARSE_OPTIONS = { customTags: cfnTags, prettyErrors: true, uniqueKeys: true };

/** The template as a YAML Document with its short-form tags, comments and layout kept. Throws on any YAML error. */
export function parseCfnDocument(text, source = 'template') {
  const doc = YAML.parseDocument(text, PARSE_OPTIONS);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${source}: ${problems.map(String).join('\n')}`);
  return doc;
}

/** The template as plain data, every short-form tag turned into its long form. */
export function parseTemplate(text, source = 'template') {
  const doc = parseCfnDocument(text, source);
  return toLongForm(doc.contents, doc);
}

/** A Document node (or subtree) as plain data in long form. */
export function toLongForm(node, doc) {
  if (node === null || node === undefined) return null;
  if (YAML.isAlias(node)) return toLongForm(node.resolve(doc), doc);
  const value = plain(node, doc);
  const tag = typeof node.tag === 'string' && node.tag.startsWith('!') ? node.tag.slice(1) : undefined;
  if (tag === undefined) return value;
  const key = INTRINSICS[tag];
  if (key === undefined) throw new Error(`unknown tag !${tag}`);
  // !GetAtt Resource.Attribute (scalar form) is ['Resource', 'Attribute'], split at the first dot.
  if (tag === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    if (dot < 1) throw new Error(`!GetAtt ${value}: expected Resource.Attribute`);
    return { [key]: [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

function plain(node, doc) {
  if (YAML.isScalar(node)) return node.value;
  if (YAML.isSeq(node)) return node.items.map((item) => toLongForm(item, doc));
  if (YAML.isMap(node)) {
    const out = {};
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toLongForm(pair.value, doc);
    }
    return out;
  }
  throw new Error(`unexpected YAML node ${String(node)}`);
}
