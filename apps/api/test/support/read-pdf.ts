import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Opens a PDF with pdf.js (what Firefox uses) and returns its page count and text; rejects when it cannot be read. */
export function readPdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'pdf-text.mjs')], { cwd: __dirname }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf.js could not read the PDF: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin!.end(pdf);
  });
}
