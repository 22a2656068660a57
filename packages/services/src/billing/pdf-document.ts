/** A line of text placed on a page: position in points from the bottom left, a base-14 font. */
export interface PdfText {
  x: number;
  y: number;
  size: number;
  font: 'regular' | 'bold' | 'mono';
  text: string;
}

const FONTS = { regular: 'F1', bold: 'F2', mono: 'F3' } as const;
const BASE_FONTS = ['Helvetica', 'Helvetica-Bold', 'Courier'];
export const A4 = { width: 595, height: 842 } as const;

/** Characters outside WinAnsi that invoices use, spelled in ASCII; anything else unknown becomes "?". */
const ASCII: Record<string, string> = { '–': '-', '—': '-', '×': 'x', '’': "'", '‘': "'", '“': '"', '”': '"', '…': '...', '∞': 'inf', '€': 'EUR ' };

function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const mapped = ASCII[ch] ?? (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) > 0xff ? '?' : ch);
    out += mapped.replace(/[\\()]/g, (c) => `\\${c}`);
  }
  return `(${out})`;
}

/**
 * Writes a PDF 1.4 file of text-only pages with the standard fonts
 * (Helvetica, Helvetica-Bold, Courier): no embedding, no dependencies, and
 * a correct cross-reference table so every reader opens it.
 */
export function writePdf(pages: ReadonlyArray<readonly PdfText[]>, title: string): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body); // the new length is the object's number (they start at 1)
  const catalog = add('');
  const pageTree = add('');
  const fontIds = BASE_FONTS.map((name) => add(`<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`));
  const fontResources = Object.values(FONTS).map((ref, i) => `/${ref} ${fontIds[i]} 0 R`).join(' ');
  const pageIds = pages.map((texts) => {
    const content = texts.map((t) => `BT /${FONTS[t.font]} ${t.size} Tf ${t.x.toFixed(2)} ${t.y.toFixed(2)} Td ${pdfString(t.text)} Tj ET`).join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    return add(`<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << ${fontResources} >> >> /Contents ${stream} 0 R >>`);
  });
  const info = add(`<< /Title ${pdfString(title)} /Producer (Tollgate) >>`);
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
  objects[pageTree - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
