import { Rng } from '../rng.js';

/*
 * A syntactically valid 统一社会信用代码 (GB 32100-2015) for a generated seller, so shop pages can show the
 * licence disclosure of 电子商务法 §15: 9 (工商) + 2 (个体工商户) or 1 (企业) + the seller's region code +
 * an organisation code with its GB 11714 check character + the GB 32100 check character.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS_18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * (WEIGHTS_ORG[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function creditCodeCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i] ?? '0') * (WEIGHTS_18[i] ?? 0);
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

export function creditCodeFor(seed: number, sellerIndex: number, regionCode: string): string {
  const rng = new Rng(seed, 0xc0de, sellerIndex);
  const kind = rng.chance(0.6) ? '2' : '1';
  let body = '';
  for (let i = 0; i < 8; i++) body += String(rng.int(10));
  const first17 = `9${kind}${regionCode}${body}${orgCheck(body)}`;
  return first17 + creditCodeCheck(first17);
}
