ALTER TABLE "releases" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "releases_change_seq_idx" ON "releases" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "runs_change_seq_idx" ON "runs" USING btree ("change_seq");