import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`type Node { id: ID, child: Node } type Query { root: Node }`);
const nested = (levels: number) => `${'child { '.repeat(levels)}id${' }'.repeat(levels)}`;
const errorsFor = (query: string, max: number) => validate(schema, parse(query), [depthLimitRule(max)]);

describe('depthLimitRule', () => {
  it('allows a query at the limit and rejects one level more', () => {
    expect(errorsFor(`{ root { ${nested(2)} } }`, 4)).toEqual([]);
    const [error] = errorsFor(`{ root { ${nested(3)} } }`, 4);
    expect(error?.message).toBe('Query is nested 5 levels deep; the limit is 4');
    expect(error?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('follows fragments, inline fragments and ignores introspection fields', () => {
    const viaFragment = `{ root { ...deep } } fragment deep on Node { ... on Node { ${nested(3)} } }`;
    expect(errorsFor(viaFragment, 4)).toHaveLength(1);
    expect(errorsFor(`{ root { __typename child { __typename } } }`, 2)).toEqual([]);
  });

  it('does not loop on self-referencing fragments', () => {
    const cyclic = `{ root { ...a } } fragment a on Node { child { ...a } }`;
    expect(() => validate(schema, parse(cyclic), [depthLimitRule(10)])).not.toThrow();
  });
});
