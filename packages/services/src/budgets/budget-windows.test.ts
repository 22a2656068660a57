import { periodWindow } from '@tollgate/core';
import { cachedPeriodWindow } from './budget-windows';

describe('cachedPeriodWindow', () => {
  it('answers like periodWindow across window ends and zones', () => {
    const instants = ['2025-03-29T22:59:59.999Z', '2025-03-29T23:00:00Z', '2025-03-30T21:59:59Z', '2025-03-30T22:00:00Z', '2025-03-29T23:30:00Z'];
    for (const zone of ['Europe/Paris', 'UTC', 'Asia/Kolkata']) {
      for (const period of ['HOURLY', 'DAILY', 'MONTHLY'] as const) {
        for (const iso of instants) {
          const at = new Date(iso);
          expect(cachedPeriodWindow(period, at, zone)).toEqual(periodWindow(period, at, zone));
        }
      }
    }
  });
});
