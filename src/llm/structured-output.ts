import secureJson from 'secure-json-parse';
import { z } from 'zod';
import type { ChatMessage, JsonSchemaFormat } from './ports.js';

export type StructuredParse<T> =
  { ok: true; value: T } | { ok: false; reason: 'not_json' | 'schema_mismatch'; issues: string[] };

/** The `response_format` for a task's zod schema (zod's JSON-schema export, without the `$schema` tag). */
export function jsonSchemaFormat(name: string, schema: z.ZodType): JsonSchemaFormat {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' });
  return {
    type: 'json_schema',
    name: name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64),
    schema: jsonSchema,
    strict: true,
  };
}

/** The JSON inside a reply, tolerating a Markdown code fence around it (some local models add one). */
function jsonText(reply: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(reply);
  return (fenced ? (fenced[1] ?? '') : reply).trim();
}

/** Parses (prototype keys removed) and validates a reply; problems are listed path by path, never thrown. */
export function parseStructured<T>(reply: string, schema: z.ZodType<T>): StructuredParse<T> {
  let value: unknown;
  try {
    value = secureJson.parse(jsonText(reply), undefined, {
      protoAction: 'remove',
      constructorAction: 'remove',
    });
  } catch (error) {
    return { ok: false, reason: 'not_json', issues: [`not valid JSON: ${(error as Error).message}`] };
  }
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  return {
    ok: false,
    reason: 'schema_mismatch',
    issues: checked.error.issues.map(
      (i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`,
    ),
  };
}

/** The follow-up of the one repair attempt: the invalid reply and what is wrong with it. */
export function repairMessages(invalidReply: string, issues: readonly string[]): ChatMessage[] {
  return [
    { role: 'assistant', content: invalidReply },
    {
      role: 'user',
      content:
        'That reply does not match the required JSON schema:\n' +
        issues.map((i) => `- ${i}`).join('\n') +
        '\nReply again with only the corrected JSON object, no other text.',
    },
  ];
}
