import { registerEnumType } from 'type-graphql';

export enum ModelKindEnum {
  CHAT = 'CHAT',
  EMBEDDING = 'EMBEDDING',
  IMAGE = 'IMAGE',
  AUDIO = 'AUDIO',
}

registerEnumType(ModelKindEnum, { name: 'ModelKind', description: 'What a model produces, which decides what it is priced on.' });

export enum CacheWriteTtlEnum {
  FIVE_MINUTES = 'FIVE_MINUTES',
  ONE_HOUR = 'ONE_HOUR',
}

registerEnumType(CacheWriteTtlEnum, {
  name: 'CacheWriteTtl',
  description: 'How long a prompt-cache write is kept; Anthropic prices one-hour writes higher.',
});
