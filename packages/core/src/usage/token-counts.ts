/** The counted quantities of usage, summed in reports as they are stored on events. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  embeddingTokens: number;
  imageCount: number;
}
