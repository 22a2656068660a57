import { IANAZone } from 'luxon';

/** True for an IANA zone name the runtime knows ("Europe/Paris", "UTC"); false for offsets and typos. */
export const isValidTimeZone = (zone: string): boolean => zone === 'UTC' || (zone.includes('/') && IANAZone.isValidZone(zone));
