import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page ends and whether another follows.' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass it as `after` for the next page.' })
  endCursor: string | null;

  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;
}

/** A Relay cursor connection type (`<Name>Connection` with `<Name>Edge`s) over a node type. */
export function Connection<TNode extends object>(Node: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque position of this edge.' })
    cursor: string;

    @Field(() => Node, { description: `The ${name}.` })
    node: TNode;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items, newest first.` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The items of this page.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Paging state.' })
    pageInfo: PageInfo;
  }
  return ConnectionType;
}
