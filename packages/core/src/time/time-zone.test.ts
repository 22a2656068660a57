import { isValidTimeZone } from './time-zone';

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', '+02:00', 'CEST', '', 'Europe/Pariss'])('rejects %p', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
