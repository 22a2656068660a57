import type { ServerResponse } from 'node:http';
import { isDomainError, type ErrorCode } from '@tollgate/core';
import type { AppContext } from '@tollgate/services';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };
const CONTENT_TYPES = { html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

/**
 * GET /invoices/<id>.html and /invoices/<id>.pdf: the invoice rendered, for
 * the same API keys (and roles) that may read it through GraphQL. The
 * platform admin key names the org with ?organizationId=.
 */
export async function sendInvoiceDocument(app: AppContext, authorization: string | undefined, id: string, format: 'html' | 'pdf', search: string, res: ServerResponse): Promise<void> {
  try {
    const principal = await app.auth.authenticate(authorization);
    const organizationId = new URLSearchParams(search).get('organizationId');
    const { body, filename } = await app.billing.renderInvoice(principal, id, format, organizationId);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${filename}"`,
      'cache-control': 'private, no-store',
    });
    res.end(body);
  } catch (error) {
    if (!isDomainError(error) || !HTTP_STATUS[error.code]) throw error;
    res.writeHead(HTTP_STATUS[error.code]!, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: error.message, code: error.code }));
  }
}
