import { defineConfig } from "drizzle-kit";

// PostgreSQL migrations, generated from db/schema.pg.ts next to the SQLite ones (drizzle.config.ts).
// They live in drizzle/pg/ with a journal of their own; the SQLite migrator reads only
// drizzle/meta/_journal.json, so it never sees them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./drizzle/pg",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/chat" },
});
