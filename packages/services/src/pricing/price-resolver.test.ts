import { undatedModel } from './price-resolver';

describe('undatedModel', () => {
  it.each([
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['gpt-4o', null],
    ['o3-mini', null],
    ['llama-3.1-8b-instant', null],
  ])('%s → %s', (model, expected) => expect(undatedModel(model)).toBe(expected));
});
