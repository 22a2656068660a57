import { Dec, localDateSpan } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { InvoiceLineRow, InvoiceRow } from '@tollgate/db';
import { A4, writePdf, type PdfText } from './pdf-document';

export interface InvoiceDocument {
  invoice: InvoiceRow;
  lines: readonly InvoiceLineRow[];
  orgName: string;
  timezone: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** An amount (a Decimal or a stored decimal string) to two places, exactly. */
const money = (amount: Decimal | string, currency: string) => `${new Dec(amount).toFixed(2)} ${currency}`;

/** The rows every rendering shows under the lines: subtotal, discounts, taxes, total, prepaid, due. */
function summary(doc: InvoiceDocument): Array<[string, string]> {
  const { invoice } = doc;
  const c = invoice.currency;
  return [
    ['Subtotal', money(invoice.subtotal, c)],
    ...invoice.discounts.map((d): [string, string] => [`Discount: ${d.name}`, `-${money(d.amount, c)}`]),
    ...invoice.taxes.map((t): [string, string] => [`${t.name} ${t.percent}%`, money(t.amount, c)]),
    ['Total', money(invoice.total, c)],
    ...(invoice.prepaidApplied.isZero() ? [] : [['Prepaid applied', `-${money(invoice.prepaidApplied, c)}`] as [string, string]]),
    ['Amount due', money(invoice.amountDue, c)],
  ];
}

const heading = (doc: InvoiceDocument) => {
  const { invoice } = doc;
  const title = invoice.status === 'DRAFT' ? 'Draft invoice' : `Invoice ${invoice.number}`;
  return { title, period: localDateSpan(invoice.periodStart, invoice.periodEnd, doc.timezone) };
};

/** A self-contained HTML page of the invoice (inline styles, nothing fetched). */
export function renderInvoiceHtml(doc: InvoiceDocument): string {
  const { invoice } = doc;
  const { title, period } = heading(doc);
  const rows = doc.lines
    .map((l) => `<tr><td>${escapeHtml(l.description)}</td><td class="n">${escapeHtml(l.quantity.toDecimalPlaces(6).toFixed())}</td><td class="n">${escapeHtml(money(l.amount, invoice.currency))}</td></tr>`)
    .join('\n');
  const totals = summary(doc)
    .map(([label, value]) => `<tr class="${label === 'Amount due' ? 'due' : ''}"><td colspan="2">${escapeHtml(label)}</td><td class="n">${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:48em;color:#222}table{width:100%;border-collapse:collapse}td,th{padding:.35em .5em;border-bottom:1px solid #ddd;text-align:left}.n{text-align:right;white-space:nowrap}.due td{font-weight:bold;border-top:2px solid #222}.status{color:#666}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p><strong>${escapeHtml(doc.orgName)}</strong><br>Period ${escapeHtml(period)}<br><span class="status">Status ${invoice.status}${invoice.creditNoteNumber ? ` — credit note ${escapeHtml(invoice.creditNoteNumber)}` : ''}</span></p>
<table><thead><tr><th>Description</th><th class="n">Quantity</th><th class="n">Amount</th></tr></thead>
<tbody>
${rows}
</tbody><tfoot>
${totals}
</tfoot></table>
</body></html>
`;
}

/** The invoice as a PDF: heading, one row per line (wrapped onto more pages as needed), then the totals. */
export function renderInvoicePdf(doc: InvoiceDocument): Buffer {
  const { invoice } = doc;
  const { title, period } = heading(doc);
  const pages: PdfText[][] = [];
  let page: PdfText[] = [];
  let y = A4.height - 60;
  const margin = 50;
  const right = A4.width - margin;
  const mono = 9;
  const monoWidth = mono * 0.6;
  const next = (step: number) => {
    y -= step;
    if (y < 60) {
      pages.push(page);
      page = [];
      y = A4.height - 60;
    }
  };
  const rightAligned = (text: string, size = mono, font: PdfText['font'] = 'mono') => page.push({ x: right - text.length * size * 0.6, y, size, font, text });

  page.push({ x: margin, y, size: 18, font: 'bold', text: title });
  next(22);
  page.push({ x: margin, y, size: 11, font: 'regular', text: doc.orgName });
  next(14);
  page.push({ x: margin, y, size: 10, font: 'regular', text: `Period ${period}    Status ${invoice.status}` });
  next(28);
  page.push({ x: margin, y, size: 10, font: 'bold', text: 'Description' });
  rightAligned('Amount', 10, 'mono');
  next(14);
  const descriptionChars = Math.floor((right - margin - 16 * monoWidth) / monoWidth);
  for (const line of doc.lines) {
    const text = line.description.length > descriptionChars ? `${line.description.slice(0, descriptionChars - 3)}...` : line.description;
    page.push({ x: margin, y, size: mono, font: 'mono', text });
    rightAligned(money(line.amount, invoice.currency));
    next(12);
  }
  next(8);
  for (const [label, value] of summary(doc)) {
    const bold = label === 'Total' || label === 'Amount due';
    page.push({ x: margin, y, size: 10, font: bold ? 'bold' : 'regular', text: label });
    rightAligned(value);
    next(14);
  }
  pages.push(page);
  return writePdf(pages, title);
}
