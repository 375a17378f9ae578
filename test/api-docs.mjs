#!/usr/bin/env node
// Renders the API reference of every element in custom-elements.json
// (attributes and properties, methods, events, slots, CSS parts and CSS
// custom properties) as Markdown between the lines `<!-- api:start -->` and
// `<!-- api:end -->` of README.md. Run `npm run analyze` first when the
// element's JSDoc changed.
//
// Usage: node test/api-docs.mjs [--check]
// --check writes nothing and exits 1 when README.md differs from what this
// script would write.

import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const MANIFEST_PATH = fileURLToPath(
  new URL('../custom-elements.json', import.meta.url),
);
const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
const START_MARKER = '<!-- api:start -->';
const END_MARKER = '<!-- api:end -->';

/** Formats text for one cell of a Markdown table. */
function cell(text) {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text) {
  return text ? `\`${text}\`` : '';
}

/** Renders a table, or nothing when there are no rows. */
function table(title, headings, rows) {
  if (rows.length === 0) return [];
  return [
    `#### ${title}`,
    '',
    `| ${headings.join(' | ')} |`,
    `| ${headings.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

/**
 * Lists public fields with their attributes, then attributes that have no
 * field, such as the global `lang` that the element reads.
 */
function attributesAndProperties(element) {
  const fields = (element.members ?? []).filter(
    (member) =>
      member.kind === 'field' &&
      !member.static &&
      (member.privacy ?? 'public') === 'public',
  );
  const rows = fields.map((field) => [
    code(field.name),
    code(field.attribute),
    code(field.type?.text),
    code(field.default),
    field.description,
  ]);
  for (const attribute of element.attributes ?? []) {
    if (attribute.fieldName) continue;
    rows.push([
      '',
      code(attribute.name),
      code(attribute.type?.text),
      code(attribute.default),
      attribute.description,
    ]);
  }
  return rows;
}

function publicMethods(element) {
  return (element.members ?? [])
    .filter(
      (member) =>
        member.kind === 'method' &&
        !member.static &&
        (member.privacy ?? 'public') === 'public',
    )
    .map((method) => {
      const parameters = (method.parameters ?? [])
        .map((parameter) => parameter.name)
        .join(', ');
      return [code(`${method.name}(${parameters})`), method.description];
    });
}

function renderElement(element) {
  return [
    `### \`<${element.tagName}>\``,
    '',
    ...(element.summary ? [element.summary, ''] : []),
    ...table(
      'Attributes and properties',
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      attributesAndProperties(element),
    ),
    ...table('Methods', ['Method', 'Description'], publicMethods(element)),
    ...table(
      'Events',
      ['Event', 'Type', 'Description'],
      (element.events ?? []).map((event) => [
        code(event.name),
        code(event.type?.text),
        event.description,
      ]),
    ),
    ...table(
      'Slots',
      ['Slot', 'Description'],
      (element.slots ?? []).map((slot) => [
        slot.name ? code(slot.name) : '(default)',
        slot.description,
      ]),
    ),
    ...table(
      'CSS parts',
      ['Part', 'Description'],
      (element.cssParts ?? []).map((part) => [
        code(part.name),
        part.description,
      ]),
    ),
    ...table(
      'CSS custom properties',
      ['Property', 'Default', 'Description'],
      (element.cssProperties ?? []).map((property) => [
        code(property.name),
        property.default,
        property.description,
      ]),
    ),
  ];
}

/** Renders the block that goes between the markers, markers included. */
function renderReference(manifest) {
  const elements = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter(
      (declaration) => declaration.customElement && declaration.tagName,
    ),
  );
  const lines = [
    START_MARKER,
    '<!-- Generated from custom-elements.json by test/api-docs.mjs. -->',
    // Prettier would pad every column of the tables to the widest cell.
    '<!-- prettier-ignore-start -->',
    '',
    ...elements.flatMap(renderElement),
    '<!-- prettier-ignore-end -->',
    END_MARKER,
  ];
  return lines.join('\n');
}

function main() {
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
  const readme = readFileSync(README_PATH, 'utf8');
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end < start) {
    console.error(
      `README.md has no "${START_MARKER}" line followed by an ` +
        `"${END_MARKER}" line; add both where the API reference belongs`,
    );
    process.exit(1);
  }
  const updated =
    readme.slice(0, start) +
    renderReference(manifest) +
    readme.slice(end + END_MARKER.length);

  if (check) {
    if (updated !== readme) {
      console.error(
        'The API reference in README.md is stale; run node test/api-docs.mjs',
      );
      process.exit(1);
    }
    console.log('The API reference in README.md is up to date');
    return;
  }
  writeFileSync(README_PATH, updated);
  console.log('Wrote the API reference into README.md');
}

main();
