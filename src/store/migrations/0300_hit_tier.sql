-- Issue 13: a hit is a lead ('lead', flagged) or a watch signal ('watch', shown, never a lead); a weak hit has
-- no tier (NULL). Hits stored before tiers: a flagged hit was a lead.
ALTER TABLE hits ADD COLUMN tier TEXT CHECK (tier IN ('lead', 'watch'));
UPDATE hits SET tier = 'lead' WHERE flagged = 1;
