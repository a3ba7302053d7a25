CREATE TABLE "series_support" (
	"app_id" text NOT NULL,
	"series" text NOT NULL,
	"origin" text NOT NULL,
	"released_at" date,
	"active_support_end" date,
	"security_support_end" date,
	"lts" boolean,
	"source" text NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "series_support_app_id_series_origin_pk" PRIMARY KEY("app_id","series","origin")
);
--> statement-breakpoint
ALTER TABLE "series_support" ADD CONSTRAINT "series_support_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;