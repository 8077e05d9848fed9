/** The three imitated platforms and the page technology each uses. */
export const PLATFORMS = ['shopa', 'shopb', 'shopc'] as const;
export type PlatformId = (typeof PLATFORMS)[number];

export function isPlatform(text: string): text is PlatformId {
  return (PLATFORMS as readonly string[]).includes(text);
}
