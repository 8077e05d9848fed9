import { RightsRegistry } from '../../src/rights/registry.js';
import type { Store } from '../../src/store/index.js';

/* Bytes that are (or only pretend to be) certificates, and a holder's approved trademark for proofs to attach to. */

export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << >> endobj\n%%EOF\n')]);
export const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
/** HTML named like a PDF: refused by its bytes. */
export const HTML_AS_PDF = Buffer.from('<html><script>alert(1)</script></html>');

export async function holderTrademark(
  store: Store,
  holder: string,
  id: string,
  registrationNo: string,
  approve = true,
): Promise<void> {
  const registry = new RightsRegistry(store.rights, { clock: () => new Date('2026-12-01T00:00:00Z') });
  await registry.submit(
    { role: 'holder', accountId: holder },
    {
      id,
      kind: 'trademark',
      name: `商标${registrationNo}`,
      registrationNo,
      niceClasses: [25],
      owner: `${holder} 有限公司`,
      validFrom: '2021-03-01',
      validTo: '2031-02-28',
    },
  );
  if (approve) await registry.approve({ role: 'staff', accountId: 'staff' }, id);
}
