/**
 * The README's table of environment variables, generated from the config schema (descriptions, defaults) and
 * the environment bindings, so the two cannot drift: `npm run docs:env` rewrites the block between the
 * markers and a test fails when it is stale.
 */
import { z } from 'zod';
import { ENV_BINDINGS } from './load-config.ts';
import { ConfigSchema } from './schema.ts';

export const ENV_DOCS_START =
  '<!-- env-table:start (generated from the config schema by `npm run docs:env`) -->';
export const ENV_DOCS_END = '<!-- env-table:end -->';

interface JsonSchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
}

function nodeAt(root: JsonSchemaNode, path: string): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const part of path.split('.')) {
    node = node?.properties?.[part] ?? node?.anyOf?.find((n) => n.properties)?.properties?.[part];
  }
  return node;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table: variable(s), config key, meaning, default. */
export function renderEnvTable(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const lines = ['| variable | config key | meaning | default |', '| --- | --- | --- | --- |'];
  for (const binding of ENV_BINDINGS) {
    const node = nodeAt(schema, binding.path);
    const names = binding.names.map((n) => `\`${n}\``).join(', ');
    const secret = binding.secret ? ' (secret; also `_FILE`)' : '';
    const fallback =
      node?.default === undefined
        ? ''
        : `\`${typeof node.default === 'string' ? node.default : JSON.stringify(node.default)}\``;
    lines.push(
      `| ${names} | \`${binding.path}\` | ${cell(node?.description ?? '')}${secret} | ${fallback} |`,
    );
  }
  return lines.join('\n');
}

/** `readme` with the generated block replaced (markers kept). */
export function updateEnvTable(readme: string): string {
  const start = readme.indexOf(ENV_DOCS_START);
  const end = readme.indexOf(ENV_DOCS_END);
  if (start < 0 || end < start) throw new Error(`README has no ${ENV_DOCS_START} … ${ENV_DOCS_END} block`);
  return `${readme.slice(0, start + ENV_DOCS_START.length)}\n\n${renderEnvTable()}\n\n${readme.slice(end)}`;
}
