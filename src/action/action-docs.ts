/**
 * The README's table of Action inputs and outputs, generated from action.yml so the two cannot drift:
 * `npm run docs:action` rewrites the block between the markers; a test fails when it is stale.
 */
import { parse } from 'yaml';

export const DOCS_START = '<!-- action-inputs:start (generated from action.yml by `npm run docs:action`) -->';
export const DOCS_END = '<!-- action-inputs:end -->';

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown tables for the inputs and outputs of `actionYml`. */
export function renderActionDocs(actionYml: string): string {
  const spec = parse(actionYml) as ActionSpec;
  const lines = ['| input | default | description |', '| --- | --- | --- |'];
  for (const [name, input] of Object.entries(spec.inputs)) {
    lines.push(
      `| \`${name}\` | ${input.default === undefined ? '' : `\`${input.default}\``} | ${cell(input.description)} |`,
    );
  }
  lines.push('', '| output | description |', '| --- | --- |');
  for (const [name, output] of Object.entries(spec.outputs))
    lines.push(`| \`${name}\` | ${cell(output.description)} |`);
  return lines.join('\n');
}

/** `readme` with the generated block replaced (markers kept). */
export function updateReadme(readme: string, actionYml: string): string {
  const start = readme.indexOf(DOCS_START);
  const end = readme.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`README has no ${DOCS_START} … ${DOCS_END} block`);
  return `${readme.slice(0, start + DOCS_START.length)}\n\n${renderActionDocs(actionYml)}\n\n${readme.slice(end)}`;
}
