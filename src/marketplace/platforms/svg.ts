import { escapeHtml } from '../html.js';
import { hashString } from '../rng.js';

/** A generated product picture: a coloured tile with the first words of the title (XML-escaped). */
export function productSvg(id: string, title: string): string {
  const hue = hashString(id) % 360;
  const label = escapeHtml(Array.from(title).slice(0, 10).join(''));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">` +
    `<rect width="400" height="400" fill="hsl(${hue},55%,82%)"/>` +
    `<circle cx="200" cy="170" r="90" fill="hsl(${(hue + 40) % 360},45%,62%)"/>` +
    `<text x="200" y="330" font-size="28" text-anchor="middle" font-family="sans-serif" fill="#333">${label}</text>` +
    `<text x="200" y="370" font-size="16" text-anchor="middle" font-family="monospace" fill="#666">${escapeHtml(id)}</text>` +
    `</svg>`
  );
}
