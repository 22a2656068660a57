import { LATENCY_BUCKET_BOUNDS_MS } from '@tollgate/core';

const TOKEN_COLUMNS = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'embedding_tokens', 'image_count'];
const KEY = 'org_id, bucket_start, project_id, provider, model, category, feature, currency';

/** SQL for the latency histogram of a set of events, bucketed as the rollups are. */
export function latencyHistogramSql(): string {
  const buckets = LATENCY_BUCKET_BOUNDS_MS.map((bound, i) => {
    const lower = i === 0 ? '' : `latency_ms > ${LATENCY_BUCKET_BOUNDS_MS[i - 1]} AND `;
    return `count(*) FILTER (WHERE ${lower}latency_ms <= ${bound})`;
  });
  buckets.push(`count(*) FILTER (WHERE latency_ms > ${LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1]})`);
  return `ARRAY[${buckets.join(', ')}]::bigint[]`;
}

/**
 * Adds (`sign` = 1) or removes (`sign` = -1) the events of a CTE named `source`
 * to the 15-minute rollups, keyed in a fixed order so concurrent batches lock
 * rollup rows in the same order and cannot deadlock.
 */
export function rollupUpsertSql(source: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  const sums = TOKEN_COLUMNS.map((column) => `${s}sum(${column})`).join(', ');
  const histogram = sign === 1 ? latencyHistogramSql() : `ARRAY(SELECT -x FROM unnest(${latencyHistogramSql()}) AS x)`;
  const addTokens = TOKEN_COLUMNS.map((column) => `${column} = r.${column} + excluded.${column}`).join(', ');
  return `
    INSERT INTO usage_rollups AS r (${KEY}, events, errors, cost, credits, ${TOKEN_COLUMNS.join(', ')}, latency_count, latency_sum_ms, latency_max_ms, latency_histogram)
    SELECT org_id, to_timestamp(floor(extract(epoch FROM occurred_at) / 900) * 900), coalesce(project_id::text, ''), coalesce(provider, ''),
           coalesce(model, ''), category, coalesce(feature, ''), currency,
           ${s}count(*), ${s}count(*) FILTER (WHERE NOT success), ${s}sum(cost), ${s}sum(credits), ${sums},
           ${s}count(latency_ms), ${s}coalesce(sum(latency_ms), 0), ${sign === 1 ? 'coalesce(max(latency_ms), 0)' : '0'}, ${histogram}
      FROM ${source}
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (${KEY}) DO UPDATE SET
      events = r.events + excluded.events, errors = r.errors + excluded.errors,
      cost = r.cost + excluded.cost, credits = r.credits + excluded.credits, ${addTokens},
      latency_count = r.latency_count + excluded.latency_count, latency_sum_ms = r.latency_sum_ms + excluded.latency_sum_ms,
      latency_max_ms = GREATEST(r.latency_max_ms, excluded.latency_max_ms),
      latency_histogram = ARRAY(SELECT a + b FROM unnest(r.latency_histogram, excluded.latency_histogram) AS t(a, b))`;
}
