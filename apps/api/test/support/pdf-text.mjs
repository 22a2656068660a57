// Prints the page count and text of the PDF on stdin as JSON, read by Mozilla's pdf.js (an ES module, so it runs
// in its own Node process rather than inside jest).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
let text = '';
for (let number = 1; number <= doc.numPages; number++) {
  const content = await (await doc.getPage(number)).getTextContent();
  text += `${content.items.map((item) => `${item.str}${item.hasEOL ? '\n' : ' '}`).join('')}\n`;
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, text }));
