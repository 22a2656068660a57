import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CounterCaps, CounterUnits } from '@tollgate/core';

const LUA_DIR = join(__dirname, 'lua');
const PRELUDE = readFileSync(join(LUA_DIR, 'prelude.lua'), 'utf8');
const script = (file: string) => `${PRELUDE}\n${readFileSync(join(LUA_DIR, file), 'utf8')}`;

/** The enforcement scripts, each with the shared prelude of argument checks. */
export const COUNTER_SCRIPTS = {
  tollgateAuthorizeReservation: script('authorize-reservation.lua'),
  tollgateBookUsage: script('book-usage.lua'),
  tollgateRebuildCounter: script('rebuild-counter.lua'),
  tollgateReconcileCounter: script('reconcile-counter.lua'),
} as const;

export type ScriptReply = Array<string | number>;

/** The scripts as commands on a connection (ioredis defineCommand). */
export interface CounterCommands {
  tollgateAuthorizeReservation(...args: Array<string | number>): Promise<ScriptReply>;
  tollgateBookUsage(...args: Array<string | number>): Promise<ScriptReply>;
  tollgateRebuildCounter(...args: Array<string | number>): Promise<number>;
  tollgateReconcileCounter(...args: Array<string | number>): Promise<number>;
}

/** An argument that would make a script refuse: a bug of the caller, reported before Redis is asked. */
export class CounterArgumentError extends Error {
  constructor(what: string, value: unknown) {
    super(`invalid counter script argument ${what}: ${String(value)}`);
  }
}

const WHOLE = /^(0|[1-9]\d{0,17})$/;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** A whole amount as the scripts take it (canonical decimal, under 10^18). */
export function encodeAmount(what: string, value: string): string {
  if (!WHOLE.test(value)) throw new CounterArgumentError(what, value);
  return value;
}

export function encodeId(what: string, value: string): string {
  if (!ID.test(value)) throw new CounterArgumentError(what, value);
  return value;
}

export const encodeUnits = (what: string, units: CounterUnits): string[] => [
  encodeAmount(`${what}.cost`, units.cost),
  encodeAmount(`${what}.credits`, units.credits),
  encodeAmount(`${what}.tokens`, units.tokens),
  encodeAmount(`${what}.requests`, units.requests),
];

export const encodeCaps = (caps: CounterCaps): string[] =>
  [caps.cost, caps.credits, caps.tokens, caps.requests].map((cap, i) => (cap === null ? '-1' : encodeAmount(`cap ${i}`, cap)));

export const encodeTime = (what: string, at: number): string => encodeAmount(what, String(Math.max(0, Math.round(at))));
