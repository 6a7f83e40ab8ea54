/**
 * What is wrong with `value` as an instance of an OpenAPI 3.0 schema of the document, strictly: a field the
 * schema does not name is a problem too (the web app's types would not know it). Covers what
 * @nestjs/swagger emits: $ref, allOf, nullable, enum, the JSON types, properties/required, additionalProperties.
 */
export function schemaProblems(doc: any, schema: any, value: unknown, at = '$'): string[] {
  if (schema.$ref) return schemaProblems(doc, resolve(doc, schema.$ref), value, at);
  if (value === null) return schema.nullable ? [] : [`${at}: null, but the schema is not nullable`];
  if (schema.allOf) return schema.allOf.flatMap((s: any) => schemaProblems(doc, s, value, at));
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: ${JSON.stringify(value)} is not a string`];
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: not a date-time`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${JSON.stringify(value)} is not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${JSON.stringify(value)} is not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((v, i) => schemaProblems(doc, schema.items, v, `${at}[${i}]`));
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const properties: Record<string, any> = schema.properties ?? {};
      const problems = (schema.required ?? [])
        .filter((k: string) => !(k in record))
        .map((k: string) => `${at}.${k}: required, but missing`);
      for (const [k, v] of Object.entries(record)) {
        if (properties[k]) problems.push(...schemaProblems(doc, properties[k], v, `${at}.${k}`));
        else if (!schema.additionalProperties) problems.push(`${at}.${k}: sent, but not in the schema`);
      }
      return problems;
    }
    default:
      return [`${at}: the schema names no type`];
  }
}

function resolve(doc: any, ref: string): any {
  const schema = ref
    .split('/')
    .slice(1)
    .reduce((node, key) => node?.[key], doc);
  if (!schema) throw new Error(`unresolvable $ref ${ref}`);
  return schema;
}

/** The schema of an operation's JSON answer with `status`, from the document. */
export function responseSchema(doc: any, method: string, path: string, status: number): any {
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses?.[status];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the document describes no JSON ${status} answer of ${method} ${path}`);
  return schema;
}
