ALTER TABLE "runs" ADD COLUMN "index_entry" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "runs" SET "index_entry" = (CASE WHEN "verdict" = 'fail' THEN '1 ' ELSE '0 ' END) || ((extract(epoch from "tested_at") * 1000)::float8)::text || coalesce((SELECT ' ' || string_agg(c."release_id"::text || CASE WHEN c."failed" THEN '!' ELSE '' END, ' ') FROM "run_components" c WHERE c."run_id" = "runs"."id"), '');--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "index_entry" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_index_entry_check" CHECK ("runs"."index_entry" <> '');
