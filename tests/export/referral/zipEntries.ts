import { fromBuffer, type Entry } from 'yauzl';

/** Every entry of a ZIP, in archive order, with its bytes (yauzl, validating names). */
export async function zipEntries(zip: Buffer): Promise<Array<{ name: string; body: Buffer; entry: Entry }>> {
  return new Promise((resolvePromise, reject) => {
    fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, file) => {
      if (err) return reject(err);
      const out: Array<{ name: string; body: Buffer; entry: Entry }> = [];
      file.on('error', reject);
      file.on('end', () => resolvePromise(out));
      file.on('entry', (entry: Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({ name: entry.fileName, body: Buffer.concat(chunks), entry });
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}
