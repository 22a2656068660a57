import { Foundation1763900000000 } from './1763900000000-foundation';

/** Every migration, oldest first. Listed by class so compiled and test runs load the same set. */
export const MIGRATIONS = [Foundation1763900000000];
