ALTER TABLE "releases" ADD COLUMN "insecure" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Until this migration WordPress's stable-check "insecure" was stored as `security` (a security
-- fix), the opposite meaning; WordPress had no other source of that flag. Move it where it belongs.
UPDATE "releases" SET "insecure" = true, "security" = false WHERE "app_id" = 'wordpress' AND "origin" <> 'manual' AND "security" = true;
