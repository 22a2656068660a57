import DataLoader from 'dataloader';
import type { InvoiceLineRow } from '@tollgate/db';
import type { AppContext } from '@tollgate/services';

/** Lines of invoices already read (and authorized) in this request, one query per org for all of them. */
export const createInvoiceLinesLoader = (app: AppContext) =>
  new DataLoader<{ orgId: string; invoiceId: string }, InvoiceLineRow[], string>(
    async (keys) => {
      const byOrg = new Map<string, string[]>();
      for (const key of keys) byOrg.set(key.orgId, [...(byOrg.get(key.orgId) ?? []), key.invoiceId]);
      const found = new Map<string, InvoiceLineRow[]>();
      for (const [orgId, ids] of byOrg) for (const [id, lines] of await app.billing.invoiceLines(orgId, ids)) found.set(`${orgId}/${id}`, lines);
      return keys.map((key) => found.get(`${key.orgId}/${key.invoiceId}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.orgId}/${key.invoiceId}` },
  );
