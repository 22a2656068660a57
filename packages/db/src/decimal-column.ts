import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/** numeric(38,12) <-> Decimal; pg returns numerics as strings, so nothing passes through a float. */
export const decimalTransformer: ValueTransformer = {
  to: (value: Decimal | null | undefined) => (value == null ? value : value.toFixed()),
  from: (value: string | null) => (value == null ? null : new Dec(value)),
};

/** A money or price column: numeric(38,12), read and written as Decimal. */
export const DecimalColumn = (options: Pick<ColumnOptions, 'nullable' | 'name'> = {}) =>
  Column({ type: 'numeric', precision: 38, scale: 12, transformer: decimalTransformer, ...options });
