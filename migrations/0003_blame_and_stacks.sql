CREATE TABLE "stacks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"components" jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry_state" ADD COLUMN "stacks_seeded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "run_components" ADD COLUMN "failed" boolean DEFAULT false NOT NULL;